"""Serve the fixture news web on loopback, the way a real news site would.

Tests, benchmarks and ``make demo`` need a web that behaves like the real one:
correct Content-Type (and none for the old EUC-KR site), ETag/Last-Modified with
304 answers, redirects, errors, robots.txt, a second "edition" for incremental
crawls, and misbehaving fault routes. One ThreadingHTTPServer on one port serves
every outlet; ``{base}`` in files is replaced by the server's base URL when
served, so feeds and canonical links point back at this server.

In-process::

    with FixtureWeb() as web:
        web.base_url            # http://127.0.0.1:PORT
        web.set_edition(2)
        web.requests            # [(method, path, headers, status), ...]

As a subprocess: ``python -m tests.fixtureweb.server --port 0`` prints the base
URL on stdout and serves until killed; ``GET /__log`` returns the request log as
JSON, ``POST /__control/edition/2`` switches edition, ``POST /__control/reset``
clears the log and the flaky counters.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import signal
import socket
import sys
import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple, Optional
from urllib.parse import unquote, urlsplit

from .faults import FaultRoutes

SITE_DIR = Path(__file__).parent / "site"
#: Last-Modified of files in the base layer; edition N overlays are N-1 days later.
BASE_LAST_MODIFIED = datetime(2024, 12, 16, 0, 0, tzinfo=timezone.utc)
LOGGED_HEADERS = ("If-None-Match", "If-Modified-Since", "User-Agent", "Accept-Encoding", "Referer")

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "text/javascript",
    ".gz": "application/x-gzip",
}
_NAMED_TYPES = {"rss.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}
_TEXTUAL = ("text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json")


class RequestRecord(NamedTuple):
    """One answered request: method, path (with query), selected request headers, status."""

    method: str
    path: str
    headers: dict[str, str]
    status: int


class _Resource(NamedTuple):
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def content_type_for(name: str, body: bytes) -> str:
    """Content-Type a real server would send: charset=utf-8 only when the text is UTF-8."""
    base_name = name.split("@", 1)[0]
    suffix = Path(base_name).suffix.lower()
    ctype = _NAMED_TYPES.get(Path(base_name).name) or _TYPES.get(suffix) or ("text/html" if "@" in name or not suffix else "application/octet-stream")
    if ctype.startswith(_TEXTUAL):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return ctype
        return ctype + "; charset=utf-8"
    return ctype


def _etag_matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FixtureNews/1.0"
    timeout = 30
    web: "FixtureWeb"

    # -- plumbing ----------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.web._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.web._track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        return

    def send_response(self, code: int, message: Optional[str] = None) -> None:
        if not self.path.startswith("/__"):
            headers = {h: self.headers[h] for h in LOGGED_HEADERS if self.headers.get(h) is not None}
            self.web._log(RequestRecord(self.command, self.path, headers, code))
        super().send_response(code, message)

    def _send(self, status: int, body: bytes, content_type: str, extra: Optional[dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, text: str) -> None:
        body = f"<!DOCTYPE html><html><head><title>{status}</title></head><body><h1>{status} {text}</h1></body></html>".encode()
        self._send(status, body, "text/html; charset=utf-8")

    # -- methods -----------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        path = self.path
        if path == "/__log":
            body = json.dumps([r._asdict() for r in self.web.requests], ensure_ascii=False).encode("utf-8")
            self._send(200, body, "application/json")
            return
        if path.startswith("/faults/") and self.web._faults.handle(self, urlsplit(path).path) is not None:
            return
        self._static(path)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = self.path.strip("/").split("/")
        if parts[:2] == ["__control", "edition"] and len(parts) == 3 and parts[2].isdigit():
            self.web.set_edition(int(parts[2]))
            self._send(200, json.dumps({"edition": self.web.edition}).encode(), "application/json")
        elif parts == ["__control", "reset"]:
            self.web.clear_log()
            self.web._faults.reset()
            self._send(200, b"{}", "application/json")
        else:
            self._error(405, "Method Not Allowed")

    # -- static files --------------------------------------------------------

    def _static(self, raw_path: str) -> None:
        split = urlsplit(raw_path)
        path = unquote(split.path)
        target = raw_path if not split.query else f"{split.path}?{split.query}"
        special = self.web._special
        if target in special.get("redirects", {}):
            code, location = special["redirects"][target]
            self._send(code, b"", "text/html; charset=utf-8", {"Location": self.web.base_url + location})
            return
        if target in special.get("errors", {}):
            self._error(int(special["errors"][target]), "Internal Server Error")
            return
        resource = self.web._resource(path, split.query)
        if resource is None:
            if self.web._is_dir(path) and not path.endswith("/"):
                self._send(301, b"", "text/html; charset=utf-8", {"Location": self.web.base_url + split.path + "/"})
                return
            self._error(404, "Not Found")
            return
        validators = {"ETag": resource.etag, "Last-Modified": format_datetime(resource.last_modified, usegmt=True)}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            not_modified = _etag_matches(inm, resource.etag)
        elif ims:
            try:
                not_modified = resource.last_modified <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                not_modified = False
        if not_modified:
            self.send_response(304)
            for key, value in validators.items():
                self.send_header(key, value)
            self.end_headers()
            return
        self._send(200, resource.body, resource.content_type, validators)


class FixtureWeb:
    """The fixture news web on a loopback port, in a daemon thread.

    ``root`` is a served tree (default: the hand-made ``site/``; `generate.generate_web`
    writes others); ``edition`` picks which ``_edition/N`` overlays apply.
    """

    def __init__(self, root: Optional[Path] = None, host: str = "127.0.0.1", port: int = 0, edition: int = 1) -> None:
        self.root = Path(root) if root is not None else SITE_DIR
        self._host = host
        self._port = port
        self._edition = edition
        self._lock = threading.Lock()
        self._log_records: list[RequestRecord] = []
        self._conns: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._faults = FaultRoutes(self._flaky_body, self._stopping)
        special_file = self.root / "_special.json"
        self._special: dict[str, Any] = json.loads(special_file.read_text("utf-8")) if special_file.exists() else {}
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> "FixtureWeb":
        """Bind (port 0 picks a free port) and serve in a daemon thread."""
        handler = type("FixtureHandler", (_Handler,), {"web": self})
        server = ThreadingHTTPServer((self._host, self._port), handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        host, port = server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name="fixtureweb")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop promptly, even with hanging or keep-alive connections open."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None

    def __enter__(self) -> "FixtureWeb":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- public helpers ------------------------------------------------------

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base_url + path

    @property
    def edition(self) -> int:
        return self._edition

    def set_edition(self, edition: int) -> None:
        """Switch the web to another day (edition N applies overlays 2..N)."""
        if edition < 1:
            raise ValueError("edition must be >= 1")
        self._edition = edition

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log_records)

    def clear_log(self) -> None:
        with self._lock:
            self._log_records.clear()

    def fetched_paths(self, method: str = "GET") -> list[str]:
        """Paths requested with ``method``, in order (repeats kept)."""
        return [r.path for r in self.requests if r.method == method]

    # -- internals used by the handler ---------------------------------------

    def _log(self, record: RequestRecord) -> None:
        with self._lock:
            self._log_records.append(record)

    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._conns.add if add else self._conns.discard)(conn)

    def _layers(self) -> list[tuple[Path, datetime]]:
        layers = []
        for n in range(self._edition, 1, -1):
            layer = self.root / "_edition" / str(n)
            if layer.is_dir():
                layers.append((layer, BASE_LAST_MODIFIED + timedelta(days=n - 1)))
        layers.append((self.root, BASE_LAST_MODIFIED))
        return layers

    @staticmethod
    def _rel(path: str, query: str) -> Optional[str]:
        segments = [s for s in path.split("/") if s]
        if any(s.startswith((".", "_")) or "\\" in s for s in segments):
            return None
        rel = "/".join(segments)
        if not rel or path.endswith("/"):
            rel = (rel + "/" if rel else "") + "index.html"
        return rel + ("@" + query if query else "")

    def _is_dir(self, path: str) -> bool:
        rel = self._rel(path.rstrip("/") + "/", "")
        return rel is not None and any((layer / rel).is_file() for layer, _ in self._layers())

    def _resource(self, path: str, query: str) -> Optional[_Resource]:
        rel = self._rel(path, query)
        if rel is None:
            return None
        for layer, last_modified in self._layers():
            candidate = layer / rel
            if candidate.is_file():
                body = candidate.read_bytes()
                base = self.base_url.encode("ascii")
                if rel.endswith(".gz"):
                    body = gzip.compress(gzip.decompress(body).replace(b"{base}", base), mtime=0)
                else:
                    body = body.replace(b"{base}", base)
                etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest()[:20] + '"'
                return _Resource(body, content_type_for(rel, body), etag, last_modified)
        return None

    def _flaky_body(self) -> bytes:
        page = self._resource("/newswire/article/AKR20241114051200017", "")
        if page is not None:
            return page.body
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>KT·MS AI 이노베이션 센터 개소</title></head>"
            "<body><article><h1>KT·MS AI 이노베이션 센터 개소</h1><p>KT와 마이크로소프트가 서울에 AI 이노베이션 센터를 열었다.</p>"
            "</article></body></html>"
        ).encode("utf-8")


def main(argv: Optional[list[str]] = None) -> int:
    """Serve until killed; print the base URL on the first stdout line."""
    parser = argparse.ArgumentParser(description="Serve the fixture news web on loopback.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--root", type=Path, default=None, help="served tree (default: the hand-made site)")
    parser.add_argument("--edition", type=int, default=1)
    args = parser.parse_args(argv)
    web = FixtureWeb(root=args.root, host=args.host, port=args.port, edition=args.edition).start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    sys.stdout.write(web.base_url + "\n")
    sys.stdout.flush()
    done.wait()
    web.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
