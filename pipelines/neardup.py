"""Near-duplicate signature pipeline: the MinHash of each article's text.

Computed here, outside the database thread; the store step looks the
signature up in the LSH index inside the article's transaction.
"""

from __future__ import annotations

from typing import Any

from newsmon.items import ArticleItem


class SignaturePipeline:
    @classmethod
    def from_crawler(cls, crawler: Any) -> "SignaturePipeline":
        return cls()

    def process_item(self, item: Any) -> Any:
        from newsmon.neardup import signature

        if isinstance(item, ArticleItem) and item.minhash is None:
            item.minhash = signature(item.title, item.body)
        return item
