"""Misbehaving pages and feeds, for tests of the crawler's failure handling.

Static fault documents (broken feeds, hostile XML, malformed HTML) are written
into ``site/faults/`` by `build_site`; dynamic faults (flaky, hanging, trickling,
truncated, huge, gzip bomb ...) are produced by `FaultRoutes`, which the server
calls for ``/faults/...`` paths. Each dynamic fault writes to the handler's
socket itself, so it can misbehave at the byte level.
"""

from __future__ import annotations

import random
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler
from typing import Callable, Optional

#: Article paths the fault feeds point at (real pages of the fixture web).
_GOOD = (
    "/hanbit/news/articleView.html?idxno=1016",
    "/newswire/article/AKR20241114051200017",
    "/seoultech/2024/11/15/inside-kt-microsoft-ai-innovation-center-seoul/",
)

DYNAMIC_FAULTS = (
    "/faults/flaky/2/a",
    "/faults/hang",
    "/faults/trickle",
    "/faults/truncated",
    "/faults/redirect-loop/a",
    "/faults/huge",
    "/faults/gzip-bomb",
    "/faults/binary",
    "/faults/empty",
)


def _feed(items: str, encoding_decl: str = "UTF-8", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding_decl}"?>\n{prolog}'
        '<rss version="2.0"><channel><title>fault feed</title><link>{base}/faults/</link>\n'
        f"{items}\n</channel></rss>\n"
    )


def _item(title: str, link: str, extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link>{extra}<pubDate>Thu, 14 Nov 2024 10:12:00 +0900</pubDate></item>"


STATIC_FAULTS: dict[str, str] = {
    "faults/feed-notwellformed.xml": _feed(
        _item("KT·MS 센터 개소 <b>속보", "{base}" + _GOOD[1]) + "\n<item><title>unclosed & broken</title><link>{base}" + _GOOD[0]
    ).replace("</channel></rss>", ""),
    "faults/feed-entities.xml": _feed(
        "\n".join(
            (
                _item("KT&middot;MS &lsquo;AI 이노베이션 센터&rsquo;&nbsp;개소&hellip;", "{base}" + _GOOD[1], "<description>광화문&nbsp;&middot;&nbsp;센터 &copy; 한빛통신</description>"),
                _item("센터 문 연 지 일주일&hellip;기업 120곳", "{base}/hanbit/news/articleView.html?idxno=1016&amp;from=rss"),
                _item("Inside the AI Innovation Center &mdash; Seoul", "{base}" + _GOOD[2]),
            )
        )
    ),
    "faults/feed-relative.xml": _feed(
        "\n".join(
            (
                _item("상대 경로 1", "/hanbit/news/articleView.html?idxno=1016"),
                _item("상대 경로 2", "../newswire/article/AKR20241114051200017"),
                _item("상대 경로 3", "../seoultech/2024/11/15/inside-kt-microsoft-ai-innovation-center-seoul/"),
                _item("javascript link", "javascript:alert(1)"),
                _item("mail link", "mailto:desk@hanbit.example"),
            )
        )
    ),
    "faults/feed-xxe.xml": _feed(
        _item("XXE &xxe; end", "{base}" + _GOOD[1], "<description>canary: &canary;</description>"),
        prolog=(
            '<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
            '<!ENTITY canary SYSTEM "{base}/faults/xxe-canary">\n]>\n'
        ),
    ),
    "faults/feed-billion-laughs.xml": _feed(
        _item("&lol9;", "{base}" + _GOOD[1]),
        prolog="<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n"
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + "]>\n",
    ),
    "faults/malformed.html": (
        "<html><head><title>KT·MS 깨진 페이지</title><meta charset=utf-8>\n<body><div class=article><h1>KT·MS 협력 <b>속보</h1>"
        "<p>닫히지 않은 문단 <p>또 다른 문단 <table><tr><td>표 안의 <div>본문</td></span></i>"
        "<script>var x = '</div>';</script><p>KT와 마이크로소프트가 광화문에 AI 이노베이션 센터를 열었다</p>\x00\x01"
    ),
}

STATIC_FAULTS["faults/feed-all.xml"] = _feed(
    "\n".join(
        [_item(path.rsplit("/", 1)[-1], "{base}" + path) for path in DYNAMIC_FAULTS]
        + [_item("malformed", "{base}/faults/malformed.html"), _item("missing", "{base}/faults/no-such-page")]
    )
)


def gzip_bomb(size: int) -> bytes:
    """A valid gzip stream that inflates to ``size``+ bytes of HTML-ish zeros.

    One compressed megabyte of zeros, ended by a full flush (which resets the
    dictionary), is the same bytes every time, so the stream is that block
    repeated; only the CRC needs the whole input. About 1 MB for 1 GB (deflate
    cannot do better than ~1:1000).
    """
    mb = 1024 * 1024
    head = b"<html><body>"
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    block_comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(mb)
    block = block_comp.compress(zeros) + block_comp.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    count = -(-size // mb)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    total = len(head) + count * mb
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + start + block * count + end + struct.pack("<II", crc & 0xFFFFFFFF, total & 0xFFFFFFFF)


class FaultRoutes:
    """Dynamic fault responses; ``handle`` returns the HTTP status it sent, or None if not a fault."""

    HUGE_BYTES = 40 * 1024 * 1024
    BOMB_BYTES = 1024 * 1024 * 1024 + 64 * 1024 * 1024

    def __init__(self, article_body: Callable[[], bytes], stopping: threading.Event) -> None:
        self._article_body = article_body
        self._stopping = stopping
        self._flaky_counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._bomb: Optional[bytes] = None

    def reset(self) -> None:
        """Forget flaky counters (a fresh day for retry tests)."""
        with self._lock:
            self._flaky_counts.clear()

    def handle(self, h: BaseHTTPRequestHandler, path: str) -> Optional[int]:
        parts = path.strip("/").split("/")
        if len(parts) < 2 or parts[0] != "faults":
            return None
        name = parts[1]
        if name == "flaky" and len(parts) == 4 and parts[2].isdigit():
            return self._flaky(h, int(parts[2]), parts[3])
        if name == "flaky429" and len(parts) == 4 and parts[2].isdigit():
            return self._flaky(h, int(parts[2]), parts[3], status=429)
        simple = {
            "hang": self._hang,
            "trickle": self._trickle,
            "truncated": self._truncated,
            "huge": self._huge,
            "gzip-bomb": self._gzip_bomb,
            "binary": self._binary,
            "empty": self._empty,
            "xxe-canary": self._canary,
        }
        if name in simple and len(parts) == 2:
            return simple[name](h)
        if name == "redirect-loop" and len(parts) == 3 and parts[2] in ("a", "b"):
            other = "b" if parts[2] == "a" else "a"
            h.send_response(302)
            h.send_header("Location", f"/faults/redirect-loop/{other}")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return 302
        return None

    # -- individual faults -------------------------------------------------

    def _flaky(self, h: BaseHTTPRequestHandler, n: int, key: str, status: int = 503) -> int:
        with self._lock:
            count = self._flaky_counts.get(f"{status}:{key}", 0)
            self._flaky_counts[f"{status}:{key}"] = count + 1
        if count < n:
            body = b"<html><body>Service temporarily unavailable</body></html>"
            h.send_response(status)
            h.send_header("Retry-After", "0")
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return status
        body = self._article_body()
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return 200

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; True if it is."""
        return self._stopping.wait(seconds)

    def _hang(self, h: BaseHTTPRequestHandler) -> int:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"<html><head><title>hang</title></head><body>")
        h.wfile.flush()
        while not self._wait(0.2):
            pass
        h.close_connection = True
        return 200

    def _trickle(self, h: BaseHTTPRequestHandler) -> int:
        body = b"<html><body><p>" + b"trickle " * 8 + b"</p></body></html>"
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for i in range(len(body)):
                h.wfile.write(body[i : i + 1])
                h.wfile.flush()
                if self._wait(1.0):
                    break
        except OSError:
            pass
        h.close_connection = True
        return 200

    def _truncated(self, h: BaseHTTPRequestHandler) -> int:
        body = self._article_body()
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(body) + 50000))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.close_connection = True
        return 200

    def _huge(self, h: BaseHTTPRequestHandler) -> int:
        chunk = ("<p>" + "KT와 마이크로소프트 AI 협력 기사 반복 문단입니다. " * 20 + "</p>\n").encode("utf-8")
        head = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>huge</title></head><body>"
        repeats = (self.HUGE_BYTES - len(head)) // len(chunk)
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", str(len(head) + repeats * len(chunk)))
        h.end_headers()
        try:
            h.wfile.write(head)
            block = chunk * 64
            sent = 0
            while sent + 64 <= repeats and not self._stopping.is_set():
                h.wfile.write(block)
                sent += 64
            h.wfile.write(chunk * (repeats - sent))
        except OSError:
            pass
        h.close_connection = True
        return 200

    def _bomb_bytes(self) -> bytes:
        with self._lock:
            if self._bomb is None:
                self._bomb = gzip_bomb(self.BOMB_BYTES)
            return self._bomb

    def _gzip_bomb(self, h: BaseHTTPRequestHandler) -> int:
        body = self._bomb_bytes()
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return 200

    def _binary(self, h: BaseHTTPRequestHandler) -> int:
        body = random.Random(1234).randbytes(64 * 1024)
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return 200

    def _empty(self, h: BaseHTTPRequestHandler) -> int:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "0")
        h.end_headers()
        return 200

    def _canary(self, h: BaseHTTPRequestHandler) -> int:
        body = b"root:x:0:0:CANARY:/root:/bin/sh\n"
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return 200
