"""A real headless Chromium driven over the DevTools protocol, with the standard library only.

Chromium's ``--remote-debugging-pipe`` reads protocol messages from fd 3 and
writes to fd 4, each a JSON object ended by a NUL byte: no WebSocket client
and no driver package are needed. ``Browser.visit`` loads one page at one
viewport and returns what a tester looks at: console errors and exceptions,
every URL the page requested, a few DOM measurements and a PNG screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
]
LOAD_TIMEOUT = 30.0


def available() -> bool:
    return os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@dataclass
class Visit:
    url: str
    width: int
    height: int
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, failed loads
    requested: list[str] = field(default_factory=list)  # every URL the page asked for
    measures: dict[str, Any] = field(default_factory=dict)
    screenshot: bytes = b""


class BrowserError(RuntimeError):
    pass


class Browser:
    """One Chromium process with a fresh, empty profile; use as a context manager."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="newsmon-chromium-")
        import fcntl

        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Above 4 (so that moving them onto 3 and 4 in the child cannot clobber one with the
        # other) and close-on-exec: only the copies made in the child survive into Chromium.
        high_r, high_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_child_r, from_child_w))
        for fd in (to_child_r, from_child_w):
            os.close(fd)
        to_child_r, from_child_w = high_r, high_w

        def wire() -> None:  # in the child: the protocol pipes become fds 3 and 4 (inheritable)
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            # Not pass_fds=(3, 4): those are checked in the parent, where 3 and 4 may not be open.
            # Python's own descriptors are not inheritable (PEP 446), so nothing else leaks.
            preexec_fn=wire, close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (BrokenPipeError, BrowserError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    # ------------------------------------------------------------ protocol

    def _read_message(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 16)
                if not chunk:
                    raise BrowserError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def call(self, method: str, params: Optional[dict[str, Any]] = None, *, session: Optional[str] = None,
             timeout: float = LOAD_TIMEOUT) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = LOAD_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method and e.get("sessionId") == session for e in self.events):
            self.events.append(self._read_message(deadline))

    # ------------------------------------------------------------ a page

    def pdf(self, path: Path) -> bytes:
        """``path`` printed to PDF (A4) with the print style sheet, as a reader's "Print" would."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=session)
        self.events.clear()
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait_for("Page.loadEventFired", session)
        printed = self.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69}, session=session)
        self.call("Target.closeTarget", {"targetId": target})
        return base64.b64decode(printed["data"])

    def visit(self, path: Path, *, width: int, height: int, plot_id: str = "coverage-plot") -> Visit:
        """Load ``path`` at ``width``x``height`` and report what a tester would look at."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session=session,
        )
        self.events.clear()
        url = path.resolve().as_uri()
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        visit = Visit(url=url, width=width, height=height)
        probe = (
            "(() => { const p = document.getElementById(%s); const r = p ? p.getBoundingClientRect() : null;"
            " return JSON.stringify({plot_width: r ? r.width : 0, plot_height: r ? r.height : 0,"
            " plot_loaded: p ? (p.complete && p.naturalWidth > 0) : false,"
            " scroll_width: document.documentElement.scrollWidth, inner_width: window.innerWidth,"
            " title: document.title, links: Array.from(document.links).map(a => a.href)}); })()"
        ) % json.dumps(plot_id)
        result = self.call("Runtime.evaluate", {"expression": probe, "returnByValue": True}, session=session)
        visit.measures = json.loads(result["result"]["value"])
        shot = self.call("Page.captureScreenshot", {"format": "png"}, session=session)
        visit.screenshot = base64.b64decode(shot["data"])
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                visit.errors.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                visit.errors.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
            elif method == "Network.loadingFailed":
                visit.errors.append(f"failed to load: {params.get('errorText')}")
            elif method == "Network.requestWillBeSent":
                visit.requested.append(params["request"]["url"])
        self.call("Target.closeTarget", {"targetId": target})
        return visit
