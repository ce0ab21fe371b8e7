"""Migration 0009 on PostgreSQL: article text searched through ``article_search``.

What a user sees must not change: the articles stored before the upgrade are
found by ``--contains`` after it, and so are those stored, edited or deleted
later. What changes is the cost of assigning an article: setting its
development no longer rewrites its text's trigram index entry.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from newsmon.store.database import Database, make_engine
from newsmon.store.models import Article, Development
from newsmon.store.queries import ArticleFilter, find_articles
from tests.events.test_copies_migration import _DEVELOPMENT, _ROW, _migrate

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url(pg_databases: object) -> object:
    name, url = pg_databases.create()  # type: ignore[attr-defined]
    yield url
    import gc

    gc.collect()
    pg_databases.drop(name)  # type: ignore[attr-defined]


def _found(db: Database, term: str) -> list[int]:
    with db.session() as s:
        return sorted(a["id"] for a in find_articles(s, ArticleFilter(contains=term, include_irrelevant=True, limit=None)))


def test_upgrade_keeps_stored_articles_searchable(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        _migrate(engine, "0008")
        with engine.begin() as c:
            c.execute(text(_DEVELOPMENT))
            c.execute(text(_ROW), {"id": 1, "url": "u1", "hash": "h1", "title": "광화문 이노베이션 센터", "dup": None})
            c.execute(text(_ROW), {"id": 2, "url": "u2", "hash": "h2", "title": "Azure price cut", "dup": None})
    finally:
        engine.dispose()
    db = Database(pg_url)  # migrates to the newest revision
    try:
        assert _found(db, "이노베이션") == [1]
        assert _found(db, "azure") == [2]
        assert _found(db, "센터 본문") == []  # title and body are matched apart, as before
        with db.session() as s:
            indexes = set(s.scalars(text("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%gin_trgm_ops%'")))
        assert indexes == {"ix_article_search_trgm"}
    finally:
        db.dispose()


def test_assigning_a_development_leaves_the_text_index_alone(pg_url: str) -> None:
    db = Database(pg_url)
    try:
        with db.session() as s:
            a = Article(url="u", canonical_url="u", title="KT·MS 협력", body="한국형 GPT-4o를 애저에서", relevant=True)
            s.add(a)
            s.flush()
            article_id = a.id
        with db.session() as s:
            before = s.execute(text("SELECT xmin::text, doc FROM article_search WHERE article_id = :i"), {"i": article_id}).one()
        with db.session() as s:  # what assignment writes: the development, the original, updated_at
            dev = Development(title="KT·MS")
            s.add(dev)
            s.flush()
            s.get(Article, article_id).development_id = dev.id
        with db.session() as s:
            after = s.execute(text("SELECT xmin::text, doc FROM article_search WHERE article_id = :i"), {"i": article_id}).one()
        assert after == before  # the same row version: not written again
        with db.session() as s:  # an edit of the text is followed
            s.get(Article, article_id).title = "KT·MS 공동 연구"
        assert _found(db, "공동 연구") == [article_id] and _found(db, "협력") == []
    finally:
        db.dispose()
