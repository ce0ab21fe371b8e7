"""What a page says about itself in markup: ``<meta>`` tags and JSON-LD.

Publishers fill these for search engines and social cards, so they are the most
trustworthy source of title, dates, authors and outlet name when present.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml import etree

from newsmon.pages.html_tree import clean_inline

_ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
     "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
     "techarticle", "socialmediaposting", "askpublicnewsarticle"}
)


# Microdata/RDFa values outside <meta>: <span itemprop="datePublished" content="...">.
_MARKED_CONTENT = etree.XPath("//*[@content][@itemprop or @property][not(self::meta)]")


def collect_meta(tree: Any, text: str = "") -> dict[str, list[str]]:
    """``<meta>`` values by lowercased name/property/itemprop, then microdata/RDFa ``content`` values.

    A space-separated property ("dc:date dc:created") files the value under each name.
    Other elements are searched only when ``text`` (the page source) holds more
    ``content=`` attributes than the meta tags account for: the XPath costs more than
    the rest of this function on a small page.
    """
    meta: dict[str, list[str]] = {}
    metas = 0
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        metas += content is not None
        if key and content and content.strip():
            for name in key.split():
                meta.setdefault(name, []).append(content.strip())
    if text.count("content=") + text.count("CONTENT=") > metas:
        for el in _MARKED_CONTENT(tree):
            content = el.get("content").strip()
            if content:
                for name in f"{el.get('itemprop') or ''} {el.get('property') or ''}".lower().split():
                    meta.setdefault(name, []).append(content)
    return meta


def first_meta(meta: Mapping[str, list[str]], *keys: str) -> tuple[str | None, str | None]:
    """(value, key) of the first meta key present."""
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0], key
    return None, None


def _flatten_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _flatten_ld(item)
    elif isinstance(node, dict):
        yield node
        graph = node.get("@graph")
        if graph is not None:
            yield from _flatten_ld(graph)
        main = node.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _flatten_ld(main)


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values if v}


def jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[)|(?:-->|//\s*\]\]>)\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        objects.extend(_flatten_ld(data))
    return objects


def pick_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    if articles:
        with_body = [o for o in articles if o.get("articleBody")]
        return (with_body or articles)[0]
    pages = [o for o in objects if "webpage" in _types(o) and (o.get("headline") or o.get("datePublished"))]
    return pages[0] if pages else None


def ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_inline(value) if isinstance(value, str) else None


def publisher_name(article: Mapping[str, Any] | None, objects: list[dict[str, Any]]) -> str | None:
    if article is not None:
        name = ld_text(article.get("publisher"))
        if name:
            return name
    for obj in objects:
        if _types(obj) & {"newsmediaorganization", "organization"}:
            name = ld_text(obj.get("name"))
            if name:
                return name
    return None
