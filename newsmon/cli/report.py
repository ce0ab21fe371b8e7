"""``newsmon report``: write the static HTML report (and its Atom feed) now."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import click


@click.command(
    "report",
    epilog="\b\nExamples:\n  newsmon report --out /var/www/newsmon\n  newsmon report && xdg-open newsmon-report/index.html",
)
@click.option(
    "--out",
    "out",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the report here. Default: [report] dir from the config, else ./newsmon-report.",
)
@click.pass_context
def report(ctx: click.Context, out: Optional[Path]) -> None:
    """Write the HTML report: coverage timeline, developments, sources, developments.atom.

    Self-contained (open index.html from disk or serve the folder). DIR is a
    link switched atomically to each new build, so a web server never serves
    half a report; an existing folder newsmon did not write is never overwritten.
    """
    from newsmon.report import ReportError, watch_from_topics, write_report
    from newsmon.topics import load_topics

    app = ctx.obj
    target = out or app.config.report.dir or Path("newsmon-report")
    watch = watch_from_topics(load_topics(app.seeds_dir()), [s.url for s in app.config.sources])
    with app.database().session() as session:
        try:
            index = write_report(session, target, watch)
        except ReportError as exc:
            click.echo(f"newsmon: error: {exc}", err=True)
            ctx.exit(1)
    click.echo(f"report written: {index}")
