"""What one crawl works with, opened once per run and handed to Scrapy's components.

The crawl cycle opens the database (migrated once), reads the topic profiles
and seed documents once, builds the crawl plan in its own session and puts
all of it on the crawler before the crawl starts. The spider takes the plan
from here and records what each source answered in the ledger; the pipelines
take the database and the topics. When the spider closes, a signal handler
saves the ledger's validators through the same database: the spider itself
never touches the store.

``scrapy crawl news`` has no cycle to hand a context in, so the first
component that asks opens one from the settings' config, and closes it when
the engine stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from scrapy import signals
from scrapy.utils.asyncio import run_in_thread

from newsmon.app import App
from newsmon.crawl.ledger import SourceLedger
from newsmon.crawl.plan import CrawlPlan, build_crawl_plan

#: The crawler attribute the context rides on.
ATTRIBUTE = "newsmon_context"


@dataclass(frozen=True)
class SetAside:
    """A page left out of this run and later ones (until its source says it changed)."""

    url: str
    #: The URL as its source listed it, when a redirect led elsewhere.
    listed_url: Optional[str]
    source_lastmod: Optional[str]
    reason: str

    @property
    def urls(self) -> list[str]:
        return [self.url] + ([self.listed_url] if self.listed_url and self.listed_url != self.url else [])


@dataclass
class CrawlContext:
    app: App
    #: The topic profiles (newsmon.topics.profile.Topic), read once per run.
    topics: Sequence[Any]
    plan: CrawlPlan
    #: The ``runs`` row this crawl reports to, if any.
    run_id: Optional[int] = None
    ledger: SourceLedger = field(default_factory=SourceLedger)
    #: Pages that broke the analysis worker twice this run (see ``pipelines.analyse``).
    set_aside: list[SetAside] = field(default_factory=list)

    def save(self) -> None:
        """Store what each source answered (so the next run can ask conditionally)
        and the pages set aside (so it skips them unless their source says they changed)."""
        from newsmon.store.setaside import set_aside
        from newsmon.store.sources import save_validators

        answers = self.ledger.to_save()
        if not answers and not self.set_aside:
            return
        with self.app.database().session() as session:
            save_validators(session, answers)
            for page in self.set_aside:
                set_aside(session, page.urls, source_lastmod=page.source_lastmod, reason=page.reason, run_id=self.run_id)


def load_inputs(app: App) -> tuple[list[Any], list[Any]]:
    """The run's topic profiles and seed documents, read once (TopicError / SeedError on bad files)."""
    from newsmon.pages.seeds import load_seed_documents
    from newsmon.topics import load_topics

    seeds_dir = app.seeds_dir()
    topics = load_topics(seeds_dir)
    seeds = load_seed_documents(seeds_dir) if seeds_dir.is_dir() else []
    return topics, seeds


def open_context(
    app: App,
    *,
    run_id: Optional[int] = None,
    topics: Optional[Sequence[Any]] = None,
    seeds: Optional[Sequence[Any]] = None,
) -> CrawlContext:
    """Build the plan for one crawl in one session (loading topics and seeds unless given)."""
    if topics is None or seeds is None:
        topics, seeds = load_inputs(app)
    with app.database().session() as session:
        plan = build_crawl_plan(session, app.config, seeds, topics)
    return CrawlContext(app=app, topics=topics, plan=plan, run_id=run_id)


def attach(crawler: Any, context: CrawlContext, *, owns_app: bool = False) -> CrawlContext:
    """Hand ``context`` to ``crawler``'s components; save what it gathered when the spider closes.

    With ``owns_app`` the database is closed when the engine stops (the cycle
    closes its own).
    """
    setattr(crawler, ATTRIBUTE, context)

    async def spider_closed(spider: Any, reason: str) -> None:
        # After the pipelines closed: articles that failed to store have marked their sources.
        await run_in_thread(context.save)

    crawler.signals.connect(spider_closed, signal=signals.spider_closed, weak=False)
    if owns_app:
        crawler.signals.connect(lambda: context.app.close(), signal=signals.engine_stopped, weak=False)
    return context


def crawl_context(crawler: Any) -> CrawlContext:
    """The context handed to ``crawler``, else (``scrapy crawl news``) one opened now."""
    context = getattr(crawler, ATTRIBUTE, None)
    if context is None:
        from newsmon.crawl.settings import crawl_config

        context = attach(crawler, open_context(App(crawl_config(crawler))), owns_app=True)
    return context
