"""The commands for running unattended: ``schedule``, ``runs`` and ``status``.

``schedule`` is the daemon (newsmon.schedule.daemon); ``runs`` and ``status`` answer
"is it working?" from the ``runs`` table, for a person (table/text) or a
monitoring script (JSON). Each command receives an ``App`` as ``ctx.obj``;
the main group (newsmon.cli.main) registers them.

Exit codes: 0 success; 1 database unreachable; 2 configuration or usage
error; 75 (EX_TEMPFAIL) another scheduler already runs on this database.
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


@click.command("schedule")
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


def _short_time(value: Optional[datetime]) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _duration(run: Run) -> str:
    if run.finished_at is None or run.started_at is None:
        return "-"
    seconds = int((run.finished_at - run.started_at).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def format_runs_table(runs: list[Run]) -> str:
    """``newsmon runs`` as a plain-text table (local times)."""
    header = ("ID", "STARTED", "TOOK", "TRIGGER", "STATUS", "PAGES", "NEW", "UPD", "DUP", "DEVS", "ALERTS", "ERRORS", "MESSAGE")
    rows = [
        (
            str(r.id),
            _short_time(r.started_at),
            _duration(r),
            r.trigger,
            r.status,
            str(r.pages_fetched),
            str(r.articles_new),
            str(r.articles_updated),
            str(r.articles_duplicate),
            str(r.developments_new),
            str(r.alerts_sent),
            str(sum((r.errors or {}).values())),
            (r.message or "").replace("\n", " ")[:60],
        )
        for r in runs
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in [header, *rows]]
    return "\n".join(lines)


@click.command("runs")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many runs, newest first.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@click.pass_context
def runs(ctx: click.Context, limit: int, fmt: str) -> None:
    """List recent crawl runs: when, how they ended, what they found."""
    app = _app(ctx)
    try:
        with app.database().session() as session:
            rows = list_runs(session, limit)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([run_to_dict(r) for r in rows], ensure_ascii=False, indent=2))
    elif not rows:
        click.echo("no runs yet")
    else:
        click.echo(format_runs_table(rows))


def format_status(report: dict[str, Any], database: str) -> str:
    """``newsmon status`` as text."""
    def when(iso: Optional[str]) -> str:
        return _short_time(datetime.fromisoformat(iso)) if iso else "-"

    lines = [f"database:            {database}"]
    ok = report["last_success"]
    lines.append(
        f"last successful run: #{ok['id']} {when(ok['started_at'])} -> {when(ok['finished_at'])}" if ok else
        "last successful run: none"
    )
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
    return "\n".join(lines)


@click.command("status")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """Health at a glance: last successful run, last run, pending alerts, totals."""
    app = _app(ctx)
    try:
        with app.database().session() as session:
            report = status_report(session)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    database = safe_url(app.config.database_url)
    if fmt == "json":
        click.echo(json.dumps({"database": database, **report}, ensure_ascii=False, indent=2))
    else:
        click.echo(format_status(report, database))


COMMANDS = (schedule, runs, status)
