"""``newsmon developments``: list the events of the story, and correct the grouping.

``split`` moves articles that report another event into a development of
their own, announced as new by the next digest; ``merge`` folds developments
that turn out to be one event into one. Both are recorded in the database
(``development_edits``) and listed by ``developments history``.
"""

from __future__ import annotations

from typing import Any, Optional

import click

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)


def _app(ctx: click.Context) -> Any:
    return ctx.find_root().obj


def _tz(ctx: click.Context) -> Any:
    """The configured time zone people read times in."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(_app(ctx).config.timezone)


def _examples(*lines: str) -> str:
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def _vocabulary(ctx: click.Context) -> Any:
    from newsmon.events.terms import Vocabulary
    from newsmon.topics import load_topics

    return Vocabulary.from_topics(load_topics(_app(ctx).seeds_dir()))


@click.group(invoke_without_command=True, epilog=_examples("newsmon developments --new", "newsmon developments --since 2024-11-01 --format json"))
@click.option("--new", "new_only", is_flag=True, help="Only developments not announced yet (never seeded ones).")
@click.option(
    "--since",
    metavar="WHEN",
    help="Only developments whose date (as shown) is since WHEN: a date (2024-11-14), a date and time, "
    "or a duration ago: 30m (minutes), 12h, 7d, 2w.",
)
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most N rows, newest first (0: no limit).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "atom"]), default="table", show_default=True,
    help="atom: the report's developments.atom feed (every development; --new/--since/--limit do not apply).",
)
@click.pass_context
def developments(ctx: click.Context, new_only: bool, since: Optional[str], limit: int, fmt: str) -> None:
    """List developments (events in the story), most recently active first.

    A development's date is its first article's publication (else when it was
    first seen), in the configured time zone. Merged developments are not
    listed. Subcommands correct the grouping.
    """
    if ctx.invoked_subcommand is not None:
        return
    from newsmon.cli.output import local_time, to_csv, to_json, to_table, tz_label
    from newsmon.store.queries import find_developments, parse_when

    if fmt == "atom":
        from newsmon.report.build import atom_for

        with _app(ctx).database(read_only=True).session() as session:
            click.echo(atom_for(session, _app(ctx).seeds_dir()), nl=False)
        return
    tz = _app(ctx).config.timezone
    with _app(ctx).database(read_only=True).session() as session:
        rows = find_developments(session, new_only=new_only, since=parse_when(since, tz=tz) if since else None, limit=limit or None)
    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(rows, list(rows[0]) if rows else ["id", "title"]), nl=False)
    elif not rows:
        click.echo("no developments match")
    else:
        for r in rows:
            r["when"] = local_time(r["published_first"] or r["first_seen"], tz, "%Y-%m-%d")
            r["state"] = "seeded" if r["seeded"] else ("announced" if r["announced_at"] else "new")
        columns = [("id", "ID", 4), ("when", f"DATE ({tz_label(tz)})", 10), ("state", "STATE", 9), ("article_count", "ARTICLES", 8), ("title", "TITLE", 0), ("sources", "SOURCES", 0)]
        click.echo(to_table(rows, columns))


@developments.command("split", epilog=_examples("newsmon developments split 12 345 346 --note 'a different event'"))
@click.argument("development_id", type=int)
@click.argument("article_ids", type=int, nargs=-1, required=True)
@click.option("--note", help="Why (kept with the record of the change).")
@click.pass_context
def split(ctx: click.Context, development_id: int, article_ids: tuple[int, ...], note: Optional[str]) -> None:
    """Move ARTICLE_IDS (and their copies) out of DEVELOPMENT_ID into a new development.

    The new development is announced as new in the next digest.
    """
    from newsmon.events.edits import split_development

    vocabulary = _vocabulary(ctx)
    with _app(ctx).database().session() as session:
        r = split_development(session, development_id, article_ids, vocabulary, note=note)
    click.echo(f"development {r.development_id} split: {len(r.moved)} article(s) moved to new development "
               f"{r.other_ids[0]} (edit {r.edit_id})")


@developments.command("merge", epilog=_examples("newsmon developments merge 12 15 --note 'the same launch'"))
@click.argument("into_id", type=int)
@click.argument("other_ids", type=int, nargs=-1, required=True)
@click.option("--note", help="Why (kept with the record of the change).")
@click.pass_context
def merge(ctx: click.Context, into_id: int, other_ids: tuple[int, ...], note: Optional[str]) -> None:
    """Merge OTHER_IDS into INTO_ID: one event. The others stay on record, marked merged.

    Articles of a merged development not yet announced are announced as news of INTO_ID.
    """
    from newsmon.events.edits import merge_developments

    vocabulary = _vocabulary(ctx)
    with _app(ctx).database().session() as session:
        r = merge_developments(session, into_id, other_ids, vocabulary, note=note)
    merged = ", ".join(map(str, r.other_ids))
    click.echo(f"development(s) {merged} merged into {r.development_id}: {len(r.moved)} article(s) moved (edit {r.edit_id})")


@developments.command("history", epilog=_examples("newsmon developments history 12"))
@click.argument("development_id", type=int)
@click.pass_context
def history(ctx: click.Context, development_id: int) -> None:
    """The splits and merges that touched DEVELOPMENT_ID (times in the configured time zone)."""
    from newsmon.events.edits import edits_of

    zone = _tz(ctx)
    with _app(ctx).database(read_only=True).session() as session:
        edits = edits_of(session, development_id)
        lines = [
            f"{e.created_at.astimezone(zone):%Y-%m-%d %H:%M} {e.kind:<5} {e.development_id} <- {e.other_id}"
            if e.kind == "merge" else
            f"{e.created_at.astimezone(zone):%Y-%m-%d %H:%M} {e.kind:<5} {e.development_id} -> {e.other_id}"
            for e in edits
        ]
        counts = [len(e.article_ids or []) for e in edits]
        notes = [e.note for e in edits]
    if not lines:
        click.echo(f"no splits or merges of development {development_id}")
    for line, n, note in zip(lines, counts, notes):
        click.echo(f"{line}: {n} article(s){f' — {note}' if note else ''}")
