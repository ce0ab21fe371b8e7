"""The ``newsmon`` command.

Exit codes: 0 ok (a crawl may have had failing pages; they are counted),
1 the run itself failed (database unreachable, …), 2 bad configuration or
usage, 75 another crawl (or scheduler) is already running.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import click

from newsmon import __version__
from newsmon.app import App
from newsmon.config import ConfigError, load_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ALREADY_RUNNING = 0, 1, 2, 75

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Config file (TOML). Default: $NEWSMON_CONFIG, then ./newsmon.toml, else built-in defaults.",
)
@click.version_option(__version__, prog_name="newsmon")
@click.pass_context
def cli(ctx: click.Context, config_path: Optional[str]) -> None:
    """newsmon watches the press for developments in one story.

    It crawls feeds, sitemaps and listing pages, keeps the articles about the
    watched topic, groups copies and coverage into developments, and e-mails a
    digest of what is new. See README.md for configuration.
    """
    config = load_config(config_path)
    ctx.obj = App(config)
    ctx.call_on_close(ctx.obj.close)


def _app(ctx: click.Context) -> App:
    return ctx.obj


# ---------------------------------------------------------------- crawl


@cli.command()
@click.option("--no-alerts", is_flag=True, help="Store and group, but do not deliver alerts this run.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (for cron).")
@click.option("--log-file", metavar="PATH", help="Write the log here instead of stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Debug logging.")
@click.option("--trigger", type=click.Choice(["cli", "schedule", "demo"]), default="cli", hidden=True)
@click.pass_context
def crawl(ctx: click.Context, no_alerts: bool, quiet: bool, log_file: Optional[str], verbose: bool, trigger: str) -> None:
    """Run one crawl cycle: every source -> pipelines -> developments -> alerts.

    Safe under cron: a second run while one is going exits 75 at once.
    """
    from newsmon.logconfig import configure_logging
    from newsmon.crawl.cycle import run_cycle

    app = _app(ctx)
    configure_logging(app.config, quiet=quiet, log_file=log_file, verbose=verbose)
    progress = not quiet and sys.stderr.isatty() and not log_file
    result = run_cycle(app, alerts=not no_alerts, trigger=trigger, progress=progress)
    if not quiet:
        click.echo(result.summary())
    elif result.status != "ok":
        click.echo(f"newsmon: {result.summary()}", err=True)
    ctx.exit(result.exit_code)


# ---------------------------------------------------------------- queries

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)


@cli.command()
@click.option("--since", metavar="WHEN", help="Only articles published (or first seen) since: a date, or 7d / 12h / 2w.")
@click.option("--until", metavar="WHEN", help="Only articles published up to: a date, or 7d / 12h / 2w ago.")
@click.option("--source", metavar="NAME", help="Only this outlet (substring of its name).")
@click.option("--contains", metavar="TEXT", help="Only articles whose title or text contains TEXT (Korean or English).")
@click.option("--development", "development_id", type=int, metavar="ID", help="Only articles of this development.")
@click.option("--all", "include_all", is_flag=True, help="Include articles judged irrelevant to every topic.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most N rows (0: all).")
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
    """List stored articles, newest first (relevant ones unless --all)."""
    from newsmon.cli.output import to_csv, to_json, to_table
    from newsmon.store.queries import ArticleFilter, find_articles, parse_when

    f = ArticleFilter(
        since=parse_when(since) if since else None,
        until=parse_when(until) if until else None,
        source=source,
        contains=contains,
        development_id=development_id,
        include_irrelevant=include_all,
        limit=limit or None,
    )
    with _app(ctx).database().session() as session:
        rows = find_articles(session, f)
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows, list(rows[0]) if rows else ["id", "url", "title"]), nl=False)
    else:
        for r in rows:
            r["date"] = r["published_at"].astimezone(_seoul()).strftime("%Y-%m-%d %H:%M") if r["published_at"] else "-"
            r["mark"] = ("dup " if r["duplicate_of"] else "") + ("" if r["relevant"] else "irrelevant")
        click.echo(
            to_table(
                rows,
                [("id", "ID", 5), ("date", "PUBLISHED (KST)", 16), ("source", "SOURCE", 18), ("title", "TITLE", 48), ("mark", "", 4), ("url", "URL", 0)],
            )
        )


def _seoul() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Seoul")


# ---------------------------------------------------------------- topics


@cli.group(invoke_without_command=True)
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


@topics.command("check")
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


@cli.command()
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
        final_url, body, content_type = fetch_page(file_or_url, guard=guard_for(_app(ctx).config))
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


def _register_optional_commands() -> None:
    from newsmon.cli.alerts import alerts
    from newsmon.cli.developments import developments
    from newsmon.cli.schedule import runs, schedule, status

    for command in (alerts, developments, schedule, runs, status):
        cli.add_command(command)


_register_optional_commands()


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point: one-line errors and the documented exit codes, no tracebacks."""
    from newsmon.store.database import DatabaseError
    from newsmon.schedule.locks import AlreadyRunning
    from newsmon.store.queries import QueryError
    from newsmon.pages.seeds import SeedError
    from newsmon.topics import TopicError
    from newsmon.events.edits import EditError

    try:
        # Without standalone mode click returns ctx.exit()'s code instead of raising.
        code = cli.main(args=argv, prog_name="newsmon", standalone_mode=False)
        return code if isinstance(code, int) else EXIT_OK
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code
    except click.Abort:
        click.echo("newsmon: aborted", err=True)
        return EXIT_FAILED
    except (ConfigError, QueryError, TopicError, SeedError, EditError) as exc:
        click.echo(f"newsmon: error: {exc}", err=True)
        return EXIT_USAGE
    except AlreadyRunning as exc:
        click.echo(f"newsmon: {exc}", err=True)
        return EXIT_ALREADY_RUNNING
    except DatabaseError as exc:
        click.echo(f"newsmon: error: {exc}", err=True)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
