"""``newsmon alerts test``: one short message per target, to check the settings before news depends on them."""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Iterator, Optional

from newsmon.alerts.digest import MAIL_POLICY, format_when, one_line
from newsmon.alerts.mailer import FileTransport, SendError, SmtpTransport, Transport
from newsmon.alerts.outbox import OUTBOX_FROM, OUTBOX_TO, new_message_id
from newsmon.config import Config


def test_message(config: Config, to: str, *, now: Optional[datetime] = None) -> EmailMessage:
    """A short plain-text message saying where it came from and when."""
    now = now or datetime.now(timezone.utc)
    from_addr = config.smtp.from_addr if config.smtp else OUTBOX_FROM
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Subject"] = "[newsmon] test message"
    msg["From"] = one_line(from_addr)
    msg["To"] = one_line(to)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = new_message_id(from_addr)
    msg["Auto-Submitted"] = "auto-generated"
    where = f"{config.smtp.host}:{config.smtp.port} ({config.smtp.security})" if config.smtp else "the outbox folder"
    msg.set_content(
        "This is a test message from newsmon.\n\n"
        f"Sent {format_when(now, tz=config.timezone)} from {socket.gethostname()} through {where}.\n"
        "If you can read it, digests of new developments will reach you the same way.\n",
        charset="utf-8",
    )
    return msg


def send_test_messages(config: Config, *, transport: Optional[Transport] = None) -> Iterator[tuple[str, Optional[str]]]:
    """Send the test message to each recipient; yields (recipient, error or None)."""
    if config.smtp is None:
        transport = transport or FileTransport(config.alerts.outbox_dir)
        targets = [OUTBOX_TO]
    else:
        transport = transport or SmtpTransport(config.smtp)
        targets = list(config.smtp.to)
    for to in targets:
        now = datetime.now(timezone.utc)
        try:
            transport.send(test_message(config, to, now=now), to, created_at=now)
        except SendError as exc:
            yield to, str(exc)
        else:
            yield (to if config.smtp else str(config.alerts.outbox_dir)), None
