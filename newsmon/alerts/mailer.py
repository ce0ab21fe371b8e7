"""Getting one finished e-mail to one recipient: over SMTP, or into the outbox folder.

A transport either returns (the message was accepted) or raises ``SendError``
saying whether trying again could help: a 5xx reply to the recipient or the
message is permanent; everything else (server down, 4xx, TLS or login
problems, which a configuration fix cures) is worth retrying. Error text is
scrubbed of the SMTP password before it leaves this module, so it can go to
logs and the database.
"""

from __future__ import annotations

import base64
import os
import smtplib
import ssl
import tempfile
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Optional, Protocol

from newsmon.config import SmtpConfig, is_loopback_host

CAFILE_ENV = "NEWSMON_SMTP_CAFILE"
MAX_ERROR_CHARS = 500


class SendError(Exception):
    """A message was not delivered; ``permanent`` means retrying will not help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport(Protocol):
    def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
        """Deliver ``message`` to ``recipient`` or raise SendError."""


def scrub(text: str, secret: Optional[str], username: Optional[str] = None) -> str:
    """``text`` with the secret (plain, and as AUTH PLAIN/LOGIN would encode it) masked."""
    if not secret:
        return text
    forms = {secret, base64.b64encode(secret.encode()).decode()}
    user = username or ""
    forms.add(base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
    forms.add(base64.b64encode(f"{user}\0{user}\0{secret}".encode()).decode())
    for form in sorted(forms, key=len, reverse=True):
        if form:
            text = text.replace(form, "***")
    return text


def tls_context(cafile: Optional[str] = None) -> ssl.SSLContext:
    """A verifying TLS context; ``cafile`` (or $NEWSMON_SMTP_CAFILE) adds a trusted CA."""
    return ssl.create_default_context(cafile=cafile or os.environ.get(CAFILE_ENV) or None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, UnicodeError):
        # Its text quotes the offending character, which may come from the password.
        return f"{type(exc).__name__}: non-ASCII text where SMTP needs ASCII (username, password or address)"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{code} {_decode(resp)}" for code, resp in exc.recipients.values()]
        return f"recipient refused: {'; '.join(parts)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_decode(exc.smtp_error)}"
    text = str(exc) or exc.__class__.__doc__ or ""
    return f"{type(exc).__name__}: {text.strip().splitlines()[0] if text.strip() else ''}"


def _decode(resp: bytes | str) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _is_permanent(exc: BaseException) -> bool:
    """Only a 5xx answer about this recipient or this message rules out a retry."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPDataError):
        return 500 <= exc.smtp_code < 600
    return False


class SmtpTransport:
    """Sends over SMTP: plain, STARTTLS or implicit TLS, with optional AUTH.

    Certificates are verified with the system CAs (plus ``cafile``). One
    connection per message keeps a failure for one recipient from touching
    the next.
    """

    def __init__(self, config: SmtpConfig, *, cafile: Optional[str] = None) -> None:
        self.config = config
        self.cafile = cafile

    def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
        cfg = self.config
        password = cfg.password()
        envelope_from = parseaddr(cfg.from_addr)[1] or cfg.from_addr
        if cfg.security == "none" and cfg.username and not is_loopback_host(cfg.host):
            # The config check refuses this too; a password never goes out unencrypted.
            raise SendError(f"{cfg.host}: refusing to log in without TLS to a non-loopback host", permanent=False)
        try:
            conn = self._connect()
        except Exception as exc:  # noqa: BLE001 - e.g. OSError, SMTPException, a bad host name
            raise SendError(self._clean(exc, password), permanent=False) from None
        try:
            if cfg.security == "starttls":
                conn.ehlo()
                conn.starttls(context=tls_context(self.cafile))
                conn.ehlo()
            if cfg.username:
                conn.login(cfg.username, password or "")
            conn.send_message(message, from_addr=envelope_from, to_addrs=[recipient])
        except Exception as exc:  # noqa: BLE001 - any failure leaves the digest queued, never half-recorded
            _close(conn)
            raise SendError(self._clean(exc, password), permanent=_is_permanent(exc)) from None
        # Accepted: a failing QUIT must not turn a delivered message into a retry.
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            _close(conn)

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        if cfg.security == "ssl":
            return smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=tls_context(self.cafile))
        return smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)

    def _clean(self, exc: BaseException, password: Optional[str]) -> str:
        where = f"{self.config.host}:{self.config.port}"
        return scrub(f"{where}: {_describe(exc)}", password, self.config.username)[:MAX_ERROR_CHARS]


def _close(conn: smtplib.SMTP) -> None:
    try:
        conn.close()
    except OSError:
        pass


def eml_filename(message_id: str, created_at: datetime) -> str:
    """A stable file name for a digest: the same delivery always maps to the same file."""
    local = message_id.strip("<>").partition("@")[0]
    local = "".join(ch for ch in local if ch.isalnum() or ch in "-_.")[:80] or "digest"
    return f"{created_at:%Y%m%dT%H%M%SZ}_{local}.eml"


class FileTransport:
    """Writes each digest as an ``.eml`` file (used when there is no [smtp] section).

    Atomic (temporary file, fsync, rename) and named by the delivery, so a
    retried delivery replaces its own file instead of adding a second one.
    """

    def __init__(self, outbox_dir: Path) -> None:
        self.outbox_dir = Path(outbox_dir)

    def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
        try:
            self.write(message, created_at=created_at)
        except OSError as exc:
            raise SendError(f"cannot write to outbox {self.outbox_dir}: {exc.strerror or exc}", permanent=False) from None

    def write(self, message: EmailMessage, *, created_at: datetime) -> Path:
        """Write ``message`` into the outbox folder and return its path."""
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        target = self.outbox_dir / eml_filename(str(message["Message-ID"]), created_at)
        fd, tmp = tempfile.mkstemp(dir=self.outbox_dir, prefix=".digest-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(message.as_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target
