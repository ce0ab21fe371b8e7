"""One crawl cycle, as ``newsmon crawl`` runs it: database -> lock -> crawl -> record -> alerts -> report.

The cycle reads the topic profiles and seed documents (once) and opens the
database (a bad database fails in one line before any lock file exists),
takes the crawl lock (a second run exits 75 at once), records a ``runs`` row,
builds the crawl plan and hands it with the open database to the ``news``
spider (every pipeline, storage and developments happen inside the crawl),
records how each source fared, then delivers pending alerts (e-mail, then
each ``[[notify]]`` target) and, with ``[report] dir``, rewrites the HTML
report (a failing alert channel or report is counted in the run's errors,
never failing the crawl or blocking the others). One database
(migrated once) serves the whole cycle. One cycle per process: a Twisted
reactor cannot be restarted, so the scheduler starts each cycle in a
subprocess.

A run's outcome: ``ok`` (the sources answered), ``degraded`` (some failed;
their names are in the run's message), ``failed`` (no source answered, or
storing failed), ``interrupted`` (the crawl did not finish).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from newsmon import exitcodes
from newsmon.app import App
from newsmon.crawl.context import CrawlContext, attach, load_inputs, open_context
from newsmon.crawl.ledger import SourceLedger
from newsmon.store.sources import SourceOutcome

log = logging.getLogger(__name__)

OK, DEGRADED, FAILED, INTERRUPTED = "ok", "degraded", "failed", "interrupted"
#: The store pipeline sets this stat when it gives up storing (database locked or full).
STORE_FAILED_STAT = "newsmon/store/failed"
MAX_NAMED_SOURCES = 5


@dataclass
class CycleResult:
    status: str  # ok | degraded | failed | interrupted
    run_id: Optional[int]
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    alerts_sent: int = 0
    alerts_pending: int = 0
    message: Optional[str] = None
    sources_asked: int = 0
    sources_failed: list[SourceOutcome] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exitcodes.OK if self.status in (OK, DEGRADED) else exitcodes.FAILED

    def summary(self) -> str:
        c = self.counts
        errors = sum(self.errors.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        text = (
            f"run {self.run_id} {self.status}: pages fetched {c.get('pages_fetched', 0)}, "
            f"articles new {c.get('articles_new', 0)} (duplicates {c.get('articles_duplicate', 0)}, "
            f"irrelevant {c.get('articles_irrelevant', 0)}), updated {c.get('articles_updated', 0)}, "
            f"developments new {c.get('developments_new', 0)}, alerts sent {self.alerts_sent}"
            + (f", pending {self.alerts_pending}" if self.alerts_pending else "")
            + (f"; errors {errors} ({kinds})" if errors else "")
        )
        return text + (f"; {self.message}" if self.message else "")

    def alarm(self) -> str:
        """The one line ``--quiet`` still prints for a degraded or failed run."""
        what = self.message or self.status
        if self.status == DEGRADED:
            return f"newsmon: run {self.run_id} degraded: {what}"
        return f"newsmon: error: run {self.run_id} {self.status}: {what}"


def counts_from_stats(stats: dict[str, Any], *, logged_errors: int = 0) -> tuple[dict[str, int], dict[str, int]]:
    """Turn the crawl's stats into the run record's counters and errors by kind.

    ``logged_errors`` is the number of ERROR log lines not already counted
    under a kind (see ``ErrorCounter``): each failure is counted once.
    """
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
    if get(STORE_FAILED_STAT):
        errors["store_gave_up"] = get(STORE_FAILED_STAT)
    if logged_errors:
        errors["logged_errors"] = logged_errors
    return counts, errors


class ErrorCounter(logging.Handler):
    """Counts ERROR log lines that no stat counts already.

    A failed download is counted by kind in the spider's errback and an article
    the store could not write as ``store_failed``; Scrapy and the pipeline also
    log those at ERROR, and counting both made every failure count twice.
    """

    #: (logger name prefix, message start) of records already counted under a kind.
    COUNTED = (("scrapy.core.scraper", "Error downloading"), ("pipelines.store", ""), ("scrapy.downloadermiddlewares", ""))

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        msg = str(record.msg)
        if not any(record.name.startswith(name) and msg.startswith(start) for name, start in self.COUNTED):
            self.count += 1


def source_outcomes(ledger: SourceLedger) -> list[SourceOutcome]:
    """How each watched source fared, from what the spider noted in the run's ledger."""
    return [
        SourceOutcome(url=source.url, type=source.type, name=source.name, error_kind=kind, parent_id=source.parent_id)
        for source, kind in ledger.outcomes()
        if source.type != "article"  # one-shot links from seed documents, not watched sources
    ]


def run_crawl(context: CrawlContext, *, progress: bool) -> tuple[str, dict[str, Any], int]:
    """Run the news spider over ``context``'s plan in this process.

    Returns (finish reason, stats, ERROR log lines no stat counts).
    """
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
    counter = ErrorCounter()
    logging.getLogger().addHandler(counter)
    try:
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(NewsSpider)
        attach(crawler, context)
        process.crawl(crawler)
        process.start()
    finally:
        logging.getLogger().removeHandler(counter)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return str(stats.get("finish_reason", "unknown")), stats, counter.count


def assign_left_over(app: App, context: CrawlContext) -> dict[str, int]:
    """Before crawling, assign what an interrupted frontier run left queued
    (``newsmon.events.pending``): usually nothing. Returns stats to add to the run's."""
    from newsmon.events.pending import count_assigned, count_failed, drain

    stats: dict[str, Any] = {}
    done = drain(app.database(), on_result=lambda r: count_assigned(stats, r))
    count_failed(stats, context.ledger, done)
    return stats


def set_aside_note(urls: list[str], shown: int = 20) -> str:
    """The run record's line for pages set aside (the first ``shown`` of them by URL)."""
    urls = sorted(urls)
    more = f" and {len(urls) - shown} more" if len(urls) > shown else ""
    return f"set aside {len(urls)} page(s) that broke the analysis worker: {', '.join(urls[:shown])}{more}"


def notify_alerts(app: App, result: CycleResult) -> None:
    """Deliver to the chat/webhook targets; their failures are counted, never raised."""
    if not app.config.notify:
        return
    from newsmon.alerts.notify import deliver_notifications

    try:
        report = deliver_notifications(app.database(), app.config)
    except Exception as exc:  # noqa: BLE001 - e-mail went out already; the crawl itself is fine
        log.error("chat/webhook notifications failed: %s: %s", type(exc).__name__, exc)
        result.errors["notify"] = result.errors.get("notify", 0) + 1
        return
    result.alerts_sent += report.sent
    result.alerts_pending += report.pending
    if report.errors:
        result.errors["notify"] = len(report.errors)


def write_configured_report(app: App, result: CycleResult, topics: Any) -> None:
    """Rewrite the HTML report when ``[report] dir`` is set; a failure is counted, never raised."""
    if app.config.report.dir is None:
        return
    from newsmon.report import write_report, watch_from_topics

    try:
        watch = watch_from_topics(topics, [s.url for s in app.config.sources])
        with app.database().session() as session:
            write_report(session, app.config.report.dir, watch)
    except Exception as exc:  # noqa: BLE001 - the crawl's results are stored; the report can be rebuilt
        log.error("report not written: %s: %s", type(exc).__name__, exc)
        result.errors["report"] = 1


def judge(reason: str, stats: dict[str, Any], outcomes: list[SourceOutcome]) -> tuple[str, Optional[str]]:
    """The run's outcome and, unless ``ok``, the one line that says why."""
    if reason != "finished":
        return INTERRUPTED, f"crawl ended: {reason}"
    if int(stats.get(STORE_FAILED_STAT, 0) or 0) > 0:
        return FAILED, "storing failed (database locked, full or gone): articles of this run were not stored"
    failed = [o for o in outcomes if not o.ok]
    if outcomes and len(failed) == len(outcomes):
        return FAILED, f"no source answered ({len(failed)} failed: {_name_sources(failed)})"
    if failed:
        return DEGRADED, f"{len(failed)} of {len(outcomes)} sources failed: {_name_sources(failed)}"
    lost = int(stats.get("newsmon/errors/store_failed", 0) or 0)
    stored = sum(int(stats.get(k, 0) or 0) for k in ("newsmon/articles/new", "newsmon/articles/updated", "newsmon/articles/unchanged"))
    if lost and not stored:
        return FAILED, f"storing failed: none of {lost} articles could be stored"
    if lost:
        return DEGRADED, f"{lost} articles could not be stored"
    return OK, None


def _name_sources(failed: list[SourceOutcome]) -> str:
    named = [f"{o.name or o.url} ({o.error_kind})" for o in failed[:MAX_NAMED_SOURCES]]
    more = len(failed) - len(named)
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def preflight(app: App) -> tuple[list[Any], list[Any], list[str]]:
    """Read what a crawl needs before anything is locked or recorded: (topics, seeds, warnings).

    A hand-edited profile with a TOML error or a corrupted seed file fails in
    one line (TopicError / SeedError, exit 2) with the database untouched; an
    unreachable database fails in one line (DatabaseError, exit 1) before a
    lock file exists. A ``password_env`` naming an unset variable is said now,
    not when the digest fails to send.
    """
    topics, seeds = load_inputs(app)
    app.database()
    warnings = []
    smtp = app.config.smtp
    if smtp is not None and smtp.password_env and os.environ.get(smtp.password_env) is None:
        warnings.append(
            f"smtp.password_env names {smtp.password_env}, which is not set: digests will stay queued until it is"
        )
    return topics, seeds, warnings


def _stale_days(app: App) -> dict[str, Optional[int]]:
    return {s.url: s.stale_days for s in app.config.sources}


def run_cycle(
    app: App, *, alerts: bool = True, trigger: str = "cli", progress: bool = False,
    warn: Optional[Callable[[str], None]] = None, workers: Optional[int] = None,
) -> CycleResult:
    """The whole cycle under the crawl lock. Raises AlreadyRunning when another holds it.

    ``warn`` receives what a person must hear before the crawl starts (the CLI
    prints it even with --quiet); by default it is logged.

    With ``[frontier] redis_url`` the crawl runs on the shared frontier with
    ``workers`` local worker processes (default ``[frontier] workers``) and any
    remote ones (newsmon.crawl.frontier_run); alerts still go out once, here.
    """
    from newsmon.schedule.locks import crawl_lock
    from newsmon.store.runs import finish_run, mark_interrupted, start_run
    from newsmon.store.sources import record_source_outcomes

    topics, seeds, warnings = preflight(app)
    for warning in warnings:
        (warn or log.warning)(warning)
    db = app.database()
    with crawl_lock(app.config):
        with db.session() as session:
            mark_interrupted(session)
            run = start_run(session, trigger=trigger, pid=os.getpid())
            run_id = run.id
            if app.config.notify:
                from datetime import datetime, timezone

                from newsmon.alerts.notify import register_targets

                # Before this run's alerts can be e-mailed: a new target is owed them.
                register_targets(session, app.config.notify, datetime.now(timezone.utc))
        result = CycleResult(status=FAILED, run_id=run_id)
        try:
            context = open_context(app, run_id=run_id, topics=topics, seeds=seeds)
            left_over = assign_left_over(app, context)
            if app.config.frontier.redis_url:
                from newsmon.crawl.frontier_run import run_frontier_crawl

                reason, stats = run_frontier_crawl(context, workers=workers)
                logged = int(stats.get("log_count/ERROR", 0) or 0)
            else:
                reason, stats, logged = run_crawl(context, progress=progress)
            outcomes = source_outcomes(context.ledger)
            stats = {**stats, **{k: stats.get(k, 0) + v for k, v in left_over.items()}}
            result.counts, result.errors = counts_from_stats(stats, logged_errors=logged)
            result.status, verdict = judge(reason, stats, outcomes)
            result.sources_asked = len(outcomes)
            result.sources_failed = [o for o in outcomes if not o.ok]
            notes = [verdict] if verdict else []
            if context.set_aside:
                notes.append(set_aside_note([p.url for p in context.set_aside]))
            result.message = "; ".join(notes) or None
            if outcomes or app.config.sources:
                with db.session() as session:
                    record_source_outcomes(session, outcomes, stale_days=_stale_days(app))
            if alerts:
                from newsmon.alerts import deliver_pending

                report = deliver_pending(db, app.config)
                result.alerts_sent, result.alerts_pending = report.sent, report.pending
                if report.errors:
                    result.errors["alerts"] = len(report.errors)
                notify_alerts(app, result)
            write_configured_report(app, result, topics)
        except Exception as exc:  # recorded, then reported as a failed run
            result.status = FAILED
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
