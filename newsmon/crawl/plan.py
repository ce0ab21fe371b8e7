"""What one crawl will fetch: sources, unseen seed documents, and what is already stored.

The crawl cycle builds it from the database and the config (in its own
session) before any request goes out and hands it to the spider, which only
turns it into requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsmon.config import Config, SourceConfig
from newsmon.store.models import Article
from newsmon.store.setaside import set_aside_pages
from newsmon.store.sources import child_sitemaps, sync_sources


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
    #: Stored article URLs (final and canonical) and set-aside pages -> the feed/sitemap lastmod seen for them.
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


def configured_sources(
    config: Config, seeds_dir: Optional[Path] = None, *, topics: Optional[Sequence[Any]] = None
) -> list[SourceConfig]:
    """The config's sources, else the topic profiles' default search feeds.

    Pass the run's ``topics`` when they are loaded already; otherwise they are
    read from ``seeds_dir``.
    """
    if config.sources:
        return list(config.sources)
    if topics is None:
        from newsmon.topics import load_topics

        topics = load_topics(seeds_dir)
    out: list[SourceConfig] = []
    for topic in topics:
        for s in topic.sources:
            out.append(SourceConfig(type=s["type"], url=s["url"], name=s.get("name")))
    return out


def build_crawl_plan(session: Session, config: Config, seeds: Sequence[Any], topics: Sequence[Any]) -> CrawlPlan:
    """Sync the sources table and collect what this crawl should fetch.

    ``seeds`` (newsmon.pages.seeds.SeedDocument) and ``topics`` are the run's,
    loaded once by the caller; ``session`` is the caller's transaction.
    """
    stored_seed_keys = set(session.scalars(select(Article.url).where(Article.origin == "seed")))
    known: dict[str, Optional[str]] = {}
    for url, canonical, lastmod in session.execute(select(Article.url, Article.canonical_url, Article.source_lastmod)):
        known[url] = lastmod
        known[canonical] = lastmod
    # Pages that broke the analysis worker: skipped like stored ones, until their source says they changed.
    for url, lastmod in set_aside_pages(session).items():
        known.setdefault(url, lastmod)

    wanted = [(s.type, s.url, s.name, "config") for s in configured_sources(config, topics=topics)]
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
    for r in child_sitemaps(session, [p.id for p in planned if p.type == "sitemap" and p.id is not None]):
        children.setdefault(r.parent_id, []).append(
            PlannedSource(r.id, "sitemap", r.url, r.name, r.etag, r.last_modified, r.parent_id)
        )
    return CrawlPlan(
        sources=planned,
        seeds=[d for d in seeds if d.key not in stored_seed_keys],
        known=known,
        children=children,
    )
