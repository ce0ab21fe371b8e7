"""Assigning the articles frontier workers stored: in write order, by one process, once.

Workers of a run store articles concurrently (``record_article(assign=False)``),
each queued in ``pending_assignments``. Near-duplicate originals and
developments are incremental (each article is judged against those stored
before it), so the run's coordinator assigns the queue here, oldest first
as a single-process crawl writes (``newsmon.events.record.write_order``): the result
does not depend on which worker stored what first. An article and its queue
row leave together, in the transaction that assigns it, so a crash loses no
assignment and repeats none; the next run (either kind) finishes what a
crashed one left queued.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from newsmon.events.record import RecordResult, assign_pending_article, database_unavailable, write_order
from newsmon.store.models import Article, PendingAssignment

log = logging.getLogger(__name__)

#: Articles assigned per transaction: what one transaction read (document frequencies,
#: candidate developments) serves its next articles (newsmon.events.lookups.Memo).
ASSIGN_COMMIT = 100


@dataclass
class Drained:
    """What one pass over the queue did."""

    results: list[RecordResult] = field(default_factory=list)
    #: (article id, source id) of articles that could not be assigned: removed, so the next run fetches them again.
    failed: list[tuple[int, Optional[int]]] = field(default_factory=list)


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(PendingAssignment)) or 0)


def _take(session: Session, limit: int) -> list[tuple[int, Optional[int]]]:
    """The oldest-queued ``limit`` articles, in write order: (article id, source id)."""
    rows = session.execute(
        select(Article.id, Article.origin, Article.published_at, Article.url, Article.source_id)
        .join(PendingAssignment, PendingAssignment.article_id == Article.id)
        .order_by(PendingAssignment.article_id)
        .limit(limit)
    ).all()
    return [(r.id, r.source_id) for r in sorted(rows, key=write_order)]


def assign_pending(
    db: Any, *, limit: int = 500, commit_size: int = ASSIGN_COMMIT, now: Optional[datetime] = None,
    on_result: Optional[Callable[[RecordResult], None]] = None,
) -> Drained:
    """Assign up to ``limit`` queued articles, ``commit_size`` per transaction.

    If one article fails, its group is assigned again one article per
    transaction and the bad one is deleted (its source lists it in full next
    run, so it is fetched again). A database that cannot take writes raises.
    """
    now = now or datetime.now(timezone.utc)
    out = Drained()
    with db.session() as session:
        batch = _take(session, limit)
    for start in range(0, len(batch), commit_size):
        group = batch[start : start + commit_size]
        for result in _assign_group(db, [a for a, _ in group], now, out, dict(group)):
            out.results.append(result)
            if on_result is not None:
                on_result(result)
    return out


def _assign_group(db: Any, ids: list[int], now: datetime, out: Drained, sources: dict[int, Optional[int]]) -> list[RecordResult]:
    try:
        with db.session() as session:
            return _assign_in(session, ids, now)
    except Exception as exc:  # rolled back: find the bad article, keep the others
        if database_unavailable(exc):
            raise
        if len(ids) == 1:
            log.error("could not assign article %d; removed, its page is fetched again next run", ids[0], exc_info=exc)
            _remove(db, ids[0])
            out.failed.append((ids[0], sources.get(ids[0])))
            return []
    results: list[RecordResult] = []
    for article_id in ids:
        results.extend(_assign_group(db, [article_id], now, out, sources))
    return results


def _remove(db: Any, article_id: int) -> None:
    """Take an article that cannot be assigned out of the store; if copies hold on to it,
    out of the queue only (it stays, without a development)."""
    try:
        with db.session() as session:
            article = session.get(Article, article_id)
            if article is not None:
                session.delete(article)
    except Exception:  # noqa: BLE001 - e.g. copies reference it
        with db.session() as session:
            pending = session.get(PendingAssignment, article_id)
            if pending is not None:
                session.delete(pending)


def count_assigned(stats: dict[str, Any], r: RecordResult) -> None:
    """Add an assignment to the run's stats (the worker that stored it counted the article)."""
    keys = []
    if r.status == "new" and r.duplicate_of is not None and not r.identical:
        keys.append("newsmon/duplicates/near")
    if r.development_created:
        keys.append("newsmon/events/developments/new")
    for key in keys:
        stats[key] = stats.get(key, 0) + 1


def count_failed(stats: dict[str, Any], ledger: Any, done: Drained) -> None:
    """Count the articles that could not be assigned, and list their sources in full next run."""
    for _, source_id in done.failed:
        stats["newsmon/errors/store_failed"] = stats.get("newsmon/errors/store_failed", 0) + 1
        ledger.item_failed(source_id)


def _assign_in(session: Session, ids: list[int], now: datetime) -> list[RecordResult]:
    """Assign the queued articles ``ids`` in this order, and dequeue them (one transaction)."""
    queue = {p.article_id: p.event_terms for p in session.scalars(select(PendingAssignment).where(PendingAssignment.article_id.in_(ids)))}
    articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(list(queue))))} if queue else {}
    results = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:  # assigned by an earlier pass (or deleted): nothing to do
            results.append(RecordResult("unchanged", article_id=article_id))
            continue
        results.append(assign_pending_article(session, article, queue[article_id], now=now))
    if queue:
        session.execute(delete(PendingAssignment).where(PendingAssignment.article_id.in_(list(queue))))
    return results


def drain(db: Any, *, commit_size: int = ASSIGN_COMMIT, on_result: Optional[Callable[[RecordResult], None]] = None) -> Drained:
    """Assign every queued article (batches of 500, each in write order)."""
    total = Drained()
    while True:
        done = assign_pending(db, commit_size=commit_size, on_result=on_result)
        total.results += done.results
        total.failed += done.failed
        if not done.results and not done.failed:
            return total
