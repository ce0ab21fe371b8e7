"""The ``sources`` table's record of each source, written at the end of a crawl.

Health (issue 16): every crawl records, for every source it asked, whether
the source answered (``last_success_at``, ``consecutive_failures`` back to 0)
or failed (``last_error_kind``/``last_error_at``, one more consecutive
failure). ``newsmon.store.health`` reads it back. Functions take the caller's
session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmon.store.models import Source, utcnow

# ---------------------------------------------------------------- health


@dataclass(frozen=True)
class SourceOutcome:
    """How one source fared in one crawl: ``error_kind`` None means it answered."""

    url: str
    type: str
    name: Optional[str] = None
    error_kind: Optional[str] = None
    parent_id: Optional[int] = None

    @property
    def ok(self) -> bool:
        return self.error_kind is None


def record_source_outcomes(
    session: Session,
    outcomes: Iterable[SourceOutcome],
    *,
    now: Optional[datetime] = None,
    stale_days: Mapping[str, Optional[int]] = {},
) -> int:
    """Write each outcome into its ``sources`` row (added when missing); returns how many.

    ``stale_days`` maps a configured source's URL to its own staleness
    setting (absent or None: the default), stored so every reader agrees.
    """
    now = now or utcnow()
    by_url = {o.url: o for o in outcomes}
    # URL order: two crawls recording the same sources lock rows in the same order.
    for url in sorted(by_url):
        o = by_url[url]
        row = session.scalars(select(Source).where(Source.url == url)).first()
        if row is None:
            row = Source(url=url, type=o.type, name=o.name, origin="index" if o.parent_id else "config", parent_id=o.parent_id)
            session.add(row)
        row.last_fetched_at = now
        if o.ok:
            row.last_success_at = now
            row.consecutive_failures = 0
        else:
            row.last_error_kind = o.error_kind[:64] if o.error_kind else None
            row.last_error_at = now
            row.consecutive_failures = (row.consecutive_failures or 0) + 1
    for url, days in stale_days.items():
        row = session.scalars(select(Source).where(Source.url == url)).first()
        if row is not None and row.stale_days != days:
            row.stale_days = days
    session.flush()
    return len(by_url)
