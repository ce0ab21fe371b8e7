"""Fetching one page outside a crawl (``newsmon extract URL``): bounded, identified, guarded.

The same network guard as a crawl (``newsmon.crawl.netguard``): every
connection, so every redirect hop, resolves its host once and connects only
to answers the guard allows; redirects go to http(s) only; no proxy from the
environment (a proxy would resolve names where the guard cannot see).
"""

from __future__ import annotations

import http.client
import urllib.request
from typing import Any, Optional

from newsmon.crawl.netguard import ALLOWED_SCHEMES, BlockedRequest, LookupFailed, NetGuard, guarded_connection
from newsmon.crawl.settings import USER_AGENT

MAX_BYTES = 16 * 1024 * 1024


def _handlers(guard: NetGuard) -> list[Any]:
    connect = guarded_connection(guard)

    class GuardedHTTPConnection(http.client.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = connect

    class GuardedHTTPSConnection(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = connect  # TLS is wrapped around it, with the host name for SNI

    class GuardedHTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(GuardedHTTPConnection, req)

    class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(GuardedHTTPSConnection, req, context=self._context)

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
            scheme = newurl.split(":", 1)[0].lower()
            if scheme not in ALLOWED_SCHEMES:
                raise BlockedRequest("blocked_scheme", f"redirect to a {scheme}: URL refused")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return [urllib.request.ProxyHandler({}), GuardedHTTPHandler(), GuardedHTTPSHandler(), HttpOnlyRedirects()]


def fetch_page(url: str, *, guard: Optional[NetGuard] = None, timeout: float = 30.0) -> tuple[str, bytes, str | None]:
    """(final URL, body bytes, Content-Type) for an http(s) URL, through ``guard`` (default: no sources)."""
    import click

    guard = guard or NetGuard([])
    kind = guard.precheck(url)
    if kind is not None:
        raise click.UsageError(f"cannot fetch {url}: {kind.replace('_', ' ')}")
    opener = urllib.request.build_opener(*_handlers(guard))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise click.UsageError(f"{url}: page larger than {MAX_BYTES} bytes")
            return resp.geturl(), body, resp.headers.get("Content-Type")
    except BlockedRequest as exc:
        raise click.UsageError(f"cannot fetch {url}: {exc.kind.replace('_', ' ')} ({exc})") from None
    except LookupFailed as exc:
        raise click.UsageError(f"cannot fetch {url}: dns ({exc})") from None
    except OSError as exc:
        reason = getattr(exc, "reason", None)
        if isinstance(reason, (BlockedRequest, LookupFailed)):
            kind = getattr(reason, "kind", "dns")
            raise click.UsageError(f"cannot fetch {url}: {kind.replace('_', ' ')} ({reason})") from None
        raise click.UsageError(f"cannot fetch {url}: {exc}") from None
