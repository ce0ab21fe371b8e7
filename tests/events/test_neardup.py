"""Near-duplicate detection: signatures, the calibrated threshold, the LSH index in the database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from newsmon.store.database import Database
from newsmon.store.models import Article, NearDupBand
from newsmon.events.neardup import (
    BANDS,
    THRESHOLD,
    find_original,
    index_article,
    is_near_duplicate,
    signature,
    similarity,
)

PAIRS_PATH = Path(__file__).parent.parent / "data" / "neardup_pairs.json"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def labelled() -> dict[str, Any]:
    return json.loads(PAIRS_PATH.read_text(encoding="utf-8"))


def _store(session: Any, key: str, title: str, body: str, *, origin: str = "crawl") -> Article:
    article = Article(url=f"https://news.example/{key}", canonical_url=f"https://news.example/{key}",
                      title=title, body=body, origin=origin)
    session.add(article)
    session.flush()
    return article


def _ingest(session: Any, key: str, title: str, body: str, *, origin: str = "crawl") -> Article:
    """What the store step does: insert, sign, look up the original, index."""
    article = _store(session, key, title, body, origin=origin)
    sig = signature(title, body)
    article.duplicate_of = find_original(session, sig, exclude_id=article.id)
    index_article(session, article.id, sig)
    return article


def _precision_recall(predicted: list[bool], expected: list[bool]) -> tuple[float, float]:
    tp = sum(p and e for p, e in zip(predicted, expected))
    fp = sum(p and not e for p, e in zip(predicted, expected))
    fn = sum(e and not p for p, e in zip(predicted, expected))
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def test_labelled_pairs_cover_the_three_kinds(labelled: dict[str, Any]) -> None:
    kinds = {p["kind"].split(":")[0] for p in labelled["pairs"]}
    assert len(labelled["pairs"]) >= 40
    assert kinds == {"syndicated", "same-event-different-text", "same-story-different-event"}
    for p in labelled["pairs"]:
        assert 300 <= len(p["a"]["body"]) <= 2000


def test_precision_and_recall_at_the_threshold(labelled: dict[str, Any]) -> None:
    expected = [p["near_duplicate"] for p in labelled["pairs"]]
    predicted = [
        is_near_duplicate(signature(p["a"]["title"], p["a"]["body"]), signature(p["b"]["title"], p["b"]["body"]))
        for p in labelled["pairs"]
    ]
    precision, recall = _precision_recall(predicted, expected)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_precision_and_recall_through_the_database_index(db: Database, labelled: dict[str, Any]) -> None:
    """The LSH lookup must find the copies the threshold accepts (banding loses almost none)."""
    expected, predicted = [], []
    for i, p in enumerate(labelled["pairs"]):
        with db.sessionmaker() as session:  # rolled back: every pair sees an empty index
            first = _ingest(session, f"{i}-a", p["a"]["title"], p["a"]["body"])
            second = _ingest(session, f"{i}-b", p["b"]["title"], p["b"]["body"])
            expected.append(p["near_duplicate"])
            predicted.append(second.duplicate_of == first.id)
            session.rollback()
    precision, recall = _precision_recall(predicted, expected)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_signature_is_deterministic_across_processes(labelled: dict[str, Any]) -> None:
    article = labelled["articles"]["center_wire"]
    here = signature(article["title"], article["body"])
    code = (
        "import json,sys; from newsmon.events.neardup import signature; a=json.load(sys.stdin); "
        "sys.stdout.write(signature(a['title'], a['body']).hex())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(article), capture_output=True, text=True,
        check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"},
    )
    assert bytes.fromhex(out.stdout) == here


def test_similarity_basics(labelled: dict[str, Any]) -> None:
    a = labelled["articles"]["gpt4o_ko_a"]
    b = labelled["articles"]["gpt4o_ko_b"]
    sig_a = signature(a["title"], a["body"])
    assert similarity(sig_a, sig_a) == 1.0
    assert similarity(sig_a, signature(b["title"], b["body"])) < THRESHOLD
    # Whitespace and punctuation do not matter; a new headline on a full body does not either.
    assert signature("다른 제목", a["body"].replace("\n", "  ").replace(".", " .")) == sig_a
    # Two empty texts are not copies of each other.
    assert similarity(signature("", ""), signature("", "")) == 0.0
    assert not is_near_duplicate(signature("", ""), signature("", ""))


def test_copy_of_a_copy_points_at_the_root(db: Database, labelled: dict[str, Any]) -> None:
    base = labelled["articles"]["center_wire"]
    paragraphs = base["body"].split("\n")
    copy1 = "\n".join(paragraphs[:-2] + ["김철수 기자", "<저작권자 © 뉴스웨이브 무단전재 및 재배포 금지>"])
    copy2 = "\n".join(["▲ 개소식 모습 (사진=KT 제공)"] + paragraphs[:-2] + ["(끝)"])
    with db.session() as session:
        original = _ingest(session, "wire", base["title"], base["body"])
        first_copy = _ingest(session, "copy1", "KT·MS AI 센터 열어", copy1)
        second_copy = _ingest(session, "copy2", "광화문에 AI 센터", copy2)
        other = labelled["articles"]["center_ko_b"]
        own_report = _ingest(session, "own", other["title"], other["body"])
    assert original.duplicate_of is None
    assert first_copy.duplicate_of == original.id
    assert second_copy.duplicate_of == original.id
    assert own_report.duplicate_of is None


def test_republished_seed_is_a_duplicate_of_the_seed(db: Database, labelled: dict[str, Any]) -> None:
    seed = labelled["articles"]["seed"]
    republished = next(p["b"] for p in labelled["pairs"] if p["kind"] == "syndicated:trimmed-paragraph-caption"
                       and p["a"]["id"] == "seed")
    with db.session() as session:
        stored_seed = _ingest(session, "seed", seed["title"], seed["body"], origin="seed")
        copy = _ingest(session, "copy", republished["title"], republished["body"])
    assert copy.duplicate_of == stored_seed.id


def test_index_is_idempotent_and_exclude_skips_the_article_itself(db: Database, labelled: dict[str, Any]) -> None:
    article = labelled["articles"]["slm_ko_a"]
    sig = signature(article["title"], article["body"])
    with db.session() as session:
        stored = _store(session, "a", article["title"], article["body"])
        index_article(session, stored.id, sig)
        index_article(session, stored.id, sig)
        rows = session.scalar(select(func.count()).select_from(NearDupBand))
        assert rows == BANDS
        assert stored.minhash == sig
        assert find_original(session, sig, exclude_id=stored.id) is None
        assert find_original(session, sig) == stored.id


def test_lookup_is_one_indexed_query(db: Database, labelled: dict[str, Any]) -> None:
    """The band lookup probes the primary key; it never scans neardup_bands."""
    if db.dialect != "sqlite":
        pytest.skip("reads SQLite's query plan")
    from sqlalchemy import event

    article = labelled["articles"]["ax_ko"]
    sig = signature(article["title"], article["body"])
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with db.session() as session:
        _ingest(session, "a", article["title"], article["body"])
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            find_original(session, sig)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        band_queries = [s for s in statements if "neardup_bands" in s]
        assert len(band_queries) == 1
        params = tuple([0] * band_queries[0].count("?"))
        plan = " ".join(
            str(row[-1]) for row in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + band_queries[0], params)
        )
    assert "SCAN neardup_bands" not in plan, plan
    assert "neardup_bands" in plan
