"""Benchmark: the cost of storing one new article as the archive grows.

Why: every step after extraction (normalize, relevance, near-duplicate lookup,
store, development assignment) touches the archive, and a step that scans it
would make a crawl slower every week. The same real code the crawl runs is
timed per article, with 1,000 and 100,000 articles already stored; the cost at
the large size should stay within 1.5x of the small one.

Per article: the analyse job's steps after extraction (``normalize_item``,
``judge_relevance``, ``neardup.signature`` into ``item.minhash``); then one
transaction around ``archive.record_article``, which looks up near-duplicates
in the LSH band index, stores the row and its bands, and assigns a development.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from typing import Any

from newsmon.events import neardup
from newsmon.events.record import record_article
from newsmon.store.database import Database
from newsmon.topics import Topic
from pipelines.normalize import normalize_item
from pipelines.relevance import judge_relevance

from bench.archive import END, new_item

WARM_UP = 20


def _ms(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "mean_ms": round(1000 * statistics.fmean(values), 3),
        "median_ms": round(1000 * values[len(values) // 2], 3),
        "p90_ms": round(1000 * values[int(len(values) * 0.9)], 3),
    }


def measure(db: Database, topics: list[Topic], n_new: int = 300, seed: int = 11) -> dict[str, Any]:
    """Store ``n_new`` new articles one transaction each; per-step timings in ms."""
    rng = random.Random(seed)
    steps: dict[str, list[float]] = {"normalize": [], "relevance": [], "signature": [], "record_article": [], "total": []}
    outcomes: dict[str, int] = {}
    # A relevant article also gets a development (most of the cost): kept apart
    # so a change in the share of relevant articles is not read as a slowdown.
    by_relevance: dict[str, list[float]] = {"relevant": [], "irrelevant": []}
    base = 9_000_000 + seed * 10_000
    for n in range(WARM_UP + n_new):
        published = END - timedelta(days=30) + timedelta(minutes=rng.randint(0, 30 * 24 * 60))
        item = new_item(rng, base + n, published)
        t0 = time.perf_counter()
        normalize_item(item)
        t1 = time.perf_counter()
        judge_relevance(item, topics)
        t2 = time.perf_counter()
        item.minhash = neardup.signature(item.title, item.body)
        t3 = time.perf_counter()
        with db.session() as session:
            result = record_article(session, item)
        t4 = time.perf_counter()
        if n < WARM_UP:
            continue
        steps["normalize"].append(t1 - t0)
        steps["relevance"].append(t2 - t1)
        steps["signature"].append(t3 - t2)
        steps["record_article"].append(t4 - t3)
        steps["total"].append(t4 - t0)
        by_relevance["relevant" if result.relevant else "irrelevant"].append(t4 - t3)
        key = result.status + ("/relevant" if result.relevant else "") + ("/new_development" if result.development_created else "")
        outcomes[key] = outcomes.get(key, 0) + 1
    lookups = _lookup_only(db, rng)
    return {"articles": n_new, "steps": {k: _ms(v) for k, v in steps.items()}, "outcomes": outcomes,
            "record_article_by_relevance": {k: _ms(v) for k, v in by_relevance.items() if v},
            "neardup_lookup": lookups}


def _lookup_only(db: Database, rng: random.Random, n: int = 200) -> dict[str, float]:
    """The near-duplicate lookup alone (read-only), on signatures of fresh texts."""
    sigs = [neardup.signature(*(lambda it: (it.title, it.body))(new_item(rng, 8_000_000 + i, END))) for i in range(n)]
    times = []
    with db.session() as session:
        for sig in sigs:
            t0 = time.perf_counter()
            neardup.find_original(session, sig)
            times.append(time.perf_counter() - t0)
    return _ms(times)
