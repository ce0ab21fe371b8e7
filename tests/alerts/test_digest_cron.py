"""The digest as the person reading it sees it: decoded subject, summaries, outlets,
sources needing attention once, To: on .eml files; and the alerts commands for cron."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import replace
from datetime import datetime, timezone
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsmon.alerts.digest import Digest, DevelopmentEntry, build_message, subject_for
from newsmon.alerts.outbox import deliver_pending
from newsmon.app import App
from newsmon.cli import alerts as alerts_cli
from newsmon.config import Config, HealthConfig, SourceConfig, SmtpConfig
from newsmon.store.database import Database
from newsmon.store.models import Delivery
from newsmon.store.sources import SourceOutcome, record_source_outcomes
from tests.alerts.test_alerts import add_development, read_eml, text_part
from tests.smtpserver import SmtpServer

BASE = "클라우드 기반 금융 서비스 출시 확대 발표 국내 첫 사례 인공지능 데이터센터 협력 강화 기반 금융"


@pytest.mark.parametrize("pad", range(0, 40, 3))
def test_a_korean_subject_keeps_every_space_when_decoded(pad: int) -> None:
    title = "x" * pad + " " + BASE
    digest = Digest(developments=(DevelopmentEntry(1, title, "2024-11-14", ("한빛일보",), ()),))
    msg = build_message(digest, from_addr="a@b.test", to="c@d.test", message_id="<m@b.test>", date=datetime.now(timezone.utc))
    raw = msg.as_bytes()
    header = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    folded = re.search(r"^Subject: (.*?)\r\n(?=\S)", header, re.S | re.M).group(1)  # type: ignore[union-attr]
    assert str(make_header(decode_header(folded))) == subject_for(digest)
    assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject_for(digest)
    assert "기반 금융" in subject_for(digest)
    assert all(len(line) <= 78 for line in header.split("\r\n"))


def _config(tmp_path: Path, db_url: str, **kw: object) -> Config:
    return Config(
        database_url=db_url,
        alerts=replace(Config().alerts, outbox_dir=tmp_path / "outbox"),
        health=HealthConfig(stale_days=7, failing_runs=2),
        sources=(SourceConfig("feed", "http://gone.test/rss.xml", "Gone feed"),),
        **kw,  # type: ignore[arg-type]
    )


def test_digest_has_summaries_outlets_to_header_and_attention_once(tmp_path: Path, db: Database, db_url: str) -> None:
    config = _config(tmp_path, db_url)
    for _ in range(2):  # failing_runs = 2
        with db.session() as s:
            record_source_outcomes(s, [SourceOutcome("http://gone.test/rss.xml", "feed", "Gone feed", error_kind="dns")])
    with db.session() as s:
        dev = add_development(s, "KT·MS AI 센터 개소", sources=("한빛일보", "동방신문", "Seoul Tech Review"), articles=3)
        dev.summary = "KT와 마이크로소프트가 서울에 AI 이노베이션 센터를 열었다. 금융 고객을 우선 지원한다."
    deliver_pending(db, config)
    [first] = sorted((tmp_path / "outbox").glob("*.eml"))
    msg = read_eml(first)
    assert msg["To"] and "outbox@localhost" in msg["To"]
    text = text_part(msg)
    assert "AI 이노베이션 센터를 열었다" in text and "Carried by 3 outlets" in text
    assert "SOURCES NEEDING ATTENTION" in text and "Gone feed: failed 2 runs in a row (dns)" in text
    # A retry of that digest is the same e-mail; the next digest does not repeat the source.
    with db.session() as s:
        add_development(s, "KT 클라우드 요금 인하", sources=("한빛일보",))
    with db.session() as s:
        record_source_outcomes(s, [SourceOutcome("http://gone.test/rss.xml", "feed", "Gone feed", error_kind="dns")])
    deliver_pending(db, config)
    second = [p for p in sorted((tmp_path / "outbox").glob("*.eml")) if p != first]
    assert len(second) == 1
    assert "NEEDING ATTENTION" not in text_part(read_eml(second[0]))


def test_send_now_skips_the_back_off_and_alerts_test_reaches_the_server(tmp_path: Path, db: Database, db_url: str) -> None:
    with SmtpServer() as smtp:
        smtp_cfg = SmtpConfig(host="127.0.0.1", port=smtp.port, security="none", from_addr="n@newsmon.test", to=("team@newsmon.test",), timeout=5)
        broken = _config(tmp_path, db_url, smtp=replace(smtp_cfg, port=1))
        with db.session() as s:
            add_development(s, "KT·MS 협력 확대")
        report = deliver_pending(db, broken)
        assert report.pending == 1 and report.sent == 0
        app = App(_config(tmp_path, db_url, smtp=smtp_cfg))
        runner = CliRunner()
        waiting = runner.invoke(alerts_cli.alerts, ["send"], obj=app)
        assert waiting.exit_code == 1 and not smtp.messages  # still in its back-off
        now = runner.invoke(alerts_cli.alerts, ["send", "--now"], obj=app)
        assert now.exit_code == 0, now.output
        assert len(smtp.messages) == 1
        with db.session() as s:
            assert s.query(Delivery).one().status == "sent"
        test = runner.invoke(alerts_cli.alerts, ["test"], obj=app)
        assert test.exit_code == 0 and "sent a test message to team@newsmon.test" in test.output
        assert len(smtp.messages) == 2
        assert "test message" in email.message_from_bytes(smtp.messages[1].content, policy=email.policy.default)["Subject"]
        app.close()
    refused = runner.invoke(alerts_cli.alerts, ["test"], obj=App(_config(tmp_path, db_url, smtp=replace(smtp_cfg, port=1))))
    assert refused.exit_code == 1


def test_an_unset_password_env_is_reported_when_the_crawl_starts(tmp_path: Path) -> None:
    from tests.conftest import run_newsmon, write_config

    extra = '[smtp]\nhost = "127.0.0.1"\nport = 2525\nsecurity = "starttls"\nusername = "u"\npassword_env = "NEWSMON_TEST_UNSET_PW"\nfrom = "a@b.test"\nto = ["c@d.test"]\n'
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'n.db'}", sources=[], seeds_dir=tmp_path / "none", extra=extra)
    result = run_newsmon("crawl", "--quiet", "--no-alerts", config=config)
    assert "NEWSMON_TEST_UNSET_PW, which is not set" in result.stderr
    assert result.stderr.index("NEWSMON_TEST_UNSET_PW") < (result.stderr.find("run 1") if "run 1" in result.stderr else len(result.stderr))



