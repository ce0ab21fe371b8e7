"""The ``newsmon`` command.

Exit codes live in newsmon.exitcodes (README "Exit codes"): 0 ok or degraded,
1 the run failed (no source answered, storing failed, database unreachable),
2 bad configuration or usage, 75 another crawl (or scheduler) is running.
Every error is one line on stderr: ``newsmon: error: ...``.
"""

from __future__ import annotations

import json
import sys
from typing import Optional

import click

from newsmon import __version__, exitcodes
from newsmon.app import App
from newsmon.config import Config, ConfigError, load_config
from newsmon.store.database import Database

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
CONFIG_HELP = "Config file (TOML). Default: $NEWSMON_CONFIG, then ./newsmon.toml, else built-in defaults."
WHEN_HELP = "a date (2024-11-14), a date and time, or a duration ago: 30m (minutes), 12h, 7d, 2w"


class CliApp(App):
    """The App of one command: the configuration is read when first needed, so
    ``--config`` may come before or after the subcommand."""

    def __init__(self, config_path: Optional[str]) -> None:
        self.config_path = config_path
        self._config: Optional[Config] = None
        self._db = None
        self._ro: Optional[Database] = None

    @property  # type: ignore[override]
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @config.setter
    def config(self, value: Config) -> None:
        self._config = value


def examples(*lines: str) -> str:
    """An epilog that click prints as written (one or two examples per command)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


@click.group(context_settings=CONTEXT, epilog=examples("newsmon crawl --quiet", "newsmon articles --since 7d"))
@click.option("--config", "config_path", metavar="PATH", help=CONFIG_HELP)
@click.version_option(__version__, prog_name="newsmon")
@click.pass_context
def cli(ctx: click.Context, config_path: Optional[str]) -> None:
    """newsmon watches the press for developments in one story.

    It crawls feeds, sitemaps and listing pages, keeps the articles about the
    watched topic, groups copies and coverage into developments, and e-mails a
    digest of what is new. See README.md for configuration.
    """
    ctx.obj = CliApp(config_path)
    ctx.call_on_close(ctx.obj.close)


def _set_config(ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> None:
    """``--config`` given after the subcommand: it wins over one given before."""
    if value is not None:
        app = ctx.find_object(CliApp)
        if app is not None:
            app.config_path, app._config = value, None


def _app(ctx: click.Context) -> App:
    return ctx.find_object(CliApp)  # type: ignore[return-value]


def _tz(ctx: click.Context) -> str:
    return _app(ctx).config.timezone


# ---------------------------------------------------------------- crawl


@cli.command(epilog=examples(
    "newsmon crawl", "newsmon crawl --quiet --config /etc/newsmon/newsmon.toml   # from cron",
    "newsmon crawl --workers 3   # on the shared frontier ([frontier] redis_url)",
))
@click.option("--no-alerts", is_flag=True, help="Store and group, but do not deliver alerts this run.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless the run is degraded or failed (for cron).")
@click.option("--log-file", metavar="PATH", help="Write the log here instead of stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Debug logging.")
@click.option("--trigger", type=click.Choice(["cli", "schedule", "demo"]), default="cli", hidden=True)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    metavar="N",
    help="Crawl on the shared frontier ([frontier] redis_url) with N worker processes here "
    "(0: only `newsmon worker`s on other hosts). Default: [frontier] workers.",
)
@click.pass_context
def crawl(
    ctx: click.Context, no_alerts: bool, quiet: bool, log_file: Optional[str], verbose: bool, trigger: str, workers: Optional[int]
) -> None:
    """Run one crawl cycle: every source -> pipelines -> developments -> alerts.

    The run ends ok (the sources answered), degraded (some failed: named in one
    line, printed even with --quiet, exit 0) or failed (no source answered, or
    storing failed: exit 1). A second run while one is going exits 75 at once.
    """
    from newsmon.logconfig import configure_logging
    from newsmon.crawl.cycle import DEGRADED, OK, run_cycle

    app = _app(ctx)
    if app.config.frontier.redis_url:
        from newsmon.crawl.frontier import connect

        connect(app.config.frontier.redis_url).close()  # unreachable: one line, exit 1, nothing recorded
    elif workers is not None:
        raise click.UsageError("--workers needs the shared frontier: set [frontier] redis_url (or $NEWSMON_REDIS_URL)")
    progress = not quiet and sys.stderr.isatty() and not log_file
    configure_logging(app.config, quiet=quiet, log_file=log_file, verbose=verbose, progress=progress)
    warn = lambda message: click.echo(f"newsmon: warning: {message}", err=True)  # noqa: E731 - even with --quiet
    result = run_cycle(app, alerts=not no_alerts, trigger=trigger, progress=progress, warn=warn, workers=workers)
    if not quiet:
        click.echo(result.summary())  # names the outcome and, unless ok, why
    if result.status != OK and (quiet or result.status != DEGRADED):
        click.echo(result.alarm(), err=True)  # cron mails it; a failure is also an error line
    ctx.exit(result.exit_code)


# ---------------------------------------------------------------- queries

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)


LIMIT = click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most N rows, newest first (0: no limit).")


@cli.command(epilog=examples("newsmon articles --since 7d --contains 애저", "newsmon articles --since 2024-11-01 --until 2024-11-14 --format csv"))
@click.option("--since", metavar="WHEN", help=f"Only articles published (or, undated, first seen) since WHEN: {WHEN_HELP}.")
@click.option("--until", metavar="WHEN", help="Only articles published up to WHEN (a bare date includes that whole day).")
@click.option("--source", metavar="NAME", help="Only this outlet (substring of its name).")
@click.option("--contains", metavar="TEXT", help="Only articles whose title or text contains TEXT (Korean or English).")
@click.option("--development", "development_id", type=int, metavar="ID", help="Only articles of this development.")
@click.option("--all", "include_all", is_flag=True, help="Include articles judged irrelevant to every topic.")
@LIMIT
@FORMAT
@click.pass_context
def articles(
    ctx: click.Context,
    since: Optional[str],
    until: Optional[str],
    source: Optional[str],
    contains: Optional[str],
    development_id: Optional[int],
    include_all: bool,
    limit: int,
    fmt: str,
) -> None:
    """List stored articles, newest first (relevant ones unless --all).

    Times are in the configured time zone (timezone, default Asia/Seoul);
    JSON and CSV give ISO 8601 with the offset. Undated articles sort by
    when they were first seen.
    """
    from newsmon.cli.output import local_time, to_csv, to_json, to_table, tz_label
    from newsmon.store.queries import ArticleFilter, find_articles, parse_when

    tz = _tz(ctx)
    f = ArticleFilter(
        since=parse_when(since, tz=tz) if since else None,
        until=parse_when(until, tz=tz, end_of_day=True) if until else None,
        source=source,
        contains=contains,
        development_id=development_id,
        include_irrelevant=include_all,
        limit=limit or None,
    )
    with _app(ctx).database(read_only=True).session() as session:
        rows = find_articles(session, f)
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows, list(rows[0]) if rows else ["id", "url", "title"]), nl=False)
    elif not rows:
        click.echo("no articles match")
    else:
        for r in rows:
            r["date"] = local_time(r["published_at"], tz) if r["published_at"] else local_time(r["first_seen_at"], tz) + "*"
            r["flags"] = ("D" if r["duplicate_of"] else "") + ("" if r["relevant"] else "I")
        columns = [("id", "ID", 5), ("date", f"PUBLISHED ({tz_label(tz)})", 17), ("source", "SOURCE", 10), ("title", "TITLE", 0), ("flags", "FLAGS", 5), ("url", "URL", 0)]
        click.echo(to_table(rows, columns))
        notes = ["* undated: first seen"] if any(r["published_at"] is None for r in rows) else []
        notes += ["D duplicate copy"] if any(r["duplicate_of"] for r in rows) else []
        notes += ["I irrelevant"] if any(not r["relevant"] for r in rows) else []
        if notes:
            click.echo("(" + "; ".join(notes) + ")")




# ---------------------------------------------------------------- topics


@cli.group(invoke_without_command=True, epilog=examples("newsmon topics", "newsmon topics check --title 'KT, MS와 AI 협력 확대'"))
@click.pass_context
def topics(ctx: click.Context) -> None:
    """List the topic profiles (seeds/*.toml) and what each matches."""
    if ctx.invoked_subcommand is None:
        from newsmon.topics import load_topics

        found = load_topics(_app(ctx).seeds_dir())
        if not found:
            click.echo(f"no topic profiles in {_app(ctx).seeds_dir()}")
        for t in found:
            click.echo(t.describe())
            click.echo()


@topics.command("check", epilog=examples("newsmon topics check --title 'KT·MS 손잡고 AI 센터' --text '...'"))
@click.option("--title", default="", help="The headline.")
@click.option("--text", default="", help="The article text (or a lede).")
@click.option("--topic", "topic_name", metavar="NAME", help="Only this profile.")
@click.pass_context
def topics_check(ctx: click.Context, title: str, text: str, topic_name: Optional[str]) -> None:
    """Explain the verdict on a title and text: which aliases fired, which were vetoed."""
    from newsmon.topics import load_topic, load_topics

    seeds = _app(ctx).seeds_dir()
    chosen = [load_topic(topic_name, seeds_dir=seeds)] if topic_name else load_topics(seeds)
    for t in chosen:
        click.echo(t.match(title, text).explain())


# ---------------------------------------------------------------- extract


@cli.command(epilog=examples("newsmon extract https://news.example.com/article/123", "newsmon extract saved.html --url https://news.example.com/article/123 --format json"))
@click.argument("file_or_url")
@click.option("--url", "page_url", metavar="URL", help="The page's URL when reading a saved file (for canonical URL and links).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def extract(ctx: click.Context, file_or_url: str, page_url: Optional[str], fmt: str) -> None:
    """Print the extracted, normalized article from a saved page or a URL (for debugging a site).

    A URL is fetched under the crawl's network guard: internal addresses only
    for the configured sources' own hosts or with allow_private_addresses."""
    from newsmon.pages.extract import extract_article
    from newsmon.crawl.fetch import fetch_page
    from newsmon.crawl.netguard import guard_for
    from newsmon.items import ArticleItem
    from pipelines.extract import fill_item
    from pipelines.normalize import normalize_item

    if file_or_url.startswith(("http://", "https://")):
        try:
            final_url, body, content_type = fetch_page(file_or_url, guard=guard_for(_app(ctx).config))
        except click.UsageError as exc:  # the network failed: not a usage error (exit 1)
            raise click.ClickException(exc.message) from None
        url = page_url or final_url
    else:
        try:
            with open(file_or_url, "rb") as fh:
                body = fh.read()
        except OSError as exc:
            raise click.UsageError(f"cannot read {file_or_url}: {exc.strerror or exc}") from None
        url, content_type = page_url or f"file://{file_or_url}", None
    article = extract_article(body, url, headers={"Content-Type": content_type} if content_type else None)
    item = fill_item(ArticleItem(url=url), article)
    normalize_item(item)
    data = {
        "url": url,
        "canonical_url": item.canonical_url,
        "title": item.title,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "published_raw": item.published_raw,
        "published_source": item.published_source,
        "modified_at": item.modified_at.isoformat() if item.modified_at else None,
        "authors": item.authors,
        "site_name": item.site_name,
        "language": item.language,
        "body": item.body,
    }
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for key, value in data.items():
            if key != "body":
                click.echo(f"{key}: {value if value not in (None, []) else '-'}")
        click.echo()
        click.echo(item.body)


def _register_commands() -> None:
    """Add the commands of the other modules, and ``--config`` to every subcommand."""
    from newsmon.cli.alerts import alerts
    from newsmon.cli.developments import developments
    from newsmon.cli.report import report
    from newsmon.cli.schedule import runs, schedule, status
    from newsmon.cli.sources import sources
    from newsmon.cli.workers import worker

    for command in (alerts, developments, schedule, runs, status, sources, report, worker):
        cli.add_command(command)
    todo = list(cli.commands.values())
    while todo:
        command = todo.pop()
        command.params.append(
            click.Option(["--config"], metavar="PATH", expose_value=False, callback=_set_config, is_eager=True, help=CONFIG_HELP)
        )
        if isinstance(command, click.Group):
            todo.extend(command.commands.values())


_register_commands()


#: Errors said in one line, with their exit code, by the module that defines them
#: (ConfigError and DatabaseError are handled in ``main`` directly). Looked up in
#: sys.modules, not imported: an error of a class whose module no one imported cannot
#: have been raised, and importing them all cost every command ~0.3 s at start-up
#: (numpy behind the development edits, the seed and topic parsers).
_ONE_LINE_ERRORS = (
    ("newsmon.store.queries", "QueryError", exitcodes.USAGE),
    ("newsmon.topics.matcher", "TopicError", exitcodes.USAGE),
    ("newsmon.pages.seeds", "SeedError", exitcodes.USAGE),
    ("newsmon.events.edits", "EditError", exitcodes.USAGE),
    ("newsmon.schedule.locks", "AlreadyRunning", exitcodes.ALREADY_RUNNING),
    ("newsmon.crawl.frontier", "FrontierError", exitcodes.FAILED),
)


def _one_line_error_code(exc: Exception) -> Optional[int]:
    """The exit code of a known one-line error, else None (a bug: let it raise)."""
    for module, name, code in _ONE_LINE_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return code
    return None


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point: one-line errors and the documented exit codes, no tracebacks."""
    from newsmon.store.database import DatabaseError

    def error(message: str) -> None:
        click.echo(f"newsmon: error: {' '.join(str(message).split())}", err=True)

    try:
        # Without standalone mode click returns ctx.exit()'s code instead of raising.
        code = cli.main(args=argv, prog_name="newsmon", standalone_mode=False)
        return code if isinstance(code, int) else exitcodes.OK
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        error(exc.format_message())
        if exc.ctx is not None:
            click.echo(f"Try '{exc.ctx.command_path} --help' for help.", err=True)
        return exitcodes.USAGE
    except click.ClickException as exc:
        error(exc.format_message())
        return exc.exit_code
    except click.Abort:
        error("aborted")
        return exitcodes.FAILED
    except ConfigError as exc:
        error(str(exc))
        return exitcodes.USAGE
    except DatabaseError as exc:
        error(str(exc))
        return exitcodes.FAILED
    except KeyboardInterrupt:
        return exitcodes.INTERRUPTED
    except Exception as exc:
        code = _one_line_error_code(exc)
        if code is None:
            raise
        error(str(exc))
        return code


if __name__ == "__main__":
    sys.exit(main())
