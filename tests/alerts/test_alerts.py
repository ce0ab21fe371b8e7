"""Alert outbox and digests without SMTP: enqueue guards, rendering, the .eml outbox, the CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Optional

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from newsmon.cli import alerts as alerts_cli
from newsmon.alerts.digest import build_message, format_when, load_digest, one_line, subject_for
from newsmon.alerts.mailer import FileTransport, SendError
from newsmon.alerts.outbox import (
    OUTBOX_RECIPIENT,
    backoff,
    deliver_pending,
    enqueue_development,
    enqueue_update,
    undelivered_alerts,
)
from newsmon.app import App
from newsmon.config import AlertsConfig, Config
from newsmon.store.database import Database
from newsmon.store.models import Alert, Article, Delivery, Development

T0 = datetime(2024, 9, 29, 0, 30, tzinfo=timezone.utc)
SEED_TITLE = "[팩플] KT·MS ‘한국형 GPT-4o’ 만든다…5년간 수조원 대 파트너십"


# ---------------------------------------------------------------- helpers


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Config:
    return Config(database_url=db_url, alerts=AlertsConfig(outbox_dir=tmp_path / "outbox", max_attempts=3))


_counter = iter(range(1, 10**6))


def add_article(
    session: Any,
    dev: Optional[Development],
    *,
    title: str = "KT, MS와 AI 파트너십",
    source: str = "한빛일보",
    relevant: bool = True,
    duplicate_of: Optional[Article] = None,
    published_at: Optional[datetime] = T0,
    url: Optional[str] = None,
) -> Article:
    n = next(_counter)
    url = url or f"https://news.example.com/a/{n}"
    art = Article(
        url=url,
        canonical_url=f"https://news.example.com/canonical/{n}",
        body_hash=f"{n:064x}",
        title=title,
        body="본문",
        source=source,
        relevant=relevant,
        published_at=published_at,
        duplicate_of=duplicate_of.id if duplicate_of is not None else None,
        development_id=dev.id if dev is not None else None,
    )
    session.add(art)
    session.flush()
    return art


def add_development(
    session: Any,
    title: str,
    *,
    seeded: bool = False,
    published_first: Optional[datetime] = T0,
    sources: tuple[str, ...] = ("한빛일보",),
    articles: int = 1,
    enqueue: bool = True,
) -> Development:
    dev = Development(title=title, seeded=seeded, published_first=published_first, sources=list(sources))
    session.add(dev)
    session.flush()
    for i in range(articles):
        add_article(session, dev, title=f"{title} ({i + 1})", source=sources[i % len(sources)])
    if enqueue:
        enqueue_development(session, dev)
    return dev


def read_eml(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())  # type: ignore[return-value]


def text_part(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def html_part(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]


def count(db: Database, model: Any, *where: Any) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


# ---------------------------------------------------------------- enqueue


def test_enqueue_development_is_idempotent_and_does_not_commit(db: Database) -> None:
    with db.session() as s:
        dev = add_development(s, "KT·MS 파트너십 체결", enqueue=False)
        assert enqueue_development(s, dev) is True
        assert enqueue_development(s, dev) is False
        dev_id = dev.id
        s.rollback()  # the caller owns the transaction: nothing is kept
    assert count(db, Alert) == 0
    with db.session() as s:
        dev = add_development(s, "KT·MS 파트너십 체결", enqueue=False)
        dev_id = dev.id
        enqueue_development(s, dev)
    with db.session() as s:  # a replayed store step in a later transaction
        assert enqueue_development(s, s.get(Development, dev_id)) is False
    assert count(db, Alert, Alert.kind == "development") == 1


def test_enqueue_guards_seeded_irrelevant_and_copies(db: Database) -> None:
    with db.session() as s:
        seeded = add_development(s, SEED_TITLE, seeded=True)
        assert enqueue_development(s, seeded) is False
        only_irrelevant = Development(title="무관한 기사 묶음")
        s.add(only_irrelevant)
        s.flush()
        add_article(s, only_irrelevant, relevant=False)
        assert enqueue_development(s, only_irrelevant) is False

        dev = add_development(s, "KT 애저 오픈AI 출시")
        original = add_article(s, dev, title="후속 보도")
        copy = add_article(s, dev, title="후속 보도 (전재)", duplicate_of=original)
        irrelevant = add_article(s, dev, title="광고", relevant=False)
        assert enqueue_update(s, dev, original) is True
        assert enqueue_update(s, dev, original) is False
        assert enqueue_update(s, dev, copy) is False
        assert enqueue_update(s, dev, irrelevant) is False
        assert enqueue_update(s, seeded, add_article(s, seeded)) is False
        # a development first becomes announceable with its first relevant original:
        # then it is announced as new, not as an update
        quiet = Development(title="처음엔 무관한 기사뿐")
        s.add(quiet)
        s.flush()
        add_article(s, quiet, relevant=False)
        assert enqueue_development(s, quiet) is False
        assert enqueue_update(s, quiet, add_article(s, quiet, title="관련 기사")) is True
        kinds = {a.kind for a in s.scalars(select(Alert).where(Alert.development_id == quiet.id))}
        assert kinds == {"development"}
    assert count(db, Alert) == 3  # two announcements + one update


def test_seeded_development_is_never_sent_even_if_a_row_slips_in(db: Database, config: Config) -> None:
    with db.session() as s:
        seeded = add_development(s, SEED_TITLE, seeded=True, enqueue=False)
        s.add(Alert(kind="development", development_id=seeded.id))  # bypassing the enqueue guard
    report = deliver_pending(db, config, now=T0)
    assert report.sent == 0 and report.failed == 0
    assert not (config.alerts.outbox_dir).exists() or not list(config.alerts.outbox_dir.iterdir())
    with db.session() as s:
        assert s.scalars(select(Alert.status)).all() == ["skipped"]


# ---------------------------------------------------------------- digest content


def test_digest_lists_developments_with_seoul_time_sources_and_folded_copies(db: Database) -> None:
    with db.session() as s:
        dev = add_development(s, "KT·MS ‘한국형 GPT-4o’ 출시", articles=0, enqueue=False,
                              published_first=datetime(2024, 9, 27, 15, 0, tzinfo=timezone.utc),
                              sources=("중앙일보",))
        first = add_article(s, dev, title="KT, 한국형 GPT-4o 공개", source="중앙일보",
                            published_at=datetime(2024, 9, 27, 15, 0, tzinfo=timezone.utc),
                            url="https://www.joongang.co.kr/article/1")
        add_article(s, dev, title="KT, 한국형 GPT-4o 공개", source="Daum", duplicate_of=first,
                    url="https://v.daum.net/v/1")
        add_article(s, dev, title="광고성 기사", relevant=False, url="https://spam.example/1")
        enqueue_development(s, dev)
        later = add_development(s, "KT클라우드 공공 시장 진출", published_first=datetime(2024, 10, 2, tzinfo=timezone.utc))
        digest = load_digest(s, list(s.scalars(select(Alert))))

    assert [d.title for d in digest.developments] == ["KT·MS ‘한국형 GPT-4o’ 출시", later.title]
    d = digest.developments[0]
    assert d.when == "2024-09-28 00:00 KST (UTC+09:00)"
    assert d.sources == ("중앙일보", "Daum")
    assert [a.url for a in d.articles] == ["https://www.joongang.co.kr/article/1"]
    assert [c.url for c in d.articles[0].copies] == ["https://v.daum.net/v/1"]
    assert subject_for(digest) == "[newsmon] 2 new developments: KT·MS ‘한국형 GPT-4o’ 출시 …"

    msg = build_message(digest, from_addr="newsmon <alerts@example.com>", to="team@example.com",
                        message_id="<x@example.com>", date=T0)
    text = text_part(msg)
    assert "2024-09-28 00:00 KST (UTC+09:00)" in text
    assert "copy: Daum https://v.daum.net/v/1" in text
    assert "- KT, 한국형 GPT-4o 공개 (중앙일보, 2024-09-28 00:00 KST)" in text
    assert "spam.example" not in text and "spam.example" not in html_part(msg)


def test_update_section_and_folding_into_a_development_in_the_same_digest(db: Database) -> None:
    with db.session() as s:
        old = add_development(s, "KT·MS 파트너십 체결")
        s.execute(Alert.__table__.update().values(status="sent"))
        news = add_article(s, old, title="MS 나델라, KT 방문 후속", source="Seoul Tech Review")
        enqueue_update(s, old, news)
        fresh = add_development(s, "KT AI 인재 양성 프로그램")
        folded = add_article(s, fresh, title="같은 날 두 번째 기사")
        enqueue_update(s, fresh, folded)
        digest = load_digest(s, undelivered_alerts(s, "team@example.com"))
    assert [d.title for d in digest.developments] == ["KT AI 인재 양성 프로그램"]
    assert [u.title for u in digest.updates] == ["KT·MS 파트너십 체결"]
    assert [a.title for a in digest.updates[0].articles] == ["MS 나델라, KT 방문 후속"]
    # the folded update is accounted for (listed under its development), not shown twice
    assert len(digest.alert_ids) == 3
    assert [a.title for a in digest.developments[0].articles] == ["KT AI 인재 양성 프로그램 (1)", "같은 날 두 번째 기사"]


def test_only_updates_subject(db: Database) -> None:
    with db.session() as s:
        dev = add_development(s, "KT·MS 파트너십")
        s.execute(Alert.__table__.update().values(status="sent"))
        for i in range(2):
            enqueue_update(s, dev, add_article(s, dev, title=f"후속 {i}"))
        digest = load_digest(s, undelivered_alerts(s, "x@example.com"))
    assert subject_for(digest) == "[newsmon] 2 new articles on KT·MS 파트너십"


def test_header_injection_is_neutralised(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT 발표\r\nBcc: evil@x\r\nX-Evil: 1")
    assert deliver_pending(db, config, now=T0).sent == 1
    (eml,) = config.alerts.outbox_dir.glob("*.eml")
    raw = eml.read_bytes()
    assert b"\nBcc:" not in raw and b"\nX-Evil:" not in raw
    msg = read_eml(eml)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert msg["Subject"] == "[newsmon] 1 new development: KT 발표 Bcc: evil@x X-Evil: 1"
    assert one_line("a\u2028b\x00c\u200bd") == "a b c d"


def test_html_injection_is_escaped_and_only_http_links_are_links(db: Database) -> None:
    with db.session() as s:
        dev = add_development(s, "<script>alert(1)</script> KT", articles=0, enqueue=False)
        add_article(s, dev, title='<img src=x onerror="alert(2)">', url="javascript:alert(3)")
        add_article(s, dev, title="정상", url='https://ok.example/a?x="><script>')
        enqueue_development(s, dev)
        digest = load_digest(s, list(s.scalars(select(Alert))))
    html = build_message(digest, from_addr="a@example.com", to=None, message_id="<m@example.com>",
                         date=T0).get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "javascript:" not in html
    assert 'href="https://ok.example/a?x=&#34;&gt;&lt;script&gt;"' in html


def test_korean_subject_is_encoded_and_decodes(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT·MS ‘한국형 GPT-4o’ 출시")
        add_development(s, "KT클라우드, 공공 시장 진출", published_first=T0 + timedelta(days=1))
    deliver_pending(db, config, now=T0)
    (eml,) = config.alerts.outbox_dir.glob("*.eml")
    raw = eml.read_bytes()
    raw.decode("ascii")  # every header encoded; bodies transfer-encoded: 7-bit safe on the wire
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]
    msg = read_eml(eml)
    assert msg["Subject"] == "[newsmon] 2 new developments: KT·MS ‘한국형 GPT-4o’ 출시 …"
    assert msg["Message-ID"].startswith("<newsmon.") and msg["Date"] is not None
    assert msg.get_content_type() == "multipart/alternative"
    assert "KT클라우드, 공공 시장 진출" in text_part(msg) and "KT클라우드, 공공 시장 진출" in html_part(msg)


def test_format_when_shows_seoul_offset() -> None:
    assert format_when(datetime(2024, 12, 31, 20, 5, tzinfo=timezone.utc)) == "2025-01-01 05:05 KST (UTC+09:00)"
    assert format_when(None) == "date unknown"
    assert format_when(datetime(2024, 12, 31, 20, 5, tzinfo=timezone.utc), short=True) == "2025-01-01 05:05 KST"


# ---------------------------------------------------------------- the .eml outbox


def test_outbox_without_smtp_writes_one_eml_once(db: Database, config: Config) -> None:
    assert deliver_pending(db, config, now=T0).sent == 0  # nothing to announce: no file
    assert not config.alerts.outbox_dir.exists()
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 체결")
        add_development(s, "KT 애저 도입 지원 확대")
    report = deliver_pending(db, config, now=T0)
    assert (report.sent, report.failed, report.pending) == (1, 0, 0)
    files = sorted(config.alerts.outbox_dir.iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"  # no temporary file left behind
    assert "2 new developments" in read_eml(files[0])["Subject"]
    assert deliver_pending(db, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(list(config.alerts.outbox_dir.iterdir())) == 1
    with db.session() as s:
        assert set(s.scalars(select(Alert.status))) == {"sent"}
        assert all(d.announced_at is not None for d in s.scalars(select(Development)))
        (delivery,) = s.scalars(select(Delivery))
        assert delivery.recipient == OUTBOX_RECIPIENT and delivery.status == "sent"
        assert delivery.message_id == read_eml(files[0])["Message-ID"]


def test_crash_after_store_before_send_delivers_next_run(db: Database, config: Config) -> None:
    with db.session() as s:  # the crawl stored a development, then died
        add_development(s, "KT·MS 파트너십 체결")
    assert deliver_pending(db, config, now=T0 + timedelta(minutes=30)).sent == 1
    assert len(list(config.alerts.outbox_dir.glob("*.eml"))) == 1


def test_crash_between_send_and_mark_resends_same_message_id_into_same_file(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 체결")

    class CrashAfterWrite(FileTransport):
        def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
            super().send(message, recipient, created_at=created_at)
            raise KeyboardInterrupt("killed after the message left")

    with pytest.raises(KeyboardInterrupt):
        deliver_pending(db, config, now=T0, transport=CrashAfterWrite(config.alerts.outbox_dir))
    (first,) = config.alerts.outbox_dir.glob("*.eml")
    with db.session() as s:
        (d,) = s.scalars(select(Delivery))
        assert d.status == "sending"
    # a run inside the claim's lease leaves it alone (it may still be in flight) ...
    assert deliver_pending(db, config, now=T0 + timedelta(minutes=1)).sent == 0
    # ... a later run re-sends it, same Message-ID, same file: no duplicate
    report = deliver_pending(db, config, now=T0 + timedelta(minutes=10))
    assert (report.sent, report.pending) == (1, 0)
    files = list(config.alerts.outbox_dir.glob("*.eml"))
    assert files == [first]
    assert read_eml(first)["Message-ID"] == d.message_id
    with db.session() as s:
        (d,) = s.scalars(select(Delivery))
        assert (d.status, d.attempts) == ("sent", 2)


def test_transient_failure_backs_off_then_gives_up(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 체결")

    class Down:
        calls = 0

        def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
            Down.calls += 1
            raise SendError("connection refused", permanent=False)

    r1 = deliver_pending(db, config, now=T0, transport=Down())
    assert (r1.sent, r1.failed, r1.pending) == (0, 0, 1) and "queued" in r1.errors[0]
    with db.session() as s:
        (d,) = s.scalars(select(Delivery))
        assert d.status == "pending" and d.next_attempt_at == T0 + backoff(1)
    deliver_pending(db, config, now=T0 + timedelta(seconds=30), transport=Down())  # not due yet
    assert Down.calls == 1
    deliver_pending(db, config, now=T0 + timedelta(minutes=1), transport=Down())
    r3 = deliver_pending(db, config, now=T0 + timedelta(minutes=5), transport=Down())
    assert Down.calls == 3 == config.alerts.max_attempts
    assert (r3.failed, r3.pending) == (1, 0)
    with db.session() as s:
        assert s.scalars(select(Alert.status)).all() == ["failed"]
        assert s.scalars(select(Delivery.status)).all() == ["failed"]
    # a failed development is not re-announced later
    assert deliver_pending(db, config, now=T0 + timedelta(days=1)).sent == 0
    assert backoff(1) == timedelta(minutes=1) and backoff(3) == timedelta(minutes=4)
    assert backoff(30) == timedelta(hours=6)


def test_newer_alerts_wait_behind_a_queued_digest(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "첫 번째 발표")

    class Down:
        def send(self, message: EmailMessage, recipient: str, *, created_at: datetime) -> None:
            raise SendError("451 try later", permanent=False)

    deliver_pending(db, config, now=T0, transport=Down())
    with db.session() as s:
        add_development(s, "두 번째 발표")
    r = deliver_pending(db, config, now=T0 + timedelta(minutes=2))
    assert r.sent == 2  # the queued digest (unchanged), then one with the newer development
    subjects = sorted(read_eml(p)["Subject"] for p in config.alerts.outbox_dir.glob("*.eml"))
    assert subjects == ["[newsmon] 1 new development: 두 번째 발표", "[newsmon] 1 new development: 첫 번째 발표"]


# ---------------------------------------------------------------- CLI


def test_cli_list_preview_and_send(db: Database, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT·MS 파트너십 <체결>")
    app = App(config)
    runner = CliRunner()

    preview = runner.invoke(alerts_cli.alerts, ["preview"], obj=app)
    assert preview.exit_code == 0, preview.output
    assert "Subject: [newsmon] 1 new development: KT·MS 파트너십 <체결>" in preview.output
    assert "KT·MS 파트너십 <체결>" in preview.output  # the text part is not HTML-escaped
    assert count(db, Delivery) == 0 and not config.alerts.outbox_dir.exists()

    listing = runner.invoke(alerts_cli.alerts, ["--format", "json"], obj=app)
    rows = json.loads(listing.output)
    assert [(r["kind"], r["status"], r["development"]) for r in rows] == [("development", "pending", "KT·MS 파트너십 <체결>")]

    sent = runner.invoke(alerts_cli.alerts, ["send"], obj=app)
    assert sent.exit_code == 0 and "sent 1" in sent.output
    again = runner.invoke(alerts_cli.alerts, ["send"], obj=app)
    assert again.exit_code == 0 and "sent 0" in again.output
    table = runner.invoke(alerts_cli.alerts, [], obj=app)
    assert "sent" in table.output and "KT·MS 파트너십 <체결>" in table.output
    assert "Nothing to announce" in runner.invoke(alerts_cli.alerts, ["preview"], obj=app).output
    app.close()


def test_cli_send_exits_1_when_queued(db: Database, tmp_path: Path, config: Config) -> None:
    with db.session() as s:
        add_development(s, "KT·MS 파트너십")
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the outbox folder should be")
    app = App(replace(config, alerts=AlertsConfig(outbox_dir=blocked, max_attempts=3)))
    result = CliRunner().invoke(alerts_cli.alerts, ["send"], obj=app)
    assert result.exit_code == 1
    assert "queued" in result.stderr and "cannot write to outbox" in result.stderr
    listing = CliRunner().invoke(alerts_cli.alerts, [], obj=app)
    assert "cannot write to outbox" in listing.output and "pending" in listing.output
    app.close()


def test_scrub_masks_the_password_in_every_form_smtp_sends_it() -> None:
    import base64

    from newsmon.alerts.mailer import scrub

    pw, user = "hunter2-secret", "alerts@example.com"
    plain = base64.b64encode(f"\0{user}\0{pw}".encode()).decode()
    login = base64.b64encode(pw.encode()).decode()
    text = f"535 bad credentials for {pw}; AUTH PLAIN {plain}; {login}"
    cleaned = scrub(text, pw, user)
    assert pw not in cleaned and plain not in cleaned and login not in cleaned
    assert cleaned.count("***") == 3 and cleaned.startswith("535 bad credentials")
    assert scrub(text, None) == text
