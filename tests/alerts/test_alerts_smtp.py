"""Alert delivery against a real SMTP server on loopback (aiosmtpd): exactly-once, TLS, AUTH, secrets."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsmon.alerts.mailer import SmtpTransport
from newsmon.alerts.outbox import deliver_pending, enqueue_update
from newsmon.config import AlertsConfig, Config, SmtpConfig
from newsmon.store.database import Database
from newsmon.store.models import Alert, Delivery, Development
from tests.smtpserver import SmtpServer, TestCA, free_port
from tests.alerts.test_alerts import add_article, add_development

T0 = datetime(2024, 9, 29, 0, 30, tzinfo=timezone.utc)
CANARY = "canary-Pa55w0rd-never-log-me"
TEAM = ("team@example.com", "cto@example.com")


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA(tmp_path_factory.mktemp("ca"))


def make_config(db_url: str, tmp_path: Path, port: int, **smtp: Any) -> Config:
    fields: dict[str, Any] = dict(
        host="127.0.0.1", port=port, security="none", from_addr="newsmon <alerts@example.com>", to=TEAM, timeout=5.0
    )
    fields.update(smtp)
    return Config(
        database_url=db_url,
        smtp=SmtpConfig(**fields),
        alerts=AlertsConfig(outbox_dir=tmp_path / "outbox", max_attempts=4),
    )


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def statuses(db: Database) -> dict[str, str]:
    with db.session() as s:
        return {d.recipient: d.status for d in s.scalars(select(Delivery))}


# ---------------------------------------------------------------- delivery


def test_one_digest_per_recipient_and_none_when_nothing_new(db: Database, db_url: str, tmp_path: Path) -> None:
    with SmtpServer() as server:
        config = make_config(db_url, tmp_path, server.port)
        assert deliver_pending(db, config, now=T0).sent == 0
        assert server.messages == []
        with db.session() as s:
            add_development(s, "KT·MS ‘한국형 GPT-4o’ 출시")
            add_development(s, "KT, 애저 오픈AI로 공공 클라우드 공략", published_first=T0 + timedelta(hours=1))
        report = deliver_pending(db, config, now=T0)
        assert (report.sent, report.failed, report.pending, report.errors) == (2, 0, 0, [])
        assert sorted(m.rcpt_tos[0] for m in server.messages) == sorted(TEAM)
        for m in server.messages:
            assert len(m.rcpt_tos) == 1 and m.mail_from == "alerts@example.com"
            msg = parse(m.content)
            assert msg["To"] == m.rcpt_tos[0]
            assert msg["Subject"] == "[newsmon] 2 new developments: KT·MS ‘한국형 GPT-4o’ 출시 …"
        assert len({parse(m.content)["Message-ID"] for m in server.messages}) == 2

        assert deliver_pending(db, config, now=T0 + timedelta(hours=1)).sent == 0
        assert len(server.messages) == 2
        with db.session() as s:  # an update on an announced development: a second, smaller digest
            dev = s.scalars(select(Development).order_by(Development.id)).first()
            enqueue_update(s, dev, add_article(s, dev, title="MS, KT에 GPU 추가 배정", source="Seoul Tech Review"))
        assert deliver_pending(db, config, now=T0 + timedelta(hours=2)).sent == 2
        update = parse(server.messages[-1].content)
        assert update["Subject"] == "[newsmon] 1 new article on KT·MS ‘한국형 GPT-4o’ 출시"
        assert "MS, KT에 GPU 추가 배정" in update.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_server_down_then_back_delivers_once(db: Database, db_url: str, tmp_path: Path) -> None:
    port = free_port()
    config = make_config(db_url, tmp_path, port)
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 체결")
    down = deliver_pending(db, config, now=T0)
    assert (down.sent, down.failed, down.pending) == (0, 0, 2)
    assert all("Connection refused" in e or "ConnectionRefused" in e for e in down.errors)
    with db.session() as s:
        first_ids = {d.recipient: d.message_id for d in s.scalars(select(Delivery))}
        assert {d.status for d in s.scalars(select(Delivery))} == {"pending"}
        assert set(s.scalars(select(Alert.status))) == {"pending"}
    with SmtpServer(port=port) as server:
        assert deliver_pending(db, config, now=T0 + timedelta(seconds=10)).sent == 0  # backing off
        back = deliver_pending(db, config, now=T0 + timedelta(minutes=2))
        assert (back.sent, back.failed, back.pending) == (2, 0, 0)
        assert deliver_pending(db, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(server.messages) == 2
    got = {m.rcpt_tos[0]: parse(m.content)["Message-ID"] for m in server.messages}
    assert got == first_ids  # the queued digest went out as recorded, same Message-ID
    with db.session() as s:
        assert set(s.scalars(select(Alert.status))) == {"sent"}
        assert s.scalars(select(Development.announced_at)).one() == T0 + timedelta(minutes=2)


def test_4xx_leaves_it_queued_then_sends(db: Database, db_url: str, tmp_path: Path) -> None:
    with SmtpServer() as server:
        config = make_config(db_url, tmp_path, server.port, to=("team@example.com",))
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        server.handler.mail_reply = "451 4.3.0 Mailbox temporarily unavailable"
        r1 = deliver_pending(db, config, now=T0)
        assert (r1.sent, r1.failed, r1.pending) == (0, 0, 1) and "451" in r1.errors[0]
        server.handler.mail_reply = None
        server.handler.data_reply = "452 4.3.1 Insufficient system storage"
        r2 = deliver_pending(db, config, now=T0 + timedelta(minutes=1))
        assert r2.pending == 1 and "452" in r2.errors[0]
        server.handler.data_reply = None
        r3 = deliver_pending(db, config, now=T0 + timedelta(minutes=3))
        assert (r3.sent, r3.pending) == (1, 0)
    assert len(server.messages) == 1
    with db.session() as s:
        (d,) = s.scalars(select(Delivery))
        assert (d.status, d.attempts, d.last_error) == ("sent", 3, None)


def test_5xx_for_one_recipient_does_not_block_the_others(db: Database, db_url: str, tmp_path: Path) -> None:
    with SmtpServer() as server:
        server.handler.rcpt_replies["cto@example.com"] = "550 5.1.1 <cto@example.com>: no such user"
        config = make_config(db_url, tmp_path, server.port)
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        report = deliver_pending(db, config, now=T0)
        assert (report.sent, report.failed, report.pending) == (1, 1, 0)
        assert "550" in report.errors[0] and "cto@example.com" in report.errors[0]
        assert statuses(db) == {"team@example.com": "sent", "cto@example.com": "failed"}
        with db.session() as s:
            failed = s.scalars(select(Delivery).where(Delivery.status == "failed")).one()
            assert "550 5.1.1" in (failed.last_error or "") and failed.attempts == 1
            assert s.scalars(select(Alert.status)).one() == "failed"  # not everyone got it
        # permanent: neither recipient hears about this development again
        assert deliver_pending(db, config, now=T0 + timedelta(days=1)).sent == 0
    assert [m.rcpt_tos for m in server.messages] == [["team@example.com"]]


def test_crash_between_send_and_mark_gives_at_most_one_identifiable_duplicate(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    class DiesAfterSending(SmtpTransport):
        def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
            super().send(message, recipient, created_at=created_at)
            raise SystemExit("killed before marking the delivery sent")

    with SmtpServer() as server:
        config = make_config(db_url, tmp_path, server.port, to=("team@example.com",))
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        with pytest.raises(SystemExit):
            deliver_pending(db, config, now=T0, transport=DiesAfterSending(config.smtp))  # type: ignore[arg-type]
        assert statuses(db) == {"team@example.com": "sending"}
        assert deliver_pending(db, config, now=T0 + timedelta(minutes=1)).sent == 0  # within the lease
        assert deliver_pending(db, config, now=T0 + timedelta(minutes=6)).sent == 1
        assert deliver_pending(db, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(server.messages) == 2
    first, second = (parse(m.content) for m in server.messages)
    assert first["Message-ID"] == second["Message-ID"] and first["Date"] == second["Date"]
    assert first["Subject"] == second["Subject"]
    assert statuses(db) == {"team@example.com": "sent"}


# ---------------------------------------------------------------- TLS and AUTH


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_starttls_and_auth(
    ca: TestCA, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mechanism: str
) -> None:
    db = Database(sqlite_url)
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", CANARY)
    excluded = ("LOGIN",) if mechanism == "PLAIN" else ("PLAIN",)
    with SmtpServer(ca=ca, starttls=True, users={"alerts@example.com": CANARY}, auth_required=True,
                    exclude_mechanisms=excluded) as server:
        config = make_config(sqlite_url, tmp_path, server.port, security="starttls", to=("team@example.com",),
                             username="alerts@example.com", password_env="NEWSMON_TEST_SMTP_PASSWORD")
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        report = deliver_pending(db, config, now=T0, cafile=str(ca.cafile))
        assert (report.sent, report.errors) == (1, [])
    (m,) = server.messages
    assert m.tls and m.login == "alerts@example.com"
    assert server.handler.auth_seen == [(mechanism, "alerts@example.com")]
    assert CANARY.encode() not in m.content
    db.dispose()


def test_starttls_verifies_the_certificate(ca: TestCA, sqlite_url: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(sqlite_url)
    monkeypatch.delenv("NEWSMON_SMTP_CAFILE", raising=False)
    with SmtpServer(ca=ca, starttls=True) as server:
        config = make_config(sqlite_url, tmp_path, server.port, security="starttls", to=("team@example.com",))
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        untrusted = deliver_pending(db, config, now=T0)
        assert untrusted.pending == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.errors[0]
        assert server.messages == []
        monkeypatch.setenv("NEWSMON_SMTP_CAFILE", str(ca.cafile))  # the CA given the way users can
        assert deliver_pending(db, config, now=T0 + timedelta(minutes=2)).sent == 1
    assert len(server.messages) == 1 and server.messages[0].tls
    db.dispose()


def test_starttls_required_but_not_offered_never_sends_in_clear(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    with SmtpServer() as server:  # no STARTTLS on offer
        config = make_config(sqlite_url, tmp_path, server.port, security="starttls", to=("team@example.com",))
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        report = deliver_pending(db, config, now=T0)
        assert report.pending == 1 and "STARTTLS" in report.errors[0]
    assert server.messages == []
    db.dispose()


def test_implicit_ssl_with_auth(ca: TestCA, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(sqlite_url)
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", CANARY)
    with SmtpServer(ca=ca, implicit_tls=True, users={"alerts@example.com": CANARY}) as server:
        config = make_config(sqlite_url, tmp_path, server.port, security="ssl", to=("team@example.com",),
                             username="alerts@example.com", password_env="NEWSMON_TEST_SMTP_PASSWORD")
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        assert deliver_pending(db, config, now=T0, cafile=str(ca.cafile)).sent == 1
    (m,) = server.messages
    assert m.login == "alerts@example.com"
    db.dispose()


def test_password_never_in_logs_errors_or_database(
    ca: TestCA, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import base64

    db = Database(sqlite_url)
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", CANARY)
    forms = [CANARY, base64.b64encode(CANARY.encode()).decode(),
             base64.b64encode(f"\0alerts@example.com\0{CANARY}".encode()).decode()]
    with SmtpServer(ca=ca, starttls=True, users={"alerts@example.com": "the-real-one"}, auth_required=True) as server:
        config = make_config(sqlite_url, tmp_path, server.port, security="starttls", to=("team@example.com",),
                             username="alerts@example.com", password_env="NEWSMON_TEST_SMTP_PASSWORD")
        with db.session() as s:
            add_development(s, f"제목에 비밀번호가 들어가면? {CANARY[:6]}")
        report = deliver_pending(db, config, now=T0, cafile=str(ca.cafile))
        assert report.pending == 1 and "535" in report.errors[0]  # authentication failed: queued
        server.users["alerts@example.com"] = CANARY
        assert deliver_pending(db, config, now=T0 + timedelta(minutes=2), cafile=str(ca.cafile)).sent == 1
    with db.session() as s:
        stored = [d.last_error or "" for d in s.scalars(select(Delivery))] + [repr(d.__dict__) for d in s.scalars(select(Delivery))]
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert any("535" in line for line in ours)  # the failure was logged ...
    haystack = "\n".join(ours + report.errors + stored + [repr(config), repr(config.smtp)])
    haystack += server.messages[0].content.decode("ascii")
    for form in forms:
        assert form not in haystack  # ... without the password, in any encoding
    db.dispose()


def test_missing_outbox_recipients_config_change_cancels_queued(db: Database, db_url: str, tmp_path: Path) -> None:
    port = free_port()
    config = make_config(db_url, tmp_path, port)
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 체결")
    assert deliver_pending(db, config, now=T0).pending == 2
    with SmtpServer(port=port) as server:
        smaller = replace(config, smtp=replace(config.smtp, to=("team@example.com",)))  # type: ignore[type-var]
        report = deliver_pending(db, smaller, now=T0 + timedelta(minutes=5))
        assert (report.sent, report.pending) == (1, 0)
    assert [m.rcpt_tos for m in server.messages] == [["team@example.com"]]
    assert statuses(db) == {"team@example.com": "sent", "cto@example.com": "cancelled"}
    with db.session() as s:
        assert s.scalars(select(Alert.status)).one() == "sent"


def test_non_ascii_password_is_a_queued_error_that_does_not_quote_it(
    ca: TestCA, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(sqlite_url)
    monkeypatch.setenv("NEWSMON_TEST_SMTP_PASSWORD", "비밀-\u2603")
    with SmtpServer(ca=ca, starttls=True, users={"alerts@example.com": "x"}, auth_required=True) as server:
        config = make_config(sqlite_url, tmp_path, server.port, security="starttls", to=("team@example.com",),
                             username="alerts@example.com", password_env="NEWSMON_TEST_SMTP_PASSWORD")
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
        report = deliver_pending(db, config, now=T0, cafile=str(ca.cafile))
    assert report.pending == 1 and "non-ASCII" in report.errors[0]
    assert "\u2603" not in report.errors[0] and "비밀" not in report.errors[0] and "2603" not in report.errors[0]
    assert statuses(db) == {"team@example.com": "pending"}
    db.dispose()


def test_concurrent_runs_send_each_digest_once(db: Database, db_url: str, tmp_path: Path) -> None:
    import threading

    with SmtpServer() as server:
        config = make_config(db_url, tmp_path, server.port)
        with db.session() as s:
            add_development(s, "KT·MS 파트너십 체결")
            add_development(s, "KT 애저 도입 지원")
        reports: list[Any] = []
        errors: list[BaseException] = []
        start = threading.Barrier(4)

        def run() -> None:
            try:
                start.wait()
                reports.append(deliver_pending(db, config, now=T0))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert sum(r.sent for r in reports) == 2
    assert sorted(m.rcpt_tos[0] for m in server.messages) == sorted(TEAM)
    assert statuses(db) == {r: "sent" for r in TEAM}


def test_the_database_allows_one_unfinished_delivery_per_recipient(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with db.session() as s:
        s.add(Delivery(recipient="a@example.com", message_id="<1@x>", alert_ids=[], status="pending"))
        s.add(Delivery(recipient="a@example.com", message_id="<2@x>", alert_ids=[], status="sent"))
        s.add(Delivery(recipient="b@example.com", message_id="<3@x>", alert_ids=[], status="sending"))
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Delivery(recipient="a@example.com", message_id="<4@x>", alert_ids=[], status="sending"))
