"""``newsmon alerts``: look at the outbox, preview the next digest, send what is pending.

Exit codes of ``newsmon alerts send``: 0 when everything was delivered (or
there was nothing to do), 1 when a digest failed or is still queued for retry
(the reason is printed on stderr).
"""

from __future__ import annotations

import json
from typing import Any, Optional

import click
from sqlalchemy import select

from newsmon.alerts.digest import clip, one_line, render_text, subject_for
from newsmon.alerts.outbox import deliver_pending, preview_digest, recipients_for
from newsmon.store.models import Alert, Article, Delivery, Development


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def outbox_rows(session: Any, *, status: str, limit: int) -> list[dict[str, Any]]:
    """The newest outbox rows with what they announce and how their deliveries went."""
    query = select(Alert).order_by(Alert.id.desc()).limit(limit)
    if status != "all":
        query = query.where(Alert.status == status)
    alerts = list(session.scalars(query))
    if not alerts:
        return []
    ids = {a.id for a in alerts}
    devs = {
        d.id: d
        for d in session.scalars(select(Development).where(Development.id.in_({a.development_id for a in alerts})))
    }
    art_ids = {a.article_id for a in alerts if a.article_id is not None}
    arts = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(art_ids)))} if art_ids else {}
    deliveries: dict[int, list[dict[str, Any]]] = {}
    for d in session.scalars(select(Delivery).order_by(Delivery.id)):
        for aid in set(d.alert_ids or ()) & ids:
            deliveries.setdefault(aid, []).append(
                {
                    "recipient": d.recipient,
                    "status": d.status,
                    "attempts": d.attempts,
                    "message_id": d.message_id,
                    "next_attempt_at": _iso(d.next_attempt_at),
                    "sent_at": _iso(d.sent_at),
                    "last_error": d.last_error,
                }
            )
    rows = []
    for a in alerts:
        dev = devs.get(a.development_id)
        art = arts.get(a.article_id) if a.article_id is not None else None
        rows.append(
            {
                "id": a.id,
                "kind": a.kind,
                "status": a.status,
                "development_id": a.development_id,
                "development": one_line(dev.title) if dev else None,
                "article": one_line(art.title) if art else None,
                "created_at": _iso(a.created_at),
                "sent_at": _iso(a.sent_at),
                "deliveries": deliveries.get(a.id, []),
            }
        )
    return rows


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "The outbox is empty."
    lines = [f"{'ID':>5}  {'KIND':<11} {'STATUS':<8} {'CREATED (UTC)':<16}  WHAT"]
    for r in rows:
        what = r["development"] or "(development removed)"
        if r["kind"] == "update" and r["article"]:
            what = f"{what} <- {r['article']}"
        created = (r["created_at"] or "")[:16].replace("T", " ")
        lines.append(f"{r['id']:>5}  {r['kind']:<11} {r['status']:<8} {created:<16}  {clip(what, 80)}")
        for d in r["deliveries"]:
            if d["status"] != "sent" or d["last_error"]:
                detail = f"{d['status']}, attempt {d['attempts']}"
                if d["next_attempt_at"] and d["status"] == "pending":
                    detail += f", next {d['next_attempt_at'][:16].replace('T', ' ')}"
                err = f": {clip(one_line(d['last_error']), 100)}" if d["last_error"] else ""
                lines.append(f"{'':>7}-> {d['recipient']} ({detail}){err}")
    return "\n".join(lines)


@click.group("alerts", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--status",
    type=click.Choice(["all", "pending", "sent", "failed", "skipped"]),
    default="all",
    show_default=True,
    help="Only alerts in this state.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Newest N alerts.")
@click.pass_context
def alerts(ctx: click.Context, fmt: str, status: str, limit: int) -> None:
    """List the alert outbox: what is pending, sent or failed, with delivery errors."""
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.obj
    with app.database().session() as session:
        rows = outbox_rows(session, status=status, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(rows))


@alerts.command("preview")
@click.option("--to", "recipient", default=None, help="Preview for this configured recipient (default: the first).")
@click.pass_context
def preview(ctx: click.Context, recipient: Optional[str]) -> None:
    """Print the next digest (text part) without sending or changing anything."""
    app = ctx.obj
    recipients = recipients_for(app.config)
    if recipient is not None and recipient not in recipients:
        raise click.UsageError(f"{recipient!r} is not a configured recipient ({', '.join(recipients)})")
    who = recipient or recipients[0]
    db = app.database()
    with db.sessionmaker() as session:
        try:
            digest = preview_digest(session, who)
        finally:
            session.rollback()
    if digest.empty:
        click.echo(f"Nothing to announce to {who}.")
        return
    click.echo(f"To: {who}\nSubject: {subject_for(digest)}\n")
    click.echo(render_text(digest), nl=False)


@alerts.command("send")
@click.pass_context
def send(ctx: click.Context) -> None:
    """Deliver pending digests now (exit 1 if any failed or stays queued)."""
    app = ctx.obj
    report = deliver_pending(app.database(), app.config)
    click.echo(f"sent {report.sent}, failed {report.failed}, still queued {report.pending}")
    for error in report.errors:
        click.echo(f"error: {error}", err=True)
    if not report.ok:
        if report.pending:
            click.echo("some digests are queued and will be retried on the next run", err=True)
        ctx.exit(1)
