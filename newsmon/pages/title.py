"""The headline: JSON-LD, og:title, ``<title>`` without the outlet's name, or the first ``<h1>``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsmon.pages.html_tree import clean_inline, squash_ws, text_content
from newsmon.pages.metadata import first_meta, ld_text

_TITLE_SEP_RE = re.compile(r"\s+(?:\||-|–|—|:|::|<|»|·|/)\s+")


def _strip_title_suffix(title: str, site_name: str | None) -> str:
    """Drop " | Outlet", " - Outlet", " : 언론사" and ndsoft's " < 섹션 < 기사본문 - 사이트"."""
    if " < " in title:
        head = title.split(" < ")[0].strip()
        if head:
            return head
    parts = _TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SEP_RE.findall(title)
    site = (site_name or "").strip().lower()
    while len(parts) > 1:
        last = parts[-1].strip()
        if site and (last.lower() == site or site in last.lower() or last.lower() in site):
            pass
        elif len(last) <= 25 and len(last) < 0.4 * len(title):
            pass
        else:
            break
        parts.pop()
        seps.pop()
    rebuilt = parts[0]
    for sep, part in zip(seps, parts[1:]):
        rebuilt += sep + part
    return rebuilt.strip()


def _strip_title_prefix(title: str, page_text: str) -> str:
    """Drop an "Outlet - " prefix when the rest is printed on the page as the headline."""
    match = _TITLE_SEP_RE.search(title)
    if match and match.start() <= 25:
        rest = title[match.end():].strip()
        if len(rest) > 2 * match.start() and rest in page_text:
            return rest
    return title


def extract_title(tree: Any, article: Mapping[str, Any] | None, meta: Mapping[str, list[str]],
                   site_name: str | None) -> str | None:
    if article is not None:
        headline = ld_text(article.get("headline")) or ld_text(article.get("name"))
        if headline:
            return headline
    og_title, _ = first_meta(meta, "og:title", "twitter:title")
    if og_title:
        cleaned = clean_inline(og_title)
        if cleaned:
            return _strip_title_suffix(cleaned, site_name) if site_name else cleaned
    title_el = tree.find(".//title")
    if title_el is not None:
        cleaned = clean_inline(text_content(title_el))
        if cleaned:
            stripped = _strip_title_suffix(cleaned, site_name)
            if stripped == cleaned:
                body = tree.find("body")
                page_text = squash_ws(text_content(body)) if body is not None else ""
                stripped = _strip_title_prefix(cleaned, page_text)
            return stripped
    for h1 in tree.iter("h1"):
        cleaned = clean_inline(text_content(h1))
        if cleaned:
            return cleaned
    return None
