"""One crawl cycle, as ``newsmon crawl`` runs it: lock -> crawl -> record -> alerts.

The cycle reads the topic profiles and seed documents (once), takes the
crawl lock (a second run exits 75 at once), records a ``runs`` row, builds
the crawl plan and hands it with the open database to the ``news`` spider
(every pipeline, storage and developments happen inside the crawl), then
delivers pending alerts. One database (migrated once) serves the whole
cycle. One cycle per process: a Twisted reactor cannot be restarted, so the
scheduler starts each cycle in a subprocess.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any, Optional

from newsmon.app import App
from newsmon.crawl.context import CrawlContext, attach, load_inputs, open_context

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1


@dataclass
class CycleResult:
    status: str  # ok | failed | interrupted
    run_id: Optional[int]
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    alerts_sent: int = 0
    alerts_pending: int = 0
    message: Optional[str] = None

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.status == "ok" else EXIT_FAILED

    def summary(self) -> str:
        c = self.counts
        errors = sum(self.errors.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        return (
            f"run {self.run_id} {self.status}: pages fetched {c.get('pages_fetched', 0)}, "
            f"articles new {c.get('articles_new', 0)} (duplicates {c.get('articles_duplicate', 0)}, "
            f"irrelevant {c.get('articles_irrelevant', 0)}), updated {c.get('articles_updated', 0)}, "
            f"developments new {c.get('developments_new', 0)}, alerts sent {self.alerts_sent}"
            + (f", pending {self.alerts_pending}" if self.alerts_pending else "")
            + (f"; errors {errors} ({kinds})" if errors else "")
        )


def counts_from_stats(stats: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """Turn the crawl's stats into the run record's counters and errors by kind."""
    get = lambda k: int(stats.get(k, 0) or 0)  # noqa: E731
    counts = {
        "pages_fetched": get("downloader/response_count"),
        "articles_new": get("newsmon/articles/new"),
        "articles_updated": get("newsmon/articles/updated"),
        "articles_duplicate": get("newsmon/duplicates/near") + get("newsmon/duplicates/exact"),
        "articles_irrelevant": get("newsmon/articles/new_irrelevant"),
        "developments_new": get("newsmon/events/developments/new"),
    }
    errors = {k.split("/", 2)[2]: int(v) for k, v in stats.items() if k.startswith("newsmon/errors/")}
    for key in ("newsmon/dropped/not_article",):
        if stats.get(key):
            errors["not_article"] = int(stats[key])
    if stats.get("log_count/ERROR"):
        errors["logged_errors"] = int(stats["log_count/ERROR"])
    return counts, errors


def run_crawl(context: CrawlContext, *, progress: bool) -> tuple[str, dict[str, Any]]:
    """Run the news spider over ``context``'s plan in this process; return (finish reason, stats)."""
    from scrapy.crawler import CrawlerProcess

    from newsmon.crawl.settings import scrapy_settings
    from newsmon.crawl.spiders.news import NewsSpider

    settings = scrapy_settings(context.app.config)
    settings["NEWSMON_RUN_ID"] = context.run_id or 0
    settings["LOG_ENABLED"] = False  # newsmon's own logging is configured by the CLI
    settings["STATS_DUMP"] = False
    if progress:
        settings["EXTENSIONS"] = {**settings["EXTENSIONS"], "newsmon.crawl.progress.ProgressLine": 900}
    settings["LOG_INSTALL_ROOT_HANDLER"] = False
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    attach(crawler, context)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return str(stats.get("finish_reason", "unknown")), stats


def set_aside_note(urls: list[str], shown: int = 20) -> str:
    """The run record's line for pages set aside (the first ``shown`` of them by URL)."""
    urls = sorted(urls)
    more = f" and {len(urls) - shown} more" if len(urls) > shown else ""
    return f"set aside {len(urls)} page(s) that broke the analysis worker: {', '.join(urls[:shown])}{more}"


def run_cycle(app: App, *, alerts: bool = True, trigger: str = "cli", progress: bool = False) -> CycleResult:
    """The whole cycle under the crawl lock. Raises AlreadyRunning when another holds it."""
    from newsmon.schedule.locks import crawl_lock
    from newsmon.store.runs import finish_run, mark_interrupted, start_run

    # The profiles and seeds are read (once) before anything is locked or
    # recorded: a TOML error or a corrupted seed file fails in one line
    # (TopicError / SeedError, exit 2) with the database untouched.
    topics, seeds = load_inputs(app)
    with crawl_lock(app.config):
        db = app.database()
        with db.session() as session:
            mark_interrupted(session)
            run = start_run(session, trigger=trigger, pid=os.getpid())
            run_id = run.id
        result = CycleResult(status="failed", run_id=run_id)
        try:
            context = open_context(app, run_id=run_id, topics=topics, seeds=seeds)
            reason, stats = run_crawl(context, progress=progress)
            result.counts, result.errors = counts_from_stats(stats)
            result.status = "ok" if reason == "finished" else "interrupted"
            notes = [] if result.status == "ok" else [f"crawl ended: {reason}"]
            if context.set_aside:
                notes.append(set_aside_note([p.url for p in context.set_aside]))
            result.message = "; ".join(notes) or None
            if alerts:
                from newsmon.alerts import deliver_pending

                report = deliver_pending(db, app.config)
                result.alerts_sent, result.alerts_pending = report.sent, report.pending
                if report.errors:
                    result.errors["alerts"] = len(report.errors)
        except Exception as exc:  # recorded as a failed run, not raised
            result.status = "failed"
            result.message = f"{type(exc).__name__}: {exc}"[:1000]
            log.exception("crawl cycle failed")
        finally:
            with db.session() as session:
                from newsmon.store.models import Run

                row = session.get(Run, run_id)
                finish_run(
                    session,
                    row,
                    status=result.status,
                    counts={**result.counts, "alerts_sent": result.alerts_sent},
                    errors=result.errors,
                    message=result.message,
                )
        return result
