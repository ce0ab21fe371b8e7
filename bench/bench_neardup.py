"""Benchmark: does checking a new article stay cheap as the archive grows?

Fills a SQLite database with synthetic stored articles (random MinHash
signatures and their band rows, inserted in bulk) and developments (terms drawn
from the vocabulary of real test articles, spread over time at a constant
density, as an archive grows), then times near-duplicate lookup + indexing +
development assignment for 200 new, real-text articles at each size. Also
reports precision/recall of the near-duplicate threshold on the labelled pairs
and the signature speed against datasketch.

Run: ``PYTHONPATH=. python bench/bench_neardup.py`` (prints JSON).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from newsmon.store.database import Database
from newsmon.events.developments import default_vocabulary, process_article
from newsmon.events.terms import article_terms
from newsmon.store.models import Article, Development
from newsmon.events.neardup import NUM_PERM, bands, is_near_duplicate, normalize, signature

PAIRS_PATH = Path(__file__).resolve().parents[1] / "tests" / "data" / "neardup_pairs.json"
NEW_ARTICLES = 200
ARTICLES_PER_DAY = 10  # archive density: a bigger archive covers a longer time
ARTICLES_PER_DEVELOPMENT = 5
TERMS_PER_DEVELOPMENT = 40
END = datetime(2025, 3, 1, tzinfo=timezone.utc)


def _labelled() -> dict[str, Any]:
    return json.loads(PAIRS_PATH.read_text(encoding="utf-8"))


def precision_recall(pairs: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Precision and recall of :func:`is_near_duplicate` on labelled pairs."""
    tp = fp = fn = total = 0
    for p in pairs:
        total += 1
        got = is_near_duplicate(signature(p["a"]["title"], p["a"]["body"]), signature(p["b"]["title"], p["b"]["body"]))
        tp += got and p["near_duplicate"]
        fp += got and not p["near_duplicate"]
        fn += (not got) and p["near_duplicate"]
    return {"precision": tp / max(1, tp + fp), "recall": tp / max(1, tp + fn), "pairs": total}


def _synthetic_signatures(n: int, rng: np.random.Generator) -> list[bytes]:
    header = np.full((n, 1), 800, dtype="<u4")
    mins = rng.integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint64).astype("<u4")
    rows = np.hstack([header, mins])
    return [row.tobytes() for row in rows]


def _fill(db: Database, size: int, vocabulary: list[str], story_terms: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    span_days = size / ARTICLES_PER_DAY
    start = END - timedelta(days=span_days)
    sigs = _synthetic_signatures(size, rng)
    offsets = np.sort(rng.uniform(0, span_days, size))
    now = datetime.now(timezone.utc)
    articles = [
        {
            "url": f"https://archive.example/{i}", "canonical_url": f"https://archive.example/{i}",
            "title": f"synthetic {i}", "body": "", "minhash": sigs[i], "relevant": True,
            "published_at": start + timedelta(days=float(offsets[i])), "first_seen_at": now,
        }
        for i in range(size)
    ]
    n_devs = max(1, size // ARTICLES_PER_DEVELOPMENT)
    dev_rows, term_rows = [], []
    df: dict[str, int] = {}
    for d in range(n_devs):
        first = start + timedelta(days=pyrng.uniform(0, span_days))
        terms = set(story_terms) | set(pyrng.sample(vocabulary, TERMS_PER_DEVELOPMENT))
        counts = {t: 1 for t in terms} | {"#members": 1, "#lang:ko": 1}
        dev_rows.append({
            "id": d + 1, "title": f"dev {d}", "summary": "", "published_first": first,
            "published_last": first + timedelta(days=pyrng.uniform(0, 3)), "article_count": 1,
            "sources": [], "seeded": False, "terms": counts, "first_seen": now, "last_seen": now,
        })
        for t in terms:
            term_rows.append((t, d + 1))
            df[t] = df.get(t, 0) + 1
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-200000")
        _bulk_insert(cur, db, Article.__table__, articles)
        _bulk_insert(cur, db, Development.__table__, dev_rows)
        cur.execute("SELECT min(id) FROM articles")
        first_id = cur.fetchone()[0]
        band_rows = sorted((band, bucket, first_id + i) for i, sig in enumerate(sigs) for band, bucket in bands(sig))
        cur.executemany("INSERT INTO neardup_bands (band, bucket, article_id) VALUES (?, ?, ?)", band_rows)
        cur.executemany("INSERT INTO development_terms (term, development_id) VALUES (?, ?)", sorted(term_rows))
        cur.executemany("INSERT INTO term_stats (term, df) VALUES (?, ?)", sorted(df.items()))
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _bulk_insert(cur: Any, db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    """executemany on the DBAPI cursor, with the columns' Python defaults and type
    conversions applied as SQLAlchemy would (the ORM path is 10x slower)."""
    dialect = db.engine.dialect
    columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True and c.name not in rows[0])]
    defaults: dict[str, Any] = {}
    for c in columns:
        if c.name not in rows[0] and c.default is not None:
            defaults[c.name] = c.default.arg(None) if c.default.is_callable else c.default.arg
    processors = {c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns}

    def convert(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for c in columns:
            value = row.get(c.name, defaults.get(c.name))
            proc = processors[c.name]
            out.append(proc(value) if proc is not None and value is not None else value)
        return tuple(out)

    names = ", ".join(c.name for c in columns)
    marks = ", ".join("?" for _ in columns)
    cur.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", [convert(r) for r in rows])


def _new_articles(labelled: dict[str, Any], seed: int) -> list[dict[str, Any]]:
    """Real texts, each made unique by a numbered sentence, dated in the archive's last weeks."""
    rng = random.Random(seed)
    bases = list(labelled["articles"].values())
    out = []
    for i in range(NEW_ARTICLES):
        base = bases[i % len(bases)]
        paragraphs = base["body"].split("\n")
        rng.shuffle(paragraphs)
        out.append({
            "title": f"{base['title']} ({i})",
            "body": f"기사 번호 {i}번. " + "\n".join(paragraphs[: max(2, len(paragraphs) - 1)]),
            "published_at": END - timedelta(days=rng.uniform(0, 30)),
        })
    return out


def _measure(db: Database, new: list[dict[str, Any]], tag: str) -> float:
    """Mean seconds per article for signature lookup, indexing and development assignment."""
    total = 0.0
    with db.session() as session:
        for i, item in enumerate(new):
            article = Article(url=f"https://new.example/{tag}/{i}", canonical_url=f"https://new.example/{tag}/{i}",
                              title=item["title"], body=item["body"], published_at=item["published_at"],
                              relevant=True)
            session.add(article)
            session.flush()
            started = time.perf_counter()
            process_article(session, article, now=END)
            total += time.perf_counter() - started
    return total / len(new)


def _signature_speed(labelled: dict[str, Any]) -> dict[str, float]:
    from datasketch import MinHash

    texts = [(a["title"], a["body"]) for a in labelled["articles"].values()]
    started = time.perf_counter()
    for title, body in texts * 10:
        signature(title, body)
    ours = (time.perf_counter() - started) / (len(texts) * 10)
    started = time.perf_counter()
    for _title, body in texts * 10:
        text = normalize(body)
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([text[i : i + 5].encode() for i in range(max(1, len(text) - 4))])
    theirs = (time.perf_counter() - started) / (len(texts) * 10)
    return {"newsmon_ms": ours * 1000, "datasketch_ms": theirs * 1000}


def run(sizes: tuple[int, ...] = (1000, 100000)) -> dict[str, Any]:
    """Per-article cost at each archive size, the 100k/1k ratio, and precision/recall."""
    labelled = _labelled()
    vocabulary = sorted({t for a in labelled["articles"].values() for t in article_terms(a["title"], a["body"], None, default_vocabulary())})
    story_terms = ["e:kt", "e:microsoft", "e:azure", "c:partnership", "w:클라", "w:우드"]
    new = _new_articles(labelled, seed=7)
    result: dict[str, Any] = {"per_article_ms": {}, "fill_seconds": {}}
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(f"sqlite:///{tmp}/bench.db")
            started = time.perf_counter()
            _fill(db, size, vocabulary, story_terms, seed=size)
            result["fill_seconds"][size] = round(time.perf_counter() - started, 1)
            _measure(db, new[:20], "warm")  # warm caches and the query planner
            result["per_article_ms"][size] = round(_measure(db, new, "timed") * 1000, 2)
            db.dispose()
    if len(sizes) >= 2:
        result["ratio"] = round(result["per_article_ms"][sizes[-1]] / result["per_article_ms"][sizes[0]], 2)
    result["labelled_pairs"] = precision_recall(labelled["pairs"])
    result["signature"] = _signature_speed(labelled)
    return result


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:]) or (1000, 100000)
    print(json.dumps(run(sizes), indent=1))
