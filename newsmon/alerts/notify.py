"""Chat and webhook alerts through Apprise: the e-mail outbox's promises, per ``[[notify]]`` target.

Each target is one Apprise URL (``slack://…``, ``tgram://…``, ``json://host/path``)
read from the environment variable its ``url_env`` names, at the moment of
sending: the URL holds the target's token, so only the variable's name is
stored (it names the target in the database and in logs).

Per target and run: one message at most, with the alerts that target has
not had: a due retry (which then also carries what became new), else a new
one. Each is a ``Notification`` row (the e-mail ``Delivery``'s twin),
committed as ``sending`` before the send and ``sent`` after. Nothing new, no
message. A failure (Apprise only says yes or no, so its log is captured
to record why) leaves the message ``pending`` with exponential backoff until
``alerts.max_attempts``, then ``failed``. A failing target, even one that
raises, never stops the others. A target added later is owed what is not yet
announced when it is first seen, and everything after: not the history.

The window left, as for e-mail (at-least-once): a crash after the target
accepted a message and before ``sent`` was committed leaves it ``sending``;
its claim expires after ``LEASE`` and the next run sends the same message
again. Chat services do not deduplicate, so the channel may show it twice;
no development is ever lost.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterator, Optional, Protocol, Sequence
from urllib.parse import parse_qsl, unquote, urlsplit

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsmon.alerts.digest import Digest, clip, load_digest, subject_for
from newsmon.alerts.outbox import backoff
from newsmon.config import Config, NotifyConfig
from newsmon.store.database import Database
from newsmon.store.models import Alert, Notification, NotifyTarget

log = logging.getLogger("newsmon.alerts.notify")

LEASE = timedelta(minutes=5)
UNFINISHED = ("pending", "sending")
MAX_DEVELOPMENTS = 10  # per message; chat is for a glance, the report has the rest
MAX_ARTICLES = 3  # per development in a message
MAX_ERROR_CHARS = 500
QUIET_LOGGERS = ("apprise", "urllib3", "requests")
WEBHOOK_SCHEMES = ("json", "jsons", "xml", "xmls", "form", "forms")  # their host is a host, not a token


class Sender(Protocol):
    def __call__(self, url: str, title: str, body: str, fmt: str) -> Optional[str]:
        """Send; None on success, else why it failed (already scrubbed of the URL's secrets)."""


# ---------------------------------------------------------------- secrets and Apprise


def url_secrets(url: str) -> list[str]:
    """The parts of an Apprise URL that may be a token: user, password, host-like ids, path and query values."""
    parts = urlsplit(url)
    found = {url, unquote(parts.password or ""), unquote(parts.username or "")}
    found.update(unquote(seg) for seg in parts.path.split("/"))
    found.update(value for _, value in parse_qsl(parts.query))
    if parts.scheme not in WEBHOOK_SCHEMES:  # tgram://BOTTOKEN/..., discord://WEBHOOK_ID/...: the host is an id
        found.update({parts.netloc, parts.hostname or ""})
    return sorted((s for s in found if len(s) >= 4), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    for secret in url_secrets(url):
        text = text.replace(secret, "***")
    return text


@contextmanager
def _kept_out_of_the_log() -> Iterator[None]:
    """Apprise's and the HTTP library's debug lines quote the URL: none may reach newsmon's log."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    saved = [lg.propagate for lg in loggers]
    for lg in loggers:
        lg.propagate = False
    try:
        yield
    finally:
        for lg, value in zip(loggers, saved):
            lg.propagate = value


def apprise_send(url: str, title: str, body: str, fmt: str) -> Optional[str]:
    """Send one message with Apprise; None on success, else the reason from Apprise's own log."""
    with _kept_out_of_the_log():
        import apprise

        with apprise.LogCapture(level=logging.DEBUG) as captured:
            client = apprise.Apprise()
            if not client.add(url):
                return "not a URL Apprise understands (check the scheme and its parts)"
            body_format = apprise.NotifyFormat.MARKDOWN if fmt == "markdown" else apprise.NotifyFormat.TEXT
            ok = bool(client.notify(title=title, body=body, body_format=body_format))
            lines = captured.getvalue().splitlines()
    if ok:
        return None
    why = [ln.split(" - ", 2)[-1] for ln in lines if " - WARNING - " in ln or " - ERROR - " in ln]
    why += [ln.split(" - ", 2)[-1] for ln in lines if "Exception" in ln and " - DEBUG - " in ln]
    reason = "; ".join(dict.fromkeys(why)) or "Apprise reported a failure without saying why"
    return scrub(reason, url)[:MAX_ERROR_CHARS]


# ---------------------------------------------------------------- the message


def _md(text: str) -> str:
    """Text safe inside Markdown link text and emphasis (scraped titles hold brackets and stars)."""
    return text.replace("[", "［").replace("]", "］").replace("*", "∗").replace("`", "'").replace("_", " ")


def _item(title: str, url: Optional[str], fmt: str) -> str:
    if fmt == "markdown":
        return f"[{_md(title)}]({url})" if url else _md(title)
    return f"{title} {url}" if url else title


def render_message(digest: Digest, fmt: str) -> tuple[str, str]:
    """(title, body) of the chat message announcing ``digest``; Markdown or plain text."""
    lines: list[str] = []
    bold = (lambda t: f"*{_md(t)}*") if fmt == "markdown" else (lambda t: t)
    shown = digest.developments[:MAX_DEVELOPMENTS]
    for dev in shown:
        lines.append(bold(f"New: {dev.title}"))
        lines.append(f"{dev.when} · {', '.join(dev.sources)}")
        for a in dev.articles[:MAX_ARTICLES]:
            lines.append(f"- {_item(a.title, a.url, fmt)} ({a.source})")
        more = len(dev.articles) - MAX_ARTICLES + dev.more
        if more > 0:
            lines.append(f"- … and {more} more article{'s' if more != 1 else ''}")
        lines.append("")
    if len(digest.developments) > len(shown):
        lines += [f"… and {len(digest.developments) - len(shown)} more new developments", ""]
    for upd in digest.updates[:MAX_DEVELOPMENTS]:
        n = len(upd.articles)
        lines.append(bold(f"{n} new article{'s' if n != 1 else ''} on: {upd.title}"))
        for a in upd.articles[:MAX_ARTICLES]:
            lines.append(f"- {_item(a.title, a.url, fmt)} ({a.source})")
        if n > MAX_ARTICLES:
            lines.append(f"- … and {n - MAX_ARTICLES} more")
        lines.append("")
    title = clip(subject_for(digest), 150)
    return title, "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------- bookkeeping


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def register_targets(session: Session, targets: Sequence[NotifyConfig], now: datetime) -> None:
    """Remember each configured target once; a new one is owed what is not yet announced, and later alerts."""
    known = set(session.scalars(select(NotifyTarget.name)))
    for target in targets:
        if target.url_env in known:
            continue
        first_pending = session.scalar(select(func.min(Alert.id)).where(Alert.status == "pending"))
        after_all = (session.scalar(select(func.max(Alert.id))) or 0) + 1
        session.add(NotifyTarget(name=target.url_env, since_alert_id=first_pending or after_all, created_at=now))
        try:
            session.flush()
        except IntegrityError:  # another run registered it first
            session.rollback()


def undelivered_alerts(session: Session, target: str) -> list[Alert]:
    """Alerts owed to ``target`` that none of its messages has carried (skipped ones excepted)."""
    since = session.scalar(select(NotifyTarget.since_alert_id).where(NotifyTarget.name == target))
    if since is None:
        return []
    carried: set[int] = set()
    for ids in session.scalars(
        select(Notification.alert_ids).where(Notification.target == target, Notification.status != "cancelled")
    ):
        carried.update(int(i) for i in ids or ())
    owed = select(Alert).where(Alert.id >= since, Alert.status != "skipped").order_by(Alert.id)
    return [a for a in session.scalars(owed) if a.id not in carried]


@dataclass
class NotifyReport:
    """What one ``deliver_notifications`` call did; ``pending`` counts messages still queued."""

    sent: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)


class _Drain:
    def __init__(self, db: Database, config: Config, clock: Callable[[], datetime], sender: Sender) -> None:
        self.db, self.config, self.clock, self.sender = db, config, clock, sender
        self.report = NotifyReport()

    def run(self) -> NotifyReport:
        names = [t.url_env for t in self.config.notify]
        with self.db.session() as s:
            register_targets(s, self.config.notify, self.clock())
            s.execute(  # messages for targets removed from the configuration are dropped
                update(Notification)
                .where(
                    Notification.target.not_in(names),
                    or_(
                        Notification.status == "pending",
                        (Notification.status == "sending") & (Notification.next_attempt_at <= self.clock()),
                    ),
                )
                .values(status="cancelled", next_attempt_at=None, last_error="target no longer configured")
            )
        for target in self.config.notify:
            try:
                self._target(target)
            except Exception as exc:  # noqa: BLE001 - one target's trouble must not stop the others
                self.report.errors.append(f"{target.url_env}: {type(exc).__name__}: {exc}")
                log.error("notification to %s failed: %s: %s", target.url_env, type(exc).__name__, exc)
        with self.db.session() as s:
            self.report.pending = s.scalar(
                select(func.count()).select_from(Notification).where(Notification.status.in_(UNFINISHED))
            ) or 0
        return self.report

    def _target(self, target: NotifyConfig) -> None:
        with self.db.session() as s:
            due = list(
                s.scalars(
                    select(Notification.id)
                    .where(
                        Notification.target == target.url_env,
                        Notification.status.in_(UNFINISHED),
                        or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= self.clock()),
                    )
                    .order_by(Notification.id)
                )
            )
        retried = False
        for nid in due:
            if self._claim(nid):
                self._add_owed(nid, target.url_env)
                self._attempt(nid, target)
                retried = True
        if retried:
            return  # the retried message carried what is new too: one message per run
        nid = self._create(target.url_env)
        if nid is not None:
            self._attempt(nid, target)

    def _add_owed(self, nid: int, target: str) -> None:
        """A retried chat message also carries what became new since (unlike an e-mail, it has no fixed Message-ID)."""
        with self.db.session() as s:
            row = s.get(Notification, nid)
            assert row is not None
            owed = [a.id for a in undelivered_alerts(s, target)]
            if owed:
                row.alert_ids = [*(row.alert_ids or []), *owed]

    def _claim(self, nid: int) -> bool:
        with self.db.session() as s:
            result = s.execute(
                update(Notification)
                .where(
                    Notification.id == nid,
                    Notification.status.in_(UNFINISHED),
                    or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= self.clock()),
                )
                .values(status="sending", attempts=Notification.attempts + 1, next_attempt_at=self.clock() + LEASE)
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    def _create(self, target: str) -> Optional[int]:
        """Record a new message for ``target`` (claimed, ``sending``) and commit; None if nothing is new."""
        try:
            with self.db.session() as s:
                if s.scalar(select(exists().where(Notification.target == target, Notification.status.in_(UNFINISHED)))):
                    return None  # an earlier message is still queued: it goes first
                alerts = undelivered_alerts(s, target)
                if not alerts:
                    return None
                digest = load_digest(s, alerts)
                if digest.empty:
                    return None
                row = Notification(
                    target=target, alert_ids=list(digest.alert_ids), status="sending", attempts=1,
                    next_attempt_at=self.clock() + LEASE, created_at=self.clock(),
                )
                s.add(row)
                s.flush()
                return row.id
        except IntegrityError:
            log.info("another run is notifying %s; leaving it to that run", target)
            return None

    def _attempt(self, nid: int, target: NotifyConfig) -> None:
        with self.db.session() as s:
            row = s.get(Notification, nid)
            assert row is not None
            digest = load_digest(s, list(s.scalars(select(Alert).where(Alert.id.in_(row.alert_ids or [])))))
            if digest.empty:
                row.status, row.next_attempt_at = "cancelled", None
                row.last_error = "nothing left to announce"
                return
            attempts = row.attempts
        title, body = render_message(digest, target.format)
        url = target.url()
        error = self.sender(url, title, body, target.format) if url else f"environment variable {target.url_env} is not set"
        if error is None:
            self._mark_sent(nid)
            self.report.sent += 1
            log.info("notified %s (%d alerts)", target.url_env, len(digest.alert_ids))
        else:
            self._mark_failed(nid, target.url_env, attempts, error)

    def _mark_sent(self, nid: int) -> None:
        with self.db.session() as s:
            s.execute(
                update(Notification)
                .where(Notification.id == nid)
                .values(status="sent", sent_at=self.clock(), next_attempt_at=None, last_error=None)
            )

    def _mark_failed(self, nid: int, target: str, attempts: int, error: str) -> None:
        give_up = attempts >= self.config.alerts.max_attempts
        with self.db.session() as s:
            s.execute(
                update(Notification)
                .where(Notification.id == nid)
                .values(
                    status="failed" if give_up else "pending",
                    next_attempt_at=None if give_up else self.clock() + backoff(attempts),
                    last_error=error,
                )
            )
        if give_up:
            self.report.failed += 1
            self.report.errors.append(f"{target}: {error} (gave up after {attempts} attempt(s))")
            log.error("notification to %s failed: %s", target, error)
        else:
            self.report.errors.append(f"{target}: {error} (queued, attempt {attempts})")
            log.warning("notification to %s queued for retry (attempt %d): %s", target, attempts, error)


def deliver_notifications(
    database: Database, config: Config, *, now: Optional[datetime] = None, sender: Optional[Sender] = None
) -> NotifyReport:
    """Send what each ``[[notify]]`` target is owed: due retries, then one new message per target."""
    if not config.notify:
        return NotifyReport()
    clock: Callable[[], datetime] = (lambda: now) if now is not None else _utcnow
    return _Drain(database, config, clock, sender or apprise_send).run()


def send_test(config: Config, *, sender: Optional[Sender] = None) -> list[tuple[str, Optional[str]]]:
    """Send a test message to every ``[[notify]]`` target: [(target, None or why it failed)]."""
    send = sender or apprise_send
    results: list[tuple[str, Optional[str]]] = []
    for target in config.notify:
        url = target.url()
        if not url:
            results.append((target.url_env, f"environment variable {target.url_env} is not set"))
            continue
        body = "This is a test message from newsmon: this target will receive new developments."
        results.append((target.url_env, send(url, "[newsmon] test message", body, target.format)))
    return results
