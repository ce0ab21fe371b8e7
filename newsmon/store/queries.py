"""Reading the archive: the queries behind ``newsmon articles`` and ``newsmon developments``.

``--contains`` matches like ``LIKE '%term%'`` on the title or the body (ASCII
case-insensitive) and uses the full-text index (SQLite FTS5 trigram,
PostgreSQL pg_trgm) where it helps, so it stays fast on a large archive;
terms shorter than three characters cannot use a trigram index and are
matched by walking the archive newest first.
"""

from __future__ import annotations

import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, Select, Text, and_, column, func, or_, select, table
from sqlalchemy.orm import Session, load_only
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from newsmon.store.models import Article, Development

_RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.I)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class QueryError(ValueError):
    """A filter value that cannot be understood (one line for the user)."""


def parse_when(
    value: str, *, now: Optional[datetime] = None, tz: str = "Asia/Seoul", end_of_day: bool = False
) -> datetime:
    """``30m``/``12h``/``7d``/``2w`` (minutes, hours, days, weeks) before now, or an ISO date/time.

    A naive date/time is in ``tz``. ``end_of_day`` (for ``--until``) makes a
    bare date mean the last moment of that day, so the day is included.
    """
    now = now or datetime.now(timezone.utc)
    m = _RELATIVE.match(value)
    if m:
        return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(
            f"not a date or duration: {value!r} (use e.g. 2024-09-29, 2024-09-29T15:00, 30m, 12h, 7d, 2w)"
        ) from None
    if end_of_day and _DATE_ONLY.match(value.strip()):
        parsed = parsed + timedelta(days=1) - timedelta(microseconds=1)
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


#: The FTS5 table of migration 0002 (its hidden column of the same name takes MATCH).
_FTS = table("articles_fts", column("rowid"), column("articles_fts"))
#: PostgreSQL: each article's ``title || ' ' || body`` under the trigram index (migration 0009).
_SEARCH = table("article_search", column("article_id", Integer), column("doc", Text))
#: SQLite: up to this many full-text matches, read them all and sort them by date.
_FEW_MATCHES = 300
#: SQLite: up to this many, walk the date index newest first keeping the ids in
#: the match set (a non-match costs an index entry, not a row). Beyond it a word
#: is so common that the newest matches are near the top: walk testing LIKE.
_SOME_MATCHES = 10_000
#: PostgreSQL: when the newest this many articles (after the other filters)
#: hold a page of matches, the walk stops among them: no need to count.
_PG_RECENT = 500
#: PostgreSQL: up to this many rows handed over by the trigram index, read
#: them and sort the matches; beyond, walk the date index testing LIKE. The
#: index is lossy, so each candidate costs reading its body (~10 us), as each
#: row walked does (~5 us): at 100,000 articles the two balance near 1,000.
_PG_FEW_MATCHES = 1000


def _unindexed(session: Session, expr: Any) -> Any:
    """``+expr`` on SQLite: the same value, but no index may drive the plan with it.

    SQLite keeps no statistics unless ANALYZE runs, and without them it takes
    any indexed equality (``relevant IS 1``: a third of the archive) for a
    selective one, sorting thousands of rows instead of walking the date index.
    """
    if session.get_bind().dialect.name != "sqlite":
        return expr
    return UnaryExpression(expr, operator=operators.custom_op("+"), type_=expr.type)


@contextmanager
def _pg_plan(session: Session, **settings: str) -> Iterator[None]:
    """Run the statements inside with these planner settings (PostgreSQL; elsewhere a no-op).

    PostgreSQL keeps no statistics on values over 1 KB, so for a pattern in
    article text it guesses ~10 rows: it would recheck every match of a common
    word (a second for 60,000). SET LOCAL inside a savepoint that is rolled
    back, so the settings end here, not at the caller's commit.
    """
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    savepoint = session.begin_nested()
    try:
        session.execute(select(*(func.set_config(name, value, True) for name, value in settings.items())))
        yield
    finally:
        savepoint.rollback()


def _text_like(session: Session, term: str, *columns: Any) -> ColumnElement[bool]:
    """``term`` anywhere in one of ``columns`` (default: title, body), ASCII case-insensitive: the exact test."""
    dialect = session.get_bind().dialect.name
    pattern = f"%{_like_escape(term)}%"
    # SQLite's LIKE ignores ASCII case by itself (ilike would add lower() per
    # row); on PostgreSQL a term without cased letters (Korean) matches the
    # same under LIKE, at a third of the cost of ILIKE's lower() of every row.
    plain = dialect == "sqlite" or (dialect == "postgresql" and term.lower() == term.upper())
    return or_(*(
        c.like(pattern, escape="\\") if plain else c.ilike(pattern, escape="\\")
        for c in columns or (Article.title, Article.body)
    ))


def contains_clause(
    session: Session, term: str, *, within: tuple[Any, ...] = (), page: Optional[int] = None
) -> ColumnElement[bool]:
    """A WHERE clause matching ``term`` anywhere in title or body, through the index when it helps.

    The plan follows how many articles the trigram index matches: the newest
    50 of a few are found by sorting them all, of many by walking the date
    index newest first, where the 50th match comes soon (``find_articles``
    makes PostgreSQL walk). SQLite counts its FTS5 matches only up to a cap, and
    in between walks the date index testing ids against the match set. LIKE
    decides in every case: FTS5 also folds non-ASCII case, pg_trgm only narrows.
    ``within`` (the other filters) and ``page`` (the limit) let PostgreSQL skip
    counting a word of which the newest articles already hold a page.
    """
    exact = _text_like(session, term)
    if len(term) < 3:
        return exact
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        matches = select(_FTS.c.rowid).where(_FTS.c.articles_fts.match('"' + term.replace('"', '""') + '"'))
        found = session.scalar(select(func.count()).select_from(matches.limit(_SOME_MATCHES + 1).subquery())) or 0
        if found <= _FEW_MATCHES:
            return and_(Article.id.in_(matches), exact)
        if found <= _SOME_MATCHES:
            return and_(_unindexed(session, Article.id).in_(matches), exact)
        return exact
    if dialect == "postgresql":
        if page and _pg_newest_hold(session, term, within, page):
            return exact
        found = select(_SEARCH.c.article_id).where(_text_like(session, term, _SEARCH.c.doc))
        with _pg_plan(session, enable_seqscan="off", enable_indexscan="off"):  # through the index
            if not 0 <= _pg_candidates(session, found) <= _PG_FEW_MATCHES:
                return exact
            ids = Article.id.in_(session.scalars(found).all())
        # The index is on title || ' ' || body; a term with a space could match across the joint.
        return and_(ids, exact) if " " in term else ids
    return exact


def _pg_newest_hold(session: Session, term: str, within: tuple[Any, ...], page: int) -> bool:
    """Whether the newest ``_PG_RECENT`` articles passing ``within`` hold ``page`` matches of ``term``.

    Then walking the date index finds the page among them, and a common word
    is spared the count below (building the index bitmap of 60,000 matches).
    """
    newest = select(Article.title, Article.body).where(*within).order_by(Article.sort_at.desc(), Article.id.desc())
    newest = newest.limit(_PG_RECENT).subquery()
    hits = select(newest.c.title).where(_text_like(session, term, newest.c.title, newest.c.body)).limit(page)
    return session.scalar(select(func.count()).select_from(hits.subquery())) == page


def _pg_candidates(session: Session, query: Select) -> int:
    """How many rows PostgreSQL's bitmap index scan hands over for ``query`` (at least its matches).

    From EXPLAIN ANALYZE of a one-row query: the bitmap is built and counted
    in full, while the rows (whose bodies the lossy trigram index makes it
    read) are read only up to the first match. -1 if no bitmap scan ran
    (the index is missing): the caller walks.
    """
    compiled = query.limit(1).compile(session.get_bind())
    (plan,) = session.connection().exec_driver_sql(
        "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + str(compiled), compiled.params
    ).scalar()
    nodes = [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        if node["Node Type"] == "Bitmap Index Scan":
            return int(node["Actual Rows"])
        nodes.extend(node.get("Plans", []))
    return -1


def check_text_filter(option: str, value: Optional[str]) -> None:
    """Refuse a NUL character in a text filter: PostgreSQL cannot hold one in a
    string and SQLite's full-text index stops reading at it, so no article can
    match and the query would only fail further down."""
    if value is not None and "\x00" in value:
        raise QueryError(f"{option} must not contain a NUL character")


def articles_query(session: Session, f: ArticleFilter) -> Select:
    check_text_filter("--source", f.source)
    check_text_filter("--contains", f.contains)
    filters: list[Any] = []
    if not f.include_irrelevant:
        filters.append(_unindexed(session, Article.relevant).is_(True))
    if f.since is not None:
        filters.append(Article.sort_at >= f.since)
    if f.until is not None:
        filters.append(Article.sort_at <= f.until)
    if f.source:
        filters.append(Article.source.ilike(f"%{_like_escape(f.source)}%", escape="\\"))
    if f.development_id is not None:
        filters.append(Article.development_id == f.development_id)
    if f.contains:
        filters.append(contains_clause(session, f.contains, within=tuple(filters), page=f.limit))
    stmt = select(Article).options(load_only(*(getattr(Article, name) for name in ARTICLE_FIELDS)))
    stmt = stmt.where(*filters).order_by(Article.sort_at.desc(), Article.id.desc())
    return stmt.limit(f.limit) if f.limit else stmt


#: The JSON fields of an article (stable names; later fields only get added).
#: A listing loads only these: body and signature would be most of the bytes.
ARTICLE_FIELDS = (
    "id", "url", "canonical_url", "title", "published_at", "published_raw", "modified_at", "source",
    "authors", "language", "origin", "relevant", "topics", "relevance", "duplicate_of", "development_id",
    "first_seen_at",
)


def article_dict(a: Article) -> dict[str, Any]:
    """The JSON shape of an article."""
    d = {name: getattr(a, name) for name in ARTICLE_FIELDS}
    d.update(authors=list(a.authors or []), relevant=bool(a.relevant), topics=list(a.topics or []))
    return d


def find_articles(session: Session, f: ArticleFilter) -> list[dict[str, Any]]:
    stmt = articles_query(session, f)
    # A text filter on PostgreSQL: by the ids found, or walking the date index (see contains_clause).
    with _pg_plan(session, enable_seqscan="off", enable_bitmapscan="off") if f.contains else nullcontext():
        return [article_dict(a) for a in session.scalars(stmt)]


def find_developments(
    session: Session,
    *,
    new_only: bool = False,
    since: Optional[datetime] = None,
    limit: Optional[int] = 50,
) -> list[dict[str, Any]]:
    """Developments, most recently active first, with their article ids (merged ones left out)."""
    stmt = select(Development).where(Development.merged_into.is_(None))
    if new_only:
        stmt = stmt.where(Development.seeded.is_(False), Development.announced_at.is_(None))
    if since is not None:
        # The date a development is shown with: its first article's publication, else when first seen.
        stmt = stmt.where(func.coalesce(Development.published_first, Development.first_seen) >= since)
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
