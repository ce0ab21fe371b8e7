"""The pieces behind a run's outcome and its progress line, without a crawl."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner

from newsmon.crawl.cycle import CycleResult, counts_from_stats, judge
from newsmon.crawl.progress import ProgressLine
from newsmon.logconfig import StatusLine, StatusLineHandler, ZoneFormatter
from newsmon.store.sources import SourceOutcome

OK = SourceOutcome("http://a.test/rss", "feed", "A")
GONE = SourceOutcome("http://b.test/rss", "feed", "B", error_kind="http_404")


def test_outcome_ok_degraded_failed() -> None:
    assert judge("finished", {}, [OK, OK]) == ("ok", None)
    status, message = judge("finished", {}, [OK, GONE])
    assert status == "degraded" and message == "1 of 2 sources failed: B (http_404)"
    status, message = judge("finished", {}, [GONE, GONE])
    assert status == "failed" and message.startswith("no source answered (2 failed")
    assert judge("shutdown", {}, [OK])[0] == "interrupted"
    assert judge("finished", {}, []) == ("ok", None)  # seeds only: nothing to fail


def test_a_store_that_gave_up_makes_the_run_failed_even_when_sources_answered() -> None:
    # pipelines/store.py sets newsmon/store/failed when the database is locked or full.
    stats = {"newsmon/store/failed": 1, "newsmon/articles/new": 3}
    status, message = judge("finished", stats, [OK, OK])
    assert status == "failed" and "storing failed" in message
    result = CycleResult(status=status, run_id=4, message=message)
    assert result.exit_code == 1 and result.alarm().startswith("newsmon: error: run 4 failed: storing failed")
    assert counts_from_stats(stats)[1]["store_gave_up"] == 1
    # Without that stat: every article failing to store is a failed run, some a degraded one.
    assert judge("finished", {"newsmon/errors/store_failed": 5}, [OK])[0] == "failed"
    assert judge("finished", {"newsmon/errors/store_failed": 1, "newsmon/articles/new": 4}, [OK]) == ("degraded", "1 articles could not be stored")


def test_each_failure_is_counted_once() -> None:
    stats = {"newsmon/errors/http_404": 2, "log_count/ERROR": 5}
    _, errors = counts_from_stats(stats)
    assert errors == {"http_404": 2}  # Scrapy's own ERROR lines for those are not counted again
    assert counts_from_stats(stats, logged_errors=1)[1] == {"http_404": 2, "logged_errors": 1}


class FakeStats:
    def __init__(self, values: dict) -> None:
        self.values = values

    def get_stats(self) -> dict:
        return self.values

    def get_value(self, key: str, default: int = 0) -> int:
        return self.values.get(key, default)


def test_progress_line_counts_match_the_summary_and_log_lines_print_above_it() -> None:
    stats = {"downloader/response_count": 12, "newsmon/articles/new": 3, "newsmon/errors/dns": 1, "newsmon/dropped/not_article": 2}
    out = io.StringIO()
    status = StatusLine(out)
    line = ProgressLine(FakeStats(stats), every=0, status=status)
    counts, errors = counts_from_stats(stats)
    summary = CycleResult(status="ok", run_id=1, counts=counts, errors=errors).summary()
    assert "pages fetched 12" in line.line() and "pages fetched 12" in summary
    assert "errors 3" in line.line() and "errors 3 " in summary
    line.tick()
    handler = StatusLineHandler(out)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.status = status
    logger = logging.getLogger("tests.progress")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        from newsmon import logconfig

        saved, logconfig.STATUS_LINE = logconfig.STATUS_LINE, status
        logger.warning("a log line")
    finally:
        logconfig.STATUS_LINE = saved
        logger.removeHandler(handler)
    text = out.getvalue()
    # The log line starts on a cleared line, ends with a newline, and the progress line is drawn again after it.
    assert "\r\033[Ka log line\n" + line.line() in text
    visible = text.split("\r\033[K")
    assert all("a log line" not in chunk or chunk.startswith("a log line") for chunk in visible)


def test_log_times_are_in_the_watch_time_zone_and_labelled() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.created = datetime(2024, 11, 14, 5, 20, tzinfo=timezone.utc).timestamp()
    assert ZoneFormatter("%(asctime)s", "Asia/Seoul").format(record) == "2024-11-14 14:20:00 KST"
    assert ZoneFormatter("%(asctime)s", "Europe/Berlin").format(record) == "2024-11-14 06:20:00 CET"


def test_the_configured_time_zone_labels_tables_and_status(tmp_path: Path, db_url: str) -> None:
    from newsmon.app import App
    from newsmon.cli.schedule import runs, status
    from newsmon.config import parse_config
    from newsmon.store.database import Database
    from newsmon.store.runs import finish_run, start_run

    db = Database(db_url)
    with db.session() as s:
        run = start_run(s, trigger="cli", pid=1)
        run.started_at = datetime(2024, 11, 14, 5, 20, tzinfo=timezone.utc)
        finish_run(s, run, status="ok", counts={}, errors={})
    db.dispose()
    app = App(parse_config({"database_url": db_url, "timezone": "Europe/Berlin"}, base=tmp_path))
    table = CliRunner().invoke(runs, [], obj=app).output
    assert "STARTED (CET)" in table and "11-14 06:20" in table
    text = CliRunner().invoke(status, [], obj=app).output
    assert "times:               Europe/Berlin" in text and "2024-11-14 06:20:00" in text
    app.close()


def test_undated_articles_sort_by_when_first_seen(db) -> None:  # type: ignore[no-untyped-def]
    from newsmon.events.record import record_article
    from newsmon.items import ArticleItem
    from newsmon.store.queries import ArticleFilter, find_articles

    now = datetime.now(timezone.utc)
    items = [
        (ArticleItem(url="http://a.test/1", title="dated, yesterday", body="a", published_at=now - timedelta(days=1)), now),
        (ArticleItem(url="http://a.test/2", title="seed without a date", body="b", origin="seed"), now - timedelta(days=3)),
        (ArticleItem(url="http://a.test/3", title="dated, five days ago", body="c", published_at=now - timedelta(days=5)), now),
    ]
    with db.session() as s:
        for item, seen in items:
            record_article(s, item, now=seen)
    with db.session() as s:
        rows = find_articles(s, ArticleFilter(include_irrelevant=True, limit=None))
    # The undated seed, first seen three days ago, sits between them, not above everything.
    assert [r["title"] for r in rows] == ["dated, yesterday", "seed without a date", "dated, five days ago"]
