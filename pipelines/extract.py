"""Extract: raw page bytes in, article fields out (the first step of ``pipelines.analyse``).

Pages that are not articles (no title or too little text, binary data) give
None and are dropped by the analyse pipeline.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from newsmon.items import ArticleItem

#: Below this many characters of text a page is not treated as an article.
MIN_BODY_CHARS = 80


def extract_fields(html: bytes, url: str, content_type: Optional[str], hint: dict[str, Any]) -> Optional[dict[str, Any]]:
    """Run the extractor and return plain fields (picklable), or None for a non-article."""
    from newsmon.pages.extract import extract_article

    if not html or b"\x00" in html[:4096]:
        return None
    headers = {"Content-Type": content_type} if content_type else None
    article = extract_article(html, url, headers=headers, hint=hint or None)
    if not article.title or len(article.body or "") < MIN_BODY_CHARS:
        return None
    return article_fields(article)


def article_fields(article: Any) -> dict[str, Any]:
    """The extractor's result as plain values (datetimes stay datetimes)."""
    return {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}


def fill_item(item: ArticleItem, fields: dict[str, Any]) -> ArticleItem:
    """Copy extracted fields onto ``item`` (never its URL or feed hint)."""
    for key, value in fields.items():
        if key in ArticleItem.__dataclass_fields__ and key not in ("url", "hint"):
            setattr(item, key, value)
    return item
