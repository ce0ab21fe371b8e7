"""The commands for running unattended: ``schedule``, ``runs`` and ``status``.

``schedule`` is the daemon (newsmon.schedule.daemon); ``runs`` and ``status`` answer
"is it working?" from the ``runs`` table, for a person (table/text) or a
monitoring script (JSON). Each command receives an ``App`` as ``ctx.obj``;
the main group (newsmon.cli.main) registers them.

Exit codes (newsmon.exitcodes): 0 success; 1 database unreachable; 2
configuration or usage error; 75 (EX_TEMPFAIL) another scheduler already
runs on this database.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Optional

import click

from newsmon.app import App
from newsmon.store.database import DatabaseError, safe_url
from newsmon.store.models import Run
from newsmon.store.runs import list_runs, run_to_dict, status_report


def _app(ctx: click.Context) -> App:
    app = ctx.find_object(App)
    if app is None:
        raise click.UsageError("no configuration loaded")
    return app


@click.command("schedule", epilog="\b\nExamples:\n  newsmon schedule --log-file /var/log/newsmon/schedule.log\n  newsmon schedule --every 600")
@click.option(
    "--every",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Run every SECONDS instead of [schedule] cron (for testing and advanced use).",
)
@click.option("--log-file", type=click.Path(dir_okay=False), help="Log here instead of stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.pass_context
def schedule(ctx: click.Context, every: Optional[float], log_file: Optional[str], verbose: bool) -> None:
    """Run crawls on the [schedule] cron until stopped (SIGTERM/Ctrl-C).

    Each run is a `newsmon crawl` subprocess, killed after [schedule]
    run_timeout. Exits 75 if another scheduler runs on the same database.
    """
    from newsmon.logconfig import configure_logging
    from newsmon.schedule.daemon import CrawlDaemon, ScheduleLost

    app = _app(ctx)
    daemon = CrawlDaemon(app.config, every=every)  # a bad schedule: ConfigError (exit 2)
    configure_logging(app.config, log_file=log_file, verbose=verbose)
    # ConfigError (exit 2), AlreadyRunning (75) and DatabaseError (1) go to
    # the main command's handler, which prints them as one line.
    try:
        daemon.serve()
    except ScheduleLost as exc:  # the job vanished and could not be added again
        click.echo(f"newsmon: error: {exc}", err=True)
        ctx.exit(1)


def _short_time(value: Optional[datetime], tz: str = "Asia/Seoul", fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    from newsmon.cli.output import local_time

    return local_time(value, tz, fmt)


def _duration(run: Run) -> str:
    if run.finished_at is None or run.started_at is None:
        return "-"
    seconds = int((run.finished_at - run.started_at).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def format_runs_table(runs: list[Run], tz: str = "Asia/Seoul", width: Optional[int] = None) -> str:
    """``newsmon runs`` as a table that fits the terminal (times in ``tz``)."""
    from newsmon.cli.output import to_table, tz_label

    rows = [
        {
            "id": r.id,
            "started": _short_time(r.started_at, tz, "%m-%d %H:%M"),
            "took": _duration(r),
            "status": r.status,
            "pages": r.pages_fetched,
            "new": r.articles_new,
            "devs": r.developments_new,
            "errors": sum((r.errors or {}).values()),
            "message": r.message or "",
        }
        for r in runs
    ]
    columns = [
        ("id", "ID", 4),
        ("started", f"STARTED ({tz_label(tz)})", 11),
        ("took", "TOOK", 6),
        ("status", "STATUS", 8),
        ("pages", "PAGES", 5),
        ("new", "NEW", 4),
        ("devs", "DEVS", 4),
        ("errors", "ERRORS", 6),
        ("message", "MESSAGE", 0),
    ]
    return to_table(rows, columns, width=width)


@click.command("runs", epilog="\b\nExamples:\n  newsmon runs --limit 5\n  newsmon runs --format json --limit 0")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="At most N runs, newest first (0: no limit).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@click.pass_context
def runs(ctx: click.Context, limit: int, fmt: str) -> None:
    """List recent crawl runs: when, how they ended (ok, degraded, failed, interrupted), what they found.

    Times are in the configured time zone; JSON gives ISO 8601 with the offset.
    """
    app = _app(ctx)
    try:
        with app.database(read_only=True).session() as session:
            rows = list_runs(session, limit or None)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([run_to_dict(r) for r in rows], ensure_ascii=False, indent=2))
    elif not rows:
        click.echo("no runs yet")
    else:
        click.echo(format_runs_table(rows, app.config.timezone))


def format_status(report: dict[str, Any], database: str, tz: str = "Asia/Seoul") -> str:
    """``newsmon status`` as text (times in ``tz``, labelled)."""
    def when(iso: Optional[str]) -> str:
        return _short_time(datetime.fromisoformat(iso), tz) if iso else "-"

    lines = [f"database:            {database}", f"times:               {tz}"]
    ok = report["last_success"]
    if ok:
        text = f"last successful run: #{ok['id']} {when(ok['started_at'])} -> {when(ok['finished_at'])}"
        if ok.get("status", "ok") != "ok":
            text += f" ({ok['status']}: {ok.get('message') or ''})"[:200]
        lines.append(text)
    else:
        lines.append("last successful run: none")
    last = report["last_run"]
    if last:
        text = f"last run:            #{last['id']} {last['status']} ({last['trigger']}) {when(last['started_at'])}"
        if last["message"]:
            text += f" - {last['message'][:200]}"
        lines.append(text)
    else:
        lines.append("last run:            none")
    lines.append(f"next scheduled run:  {when(report['next_scheduled_run']) if report['next_scheduled_run'] else '- (no scheduler job)'}")
    lines.append(f"pending alerts:      {report['pending_alerts']}")
    lines.append(f"articles:            {report['articles']} ({report['articles_relevant']} relevant)")
    lines.append(f"developments:        {report['developments']}")
    if report.get("articles_unassigned"):
        lines.append(f"awaiting assignment: {report['articles_unassigned']} articles stored by frontier workers "
                     "(the next run gives them their development)")
    return "\n".join(lines)


@click.command("status", epilog="\b\nExamples:\n  newsmon status\n  newsmon status --format json")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """Health at a glance: last successful run, last run, pending alerts, totals.

    A run is successful when its sources answered and its articles were
    stored (ok), or some did (degraded); a failed run never counts.
    """
    app = _app(ctx)
    try:
        with app.database(read_only=True).session() as session:
            report = status_report(session)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    database = safe_url(app.config.database_url)
    if fmt == "json":
        click.echo(json.dumps({"database": database, **report}, ensure_ascii=False, indent=2))
    else:
        click.echo(format_status(report, database, app.config.timezone))


COMMANDS = (schedule, runs, status)
