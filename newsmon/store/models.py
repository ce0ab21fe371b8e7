"""The database schema: what newsmon stores, as SQLAlchemy 2.x models.

The unique constraints here carry the dedupe guarantees (one row per canonical
URL, per body hash, per announced development), so re-running a crawl or
replaying one after a crash cannot add rows. Schema changes go through the
Alembic migrations in ``newsmon/store/migrations``; tests build the schema the same way.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC.

    SQLite has no time zone type; storing naive UTC and handing back aware UTC
    keeps both databases giving the same answers.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """A place newsmon looks: a feed, a sitemap or a listing page.

    Holds what the next run needs to fetch it conditionally (ETag, Last-Modified).
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    type: Mapped[str] = mapped_column(String(16))  # feed | sitemap | page
    name: Mapped[Optional[str]] = mapped_column(String(256))
    origin: Mapped[str] = mapped_column(String(16), default="config")  # config | seed | index
    #: For a sitemap listed in a sitemap index: the index. Kept so that an
    #: unchanged index (304) still leads to its sitemaps, each asked conditionally.
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    etag: Mapped[Optional[str]] = mapped_column(String(512))
    last_modified: Mapped[Optional[str]] = mapped_column(String(128))
    last_fetched_at: Mapped[Optional[datetime]]
    last_status: Mapped[Optional[int]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Health (migration 0004), recorded by every crawl for every source it asked:
    # last_fetched_at is the last attempt, last_success_at the last answer.
    last_success_at: Mapped[Optional[datetime]]
    last_error_kind: Mapped[Optional[str]] = mapped_column(String(64))
    last_error_at: Mapped[Optional[datetime]]
    consecutive_failures: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    #: No new article for this many days makes the source stale (NULL: the default).
    stale_days: Mapped[Optional[int]]
    #: When a digest last said this source needs attention (cleared once it is healthy).
    attention_reported_at: Mapped[Optional[datetime]]


class Article(Base):
    """One stored article: crawled, or ingested from a seed document."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), index=True)  # final fetched URL (after redirects)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    #: sha256 of the normalized body; unique among originals (see uq_articles_body_hash_original):
    #: a word-for-word copy at another URL is stored with duplicate_of set.
    body_hash: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[Optional[str]] = mapped_column(Text)
    published_at: Mapped[Optional[datetime]] = mapped_column(index=True)
    published_raw: Mapped[Optional[str]] = mapped_column(String(256))
    published_source: Mapped[Optional[str]] = mapped_column(String(16))
    modified_at: Mapped[Optional[datetime]]
    modified_raw: Mapped[Optional[str]] = mapped_column(String(256))
    authors: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[Optional[str]] = mapped_column(String(256), index=True)  # outlet name
    source_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    language: Mapped[Optional[str]] = mapped_column(String(8))
    origin: Mapped[str] = mapped_column(String(8), default="crawl")  # crawl | seed
    source_lastmod: Mapped[Optional[str]] = mapped_column(String(64))  # feed updated / sitemap lastmod seen
    relevant: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    relevance: Mapped[float] = mapped_column(Float, default=0.0)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    duplicate_of: Mapped[Optional[int]] = mapped_column(ForeignKey("articles.id"), index=True)
    development_id: Mapped[Optional[int]] = mapped_column(ForeignKey("developments.id"), index=True)
    minhash: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: published_at, else first_seen_at: what "newest first" sorts on (indexed).
    sort_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))


class NearDupBand(Base):
    """The MinHash LSH index, kept in the database.

    One row per (band, bucket) an article falls in; a lookup is an index probe
    per band, so its cost does not grow with the archive.
    """

    __tablename__ = "neardup_bands"

    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True)  # 32-bit signed hash of the band
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


class Development(Base):
    """One event in the story: coverage grouped by what it reports and when."""

    __tablename__ = "developments"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    published_first: Mapped[Optional[datetime]] = mapped_column(index=True)
    # latest publication time among its articles: with published_first, the
    # window a candidate lookup narrows by (an index range, not a scan)
    published_last: Mapped[Optional[datetime]] = mapped_column(index=True)
    article_count: Mapped[int] = mapped_column(default=0)
    sources: Mapped[list[Any]] = mapped_column(default=list)
    seeded: Mapped[bool] = mapped_column(Boolean, default=False)
    terms: Mapped[dict[str, Any]] = mapped_column(default=dict)  # key terms -> weight, for clustering
    announced_at: Mapped[Optional[datetime]]
    #: Set when a user merged this development into another (``newsmon developments merge``).
    merged_into: Mapped[Optional[int]] = mapped_column(ForeignKey("developments.id"), index=True)


class DevelopmentEdit(Base):
    """A user's correction of the grouping, kept so it is never silent.

    ``split``: ``article_ids`` left ``development_id`` for the new ``other_id``.
    ``merge``: ``other_id`` was merged into ``development_id`` with its ``article_ids``.
    """

    __tablename__ = "development_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # split | merge
    development_id: Mapped[int] = mapped_column(ForeignKey("developments.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[Optional[int]] = mapped_column(ForeignKey("developments.id", ondelete="SET NULL"))
    article_ids: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DevelopmentTerm(Base):
    """Inverted index term -> development, so finding candidate developments
    for a new article is a few index probes, not a scan."""

    __tablename__ = "development_terms"

    term: Mapped[str] = mapped_column(String(128), primary_key=True)
    development_id: Mapped[int] = mapped_column(
        ForeignKey("developments.id", ondelete="CASCADE"), primary_key=True
    )


class TermStat(Base):
    """Document frequency of a development term: in how many developments it occurs.

    Lets clustering weight terms by rarity (story-wide words like KT or Azure
    count for little) with one primary-key probe per term, however large the
    archive grows.
    """

    __tablename__ = "term_stats"

    term: Mapped[str] = mapped_column(String(128), primary_key=True)
    df: Mapped[int] = mapped_column(default=0)


class Alert(Base):
    """The outbox: one row per thing to announce, written in the same
    transaction as the development it announces."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("kind", "development_id", "article_id", name="uq_alert_subject"),
        # A NULL article_id never conflicts in a unique constraint, so the
        # "announce this development" row needs its own partial unique index.
        Index(
            "uq_alert_development",
            "development_id",
            unique=True,
            sqlite_where=text("kind = 'development'"),
            postgresql_where=text("kind = 'development'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # development | update
    development_id: Mapped[int] = mapped_column(ForeignKey("developments.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[Optional[int]] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sent | failed | skipped
    sent_at: Mapped[Optional[datetime]]


class Delivery(Base):
    """One digest e-mail to one recipient, and the alerts it carried.

    Per recipient, so a 5xx for one address does not block the others.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        # At most one unfinished digest per recipient: two runs draining the
        # outbox at once cannot both build one from the same alerts.
        Index(
            "uq_delivery_unfinished",
            "recipient",
            unique=True,
            sqlite_where=text("status IN ('pending', 'sending')"),
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(512), index=True)
    message_id: Mapped[str] = mapped_column(String(256), unique=True)
    alert_ids: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sending | sent | failed | cancelled
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[Optional[datetime]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[Optional[datetime]]
    #: The "sources needing attention" this digest carries (frozen like alert_ids).
    attention: Mapped[Optional[list[Any]]] = mapped_column(JSON)


class Run(Base):
    """One crawl cycle, as `newsmon runs` reports it."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[Optional[datetime]]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | ok | failed | interrupted | timeout | skipped
    trigger: Mapped[str] = mapped_column(String(16), default="cli")  # cli | schedule | demo
    pid: Mapped[Optional[int]]
    pages_fetched: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    articles_duplicate: Mapped[int] = mapped_column(default=0)
    articles_irrelevant: Mapped[int] = mapped_column(default=0)
    developments_new: Mapped[int] = mapped_column(default=0)
    alerts_sent: Mapped[int] = mapped_column(default=0)
    errors: Mapped[dict[str, Any]] = mapped_column(default=dict)  # kind -> count
    message: Mapped[Optional[str]] = mapped_column(Text)
    # Frontier runs: [{worker, host, pid, state: done | failed | lost, reason}]; NULL for one process.
    workers: Mapped[Optional[list[Any]]]


class SetAsidePage(Base):
    """A page that broke the analysis worker twice, set aside so later runs skip it.

    Keyed by the URL as its source listed it (and by its final URL after
    redirects); the source's lastmod at the time is kept, so a page the
    source says has changed is tried again.
    """

    __tablename__ = "set_aside_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_lastmod: Mapped[Optional[str]] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(32))
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), index=True)
    set_aside_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendingAssignment(Base):
    """An article a frontier worker stored, waiting for the coordinator to assign
    its near-duplicate original and development (in write order, once)."""

    __tablename__ = "pending_assignments"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    #: newsmon.events.terms.EventTerms as read by the worker's analysis ({terms, lang, story}).
    event_terms: Mapped[Optional[dict[str, Any]]]
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_articles_dev_first_seen", Article.development_id, Article.first_seen_at)
Index(
    "uq_articles_body_hash_original",
    Article.body_hash,
    unique=True,
    sqlite_where=text("duplicate_of IS NULL"),
    postgresql_where=text("duplicate_of IS NULL"),
)


class ScheduleState(Base):
    """What the ``newsmon schedule`` daemon keeps between restarts: when its job
    last ran and next runs. Plain columns, never a pickled job (see
    newsmon.store.schedule_state)."""

    __tablename__ = "schedule_state"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[Optional[datetime]]
    next_run_at: Mapped[Optional[datetime]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotifyTarget(Base):
    """A chat/webhook target (``[[notify]]``), named by its URL's environment variable.

    ``since_alert_id``: the first alert it is owed. A target added to a running
    watch gets what is still unannounced and everything after, not the history.
    """

    __tablename__ = "notify_targets"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    since_alert_id: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """One chat/webhook message to one target, and the alerts it carried (the e-mail ``Delivery`` twin).

    Per target, so a failing target never blocks the others.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        # At most one unfinished message per target: two runs cannot both build one from the same alerts.
        Index(
            "uq_notification_unfinished",
            "target",
            unique=True,
            sqlite_where=text("status IN ('pending', 'sending')"),
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[str] = mapped_column(String(128), index=True)
    alert_ids: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sending | sent | failed | cancelled
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[Optional[datetime]]
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[Optional[datetime]]
