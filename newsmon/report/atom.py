"""``developments.atom``: the story as an Atom 1.0 feed (RFC 4287), one entry per development.

Entry ids are tag URIs built from the feed's id and the development's number
(``tag:newsmon,2024:<watch>/development/12``), so they are the same in every
run and feed readers keep read state. ``updated`` is when newsmon last stored
an article of the development, so an entry changes only when it gains articles.
Links: ``alternate`` is the development's page in the report (relative to the
feed, or absolute under ``base_url``), ``related`` its original article.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Optional, Sequence
from xml.etree import ElementTree as ET

from newsmon.report.data import DevelopmentView

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "newsmon"


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "watch"


def feed_id(watch: str) -> str:
    return f"tag:newsmon,2024:{_slug(watch)}"


def entry_id(watch: str, dev_id: int) -> str:
    return f"{feed_id(watch)}/development/{dev_id}"


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    el.text = _xml_safe(value)
    return el


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (scraped text may hold them)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ord(ch) not in (0xFFFE, 0xFFFF)))


def _link(parent: ET.Element, href: str, rel: str, **extra: str) -> None:
    ET.SubElement(parent, f"{{{ATOM_NS}}}link", {"href": href, "rel": rel, **extra})


def build_feed(
    devs: Sequence[DevelopmentView],
    *,
    watch: str,
    title: str,
    generated_at: datetime,
    base_url: Optional[str] = None,
) -> str:
    """The Atom document (UTF-8 text). ``base_url`` makes links absolute (else relative to the feed)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    base = (base_url.rstrip("/") + "/") if base_url else ""
    _text(feed, "id", feed_id(watch))
    _text(feed, "title", title)
    updated = max((d.last_seen for d in devs), default=generated_at)
    _text(feed, "updated", _iso(updated))
    _text(feed, "generator", GENERATOR)
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, "name", "newsmon")
    _link(feed, f"{base}developments.atom", "self", type="application/atom+xml")
    _link(feed, f"{base}index.html", "alternate", type="text/html")
    for dev in devs:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(entry, "id", entry_id(watch, dev.id))
        _text(entry, "title", dev.title or f"Development {dev.id}")
        _text(entry, "updated", _iso(dev.last_seen))
        _text(entry, "published", _iso(dev.first_seen))
        _link(entry, f"{base}{dev.page}", "alternate", type="text/html")
        if dev.original_url:
            _link(entry, dev.original_url, "related", type="text/html")
        for outlet in dev.outlets:
            _text(entry, "category", "", term=outlet)
        summary = dev.summary or dev.title
        seeded = " Seed development (where the watch started)." if dev.seeded else ""
        _text(
            entry,
            "summary",
            f"{dev.when}. {dev.article_count} article(s) from {len(dev.outlets)} outlet(s): "
            f"{', '.join(dev.outlets)}.{seeded} {summary}".strip(),
        )
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
