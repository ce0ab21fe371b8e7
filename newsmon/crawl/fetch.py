"""Fetching one page outside a crawl (``newsmon extract URL``): bounded and identified."""

from __future__ import annotations

import urllib.request

from newsmon.crawl.settings import USER_AGENT

MAX_BYTES = 16 * 1024 * 1024


def fetch_page(url: str, *, timeout: float = 30.0) -> tuple[str, bytes, str | None]:
    """(final URL, body bytes, Content-Type) for an http(s) URL."""
    import click

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked by caller
            body = resp.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise click.UsageError(f"{url}: page larger than {MAX_BYTES} bytes")
            return resp.geturl(), body, resp.headers.get("Content-Type")
    except OSError as exc:
        raise click.UsageError(f"cannot fetch {url}: {exc}") from None
