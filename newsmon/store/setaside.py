"""Pages set aside: a page that broke the analysis worker twice is not fetched again
until its source says it changed (a new feed ``updated`` / sitemap ``lastmod``).

Otherwise the same page would break every run. Functions take the caller's
session; the caller owns the transaction.
"""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsmon.store.models import SetAsidePage, utcnow


def set_aside(
    session: Session, urls: Iterable[str], *, source_lastmod: Optional[str], reason: str, run_id: Optional[int]
) -> None:
    """Record ``urls`` (as listed, and after redirects) as set aside by run ``run_id``."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for url in sorted(set(urls)):
        values = {"source_lastmod": source_lastmod, "reason": reason, "run_id": run_id, "set_aside_at": utcnow()}
        stmt = insert(SetAsidePage).values(url=url, **values)
        session.execute(stmt.on_conflict_do_update(index_elements=["url"], set_=values))


def set_aside_pages(session: Session) -> dict[str, Optional[str]]:
    """Every set-aside URL -> the source lastmod it was set aside under."""
    return dict(session.execute(select(SetAsidePage.url, SetAsidePage.source_lastmod)).all())


def set_aside_in_run(session: Session, run_id: int) -> list[str]:
    """The URLs run ``run_id`` set aside, in URL order."""
    return list(session.scalars(select(SetAsidePage.url).where(SetAsidePage.run_id == run_id).order_by(SetAsidePage.url)))
