"""Extract: raw page bytes in, the item's article fields filled (the first step of ``pipelines.analyse``).

Pages that are not articles (no title or too little text, binary data) give
None and are dropped by the analyse pipeline.
"""

from __future__ import annotations

from typing import Any, Optional

from newsmon.items import ArticleItem

#: Below this many characters of text a page is not treated as an article.
MIN_BODY_CHARS = 80


def extract_into(item: ArticleItem) -> Optional[ArticleItem]:
    """Extract the article from ``item.html`` into ``item`` (dropping the bytes); None for a non-article."""
    from newsmon.pages.extract import extract_article

    html, item.html = item.html, None  # the bytes are not needed past this point
    if not html or b"\x00" in html[:4096]:
        return None
    headers = {"Content-Type": item.content_type} if item.content_type else None
    article = extract_article(html, item.url, headers=headers, hint=item.hint or None)
    if not article.title or len(article.body or "") < MIN_BODY_CHARS:
        return None
    return fill_item(item, article)


def fill_item(item: ArticleItem, article: Any) -> ArticleItem:
    """Copy an extraction result (newsmon.pages.extract.Article) onto ``item``.

    Field by field, by name on both sides: the page's description is the
    item's summary, and a field renamed on either side fails here instead of
    being dropped on the way. The item keeps its own URL and feed hint.
    """
    item.canonical_url = article.canonical_url
    item.title = article.title or ""
    item.body = article.body or ""
    item.summary = article.description
    item.published_at = article.published_at
    item.published_raw = article.published_raw
    item.published_source = article.published_source
    item.modified_at = article.modified_at
    item.modified_raw = article.modified_raw
    item.authors = list(article.authors)
    item.site_name = article.site_name
    item.language = article.language
    return item
