"""A real SMTP server on loopback for the alert tests (aiosmtpd), with knobs for failures.

Records every accepted message (envelope and bytes); can require STARTTLS and
AUTH, speak implicit TLS, or answer 4xx/5xx to MAIL, RCPT or DATA, so the
tests exercise smtplib against a server instead of a mock.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.ports import reserved_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    login: Optional[str]


@dataclass
class RecordingHandler:
    """aiosmtpd handler: scripted refusals, and a list of what was accepted."""

    messages: list[Received] = field(default_factory=list)
    mail_reply: Optional[str] = None  # e.g. "451 4.3.0 try again later"
    rcpt_replies: dict[str, str] = field(default_factory=dict)  # address -> refusal
    data_reply: Optional[str] = None
    auth_seen: list[tuple[str, str]] = field(default_factory=list)  # (mechanism, login)

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, mail_options: list) -> str:
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list) -> str:
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        self.messages.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                content=bytes(envelope.original_content or envelope.content),
                tls=session.ssl is not None,
                login=login,
            )
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port for a server started later (or one that goes down and comes back): see tests.ports."""
    return reserved_port()


class TestCA:
    """A throwaway CA (trustme) and a server certificate for 127.0.0.1/localhost."""

    __test__ = False

    def __init__(self, directory: Path) -> None:
        self.ca = trustme.CA()
        self.cert = self.ca.issue_cert("127.0.0.1", "localhost")
        self.cafile = directory / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.cafile))

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.cert.configure_cert(ctx)
        return ctx


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 (a free port unless given); use as a context manager.

    ``starttls`` offers STARTTLS and requires it; ``implicit_tls`` wraps the
    socket in TLS from the first byte; ``users`` turns on AUTH (LOGIN/PLAIN),
    required when ``auth_required``; ``exclude_mechanisms`` hides some (e.g. PLAIN,
    to make the client use LOGIN).
    """

    def __init__(
        self,
        *,
        port: Optional[int] = None,
        ca: Optional[TestCA] = None,
        starttls: bool = False,
        implicit_tls: bool = False,
        users: Optional[dict[str, str]] = None,
        auth_required: bool = False,
        exclude_mechanisms: tuple[str, ...] = (),
        handler: Optional[RecordingHandler] = None,
    ) -> None:
        self.port = port or free_port()
        self.handler = handler or RecordingHandler()
        self.users = dict(users or {})
        kwargs: dict[str, Any] = {"server_hostname": "newsmon-test-smtp", "ready_timeout": 10.0}
        if starttls:
            assert ca is not None
            kwargs.update(tls_context=ca.server_context(), require_starttls=True)
        if implicit_tls:
            assert ca is not None
            kwargs["ssl_context"] = ca.server_context()
        if users is not None:
            kwargs.update(
                authenticator=self._authenticate,
                auth_required=auth_required,
                auth_exclude_mechanism=list(exclude_mechanisms),
            )
            # Implicit TLS is TLS too, but aiosmtpd only counts STARTTLS.
            kwargs["auth_require_tls"] = not implicit_tls
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.handler.auth_seen.append((mechanism, login))
            if self.users.get(login) == password:
                return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
