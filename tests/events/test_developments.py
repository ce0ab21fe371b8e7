"""Developments: articles grouped into the events they report, incrementally and deterministically."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Optional

import pytest
from sqlalchemy import func, select

from newsmon.store.database import Database
from newsmon.events.developments import assign_development, process_article
from newsmon.store.models import Article, Development, DevelopmentTerm, NearDupBand, TermStat

DATA = json.loads((Path(__file__).parent.parent / "data" / "neardup_pairs.json").read_text(encoding="utf-8"))
ARTICLES: dict[str, dict[str, Any]] = DATA["articles"]
NOW = datetime(2025, 3, 1, tzinfo=timezone.utc)


def _syndicated(key: str, kind: str) -> dict[str, str]:
    return next(p["b"] for p in DATA["pairs"] if p["a"]["id"] == key and p["kind"] == f"syndicated:{kind}")


def _add(session: Any, key: str, *, title: Optional[str] = None, body: Optional[str] = None,
         published: Optional[str] = None, relevant: bool = True, source: Optional[str] = None) -> Article:
    a = ARTICLES.get(key.split("~")[0], {})
    article = Article(
        url=f"https://news.example/{key}",
        canonical_url=f"https://news.example/{key}",
        title=title if title is not None else a["title"],
        body=body if body is not None else a["body"],
        published_at=datetime.fromisoformat(published or a["published"]),
        source=source or a.get("source"),
        origin=a.get("origin", "crawl") if "~" not in key else "crawl",
        relevant=relevant,
    )
    session.add(article)
    session.flush()
    return article


def _ingest(db: Database, keys: Iterable[str]) -> dict[str, tuple[int, Optional[int], bool]]:
    """Store and process each article in its own transaction, as the store step does."""
    out = {}
    for key in keys:
        with db.session() as session:
            article = _add(session, key)
            result = process_article(session, article, now=NOW)
            assert result.assignment is not None
            out[key] = (result.assignment.development.id, result.duplicate_of, result.assignment.created)
    return out


def _chronological() -> list[str]:
    return sorted(ARTICLES, key=lambda k: ARTICLES[k]["published"])


def _counts(db: Database) -> tuple[int, ...]:
    with db.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Development, DevelopmentTerm, NearDupBand, TermStat, Article)
        )


def test_scenarios_are_grouped_by_event(db: Database) -> None:
    """Same event, any outlet or language: one development; different events: apart."""
    result = _ingest(db, _chronological())
    for a in ARTICLES:
        for b in ARTICLES:
            same_event = ARTICLES[a]["event"] == ARTICLES[b]["event"]
            assert (result[a][0] == result[b][0]) == same_event, (a, b)
    assert {key for key, (_dev, _dup, created) in result.items() if created} == {
        "seed", "slm_ko_a", "center_wire", "gpt4o_ko_a", "ax_ko", "publiccloud_ko"
    }


def test_seed_development_is_seeded_and_others_are_new(db: Database) -> None:
    result = _ingest(db, ["seed", "signing_en", "center_wire"])
    with db.session() as session:
        signing = session.get(Development, result["seed"][0])
        center = session.get(Development, result["center_wire"][0])
        assert signing.seeded and not center.seeded
        assert signing.article_count == 2 and signing.sources == ["중앙일보", "Seoul Ledger"]
        assert signing.title == ARTICLES["seed"]["title"]


def test_syndicated_copies_join_their_originals_development(db: Database) -> None:
    copies = [_syndicated("center_wire", "new-headline-byline-copyright"),
              _syndicated("center_wire", "trimmed-paragraph-caption")]
    with db.session() as session:
        original = _add(session, "center_wire")
        process_article(session, original, now=NOW)
        results = []
        for i, copy in enumerate(copies):
            article = _add(session, f"center_wire~{i}", title=copy["title"], body=copy["body"],
                           source=f"outlet{i}", published="2024-11-14T12:00:00+09:00")
            results.append(process_article(session, article, now=NOW))
        dev = session.get(Development, original.development_id)
        assert [r.duplicate_of for r in results] == [original.id, original.id]
        assert all(r.assignment.development.id == dev.id and r.assignment.joined_existing for r in results)
        assert dev.article_count == 3
        assert dev.sources == ["한국통신사", "outlet0", "outlet1"]
        # Copies carry no new information: they do not change the development's terms.
        assert dev.terms["#members"] == 1
        assert dev.title == ARTICLES["center_wire"]["title"]


def test_republished_seed_joins_the_seeded_development(db: Database) -> None:
    copy = _syndicated("seed", "added-paragraph-new-headline")
    with db.session() as session:
        seed = _add(session, "seed")
        process_article(session, seed, now=NOW)
        article = _add(session, "seed~copy", title=copy["title"], body=copy["body"],
                       published="2024-09-30T09:10:00+09:00", source="한빛경제")
        result = process_article(session, article, now=NOW)
        assert result.duplicate_of == seed.id
        assert result.assignment.development.id == seed.development_id
        assert result.assignment.development.seeded


def test_reprocessing_changes_nothing(db: Database) -> None:
    keys = _chronological()
    first = _ingest(db, keys)
    before = _counts(db)
    with db.session() as session:
        devs_before = {d.id: (d.article_count, dict(d.terms), list(d.sources)) for d in session.scalars(select(Development))}
        for article in session.scalars(select(Article).order_by(Article.id)):
            result = process_article(session, article, now=NOW + timedelta(days=1))
            assert result.assignment is not None and not result.assignment.created
            assert not result.assignment.joined_existing
            key = article.url.rsplit("/", 1)[1]
            assert (result.assignment.development.id, result.duplicate_of) == first[key][:2]
    assert _counts(db) == before
    with db.session() as session:
        devs_after = {d.id: (d.article_count, dict(d.terms), list(d.sources)) for d in session.scalars(select(Development))}
    assert devs_after == devs_before


def test_incremental_batches_join_or_create(db: Database) -> None:
    batch1 = _ingest(db, ["seed", "center_wire", "gpt4o_ko_a"])
    batch2 = _ingest(db, ["signing_ko_b", "center_en", "gpt4o_follow", "ax_ko"])
    assert batch2["signing_ko_b"][0] == batch1["seed"][0] and not batch2["signing_ko_b"][2]
    assert batch2["center_en"][0] == batch1["center_wire"][0]
    assert batch2["gpt4o_follow"][0] == batch1["gpt4o_ko_a"][0]
    assert batch2["ax_ko"][2] and batch2["ax_ko"][0] not in {v[0] for v in batch1.values()}
    with db.session() as session:
        launch = session.get(Development, batch1["gpt4o_ko_a"][0])
        assert launch.article_count == 2
        assert launch.published_first == datetime.fromisoformat(ARTICLES["gpt4o_ko_a"]["published"])
        assert launch.published_last == datetime.fromisoformat(ARTICLES["gpt4o_follow"]["published"])


def test_time_window_keeps_a_later_event_apart(db: Database) -> None:
    """The same kind of report two months later is another development."""
    first = _ingest(db, ["gpt4o_ko_a"])
    with db.session() as session:
        late = _add(session, "gpt4o_ko_b", published="2025-02-10T09:00:00+09:00")
        late_result = process_article(session, late, now=NOW)
        near = _add(session, "gpt4o_en")
        near_result = process_article(session, near, now=NOW)
    assert late_result.assignment.created and late_result.assignment.development.id != first["gpt4o_ko_a"][0]
    assert near_result.assignment.development.id == first["gpt4o_ko_a"][0]


def test_title_comes_from_the_earliest_original(db: Database) -> None:
    """Coverage arriving out of order: the headline of the earliest report wins."""
    with db.session() as session:
        later = _add(session, "center_ko_b")
        process_article(session, later, now=NOW)
        earlier = _add(session, "center_wire")
        result = process_article(session, earlier, now=NOW)
        dev = result.assignment.development
        assert result.assignment.joined_existing
        assert dev.title == ARTICLES["center_wire"]["title"]
        assert dev.summary.startswith("KT와 마이크로소프트(MS)가 서울 광화문")
        assert dev.published_first == datetime.fromisoformat(ARTICLES["center_wire"]["published"])


def test_irrelevant_articles_are_indexed_but_not_grouped(db: Database) -> None:
    with db.session() as session:
        article = _add(session, "ax_ko", relevant=False)
        result = process_article(session, article, now=NOW)
        assert result.assignment is None and article.development_id is None
        assert article.minhash is not None
        assert session.scalar(select(func.count()).select_from(Development)) == 0


def test_process_article_does_not_commit(db: Database) -> None:
    with db.sessionmaker() as session:
        article = _add(session, "ax_ko")
        process_article(session, article, now=NOW)
        session.rollback()
    assert _counts(db) == (0, 0, 0, 0, 0)


def test_assign_development_needs_a_flushed_article(db: Database) -> None:
    with db.sessionmaker() as session:
        with pytest.raises(ValueError):
            assign_development(session, Article(url="u", canonical_url="u", title="t", body="b"))


def test_fixture_web_groupings_match_the_manifest(db: Database) -> None:
    """The hand-made news web, extracted as the crawler does, grouped as its manifest says."""
    fixtureweb = Path(__file__).parent.parent / "fixtureweb"
    manifest_path = fixtureweb / "manifest.json"
    if not manifest_path.exists() or not (fixtureweb / "site").is_dir():
        pytest.skip("fixture web not built")
    extract = pytest.importorskip("newsmon.pages.extract")
    from tests.fixtureweb.build_site import path_to_file

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    seed_lines = (fixtureweb / "seeds" / "000_ae8dcea07d6c2241.txt").read_text(encoding="utf-8").split("\n", 1)
    entries = sorted(manifest["articles"], key=lambda e: (e["edition"], e["published"]))
    ids: dict[str, int] = {}
    got: dict[str, tuple[Optional[int], Optional[int]]] = {}
    with db.session() as session:
        seed = Article(url="seed:000", canonical_url="seed:000", title=seed_lines[0], body=seed_lines[1],
                       origin="seed", relevant=True,
                       published_at=datetime(2024, 9, 29, 8, 0, tzinfo=timezone.utc))
        session.add(seed)
        session.flush()
        process_article(session, seed, now=NOW)
        ids["seed"] = seed.id
    for entry in entries:
        edition_dir = fixtureweb / "site" / ("_edition/2" if entry["edition"] == 2 else "")
        page = edition_dir / path_to_file(entry["path"])
        if not page.exists():
            page = fixtureweb / "site" / path_to_file(entry["path"])
        url = "http://fixture.test" + entry["path"]
        extracted = extract.extract_article(page.read_bytes(), url)
        with db.session() as session:
            article = Article(url=url, canonical_url=url, title=extracted.title or "", body=extracted.body or "",
                              published_at=extracted.published_at, source=entry["outlet"],
                              relevant=entry["relevant"])
            session.add(article)
            session.flush()
            result = process_article(session, article, now=NOW)
            ids[entry["path"]] = article.id
            got[entry["path"]] = (result.duplicate_of,
                                  result.assignment.development.id if result.assignment else None)
    with db.session() as session:
        seed_dev = session.scalar(select(Article.development_id).where(Article.id == ids["seed"]))
    dev_of_label: dict[str, int] = {"signing": seed_dev}
    for entry in entries:
        duplicate_of, development = got[entry["path"]]
        expected_dup = ids[entry["duplicate_of"]] if entry["duplicate_of"] else None
        assert duplicate_of == expected_dup, entry["path"]
        if entry["development"] is None:
            assert development is None, entry["path"]
            continue
        expected_dev = dev_of_label.setdefault(entry["development"], development)
        assert development == expected_dev, (entry["path"], entry["development"])
    labels = [label for label in dev_of_label]
    assert len(set(dev_of_label.values())) == len(labels)


def test_numbers_and_days_meet_across_languages() -> None:
    from newsmon.events.terms import Vocabulary, article_terms
    from newsmon.topics import load_topic

    # The story's names (e:kt) come from the topic profile, not from code.
    vocabulary = Vocabulary.from_topics([load_topic("kt-microsoft")])
    ko = article_terms("KT, 2조4000억 투자", "KT가 5년간 2조4000억원을 투자한다고 30일 밝혔다. 약 1천200㎡ 규모.",
                       datetime(2024, 9, 30, 1, 0, tzinfo=timezone.utc), vocabulary)
    en = article_terms("KT to invest 2.4 trillion won", "KT will invest 2.4 trillion won over five years, "
                       "it said Monday, in a 1,200-square-meter space.", datetime(2024, 9, 30, 6, 0, tzinfo=timezone.utc),
                       vocabulary)
    shared = {t for t in ko if not t.startswith("w:")} & set(en)
    assert {"n:5y", "n:q2.4e+12", "n:q1.2e+03", "d:2024-09-30", "c:invest", "e:kt"} <= shared
    # Years and days of the month are not quantities.
    assert not any(t.startswith("n:q") and t in ("n:q30", "n:q2.02e+03") for t in ko)
