"""What one crawl will fetch: sources, unseen seed documents, and what is already stored.

Built from the database and the config before any request goes out, so the
spider stays thin: it only turns this plan into requests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newsmon.config import Config, SourceConfig
from newsmon.store.models import Article, Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlannedSource:
    id: Optional[int]  # None: a sitemap first seen in an index during this crawl
    type: str  # feed | sitemap | page | article
    url: str
    name: Optional[str]
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    parent_id: Optional[int] = None

    @property
    def key(self) -> object:
        """What this crawl's results are filed under (the row id, or the URL when new)."""
        return self.id if self.id is not None else self.url


@dataclass
class CrawlPlan:
    sources: list[PlannedSource]
    #: Seed documents not stored yet (newsmon.pages.seeds.SeedDocument).
    seeds: list = field(default_factory=list)
    #: Stored article URLs (final and canonical) -> the feed/sitemap lastmod seen for them.
    known: dict[str, Optional[str]] = field(default_factory=dict)
    #: Sitemaps seen in each sitemap index last time, by the index's id.
    children: dict[int, list[PlannedSource]] = field(default_factory=dict)

    def child(self, parent: PlannedSource, url: str) -> PlannedSource:
        """The stored sitemap ``url`` under index ``parent`` (with its validators), or a new one."""
        for c in self.children.get(parent.id or -1, []):
            if c.url == url:
                return c
        return PlannedSource(None, "sitemap", url, parent.name, parent_id=parent.id)

    def is_known(self, url: str, lastmod: Optional[str]) -> bool:
        """True when ``url`` is stored and the source does not say it changed."""
        if url not in self.known:
            return False
        stored = self.known[url]
        return lastmod is None or stored is None or stored == lastmod


def configured_sources(config: Config, seeds_dir: Path) -> list[SourceConfig]:
    """The config's sources, else the topic profiles' default search feeds."""
    if config.sources:
        return list(config.sources)
    from newsmon.topics.profile import load_topics

    out: list[SourceConfig] = []
    for topic in load_topics(seeds_dir):
        for s in topic.sources:
            out.append(SourceConfig(type=s["type"], url=s["url"], name=s.get("name")))
    return out


def _source_row(session: Session, url: str, values: dict) -> Source:
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
        row = _source_row(session, url, {"type": stype, "name": name, "origin": origin})
        if row.type != stype or (name and row.name != name):
            row.type, row.name = stype, name or row.name
        by_url[url] = row
    session.flush()
    return [by_url[url] for url in unique]


def build_crawl_plan(session: Session, config: Config, seeds_dir: Path) -> CrawlPlan:
    """Sync the sources table and collect what this crawl should fetch."""
    from newsmon.pages.seeds import load_seed_documents

    seeds = load_seed_documents(seeds_dir) if seeds_dir.is_dir() else []
    stored_seed_keys = set(
        session.scalars(select(Article.url).where(Article.origin == "seed"))
    )
    known: dict[str, Optional[str]] = {}
    for url, canonical, lastmod in session.execute(
        select(Article.url, Article.canonical_url, Article.source_lastmod)
    ):
        known[url] = lastmod
        known[canonical] = lastmod

    wanted = [(s.type, s.url, s.name, "config") for s in configured_sources(config, seeds_dir)]
    # Links inside seed documents are articles worth fetching once.
    for doc in seeds:
        for link in doc.links:
            wanted.append(("article", link, None, "seed"))
    rows = sync_sources(session, wanted)
    planned = [
        PlannedSource(r.id, r.type, r.url, r.name, r.etag, r.last_modified)
        for r in rows
        if not (r.type == "article" and r.url in known)
    ]
    children: dict[int, list[PlannedSource]] = {}
    parent_ids = [p.id for p in planned if p.type == "sitemap"]
    if parent_ids:
        for r in session.scalars(select(Source).where(Source.parent_id.in_(parent_ids)).order_by(Source.id)):
            children.setdefault(r.parent_id, []).append(
                PlannedSource(r.id, "sitemap", r.url, r.name, r.etag, r.last_modified, r.parent_id)
            )
    return CrawlPlan(
        sources=planned,
        seeds=[d for d in seeds if d.key not in stored_seed_keys],
        known=known,
        children=children,
    )


def save_validators(session: Session, results: dict[object, tuple[PlannedSource, dict]]) -> None:
    """Store what each source answered (ETag, Last-Modified, status, error) for the next run.

    Sitemaps first met in an index get their own row (origin ``index``).
    """
    # URL order: two crawls saving the same sources lock their rows in the same order.
    for source, r in sorted(results.values(), key=lambda sr: sr[0].url):
        row = session.get(Source, source.id) if source.id is not None else None
        if row is None:
            row = _source_row(
                session, source.url, {"type": source.type, "name": source.name, "origin": "index", "parent_id": source.parent_id}
            )
        for key in ("etag", "last_modified", "last_status", "last_error", "last_fetched_at"):
            if key in r:
                setattr(row, key, r[key])
