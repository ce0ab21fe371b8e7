"""The crawl plan, built from a real database (SQLite and PostgreSQL) without a crawl."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select

from newsmon.config import Config, SourceConfig
from newsmon.crawl.ledger import SourceLedger
from newsmon.crawl.plan import PlannedSource, build_crawl_plan, configured_sources
from newsmon.pages.seeds import SeedDocument
from newsmon.store.models import Article, Source
from newsmon.store.sources import save_validators

FEED = SourceConfig(type="feed", url="http://news.example/rss.xml", name="Example")
INDEX = SourceConfig(type="sitemap", url="http://news.example/sitemap-index.xml", name="Example wire")
SEED_LINK = "http://news.example/article/1001"


def seed(name: str, links: list[str]) -> SeedDocument:
    return SeedDocument(path=name, key=f"seed:{name}", title="KT·MS", body="KT와 MS " * 20, source_name=None, links=links)


def store_article(session: Any, url: str, canonical: str, lastmod: str | None, origin: str = "crawl") -> None:
    now = datetime.now(timezone.utc)
    session.add(Article(url=url, canonical_url=canonical, title="t", body="b", origin=origin, source_lastmod=lastmod,
                        relevant=False, relevance=0.0, first_seen_at=now, sort_at=now, updated_at=now))


def plan(db: Any, config: Config, seeds: list[SeedDocument] = (), topics: list[Any] = ()) -> Any:
    with db.session() as session:
        return build_crawl_plan(session, config, list(seeds), list(topics))


def test_sources_are_synced_once_and_planned_with_their_validators(db: Any) -> None:
    config = Config(sources=(FEED, INDEX))
    first = plan(db, config)
    assert [(p.type, p.url, p.name) for p in first.sources] == [(s.type, s.url, s.name) for s in (FEED, INDEX)]
    assert all(p.id is not None and p.etag is None for p in first.sources)

    # What the feed answered is saved; a sitemap first met in the index gets a row under it.
    feed, index = first.sources
    ledger = SourceLedger()
    ledger.answered(feed, 200, '"v1"', "Thu, 14 Nov 2024 01:00:00 GMT")
    ledger.answered(first.child(index, "http://news.example/sitemap-1.xml"), 200, '"s1"', None)
    with db.session() as session:
        save_validators(session, ledger.to_save())

    second = plan(db, config)
    assert [p.id for p in second.sources] == [feed.id, index.id]  # no new rows
    assert second.sources[0].etag == '"v1"' and second.sources[0].last_modified == "Thu, 14 Nov 2024 01:00:00 GMT"
    child = second.child(second.sources[1], "http://news.example/sitemap-1.xml")
    assert child.id is not None and child.parent_id == index.id and child.etag == '"s1"'
    assert second.child(second.sources[1], "http://news.example/sitemap-2.xml").id is None
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 3


def test_a_failed_source_keeps_its_old_validators(db: Any) -> None:
    config = Config(sources=(FEED,))
    feed = plan(db, config).sources[0]
    ledger = SourceLedger()
    ledger.answered(feed, 200, '"v1"', None)
    with db.session() as session:
        save_validators(session, ledger.to_save())
    feed = plan(db, config).sources[0]
    ledger = SourceLedger()
    ledger.answered(feed, 200, '"v2"', None)
    ledger.item_failed(feed.id)  # an article from it could not be stored
    with db.session() as session:
        save_validators(session, ledger.to_save())
    assert plan(db, config).sources[0].etag == '"v1"'


def test_stored_articles_are_known_and_stored_seeds_are_not_planned(db: Any) -> None:
    with db.session() as session:
        store_article(session, "http://news.example/a?utm=1", "http://news.example/a", "2024-11-14")
        store_article(session, "seed:old.txt", "seed:old.txt", None, origin="seed")
        store_article(session, SEED_LINK, SEED_LINK, None)
    seeds = [seed("old.txt", [SEED_LINK]), seed("new.txt", ["http://news.example/article/1002"])]
    p = plan(db, Config(sources=(FEED,)), seeds)
    assert [d.key for d in p.seeds] == ["seed:new.txt"]
    # A seed link already stored is not fetched again; a new one is planned as an article.
    assert [(s.type, s.url) for s in p.sources] == [("feed", FEED.url), ("article", "http://news.example/article/1002")]
    # Known by final and canonical URL; a new lastmod from the source means "changed".
    assert p.is_known("http://news.example/a?utm=1", None) and p.is_known("http://news.example/a", "2024-11-14")
    assert not p.is_known("http://news.example/a", "2024-11-15")
    assert not p.is_known("http://news.example/b", None)


def test_without_configured_sources_the_topics_default_feeds_are_planned(db: Any) -> None:
    topic = SimpleNamespace(name="t", sources=[{"type": "feed", "url": "http://search.example/rss?q=KT", "name": "search"}])
    p = plan(db, Config(), topics=[topic])
    assert [(s.type, s.url, s.name) for s in p.sources] == [("feed", "http://search.example/rss?q=KT", "search")]
    # Configured sources win over the profiles'.
    assert configured_sources(Config(sources=(FEED,)), topics=[topic]) == [FEED]


def test_ledger_records_304_without_new_validators() -> None:
    source = PlannedSource(7, "feed", "http://news.example/rss.xml", None, etag='"old"')
    ledger = SourceLedger()
    ledger.answered(source, 304, '"ignored"', None)
    [(saved, values)] = ledger.to_save()
    assert saved is source and values["last_status"] == 304 and "etag" not in values


def test_set_aside_pages_are_skipped_until_their_source_says_they_changed(db: Any) -> None:
    from newsmon.store.runs import start_run
    from newsmon.store.setaside import set_aside, set_aside_in_run

    with db.session() as session:
        run_id = start_run(session, trigger="cli", pid=None).id
        set_aside(session, ["http://news.example/killer", "http://news.example/go/killer"],
                  source_lastmod="2024-11-14", reason="analysis_crashed", run_id=run_id)
        set_aside(session, ["http://news.example/listed"], source_lastmod=None, reason="analysis_crashed", run_id=run_id)
    p = plan(db, Config(sources=(FEED,)))
    assert p.is_known("http://news.example/killer", "2024-11-14") and p.is_known("http://news.example/go/killer", None)
    assert not p.is_known("http://news.example/killer", "2024-11-15")
    assert p.is_known("http://news.example/listed", None)  # a listing gives no lastmod: nothing says it changed
    with db.session() as session:
        assert set_aside_in_run(session, run_id) == sorted(
            ["http://news.example/go/killer", "http://news.example/killer", "http://news.example/listed"])
        # Set aside again under a newer lastmod: one row, the new lastmod.
        set_aside(session, ["http://news.example/killer"], source_lastmod="2024-11-15", reason="analysis_crashed", run_id=None)
    assert plan(db, Config(sources=(FEED,))).is_known("http://news.example/killer", "2024-11-15")


def test_the_run_record_names_the_pages_set_aside() -> None:
    from newsmon.crawl.cycle import set_aside_note

    assert set_aside_note(["http://b.example/2", "http://a.example/1"]) == (
        "set aside 2 page(s) that broke the analysis worker: http://a.example/1, http://b.example/2")
    assert set_aside_note([f"http://a.example/{i:02d}" for i in range(25)], shown=3).endswith("http://a.example/02 and 22 more")
