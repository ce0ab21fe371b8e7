"""Library API, kept where it has always been: ``extract_article(html, url)`` (see newsmon.pages.extract)."""

from newsmon.pages.extract import ExtractedArticle, extract_article

__all__ = ["ExtractedArticle", "extract_article"]
