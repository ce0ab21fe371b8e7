"""Feeds: RSS 2.0, RSS 1.0/RDF and Atom, as article links with the feed's hints."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Optional

from lxml import etree

from newsmon.pages.discovery.xmlsafe import (
    DiscoveryError,
    absolute,
    children,
    first,
    local,
    parse_xml,
    plain,
    raw,
    text_of,
    xml_base,
)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    url: str
    """Absolute http(s) URL of the article, resolved against the feed URL."""
    title: Optional[str] = None
    """Title as plain text (tags stripped, entities decoded)."""
    published_raw: Optional[str] = None
    """Publication date exactly as the feed prints it (pubDate, dc:date, published)."""
    updated_raw: Optional[str] = None
    """Last-update date as printed (atom:updated, dcterms:modified), if any."""
    summary: Optional[str] = None
    """Description/summary as plain text."""
    site: Optional[str] = None
    """The feed's own title (the outlet's name when its pages state none)."""



def _rss_entry(item: etree._Element, base_url: str) -> Optional[FeedEntry]:
    href = raw(first(item, "link"))
    if not href:
        guid = first(item, "guid")
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
            href = raw(guid)
    if not href:
        href = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    url = absolute(href, base_url) if href else None
    if url is None:
        return None
    return FeedEntry(
        url=url,
        title=plain(text_of(first(item, "title"))),
        published_raw=raw(first(item, "pubdate", "date", "published", "issued", "created")),
        updated_raw=raw(first(item, "updated", "modified")),
        summary=plain(text_of(first(item, "description", "summary", "encoded"))),
    )


def _atom_link(entry: etree._Element) -> Optional[str]:
    fallback = None
    for link in children(entry, "link"):
        href = link.get("href")
        if not href:
            continue
        rel = (link.get("rel") or "alternate").lower()
        kind = (link.get("type") or "text/html").lower()
        if rel == "alternate" and "html" in kind:
            return href
        if rel == "alternate" and fallback is None:
            fallback = href
    return fallback


def _atom_entry(entry: etree._Element, base_url: str) -> Optional[FeedEntry]:
    href = _atom_link(entry)
    if not href:
        ident = raw(first(entry, "id"))
        href = ident if ident and ident.startswith(("http://", "https://")) else None
    url = absolute(href, xml_base(entry, base_url)) if href else None
    if url is None:
        return None
    return FeedEntry(
        url=url,
        title=plain(text_of(first(entry, "title"))),
        published_raw=raw(first(entry, "published", "issued", "created")),
        updated_raw=raw(first(entry, "updated", "modified")),
        summary=plain(text_of(first(entry, "summary", "content"))),
    )


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Article entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, in feed order.

    Links are resolved against ``base_url``; only http(s) links are kept and a URL
    listed twice is returned once. Raises DiscoveryError for documents that are not
    feeds, are not well-formed even with recovery, or declare nested entities.
    """
    root = parse_xml(body, "feed")
    kind = local(root.tag)
    if kind not in ("rss", "rdf", "feed", "channel"):
        raise DiscoveryError(f"not a well-formed feed: root element <{kind}> is not rss, rdf or feed")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    channel = first(root, "channel") if kind == "rss" else root
    site = plain(text_of(first(channel, "title"))) if channel is not None else None
    for el in root.iter():
        name = local(el.tag)
        if name == "item":
            entry = _rss_entry(el, base_url)
        elif name == "entry":
            entry = _atom_entry(el, base_url)
        else:
            continue
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            entries.append(dataclasses.replace(entry, site=site) if site else entry)
    return entries
