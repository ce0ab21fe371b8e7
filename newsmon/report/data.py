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

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from newsmon.alerts.digest import DISPLAY_TZ, format_when, one_line, safe_link
from newsmon.store.models import Article, Development, Source


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
        return self.happened_at.astimezone(DISPLAY_TZ).strftime("%Y-%m-%d") if self.happened_at else "date unknown"

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
    """One source's health row, as ``newsmon sources`` shows it."""

    name: str
    url: str
    type: str
    origin: str
    status: str
    last_fetched: str
    last_error: str
    articles: int


@dataclass(frozen=True)
class ReportData:
    generated_at: datetime
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, description, entity names)
    seeds: tuple[SeedView, ...]
    developments: tuple[DevelopmentView, ...]  # newest first
    sources: tuple[SourceView, ...] = ()
    sources_note: str = ""

    @property
    def article_total(self) -> int:
        return sum(d.article_count for d in self.developments)


def _day(moment: datetime) -> date:
    return moment.astimezone(DISPLAY_TZ).date()


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
    stmt = select(Development)
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


def load_sources(session: Session) -> tuple[list[SourceView], str]:
    """Each source's last fetch, from the ``sources`` table (and a note on what is shown)."""
    counts = _article_counts(session)
    rows = []
    for s in session.scalars(select(Source).order_by(Source.origin, Source.name, Source.url)):
        if s.last_fetched_at is None:
            status = "never fetched"
        elif s.last_error:
            status = "failing"
        elif s.last_status and s.last_status >= 400:
            status = f"HTTP {s.last_status}"
        else:
            status = "ok"
        rows.append(
            SourceView(
                name=one_line(s.name) or (urlsplit(s.url).hostname or s.url),
                url=s.url,
                type=s.type,
                origin=s.origin,
                status=status,
                last_fetched=format_when(s.last_fetched_at, short=True) if s.last_fetched_at else "never",
                last_error=one_line(s.last_error),
                articles=counts.get(s.id, 0),
            )
        )
    return rows, ""


def _article_counts(session: Session) -> dict[int, int]:
    return {
        sid: n
        for sid, n in session.execute(
            select(Article.source_id, func.count()).where(Article.source_id.is_not(None)).group_by(Article.source_id)
        )
    }
