"""The scheduler daemon's state in the newsmon database: last and next run time.

The daemon keeps its job in memory; only these two times survive a restart
(so a restart after downtime makes one catch-up run), in plain columns of
newsmon's own ``schedule_state`` table. Nothing here is unpickled or
executed: a row that cannot be read counts as no row, and the daemon writes
a fresh one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from newsmon.store.models import ScheduleState, utcnow

#: The daemon's one job (``newsmon status`` reports its next run).
JOB_ID = "newsmon-crawl"
TABLE = ScheduleState.__tablename__

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SavedSchedule:
    last_run_at: Optional[datetime]
    next_run_at: Optional[datetime]


def load_schedule(session: Session, job_id: str = JOB_ID) -> Optional[SavedSchedule]:
    """The saved times, or None when there are none or they cannot be read (garbage)."""
    try:
        row = session.get(ScheduleState, job_id)
        if row is None:
            return None
        saved = SavedSchedule(row.last_run_at, row.next_run_at)
    except (ValueError, TypeError, OverflowError, sa_exc.StatementError) as exc:
        log.warning("the saved schedule state cannot be read (%s); starting the schedule afresh", type(exc).__name__)
        return None
    if not all(t is None or isinstance(t, datetime) for t in (saved.last_run_at, saved.next_run_at)):
        return None
    return saved


def save_schedule(
    session: Session, *, next_run_at: Optional[datetime], last_run_at: Optional[datetime] = None, job_id: str = JOB_ID
) -> None:
    """Write the times (``last_run_at`` None keeps the stored one); replaces an unreadable row."""
    try:
        row = session.get(ScheduleState, job_id)
    except (ValueError, TypeError, OverflowError, sa_exc.StatementError):
        row = None
    if row is None:
        session.execute(ScheduleState.__table__.delete().where(ScheduleState.job_id == job_id))
        row = ScheduleState(job_id=job_id)
        session.add(row)
    row.next_run_at = next_run_at
    if last_run_at is not None:
        row.last_run_at = last_run_at
    row.updated_at = utcnow()


def next_scheduled_run(session: Session, job_id: str = JOB_ID) -> Optional[datetime]:
    """When the scheduler daemon's job fires next, if a daemon has saved it."""
    saved = load_schedule(session, job_id)
    return saved.next_run_at if saved is not None else None
