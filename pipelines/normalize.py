"""Normalize: one spelling for every value, so equal things compare equal.

Unicode NFC and collapsed whitespace in text, an absolute canonical URL
without tracking parameters, timezone-aware times, a language code, and the
body hash that exact dedupe keys on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

from newsmon.items import ArticleItem

#: Times printed without a zone are Korean local time unless the page says otherwise.
DEFAULT_TZ = ZoneInfo("Asia/Seoul")

_BLANK_LINES = re.compile(r"\n\s*\n+")


def _printable(text: str) -> str:
    """``text`` with every character that is not printable (controls, line breaks,
    format characters) replaced by a space; a C-speed check skips clean text."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _one_line(text: str) -> str:
    """Printable, runs of spaces made one, trimmed. (Tabs, no-break, zero-width
    and ideographic spaces are not printable, so ``_printable`` made them spaces.)
    str methods beat a regex several times over on Korean text."""
    text = _printable(text)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip()


def clean_line_text(text: Optional[str]) -> str:
    """NFC, no control characters, single spaces, trimmed (for titles and names)."""
    if not text:
        return ""
    return _one_line(unicodedata.normalize("NFC", text))


def clean_body(text: Optional[str]) -> str:
    """NFC, paragraphs kept (one blank line between), spaces collapsed inside lines."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_one_line(line) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def body_hash(body: str) -> Optional[str]:
    """sha256 of the body with all whitespace removed; None for an empty body."""
    squeezed = "".join(body.split())  # the same whitespace as re's \s, faster
    if not squeezed:
        return None
    return hashlib.sha256(squeezed.encode("utf-8")).hexdigest()


def aware(value: Optional[datetime]) -> Optional[datetime]:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=DEFAULT_TZ)


def normalize_item(item: ArticleItem) -> ArticleItem:
    """Normalize ``item`` in place (pure apart from that)."""
    from newsmon.pages.language import detect_language
    from newsmon.pages.urls import canonicalize_url

    item.title = clean_line_text(item.title)
    item.body = clean_body(item.body)
    item.summary = clean_line_text(item.summary) or None
    item.authors = list(dict.fromkeys(a for a in (clean_line_text(x) for x in item.authors) if a))
    item.site_name = clean_line_text(item.site_name) or None
    if item.origin == "seed":
        item.canonical_url = item.canonical_url or item.url
    else:
        item.canonical_url = canonicalize_url(item.canonical_url or item.url, base=item.url)
    item.published_at = aware(item.published_at)
    item.modified_at = aware(item.modified_at)
    if not item.language:
        item.language = detect_language(f"{item.title}\n{item.body[:2000]}")
    item.body_hash = body_hash(item.body)
    return item
