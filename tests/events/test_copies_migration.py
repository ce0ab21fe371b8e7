"""Migration 0003 on a database that already holds articles, copies, bands and alerts.

SQLite rebuilds ``articles`` to drop the old body-hash uniqueness; nothing
stored may be lost on the way (the cascading rows, the copies' links, the
full-text index), and afterwards copies may share their original's hash.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from newsmon.items import ArticleItem
from newsmon.store.database import MIGRATIONS_DIR, make_engine

_ROW = (
    "INSERT INTO articles (id, url, canonical_url, body_hash, title, body, authors, origin, relevant, relevance, "
    "topics, first_seen_at, sort_at, updated_at, development_id, duplicate_of) VALUES "
    "(:id, :url, :url, :hash, :title, '본문', '[]', 'crawl', true, 0.5, '[]', '2024-01-01', '2024-01-01', "
    "'2024-01-01', 1, :dup)"
)

#: Development 1, which the rows above belong to.
_DEVELOPMENT = (
    "INSERT INTO developments (id, title, summary, first_seen, last_seen, article_count, "
    "sources, seeded, terms) VALUES (1, 'd', 's', '2024-01-01', '2024-01-01', 2, '[]', false, '{}')"
)


def _migrate(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_upgrade_keeps_everything_and_lets_copies_share_the_hash(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        _migrate(engine, "0002")
        with engine.begin() as c:
            c.execute(text(_DEVELOPMENT))
            c.execute(text(_ROW), {"id": 1, "url": "u1", "hash": "h1", "title": "광화문 센터", "dup": None})
            c.execute(text(_ROW), {"id": 2, "url": "u2", "hash": "h2", "title": "광화문 센터 전재", "dup": 1})
            c.execute(text("INSERT INTO neardup_bands (band, bucket, article_id) VALUES (0, 5, 1), (0, 5, 2)"))
            c.execute(text("INSERT INTO alerts (id, kind, development_id, article_id, created_at, status) "
                           "VALUES (1, 'update', 1, 2, '2024-01-01', 'pending')"))
        _migrate(engine, "head")
        with engine.begin() as c:
            assert c.execute(text("SELECT id, duplicate_of FROM articles ORDER BY id")).all() == [(1, None), (2, 1)]
            assert c.execute(text("SELECT count(*) FROM neardup_bands")).scalar() == 2
            assert c.execute(text("SELECT article_id FROM alerts")).scalar() == 2
            # A word-for-word copy may now carry its original's hash ...
            c.execute(text(_ROW), {"id": 3, "url": "u3", "hash": "h1", "title": "사본", "dup": 1})
            if engine.dialect.name == "sqlite":  # ... and the full-text index still follows the table
                hits = c.execute(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '광화문' ORDER BY rowid"))
                assert [r[0] for r in hits] == [1, 2]
        # ... but a second original with the same hash is still refused.
        try:
            with engine.begin() as c:
                c.execute(text(_ROW), {"id": 4, "url": "u4", "hash": "h1", "title": "또 원본", "dup": None})
        except Exception as exc:  # noqa: BLE001 - either driver's IntegrityError
            assert "unique" in str(exc).lower()
        else:
            raise AssertionError("two originals share a body hash")
    finally:
        engine.dispose()


def test_outlet_falls_back_to_the_configured_name_the_feed_title_then_the_host() -> None:
    page = "https://news.example.org/a/1"
    assert ArticleItem(url=page, site_name="Page", source_name="Config", hint={"site": "Feed"}).outlet == "Page"
    assert ArticleItem(url=page, source_name="Config", hint={"site": "Feed"}).outlet == "Config"
    assert ArticleItem(url=page, hint={"site": "Feed"}).outlet == "Feed"
    assert ArticleItem(url=page).outlet == "news.example.org"
    assert ArticleItem(url="seed:x.txt", origin="seed").outlet is None
