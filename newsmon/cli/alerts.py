"""``newsmon alerts``: look at the outbox, preview the next digest, send what is pending, test the settings.

Exit codes of ``newsmon alerts send`` and ``alerts test`` (newsmon.exitcodes):
0 when everything was delivered (or there was nothing to do), 1 when a
message failed or is still queued for retry (the reason is on stderr).
"""

from __future__ import annotations

import json
from typing import Any, Optional

import click
from sqlalchemy import select

from newsmon.alerts.digest import clip, one_line, render_text, subject_for
from newsmon.alerts.outbox import deliver_pending, preview_digest, recipients_for
from newsmon.store.models import Alert, Article, Delivery, Development, Notification


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None


def outbox_rows(session: Any, *, status: str, limit: Optional[int]) -> list[dict[str, Any]]:
    """The newest outbox rows with what they announce and how their deliveries went."""
    query = select(Alert).order_by(Alert.id.desc())
    query = query.limit(limit) if limit else query
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
    for n in session.scalars(select(Notification).order_by(Notification.id)):
        for aid in set(n.alert_ids or ()) & ids:
            deliveries.setdefault(aid, []).append(
                {
                    "recipient": f"notify {n.target}",
                    "status": n.status,
                    "attempts": n.attempts,
                    "message_id": None,
                    "next_attempt_at": _iso(n.next_attempt_at),
                    "sent_at": _iso(n.sent_at),
                    "last_error": n.last_error,
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


def _table(rows: list[dict[str, Any]], tz: str = "Asia/Seoul", width: Optional[int] = None) -> str:
    """The outbox as a table fitting the terminal; delivery problems indented under their alert."""
    from datetime import datetime

    from newsmon.cli.output import fit, local_time, terminal_width, to_table, tz_label

    if not rows:
        return "The outbox is empty."
    width = width or terminal_width()
    when = lambda iso: local_time(datetime.fromisoformat(iso), tz, "%m-%d %H:%M") if iso else "-"  # noqa: E731
    columns = [("id", "ID", 5), ("kind", "KIND", 11), ("status", "STATUS", 8), ("created", f"CREATED ({tz_label(tz)})", 13), ("what", "WHAT", 0)]
    shown = []
    for r in rows:
        what = r["development"] or "(development removed)"
        if r["kind"] == "update" and r["article"]:
            what = f"{what} <- {r['article']}"
        shown.append({**r, "created": when(r["created_at"]), "what": what})
    table = to_table(shown, columns, width=width).split("\n")
    lines = [table[0]]
    for r, row in zip(rows, table[1:]):
        lines.append(row)
        for d in r["deliveries"]:
            if d["status"] != "sent" or d["last_error"]:
                detail = f"{d['status']}, attempt {d['attempts']}"
                if d["next_attempt_at"] and d["status"] == "pending":
                    detail += f", next {when(d['next_attempt_at'])}"
                err = f": {one_line(d['last_error'])}" if d["last_error"] else ""
                lines.append(fit(f"       -> {d['recipient']} ({detail}){err}", width).rstrip())
    return "\n".join(lines)


@click.group("alerts", invoke_without_command=True, epilog="\b\nExamples:\n  newsmon alerts --status pending\n  newsmon alerts send --now")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--status",
    type=click.Choice(["all", "pending", "sent", "failed", "skipped"]),
    default="all",
    show_default=True,
    help="Only alerts in this state.",
)
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most N alerts, newest first (0: no limit).")
@click.pass_context
def alerts(ctx: click.Context, fmt: str, status: str, limit: int) -> None:
    """List the alert outbox: what is pending, sent or failed, with delivery errors.

    Times are in the configured time zone; JSON gives ISO 8601 with the offset.
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.obj
    with app.database(read_only=True).session() as session:
        rows = outbox_rows(session, status=status, limit=limit or None)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(rows, app.config.timezone))


@alerts.command("preview", epilog="\b\nExamples:\n  newsmon alerts preview\n  newsmon alerts preview --to team@example.com")
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
            digest = preview_digest(session, who, config=app.config)
        finally:
            session.rollback()
    if digest.empty:
        click.echo(f"Nothing to announce to {who}.")
        return
    click.echo(f"To: {who}\nSubject: {subject_for(digest)}\n")
    click.echo(render_text(digest), nl=False)


@alerts.command("send", epilog="\b\nExamples:\n  newsmon alerts send\n  newsmon alerts send --now   # after fixing the SMTP settings")
@click.option("--now", "retry_now", is_flag=True, help="Retry queued digests at once, without waiting for their back-off.")
@click.pass_context
def send(ctx: click.Context, retry_now: bool) -> None:
    """Deliver pending digests and chat/webhook messages (exit 1 if any failed or stays queued).

    Queued digests wait for their back-off (1 min, 2, 4, ... up to 6 h)
    unless --now is given.
    """
    from newsmon.alerts.notify import deliver_notifications

    app = ctx.obj
    report = deliver_pending(app.database(), app.config, retry_now=retry_now)
    click.echo(f"sent {report.sent}, failed {report.failed}, still queued {report.pending}")
    chat = deliver_notifications(app.database(), app.config)
    if app.config.notify:
        click.echo(f"chat/webhook: sent {chat.sent}, failed {chat.failed}, still queued {chat.pending}")
    for error in report.errors + chat.errors:
        click.echo(f"error: {error}", err=True)
    if not report.ok or chat.failed or chat.pending:
        if report.pending or chat.pending:
            click.echo("some messages are queued and will be retried on the next run", err=True)
        ctx.exit(1)


@alerts.command("test", epilog="\b\nExamples:\n  newsmon alerts test\n  NEWSMON_SMTP_PASSWORD=... newsmon alerts test --config /etc/newsmon/newsmon.toml")
@click.pass_context
def test(ctx: click.Context) -> None:
    """Send a short test message to every configured recipient and [[notify]] target, to check the settings.

    Without [smtp], writes the e-mail as an .eml file into the outbox folder.
    Nothing is stored; exit 1 (with the server's answer) if a message was not
    accepted. Chat/webhook targets are named by their url_env, never by URL.
    """
    from newsmon.alerts.notify import send_test
    from newsmon.alerts.testmail import send_test_messages

    results = list(send_test_messages(ctx.obj.config))
    results += [(f"[[notify]] {name}", error) for name, error in send_test(ctx.obj.config)]
    failures = 0
    for target, error in results:
        if error is None:
            click.echo(f"sent a test message to {target}")
        else:
            failures += 1
            click.echo(f"newsmon: error: test message to {target} failed: {error}", err=True)
    if failures:
        ctx.exit(1)
