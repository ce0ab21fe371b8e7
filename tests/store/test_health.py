"""Sources' health: what every crawl records per source, and what ``source_health`` reads back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsmon.store.database import Database
from newsmon.store.health import source_health
from newsmon.store.models import Article, Source
from newsmon.store.sources import SourceOutcome, record_source_outcomes

NOW = datetime(2024, 11, 20, 12, 0, tzinfo=timezone.utc)
FEED = "http://news.test/rss.xml"
INDEX = "http://wire.test/sitemap-index.xml"
CHILD = "http://wire.test/sitemap-1.xml"


def _article(s, n: int, source_id: int, seen: datetime) -> None:
    s.add(Article(url=f"http://a.test/{n}", canonical_url=f"http://a.test/{n}", title=f"t{n}", source_id=source_id, first_seen_at=seen, sort_at=seen))


def test_failures_count_up_and_a_success_resets_them(db: Database) -> None:
    for i in range(3):
        with db.session() as s:
            record_source_outcomes(s, [SourceOutcome(FEED, "feed", "News", error_kind="dns")], now=NOW + timedelta(hours=i))
    with db.session() as s:
        [h] = source_health(s, now=NOW + timedelta(hours=3))
    assert (h.type, h.url, h.name, h.consecutive_failures, h.last_error_kind) == ("feed", FEED, "News", 3, "dns")
    assert h.last_success is None and h.last_fetch == NOW + timedelta(hours=2) == h.last_error_at
    assert h.failing(3) and not h.failing(4) and "failed 3 runs in a row (dns)" in h.reason(3)
    with db.session() as s:
        record_source_outcomes(s, [SourceOutcome(FEED, "feed", "News")], now=NOW + timedelta(hours=5))
    with db.session() as s:
        [h] = source_health(s, now=NOW + timedelta(hours=6))
    assert h.consecutive_failures == 0 and h.last_success == NOW + timedelta(hours=5)
    assert h.last_error_kind == "dns"  # the last error stays visible, with its time


def test_article_counts_staleness_and_sitemaps_under_an_index(db: Database) -> None:
    with db.session() as s:
        record_source_outcomes(
            s,
            [SourceOutcome(FEED, "feed", "News"), SourceOutcome(INDEX, "sitemap", "Wire")],
            now=NOW - timedelta(days=40),
            stale_days={INDEX: 30},
        )
        record_source_outcomes(s, [SourceOutcome(CHILD, "sitemap", "Wire", parent_id=s.query(Source).filter_by(url=INDEX).one().id)], now=NOW)
        ids = {r.url: r.id for r in s.query(Source)}
        for r in s.query(Source):
            r.created_at = NOW - timedelta(days=40)
        _article(s, 1, ids[FEED], NOW - timedelta(days=2))
        _article(s, 2, ids[FEED], NOW - timedelta(days=20))
        _article(s, 3, ids[CHILD], NOW - timedelta(days=10))
    with db.session() as s:
        health = {h.url: h for h in source_health(s, now=NOW, stale_days_default=7)}
        assert [h.url for h in source_health(s, now=NOW)] == [FEED, INDEX, CHILD]  # children follow their index
        only = source_health(s, now=NOW, urls=[INDEX])
    assert (health[FEED].articles_7d, health[FEED].articles_30d, health[FEED].stale) == (1, 2, False)
    # The index counts what its sitemaps found; its own stale_days (30) applies.
    assert (health[INDEX].articles_7d, health[INDEX].articles_30d, health[INDEX].stale_days, health[INDEX].stale) == (0, 1, 30, False)
    assert (health[CHILD].articles_30d, health[CHILD].stale_days, health[CHILD].stale) == (1, 7, True)
    assert [h.url for h in only] == [INDEX, CHILD]


def test_a_source_that_never_gave_an_article_goes_stale_after_its_days(db: Database) -> None:
    with db.session() as s:
        record_source_outcomes(s, [SourceOutcome(FEED, "feed")], now=NOW)
        s.query(Source).one().created_at = NOW - timedelta(days=3)
    with db.session() as s:
        assert not source_health(s, now=NOW)[0].stale
        assert source_health(s, now=NOW + timedelta(days=5))[0].stale
