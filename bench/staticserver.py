"""A fast static server for a generated fixture web, so the server is never the ceiling.

The fixture web's ThreadingHTTPServer reads each file from disk, hashes it and
starts a thread per connection: fine for tests, but on two cores it would cap
a crawl benchmark at its own speed. This one loads every file once (with the
``{base}`` placeholders filled in, the same Content-Type rules and ETag
validators as ``tests.fixtureweb.server``) and answers from memory on one
asyncio loop with HTTP/1.1 keep-alive. It runs in its own process:

    python -m bench.staticserver --root DIR     # prints the base URL, serves until SIGTERM
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import signal
import socket
import sys
from email.utils import format_datetime
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

from tests.fixtureweb.server import BASE_LAST_MODIFIED, FixtureWeb, content_type_for

_LAST_MODIFIED = format_datetime(BASE_LAST_MODIFIED, usegmt=True)
_NOT_FOUND = b"<!DOCTYPE html><html><head><title>404</title></head><body><h1>404 Not Found</h1></body></html>"


def load_site(root: Path, base_url: str) -> dict[str, tuple[bytes, str, str]]:
    """Every servable file under ``root``: relative name -> (body, Content-Type, ETag)."""
    base = base_url.encode("ascii")
    site: dict[str, tuple[bytes, str, str]] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or any(s.startswith((".", "_")) for s in rel.split("/")):
            continue
        body = path.read_bytes()
        if rel.endswith(".gz"):
            body = gzip.compress(gzip.decompress(body).replace(b"{base}", base), mtime=0)
        else:
            body = body.replace(b"{base}", base)
        etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest()[:20] + '"'
        site[rel] = (body, content_type_for(rel, body), etag)
    return site


def _response(status: str, body: bytes, ctype: str, extra: str = "", head_only: bool = False) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nServer: bench-static\r\nContent-Type: {ctype}\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    ).encode("latin-1")
    return head if head_only else head + body


class _Http(asyncio.Protocol):
    def __init__(self, site: dict[str, tuple[bytes, str, str]]) -> None:
        self.site = site
        self.buffer = b""
        self.transport: Optional[asyncio.Transport] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            raw, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = raw.decode("latin-1").split("\r\n")
            method, target, version = (lines[0].split(" ") + ["", "", ""])[:3]
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
            assert self.transport is not None
            self.transport.write(self._answer(method, target, headers))
            if headers.get("connection", "").lower() == "close" or version == "HTTP/1.0":
                self.transport.close()
                return

    def _answer(self, method: str, target: str, headers: dict[str, str]) -> bytes:
        split = urlsplit(target)
        rel = FixtureWeb._rel(unquote(split.path), split.query)
        found = self.site.get(rel) if rel is not None else None
        if found is None:
            return _response("404 Not Found", _NOT_FOUND, "text/html; charset=utf-8", head_only=method == "HEAD")
        body, ctype, etag = found
        validators = f"ETag: {etag}\r\nLast-Modified: {_LAST_MODIFIED}\r\n"
        if headers.get("if-none-match") == etag:
            return f"HTTP/1.1 304 Not Modified\r\nServer: bench-static\r\n{validators}\r\n".encode("latin-1")
        return _response("200 OK", body, ctype, validators, head_only=method == "HEAD")


async def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
    """Serve ``root`` until SIGTERM/SIGINT; the first stdout line is the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    base_url = f"http://{host}:{sock.getsockname()[1]}"
    site = load_site(root, base_url)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Http(site), sock=sock, backlog=1024)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sys.stdout.write(base_url + "\n")
    sys.stdout.flush()
    async with server:
        await stop.wait()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a generated fixture web from memory.")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.root, args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
