"""The ``sources`` table: the places a crawl looks, what each last answered, and its health.

A crawl syncs the configured sources into rows before it starts and, when it
ends, saves what each answered (ETag, Last-Modified, status, error) so the
next run can ask conditionally.

Health (issue 16): every crawl records, for every source it asked, whether
the source answered (``last_success_at``, ``consecutive_failures`` back to 0)
or failed (``last_error_kind``/``last_error_at``, one more consecutive
failure). ``newsmon.store.health`` reads it back. Functions take the caller's
session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping, Optional, Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
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


# ---------------------------------------------------------------- sync and validators

#: The columns ``save_validators`` may write.
VALIDATOR_FIELDS = ("etag", "last_modified", "last_status", "last_error", "last_fetched_at")


class AnsweredSource(Protocol):
    """What ``save_validators`` needs to know of a source (``newsmon.crawl.plan.PlannedSource`` fits)."""

    id: Optional[int]
    type: str
    url: str
    name: Optional[str]
    parent_id: Optional[int]


def source_row(session: Session, url: str, values: dict) -> Source:
    """The ``sources`` row for ``url``, inserted if missing (safe when another process inserts it too)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(Source).values(url=url, **values).on_conflict_do_nothing(index_elements=["url"]))
    return session.scalars(select(Source).where(Source.url == url)).one()


def sync_sources(session: Session, wanted: Iterable[tuple[str, str, Optional[str], str]]) -> list[Source]:
    """Make sure a ``sources`` row exists for each (type, url, name, origin); return them in order.

    Rows are touched in URL order and only when they change, so crawls
    syncing the same sources at once neither collide nor deadlock.
    """
    unique: dict[str, tuple[str, Optional[str], str]] = {}
    for stype, url, name, origin in wanted:
        unique.setdefault(url, (stype, name, origin))
    by_url: dict[str, Source] = {}
    for url in sorted(unique):
        stype, name, origin = unique[url]
        row = source_row(session, url, {"type": stype, "name": name, "origin": origin})
        if row.type != stype or (name and row.name != name):
            row.type, row.name = stype, name or row.name
        by_url[url] = row
    session.flush()
    return [by_url[url] for url in unique]


def child_sitemaps(session: Session, parent_ids: list[int]) -> list[Source]:
    """The sitemaps last seen in the given sitemap indexes, oldest row first."""
    if not parent_ids:
        return []
    return list(session.scalars(select(Source).where(Source.parent_id.in_(parent_ids)).order_by(Source.id)))


def save_validators(session: Session, answers: Iterable[tuple[AnsweredSource, dict]]) -> None:
    """Store what each source answered (keys from VALIDATOR_FIELDS) for the next run.

    Sitemaps first met in an index get their own row (origin ``index``).
    """
    # URL order: two crawls saving the same sources lock their rows in the same order.
    for source, values in sorted(answers, key=lambda sv: sv[0].url):
        row = session.get(Source, source.id) if source.id is not None else None
        if row is None:
            row = source_row(
                session,
                source.url,
                {"type": source.type, "name": source.name, "origin": "index", "parent_id": source.parent_id},
            )
        for key in VALIDATOR_FIELDS:
            if key in values:
                setattr(row, key, values[key])
