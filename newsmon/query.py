"""Reading the archive: the queries behind ``newsmon articles`` and ``newsmon developments``.

``--contains`` uses the full-text index (SQLite FTS5 trigram, PostgreSQL
pg_trgm), so it stays fast on a large archive; terms shorter than three
characters cannot use a trigram index and fall back to a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select, text
from sqlalchemy.orm import Session

from newsmon.models import Article, Development

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class QueryError(ValueError):
    """A filter value that cannot be understood (one line for the user)."""


def parse_when(value: str, *, now: Optional[datetime] = None, tz: str = "Asia/Seoul") -> datetime:
    """``7d``/``12h``/``2w``/``30m`` before now, or an ISO date/time (local to ``tz`` if naive)."""
    now = now or datetime.now(timezone.utc)
    m = _RELATIVE.match(value)
    if m:
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"not a date or duration: {value!r} (use e.g. 2024-09-29, 2024-09-29T15:00, 7d, 12h)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(tz))


@dataclass(frozen=True)
class ArticleFilter:
    since: Optional[datetime] = None
    until: Optional[datetime] = None
    source: Optional[str] = None
    contains: Optional[str] = None
    development_id: Optional[int] = None
    include_irrelevant: bool = False
    limit: Optional[int] = 50


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_clause(session: Session, term: str) -> Any:
    """A WHERE clause matching ``term`` anywhere in title or body, through the index when it can."""
    dialect = session.get_bind().dialect.name
    pattern = f"%{_like_escape(term)}%"
    if dialect == "sqlite" and len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        return Article.id.in_(
            select(text("rowid")).select_from(text("articles_fts")).where(text("articles_fts MATCH :q")).params(q=phrase)
        )
    if dialect == "postgresql":
        return (Article.title + " " + Article.body).ilike(pattern, escape="\\")
    return or_(Article.title.ilike(pattern, escape="\\"), Article.body.ilike(pattern, escape="\\"))


def articles_query(session: Session, f: ArticleFilter) -> Select:
    stmt = select(Article)
    if not f.include_irrelevant:
        stmt = stmt.where(Article.relevant.is_(True))
    if f.since is not None:
        stmt = stmt.where(Article.sort_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(Article.sort_at <= f.until)
    if f.source:
        stmt = stmt.where(Article.source.ilike(f"%{_like_escape(f.source)}%", escape="\\"))
    if f.development_id is not None:
        stmt = stmt.where(Article.development_id == f.development_id)
    if f.contains:
        stmt = stmt.where(contains_clause(session, f.contains))
    stmt = stmt.order_by(Article.sort_at.desc(), Article.id.desc())
    if f.limit:
        stmt = stmt.limit(f.limit)
    return stmt


def article_dict(a: Article) -> dict[str, Any]:
    """The JSON shape of an article (stable names; later fields only get added)."""
    return {
        "id": a.id,
        "url": a.url,
        "canonical_url": a.canonical_url,
        "title": a.title,
        "published_at": a.published_at,
        "published_raw": a.published_raw,
        "modified_at": a.modified_at,
        "source": a.source,
        "authors": list(a.authors or []),
        "language": a.language,
        "origin": a.origin,
        "relevant": bool(a.relevant),
        "topics": list(a.topics or []),
        "relevance": a.relevance,
        "duplicate_of": a.duplicate_of,
        "development_id": a.development_id,
        "first_seen_at": a.first_seen_at,
    }


def find_articles(session: Session, f: ArticleFilter) -> list[dict[str, Any]]:
    return [article_dict(a) for a in session.scalars(articles_query(session, f))]


def find_developments(
    session: Session,
    *,
    new_only: bool = False,
    since: Optional[datetime] = None,
    limit: Optional[int] = 50,
) -> list[dict[str, Any]]:
    """Developments, most recently active first, with their article ids."""
    stmt = select(Development)
    if new_only:
        stmt = stmt.where(Development.seeded.is_(False), Development.announced_at.is_(None))
    if since is not None:
        stmt = stmt.where(Development.first_seen >= since)
    stmt = stmt.order_by(Development.last_seen.desc(), Development.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    devs = list(session.scalars(stmt))
    ids: dict[int, list[int]] = {d.id: [] for d in devs}
    if ids:
        for dev_id, art_id in session.execute(
            select(Article.development_id, Article.id)
            .where(Article.development_id.in_(list(ids)))
            .order_by(Article.id)
        ):
            ids[dev_id].append(art_id)
    return [
        {
            "id": d.id,
            "title": d.title,
            "summary": d.summary,
            "first_seen": d.first_seen,
            "last_seen": d.last_seen,
            "published_first": d.published_first,
            "article_count": d.article_count,
            "sources": list(d.sources or []),
            "seeded": bool(d.seeded),
            "announced_at": d.announced_at,
            "article_ids": ids[d.id],
        }
        for d in devs
    ]
