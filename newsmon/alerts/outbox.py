"""The alert outbox: announce each development once, even across crashes.

Writing: the store step calls ``enqueue_development`` / ``enqueue_update`` in
the transaction that records the development, so an announcement exists if
and only if the development does. Both are idempotent (unique indexes plus
INSERT ... ON CONFLICT DO NOTHING) and never commit.

Draining: ``deliver_pending`` builds one digest per recipient from the alerts
that recipient has not had, records a ``Delivery`` row (status ``sending``,
commit), sends, then records the outcome (commit). A crawl that dies after
storing delivers on the next run. Transient failures (server down, 4xx, TLS,
login) leave the delivery ``pending`` with exponential backoff in
``next_attempt_at`` until ``alerts.max_attempts``, then ``failed``; a 5xx for
one recipient fails that recipient's delivery only. A delivery's content is
frozen (its ``alert_ids``) and its Message-ID never changes, so every retry is
the same e-mail; newer alerts wait for the next digest. The database allows at
most one unfinished delivery per recipient, so two runs draining at once
cannot both announce the same alerts.

The remaining window, chosen deliberately (at-least-once, identifiable):
a crash after the server accepted a message and before ``sent`` was committed
leaves the delivery in ``sending``. Its claim expires after a lease
(``next_attempt_at``, at least five minutes), and the next run sends it again
with the SAME Message-ID and Date, so a recipient sees at most one duplicate,
which mail clients that dedupe by Message-ID (Gmail, for one) drop. In the
``.eml`` outbox the retry rewrites the same file: no duplicate at all. We do
not choose at-most-once, because the same window also covers crashes before
the server ever saw the message, and those must not lose a development.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional, Sequence

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsmon.alerts.attention import from_json, mark_reported, pending_attention, to_json
from newsmon.alerts.digest import AttentionItem, Digest, build_message, load_digest, message_domain
from newsmon.alerts.mailer import FileTransport, SendError, SmtpTransport, Transport
from newsmon.config import Config
from newsmon.store.database import Database
from newsmon.store.models import Alert, Article, Delivery, Development

log = logging.getLogger("newsmon.alerts")

OUTBOX_RECIPIENT = "outbox"  # the pseudo-recipient of .eml digests when there is no [smtp]
OUTBOX_FROM = "newsmon <newsmon@localhost>"
OUTBOX_TO = "newsmon outbox <outbox@localhost>"  # .eml files carry a To: like any e-mail
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
MIN_LEASE = timedelta(minutes=5)
UNFINISHED = ("pending", "sending")
TERMINAL = ("sent", "failed")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


# ---------------------------------------------------------------- enqueue


def _insert(session: Session) -> Callable[..., Any]:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _has_announceable_article(session: Session, development_id: int) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Article.development_id == development_id,
                    Article.relevant.is_(True),
                    Article.duplicate_of.is_(None),
                )
            )
        )
    )


def enqueue_development(session: Session, development: Development) -> bool:
    """Queue the announcement of a new development; True if a row was added.

    Call it after the development's first article is attached (it checks that
    the development has a relevant, original article). Seeded developments are
    never queued. Idempotent; does not commit.
    """
    if development.seeded:
        return False
    if development.id is None:
        session.flush()
    if not _has_announceable_article(session, development.id):
        return False
    stmt = (
        _insert(session)(Alert)
        .values(kind="development", development_id=development.id, article_id=None, status="pending", created_at=_utcnow())
        .on_conflict_do_nothing()
        .returning(Alert.id)
    )
    return session.execute(stmt).scalar() is not None


def enqueue_update(session: Session, development: Development, article: Article) -> bool:
    """Queue "a new article on an announced development"; True if a row was added.

    Only for relevant, original articles of an unseeded development. A
    development not in the outbox yet (its earlier articles were not
    announceable) is queued as a new development instead. Idempotent; does
    not commit.
    """
    if development.seeded or not article.relevant or article.duplicate_of is not None:
        return False
    if development.id is None or article.id is None:
        session.flush()
    if article.development_id != development.id:
        return False
    announced = session.scalar(
        select(exists().where(Alert.kind == "development", Alert.development_id == development.id))
    )
    if not announced:
        return enqueue_development(session, development)
    stmt = (
        _insert(session)(Alert)
        .values(kind="update", development_id=development.id, article_id=article.id, status="pending", created_at=_utcnow())
        .on_conflict_do_nothing()
        .returning(Alert.id)
    )
    return session.execute(stmt).scalar() is not None


# ---------------------------------------------------------------- queries


def recipients_for(config: Config) -> tuple[str, ...]:
    """Who gets digests: the configured addresses, or the outbox folder."""
    return tuple(config.smtp.to) if config.smtp else (OUTBOX_RECIPIENT,)


def undelivered_alerts(session: Session, recipient: str) -> list[Alert]:
    """Pending alerts that no delivery to ``recipient`` has carried yet."""
    pending = list(session.scalars(select(Alert).where(Alert.status == "pending").order_by(Alert.id)))
    if not pending:
        return []
    carried: set[int] = set()
    for ids in session.scalars(
        select(Delivery.alert_ids).where(Delivery.recipient == recipient, Delivery.status != "cancelled")
    ):
        carried.update(int(i) for i in ids or ())
    return [a for a in pending if a.id not in carried]


def preview_digest(session: Session, recipient: str, *, config: Optional[Config] = None) -> Digest:
    """The digest ``recipient`` would get next (the caller rolls back)."""
    if config is None:
        return load_digest(session, undelivered_alerts(session, recipient))
    _, attention = pending_attention(session, config)
    return load_digest(session, undelivered_alerts(session, recipient), tz=config.timezone, attention=attention)


def _settle_alerts(session: Session, alert_ids: Sequence[int], recipients: Sequence[str], now: datetime) -> None:
    """Mark alerts sent/failed once every recipient's delivery of them is finished."""
    if not alert_ids:
        return
    wanted = set(alert_ids)
    outcome: dict[int, dict[str, str]] = {}
    for d in session.scalars(
        select(Delivery).where(Delivery.recipient.in_(recipients), Delivery.status.in_(TERMINAL))
    ):
        for aid in set(d.alert_ids or ()) & wanted:
            prev = outcome.setdefault(aid, {}).get(d.recipient)
            if prev != "sent":
                outcome[aid][d.recipient] = d.status
    for alert in session.scalars(select(Alert).where(Alert.id.in_(wanted), Alert.status == "pending")):
        got = outcome.get(alert.id, {})
        if "sent" in got.values() and alert.kind == "development":
            session.execute(
                update(Development)
                .where(Development.id == alert.development_id, Development.announced_at.is_(None))
                .values(announced_at=now)
            )
        if all(r in got for r in recipients):
            alert.status = "sent" if all(got[r] == "sent" for r in recipients) else "failed"
            alert.sent_at = now


# ---------------------------------------------------------------- delivery


@dataclass
class DeliveryReport:
    """What one ``deliver_pending`` call did; ``pending`` counts deliveries still queued."""

    sent: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.pending == 0


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after ``attempts`` failed tries (1 min, 2, 4, ... capped at 6 h)."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def new_message_id(from_addr: str) -> str:
    """A globally unique Message-ID in the sender's domain."""
    return f"<newsmon.{uuid.uuid4().hex}@{message_domain(from_addr)}>"


class _Drain:
    """One pass over the outbox (the state of one ``deliver_pending`` call)."""

    def __init__(
        self, database: Database, config: Config, clock: Callable[[], datetime], transport: Transport, retry_now: bool = False
    ) -> None:
        self.retry_now = retry_now  # `alerts send --now`: queued digests go without waiting for the back-off
        self.db = database
        self.config = config
        self.clock = clock
        self.transport = transport
        self.recipients = recipients_for(config)
        self.from_addr = config.smtp.from_addr if config.smtp else OUTBOX_FROM
        timeout = config.smtp.timeout if config.smtp else 0.0
        self.lease = max(MIN_LEASE, timedelta(seconds=10 * timeout))
        self.report = DeliveryReport()

    def run(self) -> DeliveryReport:
        self._cancel_unconfigured()
        with self.db.session() as s:
            attention_ids, attention = pending_attention(s, self.config, now=self.clock())
        carried = False
        for recipient in self.recipients:
            for delivery_id in self._due(recipient):
                if self._claim(delivery_id):
                    self._attempt(delivery_id)
            delivery_id = self._create(recipient, attention)
            if delivery_id is not None:
                carried = carried or bool(attention)
                self._attempt(delivery_id)
        if carried:  # said once: later digests leave these sources out until they recover and fail again
            with self.db.session() as s:
                mark_reported(s, attention_ids, self.clock())
        with self.db.session() as s:
            self.report.pending = s.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.status.in_(UNFINISHED))
            ) or 0
        return self.report

    def _cancel_unconfigured(self) -> None:
        """Queued digests for addresses removed from the configuration are dropped."""
        with self.db.session() as s:
            s.execute(
                update(Delivery)
                .where(
                    Delivery.recipient.not_in(self.recipients),
                    or_(
                        Delivery.status == "pending",
                        (Delivery.status == "sending") & (Delivery.next_attempt_at <= self.clock()),
                    ),
                )
                .values(status="cancelled", next_attempt_at=None, last_error="recipient no longer configured")
            )

    def _is_due(self) -> Any:
        due = or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= self.clock())
        # --now: a queued (pending) digest goes at once; one being sent keeps its lease.
        return or_(due, Delivery.status == "pending") if self.retry_now else due

    def _due(self, recipient: str) -> list[int]:
        with self.db.session() as s:
            return list(
                s.scalars(
                    select(Delivery.id)
                    .where(
                        Delivery.recipient == recipient,
                        Delivery.status.in_(UNFINISHED),
                        self._is_due(),
                    )
                    .order_by(Delivery.id)
                )
            )

    def _create(self, recipient: str, attention: tuple[AttentionItem, ...] = ()) -> Optional[int]:
        """Record a new digest for ``recipient`` (status ``sending``, claimed) and commit."""
        try:
            with self.db.session() as s:
                unfinished = s.scalar(
                    select(exists().where(Delivery.recipient == recipient, Delivery.status.in_(UNFINISHED)))
                )
                if unfinished:
                    return None  # an earlier digest is still queued: it goes first
                alerts = undelivered_alerts(s, recipient)
                if not alerts:
                    return None
                digest = load_digest(s, alerts, tz=self.config.timezone)
                if digest.skipped_ids:
                    s.execute(
                        update(Alert)
                        .where(Alert.id.in_(digest.skipped_ids), Alert.status == "pending")
                        .values(status="skipped")
                    )
                if digest.empty:
                    return None
                delivery = Delivery(
                    recipient=recipient,
                    message_id=new_message_id(self.from_addr),
                    alert_ids=list(digest.alert_ids),
                    status="sending",
                    attempts=1,
                    next_attempt_at=self.clock() + self.lease,
                    created_at=self.clock(),
                    attention=to_json(attention) or None,
                )
                s.add(delivery)
                s.flush()
                # Re-check inside the write transaction: another run may have
                # finished a digest with these alerts since we read them.
                if not set(digest.alert_ids) <= set(undelivered_alerts_ids(s, recipient, exclude=delivery.id)):
                    raise _Raced()
                return delivery.id
        except (_Raced, IntegrityError):
            log.info("another run is delivering to %s; leaving it to that run", recipient)
            return None

    def _claim(self, delivery_id: int) -> bool:
        """Move a due delivery to ``sending`` (compare-and-set) and commit."""
        with self.db.session() as s:
            result = s.execute(
                update(Delivery)
                .where(
                    Delivery.id == delivery_id,
                    Delivery.status.in_(UNFINISHED),
                    self._is_due(),
                )
                .values(status="sending", attempts=Delivery.attempts + 1, next_attempt_at=self.clock() + self.lease)
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    def _attempt(self, delivery_id: int) -> None:
        """Render and send a delivery this run has claimed, then record the outcome."""
        from newsmon.report.plot import timeline_png  # the digest's picture

        with self.db.session() as s:
            d = s.get(Delivery, delivery_id)
            assert d is not None
            alerts = list(s.scalars(select(Alert).where(Alert.id.in_(d.alert_ids or []))))
            digest = load_digest(s, alerts, tz=self.config.timezone, attention=from_json(d.attention))
            if digest.empty:
                d.status, d.next_attempt_at = "cancelled", None
                d.last_error = "nothing left to announce (developments removed or no longer announceable)"
                return
            message = build_message(
                digest,
                from_addr=self.from_addr,
                to=OUTBOX_TO if d.recipient == OUTBOX_RECIPIENT else d.recipient,
                message_id=d.message_id,
                date=d.created_at,
                timeline_png=timeline_png(s, [e.development_id for e in (*digest.developments, *digest.updates)]),
            )
            recipient, created_at, attempts = d.recipient, d.created_at, d.attempts
        try:
            self.transport.send(message, recipient, created_at=created_at)
        except SendError as exc:
            self._record_failure(delivery_id, recipient, attempts, exc)
            return
        with self.db.session() as s:
            d = s.get(Delivery, delivery_id)
            assert d is not None
            d.status, d.sent_at, d.next_attempt_at, d.last_error = "sent", self.clock(), None, None
            s.flush()
            _settle_alerts(s, d.alert_ids or [], self.recipients, self.clock())
        self.report.sent += 1
        log.info("sent digest %s to %s (%d alerts)", message["Message-ID"], recipient, len(digest.alert_ids))

    def _record_failure(self, delivery_id: int, recipient: str, attempts: int, exc: SendError) -> None:
        error = str(exc)
        give_up = exc.permanent or attempts >= self.config.alerts.max_attempts
        with self.db.session() as s:
            d = s.get(Delivery, delivery_id)
            assert d is not None
            d.last_error = error
            if give_up:
                d.status, d.next_attempt_at = "failed", None
                s.flush()
                _settle_alerts(s, d.alert_ids or [], self.recipients, self.clock())
            else:
                d.status, d.next_attempt_at = "pending", self.clock() + backoff(attempts)
        if give_up:
            self.report.failed += 1
            self.report.errors.append(f"{recipient}: {error} (gave up after {attempts} attempt(s))")
            log.error("digest to %s failed: %s", recipient, error)
        else:
            self.report.errors.append(f"{recipient}: {error} (queued, attempt {attempts})")
            log.warning("digest to %s queued for retry (attempt %d): %s", recipient, attempts, error)


class _Raced(Exception):
    """Another run delivered some of these alerts while this one was building."""


def undelivered_alerts_ids(session: Session, recipient: str, *, exclude: int) -> list[int]:
    """Ids of pending alerts not carried by any delivery to ``recipient`` other than ``exclude``."""
    carried: set[int] = set()
    for ids in session.scalars(
        select(Delivery.alert_ids).where(
            Delivery.recipient == recipient, Delivery.status != "cancelled", Delivery.id != exclude
        )
    ):
        carried.update(int(i) for i in ids or ())
    rows = session.scalars(select(Alert.id).where(Alert.status == "pending"))
    return [i for i in rows if i not in carried]


def deliver_pending(
    database: Database,
    config: Config,
    *,
    now: Optional[datetime] = None,
    cafile: Optional[str] = None,
    transport: Optional[Transport] = None,
    retry_now: bool = False,
) -> DeliveryReport:
    """Send what the outbox holds: due retries first, then one new digest per recipient.

    Without an [smtp] section, digests are written to ``config.alerts.outbox_dir``.
    ``cafile`` adds a trusted CA for the SMTP server's certificate (tests);
    ``now`` fixes the clock (tests); otherwise the wall clock is read as the run goes.
    ``retry_now`` sends queued digests without waiting for their back-off.
    """
    if transport is None:
        transport = (
            SmtpTransport(config.smtp, cafile=cafile) if config.smtp else FileTransport(config.alerts.outbox_dir)
        )
    clock: Callable[[], datetime] = (lambda: now) if now is not None else _utcnow
    return _Drain(database, config, clock, transport, retry_now).run()
