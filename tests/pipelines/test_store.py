"""The store pipeline's process_item, against a real database (SQLite and PostgreSQL), no crawl."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select

from newsmon.app import App
from newsmon.config import Config
from newsmon.items import ArticleItem
from newsmon.store.models import Article
from pipelines.normalize import body_hash
from pipelines.store import StorePipeline
from tests.pipelines.stats import Stats


def item(n: int, published: datetime | None, *, summary: str | None = None) -> ArticleItem:
    body = f"기사 {n}: KT와 마이크로소프트가 {n}번째 협력 소식을 전했다. " * 6
    url = f"http://news.example/article/{n}"
    return ArticleItem(url=url, canonical_url=url, title=f"기사 {n}", body=body, body_hash=body_hash(body),
                       summary=summary, published_at=published, language="ko", source_lastmod=None)


def run(pipeline: StorePipeline, items: list[ArticleItem]) -> list[Any]:
    async def go() -> list[Any]:
        pipeline.open_spider()
        out = [await pipeline.process_item(i) for i in items]
        await pipeline.close_spider()
        return out

    return asyncio.run(go())


def stored(app: App) -> list[tuple[str, str | None]]:
    with app.database().session() as session:
        return list(session.execute(select(Article.url, Article.summary).order_by(Article.id)).all())


def test_items_are_stored_oldest_first_with_their_summary_and_counted(db_url: str) -> None:
    app, stats = App(Config(database_url=db_url)), Stats()
    newer = item(1, datetime(2024, 11, 15, tzinfo=timezone.utc), summary="둘째 날 소식")
    older = item(2, datetime(2024, 11, 14, tzinfo=timezone.utc), summary="첫날 소식")
    undated = item(3, None)
    try:
        passed = run(StorePipeline(app, None, stats, batch_size=2, commit_size=1), [newer, older, undated, "not an article"])
        assert passed == [newer, older, undated, "not an article"]  # items go on to the next stage
        # Sorted per batch of two: older before newer; the undated one came in the last batch.
        assert stored(app) == [(older.url, "첫날 소식"), (newer.url, "둘째 날 소식"), (undated.url, None)]
        assert stats.values["newsmon/articles/new"] == 3 and stats.values["newsmon/articles/new_irrelevant"] == 3

        # The same articles again: nothing new, each counted unchanged.
        again = Stats()
        run(StorePipeline(app, None, again), [item(1, None), item(2, None)])
        assert again.values["newsmon/articles/unchanged"] == 2 and again.values["newsmon/articles/new"] == 0
        assert len(stored(app)) == 3
    finally:
        app.close()


def test_an_article_that_cannot_be_stored_is_reported_to_its_source(db_url: str) -> None:
    app, stats, failed = App(Config(database_url=db_url)), Stats(), []
    bad = item(2, None)
    bad.title = None  # type: ignore[assignment]  # NOT NULL column: the insert fails
    bad.source_id = 42
    try:
        run(StorePipeline(app, None, stats, on_failure=lambda i: failed.append(i.source_id)), [item(1, None), bad])
        assert [u for u, _ in stored(app)] == [item(1, None).url]
        assert stats.values["newsmon/errors/store_failed"] == 1 and failed == [42]
    finally:
        app.close()
