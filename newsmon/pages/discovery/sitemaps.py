"""Sitemaps: urlsets (with Google News fields), sitemap indexes, gzip or plain text."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Iterable, Optional

from newsmon.pages.discovery.xmlsafe import (
    DiscoveryError,
    absolute,
    children,
    decode_xml,
    first,
    local,
    parse_xml,
    plain,
    raw,
    text_of,
)

#: Largest decompressed sitemap accepted (the sitemaps.org limit is 50 MB);
#: the spider passes the smaller of this and ``[crawl] max_page_bytes``.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: Entries (URLs, or sitemaps of an index) taken from one sitemap, as the protocol allows.
MAX_SITEMAP_ENTRIES = 50_000


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> of a urlset sitemap."""

    url: str
    """Absolute http(s) URL from <loc>."""
    lastmod_raw: Optional[str] = None
    """<lastmod> as printed."""
    title: Optional[str] = None
    """Google News <news:title>, if present."""
    published_raw: Optional[str] = None
    """Google News <news:publication_date> as printed."""
    site: Optional[str] = None
    """Google News <news:publication><news:name>, if present."""


@dataclass(frozen=True)
class SitemapPage:
    """A parsed sitemap: article entries (urlset) and/or child sitemaps (sitemapindex)."""

    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    #: True when the sitemap listed more than ``max_entries`` and the rest was left out.
    truncated: bool = False


def _gunzip_bounded(body: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output larger than ``limit`` bytes."""
    decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    size = 0
    data = body
    try:
        while data:
            chunk = decomp.decompress(data, 1024 * 1024)
            size += len(chunk)
            if size > limit:
                raise DiscoveryError(f"sitemap larger than {limit} bytes when decompressed")
            out.append(chunk)
            data = decomp.unconsumed_tail
            if decomp.eof:
                break
        tail = decomp.flush(limit - size + 1)
        size += len(tail)
        if size > limit:
            raise DiscoveryError(f"sitemap larger than {limit} bytes when decompressed")
        out.append(tail)
    except zlib.error as exc:
        raise DiscoveryError(f"corrupt gzip sitemap: {exc}") from exc
    return b"".join(out)


def _text_sitemap(text: str, base_url: str, max_entries: int) -> SitemapPage:
    entries = []
    seen: set[str] = set()
    for line in text.splitlines():
        url = absolute(line, base_url) if line.strip().startswith(("http://", "https://")) else None
        if url and url not in seen:
            if len(entries) == max_entries:
                return SitemapPage(entries=entries, truncated=True)
            seen.add(url)
            entries.append(SitemapEntry(url=url))
    if not entries:
        raise DiscoveryError("not a well-formed sitemap: neither XML nor a list of URLs")
    return SitemapPage(entries=entries)


def parse_sitemap(
    body: bytes, base_url: str, max_bytes: int = MAX_SITEMAP_BYTES, max_entries: int = MAX_SITEMAP_ENTRIES
) -> SitemapPage:
    """Entries of a urlset (with Google News fields) or child sitemaps of a sitemapindex.

    Gzip bodies (by magic number) are decompressed up to ``max_bytes``; at most
    ``max_entries`` distinct URLs are taken (``truncated`` says when more were
    listed). A plain text sitemap (one URL a line) is accepted too. Raises
    DiscoveryError otherwise.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip_bounded(body, max_bytes)
    elif len(body) > max_bytes:
        raise DiscoveryError(f"sitemap larger than {max_bytes} bytes")
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped and not stripped.startswith(b"<"):
        return _text_sitemap(decode_xml(stripped), base_url, max_entries)
    root = parse_xml(body, "sitemap")
    kind = local(root.tag)
    if kind == "sitemapindex":
        locs = (absolute(raw(first(sm, "loc")) or "", base_url) for sm in children(root, "sitemap"))
        sitemaps, truncated = _unique((u for u in locs if u), max_entries)
        return SitemapPage(sitemaps=sitemaps, truncated=truncated)
    if kind != "urlset":
        raise DiscoveryError(f"not a well-formed sitemap: root element <{kind}>")
    entries: list[SitemapEntry] = []
    seen: set[str] = set()
    for url_el in children(root, "url"):
        url = absolute(raw(first(url_el, "loc")) or "", base_url)
        if not url or url in seen:
            continue
        if len(entries) == max_entries:
            return SitemapPage(entries=entries, truncated=True)
        seen.add(url)
        news = first(url_el, "news")
        publication = first(news, "publication") if news is not None else None
        entries.append(
            SitemapEntry(
                url=url,
                lastmod_raw=raw(first(url_el, "lastmod")),
                title=plain(text_of(first(news, "title"))) if news is not None else None,
                published_raw=raw(first(news, "publication_date")) if news is not None else None,
                site=plain(text_of(first(publication, "name"))) if publication is not None else None,
            )
        )
    return SitemapPage(entries=entries)


def _unique(urls: Iterable[str], limit: int) -> tuple[list[str], bool]:
    """The first ``limit`` distinct URLs, and whether there were more."""
    seen: set[str] = set()
    out: list[str] = []
    for url in urls:
        if url not in seen:
            if len(out) == limit:
                return out, True
            seen.add(url)
            out.append(url)
    return out, False
