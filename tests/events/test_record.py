"""Recording one article (``newsmon.events.record.record_article``): the rows it writes, and how few statements."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from newsmon.events.record import record_article
from newsmon.store.database import Database
from newsmon.items import ArticleItem
from newsmon.store.models import Article, NearDupBand
from newsmon.events.neardup import BANDS, signature

PAIRS = json.loads((Path(__file__).parent.parent / "data" / "neardup_pairs.json").read_text(encoding="utf-8"))
NOW = datetime(2024, 11, 20, 9, 0, tzinfo=timezone.utc)


def _syndicated_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    pair = next(p for p in PAIRS["pairs"] if p["kind"] == "syndicated:new-headline-byline-copyright")
    return pair["a"], pair["b"]


def _item(key: str, text: dict[str, Any], *, relevant: bool = False, published: datetime = NOW,
          body_hash: str | None = None) -> ArticleItem:
    url = f"https://news.example/{key}"
    return ArticleItem(url=url, canonical_url=url, title=text["title"], body=text["body"], body_hash=body_hash,
                       published_at=published, relevant=relevant, relevance=0.9 if relevant else 0.0,
                       topics=["kt-microsoft"] if relevant else [])


def _statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda conn, cur, statement, *args: seen.append(statement))
    return seen


def test_a_copy_goes_in_with_its_original_and_signature_in_one_insert(db: Database) -> None:
    """The near-duplicate lookup runs before the insert, so the row is written once (no UPDATE)."""
    original, copy = _syndicated_pair()
    with db.session() as session:
        first = record_article(session, _item("a", original), now=NOW)
    seen = _statements(db)
    with db.session() as session:
        second = record_article(session, _item("b", copy), now=NOW)
    assert first.status == second.status == "new"
    assert second.duplicate_of == first.article_id
    article_writes = [s for s in seen if s.lstrip().upper().startswith(("INSERT INTO ARTICLES", "UPDATE ARTICLES"))]
    assert len(article_writes) == 1 and article_writes[0].lstrip().upper().startswith("INSERT"), article_writes
    with db.session() as session:
        stored = session.get(Article, second.article_id)
        assert stored is not None
        assert stored.minhash == signature(copy["title"], copy["body"])
        assert stored.duplicate_of == first.article_id
        bands = session.scalar(select(func.count()).select_from(NearDupBand).where(NearDupBand.article_id == stored.id))
        assert bands == BANDS


def test_an_earlier_published_copy_takes_over_the_group_through_record_article(db: Database) -> None:
    original, copy = _syndicated_pair()
    with db.session() as session:
        late = record_article(session, _item("late", original, relevant=True), now=NOW)
        early = record_article(session, _item("early", copy, relevant=True, published=NOW - timedelta(hours=3)), now=NOW)
    assert early.duplicate_of is None  # it is the group's root now
    with db.session() as session:
        assert session.get(Article, early.article_id).duplicate_of is None
        assert session.get(Article, late.article_id).duplicate_of == early.article_id
        assert session.get(Article, late.article_id).development_id == session.get(Article, early.article_id).development_id


def test_articles_without_a_body_hash_are_not_taken_for_one_another(db: Database) -> None:
    """A missing body hash matches nothing (not every other article without one)."""
    texts = PAIRS["articles"]
    with db.session() as session:
        a = record_article(session, _item("x", texts["slm_ko_a"]), now=NOW)
        b = record_article(session, _item("y", texts["center_en"]), now=NOW)
        again = record_article(session, _item("y", texts["center_en"]), now=NOW)
        same_body = record_article(session, _item("z", texts["slm_ko_b"], body_hash="h1"), now=NOW)
        other_url = record_article(session, _item("w", texts["slm_ko_b"], body_hash="h1"), now=NOW)
    assert (a.status, b.status, again.status) == ("new", "new", "unchanged")
    assert a.article_id != b.article_id and again.article_id == b.article_id
    # Issue 15: a word-for-word copy at another URL is stored too; the group's original is the
    # smaller URL when both were published at once (".../w" here), whichever came first.
    assert (same_body.status, other_url.status) == ("new", "new") and other_url.identical
    assert other_url.article_id != same_body.article_id
    with db.session() as session:
        assert session.get(Article, same_body.article_id).duplicate_of == other_url.article_id
        assert session.get(Article, other_url.article_id).duplicate_of is None


def test_benchmark_band_rows_come_in_primary_key_order() -> None:
    """The synthetic archive's band rows, sorted as packed integers, match a plain tuple sort
    (negative buckets included), so the SQLite bulk load appends to the primary key."""
    from bench.archive import _band_rows, _sorted_band_rows

    texts = list(PAIRS["articles"].values())
    signatures = [signature(t["title"], t["body"]) for t in texts] + [signature("", "")]
    rows = list(_sorted_band_rows(signatures))
    assert rows == sorted(_band_rows(signatures))
    assert len(rows) == BANDS * len(texts) and any(bucket < 0 for _, bucket, _ in rows)
