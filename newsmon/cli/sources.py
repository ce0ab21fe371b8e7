"""``newsmon sources``: each watched source's health, for a person (table) or a script (JSON).

Reads only (never creates or migrates the database). Times in the table are
in the configured time zone; JSON gives ISO 8601 with the offset.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

import click

from newsmon.store.health import SourceHealth, source_health


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def health_dict(h: SourceHealth, failing_runs: int) -> dict[str, Any]:
    """A source's health as JSON-ready values (stable names; fields only get added)."""
    d = {k: _iso(v) for k, v in asdict(h).items()}
    d["failing"] = h.failing(failing_runs)
    d["needs_attention"] = h.needs_attention(failing_runs)
    return d


def _when(value: Any, tz: str) -> str:
    from newsmon.cli.output import local_time

    return local_time(value, tz, "%m-%d %H:%M")


def format_sources_table(health: list[SourceHealth], *, tz: str, failing_runs: int, width: Any = None) -> str:
    """One row per source, and under it its URL, last fetch and last error time (fits ``width``)."""
    import textwrap

    from newsmon.cli.output import fit, short_url, terminal_width, to_table, tz_label

    width = width or terminal_width()
    label = tz_label(tz)
    columns = [
        ("type", "TYPE", 8),
        ("name", "NAME", 0),
        ("ok", f"LAST OK ({label})", 11),
        ("error", "LAST ERROR", 18),
        ("fails", "FAILS", 5),
        ("stale", "STALE", 5),
        ("n", "7D/30D", 7),
    ]
    rows = [
        {
            "type": h.type + ("*" if h.parent_id else ""),
            "name": h.name or "-",
            "ok": _when(h.last_success, tz),
            "error": h.last_error_kind or "-",
            "fails": str(h.consecutive_failures) + ("!" if h.failing(failing_runs) else ""),
            "stale": "yes" if h.stale else "no",
            "n": f"{h.articles_7d}/{h.articles_30d}",
        }
        for h in health
    ]
    table = to_table(rows, columns, width=width).split("\n")
    lines = [table[0]]
    indent = " " * 9
    for h, row in zip(health, table[1:]):
        detail = f" · fetched {_when(h.last_fetch, tz)}"
        if h.last_error_at:
            detail += f" · error {_when(h.last_error_at, tz)}"
        room = width - len(indent) - len("url ") - len(detail)
        lines += [row, fit(f"{indent}url {short_url(h.url, max(room, 20))}{detail}", width).rstrip()]
    notes = (
        f"FAILS: failed runs in a row (! from {failing_runs}: failing). STALE: no new article for the "
        "source's stale_days. 7D/30D: articles found in 7/30 days. * listed in a sitemap index."
    )
    return "\n".join(lines) + "\n" + textwrap.fill(notes, width)


@click.command(
    "sources",
    epilog="\b\nExamples:\n  newsmon sources\n  newsmon sources --format json | jq '.[] | select(.needs_attention)'",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """Each source's health: last fetch, last success, last error, failures in a row, articles, staleness.

    A source is stale when it gave no new article for [health] stale_days
    (default 7; per source: stale_days in its [[sources]] table), and
    failing after [health] failing_runs failed runs in a row (default 3).
    """
    from newsmon.crawl.plan import configured_sources

    app = ctx.obj
    config = app.config
    urls = [s.url for s in configured_sources(config, app.seeds_dir())]
    with app.database(read_only=True).session() as session:
        health = source_health(session, stale_days_default=config.health.stale_days, urls=urls)
    if fmt == "json":
        click.echo(json.dumps([health_dict(h, config.health.failing_runs) for h in health], ensure_ascii=False, indent=2))
    elif not health:
        click.echo("no sources recorded yet (they are, after the first `newsmon crawl`)")
    else:
        click.echo(format_sources_table(health, tz=config.timezone, failing_runs=config.health.failing_runs))
