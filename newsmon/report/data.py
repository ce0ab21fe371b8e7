"""What the report shows, read from the store in a few queries (read-only).

Everything the templates, the plots and the Atom feed need is gathered here
into plain frozen dataclasses, so rendering never touches the database and
the same numbers appear on every page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Optional, Sequence
from urllib.parse import urlsplit

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from newsmon.alerts.digest import DISPLAY_TZ, format_when, one_line, safe_link
from newsmon.store.health import source_health
from newsmon.store.models import Article, Development


REPORT_TZ = ZoneInfo(DISPLAY_TZ)  # the times readers see (Korea); format_when uses the same zone


@dataclass(frozen=True)
class ArticleView:
    """One article as a development page lists it; ``copies`` are its near/exact duplicates."""

    id: int
    title: str
    url: Optional[str]  # http(s) only, else None
    outlet: str
    published: str  # as readers see it (Seoul time), or ""
    language: str
    origin: str
    copies: tuple["ArticleView", ...] = ()


@dataclass(frozen=True)
class DevelopmentView:
    """A development with everything its page, its index row and its feed entry show."""

    id: int
    title: str
    summary: str
    seeded: bool
    happened_at: Optional[datetime]  # earliest article (printed date, else first seen)
    first_seen: datetime  # when newsmon first stored one of its articles
    last_seen: datetime  # ... and the latest one: the feed's ``updated``
    article_count: int  # every article, copies included
    original_count: int
    outlets: tuple[str, ...]
    articles: tuple[ArticleView, ...]  # originals, oldest first, copies folded under them
    per_day: dict[date, int] = field(default_factory=dict)  # articles per day (Seoul), copies included
    original_url: Optional[str] = None  # the first original article's link

    @property
    def page(self) -> str:
        """The development's page, relative to the report folder."""
        return f"developments/{self.id}.html"

    @property
    def date_label(self) -> str:
        return self.happened_at.astimezone(REPORT_TZ).strftime("%Y-%m-%d") if self.happened_at else "date unknown"

    @property
    def when(self) -> str:
        return format_when(self.happened_at)


@dataclass(frozen=True)
class SeedView:
    title: str
    url: Optional[str]
    outlet: str
    published: str


@dataclass(frozen=True)
class SourceView:
    """One source's health row, as ``newsmon sources`` shows it (from ``store.health``)."""

    name: str
    url: str
    type: str
    status: str  # ok | failing | stale | failing, stale | never fetched
    reason: str
    last_fetch: str
    last_success: str
    last_error: str
    failures: int
    articles_7d: int
    articles_30d: int
    child: bool  # a sitemap found in a sitemap index (listed under it)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class ReportData:
    generated_at: datetime
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, description, entity names)
    seeds: tuple[SeedView, ...]
    developments: tuple[DevelopmentView, ...]  # newest first
    sources: tuple[SourceView, ...] = ()

    @property
    def article_total(self) -> int:
        return sum(d.article_count for d in self.developments)


def _day(moment: datetime) -> date:
    return moment.astimezone(REPORT_TZ).date()


def _when(a: Article) -> datetime:
    """When an article appeared: its printed date, else when newsmon first saw it."""
    return a.published_at or a.first_seen_at


def _outlet(a: Article) -> str:
    return one_line(a.source) or (urlsplit(a.url).hostname or "") or "unknown outlet"


def _view(a: Article, copies: Sequence[Article] = ()) -> ArticleView:
    return ArticleView(
        id=a.id,
        title=one_line(a.title) or "(untitled)",
        url=safe_link(a.url) or safe_link(a.canonical_url),
        outlet=_outlet(a),
        published=format_when(a.published_at, short=True) if a.published_at else "",
        language=a.language or "",
        origin=a.origin or "crawl",
        copies=tuple(_view(c) for c in sorted(copies, key=lambda c: (_when(c), c.id))),
    )


_ARTICLE_COLUMNS = (
    Article.id, Article.url, Article.canonical_url, Article.title, Article.source, Article.published_at,
    Article.first_seen_at, Article.language, Article.origin, Article.duplicate_of, Article.development_id,
)


def load_developments(session: Session, ids: Optional[Sequence[int]] = None) -> list[DevelopmentView]:
    """Developments with their articles (all of them, or ``ids``), newest first."""
    # Not ``terms``: the clustering vectors are most of a development's bytes.
    stmt = select(Development).options(
        load_only(Development.id, Development.title, Development.summary, Development.seeded)
    ).where(Development.merged_into.is_(None))  # a merged one lives on in the development it joined
    if ids is not None:
        stmt = stmt.where(Development.id.in_(list(ids)))
    devs = list(session.scalars(stmt))
    if not devs:
        return []
    members: dict[int, list[Article]] = defaultdict(list)
    arts = select(Article).options(load_only(*_ARTICLE_COLUMNS)).where(
        Article.development_id.in_([d.id for d in devs])
    )
    for a in session.scalars(arts):
        members[a.development_id or 0].append(a)
    views = [v for v in (_development_view(d, members.get(d.id, [])) for d in devs) if v is not None]
    views.sort(key=lambda v: (v.happened_at or datetime.min.replace(tzinfo=timezone.utc), v.id), reverse=True)
    return views


def _development_view(dev: Development, articles: list[Article]) -> Optional[DevelopmentView]:
    if not articles:
        return None
    ids = {a.id for a in articles}
    copies: dict[int, list[Article]] = defaultdict(list)
    originals: list[Article] = []
    for a in articles:
        if a.duplicate_of is not None and a.duplicate_of in ids:
            copies[a.duplicate_of].append(a)
        else:
            originals.append(a)
    originals.sort(key=lambda a: (_when(a), a.id))
    views = tuple(_view(a, copies.get(a.id, ())) for a in originals)
    outlets = dict.fromkeys(_outlet(a) for a in sorted(articles, key=lambda a: (_when(a), a.id)))
    # Only printed dates place coverage in time: an undated article counts on
    # the development's first printed day, not on the day newsmon read it.
    dated = [a.published_at for a in articles if a.published_at is not None]
    anchor = min(dated) if dated else None
    per_day = Counter(_day(a.published_at or anchor or a.first_seen_at) for a in articles)
    title = one_line(dev.title) or views[0].title
    return DevelopmentView(
        id=dev.id,
        title=title,
        summary=one_line(dev.summary),
        seeded=bool(dev.seeded),
        happened_at=anchor or min(a.first_seen_at for a in articles),
        first_seen=min(a.first_seen_at for a in articles),
        last_seen=max(a.first_seen_at for a in articles),
        article_count=len(articles),
        original_count=len(originals),
        outlets=tuple(outlets),
        articles=views,
        per_day=dict(sorted(per_day.items())),
        original_url=next((v.url for v in views if v.url), None),
    )


def load_seeds(session: Session) -> list[SeedView]:
    """The seed documents the watch started from (stored as articles of origin ``seed``)."""
    stmt = select(Article).options(load_only(*_ARTICLE_COLUMNS)).where(Article.origin == "seed").order_by(Article.id)
    return [
        SeedView(
            title=one_line(a.title) or "(untitled)",
            url=safe_link(a.url) or safe_link(a.canonical_url),
            outlet=_outlet(a),
            published=format_when(a.published_at, short=True) if a.published_at else "",
        )
        for a in session.scalars(stmt)
    ]


def _short(moment: Optional[datetime]) -> str:
    return format_when(moment, short=True) if moment else "never"


def load_sources(session: Session, urls: Optional[Sequence[str]] = None) -> list[SourceView]:
    """Each watched source's health (``store.health.source_health``): the configured ones when ``urls`` is given."""
    rows = []
    for h in source_health(session, urls=urls):
        if h.last_fetch is None:
            status = "never fetched"
        else:
            status = ", ".join(x for x in ("failing" if h.failing() else "", "stale" if h.stale else "") if x) or "ok"
        error = ""
        if h.last_error_kind:
            error = f"{h.last_error_kind} ({_short(h.last_error_at)})"
        rows.append(
            SourceView(
                name=one_line(h.name) or (urlsplit(h.url).hostname or h.url),
                url=h.url,
                type=h.type,
                status=status,
                reason=h.reason(),
                last_fetch=_short(h.last_fetch),
                last_success=format_when(h.last_success, short=True) if h.last_success else "—",
                last_error=error,
                failures=h.consecutive_failures,
                articles_7d=h.articles_7d,
                articles_30d=h.articles_30d,
                child=h.parent_id is not None,
            )
        )
    return rows
