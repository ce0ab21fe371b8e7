"""The record of crawl cycles: what ran, when, how it ended, what it found.

Unattended runs (cron, timer, the scheduler daemon) are only trustworthy if
someone can ask afterwards "did the last one work, and when did one last
work?". Every cycle writes one ``runs`` row when it starts and fills it in when
it ends; a row still ``running`` after its process died is marked
``interrupted`` by the next crawl. Functions take the caller's session (the
caller owns the transaction). Messages are scrubbed of passwords before they
are stored, because ``newsmon runs`` prints them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsmon.store.models import Alert, Article, Development, PendingAssignment, Run, utcnow
from newsmon.store.schedule_state import next_scheduled_run

RUNNING = "running"
OK = "ok"
DEGRADED = "degraded"  # some sources failed, the others answered
FAILED = "failed"
INTERRUPTED = "interrupted"
TIMEOUT = "timeout"
SKIPPED = "skipped"  # another crawl held the lock
FINISHED_STATUSES = (OK, DEGRADED, FAILED, INTERRUPTED, TIMEOUT, SKIPPED)

# The Run columns a finished cycle reports; finish_run's ``counts`` keys.
COUNT_FIELDS = (
    "pages_fetched",
    "articles_new",
    "articles_updated",
    "articles_duplicate",
    "articles_irrelevant",
    "developments_new",
    "alerts_sent",
)

MAX_MESSAGE_CHARS = 4000

def scrub(message: str) -> str:
    """``message`` with every known secret and password field masked, cut to a storable length."""
    from newsmon.redact import mask

    cleaned = mask(message)
    if len(cleaned) > MAX_MESSAGE_CHARS:
        cleaned = cleaned[: MAX_MESSAGE_CHARS - 1] + "…"
    return cleaned


def start_run(session: Session, *, trigger: str, pid: Optional[int]) -> Run:
    """Insert a ``running`` row for a cycle that starts now and return it (flushed, so it has an id)."""
    run = Run(trigger=trigger, pid=pid, status=RUNNING, started_at=utcnow(), errors={})
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session,
    run: Run,
    *,
    status: str,
    counts: dict[str, int],
    errors: dict[str, int],
    message: Optional[str] = None,
) -> Run:
    """Fill in how the cycle ended: status, counts (keys from COUNT_FIELDS), error kinds -> counts."""
    if status not in FINISHED_STATUSES:
        raise ValueError(f"unknown run status {status!r} (allowed: {', '.join(FINISHED_STATUSES)})")
    unknown = set(counts) - set(COUNT_FIELDS)
    if unknown:
        raise ValueError(f"unknown run counts {sorted(unknown)} (allowed: {', '.join(COUNT_FIELDS)})")
    run = session.merge(run)
    for name, value in counts.items():
        setattr(run, name, int(value))
    run.errors = {str(kind): int(n) for kind, n in errors.items()}
    run.status = status
    run.finished_at = utcnow()
    run.message = scrub(message) if message else None
    session.flush()
    return run


def mark_interrupted(session: Session, *, exclude_run_id: Optional[int] = None) -> int:
    """Mark rows left ``running`` as ``interrupted``; returns how many.

    Call it while holding the crawl lock (newsmon.schedule.locks.crawl_lock): then no
    other live process can own a ``running`` row, so any such row belongs to
    a process that died. ``exclude_run_id`` spares the caller's own row.
    """
    query = select(Run).where(Run.status == RUNNING)
    if exclude_run_id is not None:
        query = query.where(Run.id != exclude_run_id)
    stale = list(session.scalars(query))
    now = utcnow()
    for run in stale:
        run.status = INTERRUPTED
        run.finished_at = now
        run.message = run.message or "the process ended before finishing this run"
    session.flush()
    return len(stale)


def list_runs(session: Session, limit: Optional[int] = 20) -> list[Run]:
    """The newest ``limit`` runs (None: all), newest first."""
    query = select(Run).order_by(Run.started_at.desc(), Run.id.desc())
    return list(session.scalars(query.limit(limit) if limit else query))


#: Runs whose articles were fetched and stored: every source answered, or some did.
SUCCESSFUL = (OK, DEGRADED)


def last_successful(session: Session) -> Optional[Run]:
    """The newest run that ended ``ok`` or ``degraded`` (some sources answered and were stored), if any."""
    return session.scalars(
        select(Run).where(Run.status.in_(SUCCESSFUL)).order_by(Run.started_at.desc(), Run.id.desc()).limit(1)
    ).first()


def _iso(value: Optional[datetime]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def run_to_dict(run: Run) -> dict[str, Any]:
    """A run as plain JSON-ready values."""
    return {
        "id": run.id,
        "status": run.status,
        "trigger": run.trigger,
        "pid": run.pid,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        **{name: getattr(run, name) for name in COUNT_FIELDS},
        "errors": dict(run.errors or {}),
        "message": run.message,
        "workers": run.workers,
    }


def status_report(session: Session) -> dict[str, Any]:
    """The health summary behind ``newsmon status`` (JSON-ready values)."""
    ok_run = last_successful(session)
    latest = list_runs(session, 1)
    last = latest[0] if latest else None
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    relevant = session.scalar(select(func.count()).select_from(Article).where(Article.relevant.is_(True))) or 0
    return {
        "last_success": None
        if ok_run is None
        else {
            "id": ok_run.id,
            "status": ok_run.status,
            "started_at": _iso(ok_run.started_at),
            "finished_at": _iso(ok_run.finished_at),
            "message": ok_run.message,
        },
        "last_run": None
        if last is None
        else {
            "id": last.id,
            "status": last.status,
            "trigger": last.trigger,
            "started_at": _iso(last.started_at),
            "finished_at": _iso(last.finished_at),
            "message": last.message,
        },
        "pending_alerts": session.scalar(select(func.count()).select_from(Alert).where(Alert.status == "pending"))
        or 0,
        "articles": articles,
        "articles_relevant": relevant,
        "developments": session.scalar(select(func.count()).select_from(Development)) or 0,
        # Stored by frontier workers, not yet given a development (the coordinator, or the next run, does).
        "articles_unassigned": session.scalar(select(func.count()).select_from(PendingAssignment)) or 0,
        "next_scheduled_run": _iso(next_scheduled_run(session)),
    }
