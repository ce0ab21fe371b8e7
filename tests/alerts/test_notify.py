"""Chat/webhook alerts through Apprise, against a real HTTP receiver on loopback (json://127.0.0.1:PORT/...)."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import select

from newsmon.alerts import notify
from newsmon.alerts.notify import deliver_notifications, render_message, scrub
from newsmon.alerts.outbox import deliver_pending
from newsmon.alerts.digest import load_digest
from newsmon.config import AlertsConfig, Config, ConfigError, NotifyConfig, parse_config
from newsmon.store.database import Database
from newsmon.store.models import Alert, Notification
from tests.alerts.test_alerts import add_article, add_development

T0 = datetime(2024, 9, 29, 0, 30, tzinfo=timezone.utc)
CANARY = "Tok3n-canary-never-log-me"


class Receiver:
    """A webhook endpoint on loopback that records every POST and answers with the queued codes (then 200)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.codes: list[int] = []
        self.always: int | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.posts.append({"path": self.path, "json": json.loads(body or b"{}")})
                code = receiver.always or (receiver.codes.pop(0) if receiver.codes else 200)
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def make_config(db_url: str, tmp_path: Path, *targets: NotifyConfig) -> Config:
    return Config(
        database_url=db_url,
        alerts=AlertsConfig(outbox_dir=tmp_path / "outbox", max_attempts=3),
        notify=targets or (NotifyConfig(url_env="NEWSMON_TEST_HOOK"),),
    )


def rows(db: Database) -> list[Notification]:
    with db.session() as s:
        found = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
        return found


def test_one_post_per_run_with_news_none_without(db: Database, db_url: str, tmp_path: Path, receiver: Receiver,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    config = make_config(db_url, tmp_path)
    assert deliver_notifications(db, config, now=T0).sent == 0
    assert receiver.posts == []
    with db.session() as s:
        add_development(s, "KT·MS ‘한국형 GPT-4o’ 출시")
        add_development(s, "KT, 애저 오픈AI로 공공 클라우드 공략", published_first=T0 + timedelta(hours=1))
    report = deliver_notifications(db, config, now=T0)
    assert (report.sent, report.failed, report.pending, report.errors) == (1, 0, 0, [])
    assert len(receiver.posts) == 1
    message = receiver.posts[0]["json"]
    assert "KT·MS ‘한국형 GPT-4o’ 출시" in message["message"] and "공공 클라우드" in message["message"]
    assert message["title"].startswith("[newsmon] 2 new developments")
    assert receiver.posts[0]["path"] == "/hook"

    for minutes in (1, 60):  # nothing new: no message, however often it runs
        assert deliver_notifications(db, config, now=T0 + timedelta(minutes=minutes)).sent == 0
    assert len(receiver.posts) == 1

    with db.session() as s:  # a new article on an announced development: one more, smaller message
        dev_id = s.scalars(select(Alert.development_id).order_by(Alert.id)).first()
        from newsmon.store.models import Development

        dev = s.get(Development, dev_id)
        art = add_article(s, dev, title="KT·MS 후속 보도", source="동방신문")
        notify_update = __import__("newsmon.alerts.outbox", fromlist=["enqueue_update"]).enqueue_update
        assert notify_update(s, dev, art)
    assert deliver_notifications(db, config, now=T0 + timedelta(hours=2)).sent == 1
    assert len(receiver.posts) == 2
    assert "KT·MS 후속 보도" in receiver.posts[1]["json"]["message"]
    assert "공공 클라우드" not in receiver.posts[1]["json"]["message"]  # each development announced once
    assert [r.status for r in rows(db)] == ["sent", "sent"]


def test_retried_after_500_with_backoff_then_not_repeated(db: Database, db_url: str, tmp_path: Path,
                                                           receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    config = make_config(db_url, tmp_path)
    receiver.codes = [500]
    with db.session() as s:
        add_development(s, "KT·MS AI 이노베이션 센터 개소")
    report = deliver_notifications(db, config, now=T0)
    assert (report.sent, report.pending, len(receiver.posts)) == (0, 1, 1)
    (row,) = rows(db)
    assert row.status == "pending" and row.attempts == 1
    assert "500" in (row.last_error or "")  # why, from Apprise's captured log
    assert row.next_attempt_at == T0 + timedelta(minutes=1)

    assert deliver_notifications(db, config, now=T0 + timedelta(seconds=30)).sent == 0  # backing off
    assert len(receiver.posts) == 1
    report = deliver_notifications(db, config, now=T0 + timedelta(minutes=2))
    assert (report.sent, report.pending, len(receiver.posts)) == (1, 0, 2)
    assert receiver.posts[0]["json"] == receiver.posts[1]["json"]
    (row,) = rows(db)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert deliver_notifications(db, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(receiver.posts) == 2


def test_gives_up_after_max_attempts(db: Database, db_url: str, tmp_path: Path, receiver: Receiver,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    config = make_config(db_url, tmp_path)  # max_attempts = 3
    receiver.always = 503
    with db.session() as s:
        add_development(s, "KT·MS 파트너십")
    now = T0
    for _ in range(5):
        deliver_notifications(db, config, now=now)
        now += timedelta(hours=7)
    (row,) = rows(db)
    assert (row.status, row.attempts, len(receiver.posts)) == ("failed", 3, 3)


def test_a_failing_target_never_blocks_the_others(db: Database, db_url: str, tmp_path: Path, receiver: Receiver,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with Receiver() as broken:
        broken.always = 500
        monkeypatch.setenv("NEWSMON_BROKEN", broken.url("broken"))
        monkeypatch.setenv("NEWSMON_GOOD", receiver.url("good"))
        monkeypatch.delenv("NEWSMON_UNSET", raising=False)
        monkeypatch.setenv("NEWSMON_NONSENSE", "nosuchscheme://whatever")
        config = make_config(
            db_url, tmp_path,
            NotifyConfig(url_env="NEWSMON_BROKEN"), NotifyConfig(url_env="NEWSMON_UNSET"),
            NotifyConfig(url_env="NEWSMON_NONSENSE"), NotifyConfig(url_env="NEWSMON_GOOD"),
        )
        with db.session() as s:
            add_development(s, "KT·MS 공동 개발")
        report = deliver_notifications(db, config, now=T0)
        assert report.sent == 1 and report.pending == 3
        assert len(receiver.posts) == 1 and len(broken.posts) == 1
        by_target = {r.target: r for r in rows(db)}
        assert by_target["NEWSMON_GOOD"].status == "sent"
        assert "NEWSMON_UNSET is not set" in (by_target["NEWSMON_UNSET"].last_error or "")
        assert "not a URL Apprise understands" in (by_target["NEWSMON_NONSENSE"].last_error or "")
        assert "500" in (by_target["NEWSMON_BROKEN"].last_error or "")

        def explode(*args: Any) -> None:
            raise RuntimeError("database hiccup for one target")

        # Even an exception inside one target's turn leaves the next target served.
        with db.session() as s:
            add_development(s, "KT·MS 후속", published_first=T0 + timedelta(days=1))
        calls = {"n": 0}
        real = notify._Drain._target

        def first_raises(self: Any, target: NotifyConfig) -> None:
            calls["n"] += 1
            if target.url_env == "NEWSMON_BROKEN":
                explode()
            real(self, target)

        monkeypatch.setattr(notify._Drain, "_target", first_raises)
        report = deliver_notifications(db, config, now=T0 + timedelta(hours=7))
        assert any("database hiccup" in e for e in report.errors)
        assert len(receiver.posts) == 2 and calls["n"] == 4


def test_the_urls_token_is_never_logged_or_stored(db: Database, db_url: str, tmp_path: Path, receiver: Receiver,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("NEWSMON_TEST_HOOK", f"json://bot:{CANARY}@127.0.0.1:{receiver.port}/hooks/{CANARY}-path")
    config = make_config(db_url, tmp_path)
    receiver.codes = [500]
    with db.session() as s:
        add_development(s, "KT·MS 보안 점검")
    deliver_notifications(db, config, now=T0)
    deliver_notifications(db, config, now=T0 + timedelta(minutes=5))
    assert [r["path"] for r in receiver.posts] == [f"/hooks/{CANARY}-path"] * 2  # it was really used
    assert rows(db)[0].status == "sent"
    assert CANARY not in caplog.text
    assert "NEWSMON_TEST_HOOK" in caplog.text  # the target is named by its variable instead
    with db.session() as s:
        stored = json.dumps([(n.target, n.last_error) for n in s.scalars(select(Notification))])
    assert CANARY not in stored
    # The failure reason recorded for the first try is scrubbed, not dropped.
    receiver.always = 500
    with db.session() as s:
        add_development(s, "KT·MS 두번째", published_first=T0 + timedelta(days=2))
    deliver_notifications(db, config, now=T0 + timedelta(hours=1))
    error = rows(db)[-1].last_error or ""
    assert "500" in error and CANARY not in error and CANARY not in caplog.text


def test_crash_between_send_and_record_resends_once_after_the_lease(db: Database, db_url: str, tmp_path: Path,
                                                                    receiver: Receiver,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """As documented in newsmon.alerts.notify: at-least-once, so the channel may see the message twice."""
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    config = make_config(db_url, tmp_path)
    with db.session() as s:
        add_development(s, "KT·MS 클라우드 계약")
    real = notify._Drain._mark_sent

    def crash(self: Any, nid: int) -> None:
        raise SystemExit("killed between send and record")

    monkeypatch.setattr(notify._Drain, "_mark_sent", crash)
    with pytest.raises(SystemExit):
        deliver_notifications(db, config, now=T0)
    monkeypatch.setattr(notify._Drain, "_mark_sent", real)
    assert len(receiver.posts) == 1 and rows(db)[0].status == "sending"

    assert deliver_notifications(db, config, now=T0 + timedelta(minutes=4)).sent == 0  # claim still held
    assert len(receiver.posts) == 1
    assert deliver_notifications(db, config, now=T0 + notify.LEASE + timedelta(seconds=1)).sent == 1
    assert len(receiver.posts) == 2 and receiver.posts[0]["json"] == receiver.posts[1]["json"]
    assert deliver_notifications(db, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(receiver.posts) == 2 and rows(db)[0].status == "sent"


def test_a_new_target_gets_what_is_unannounced_not_the_history(db: Database, db_url: str, tmp_path: Path,
                                                               receiver: Receiver,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    with db.session() as s:
        add_development(s, "지난 소식: KT·MS 협약")
    mail_only = replace(make_config(db_url, tmp_path), notify=())
    assert deliver_pending(db, mail_only, now=T0).sent == 1  # announced by e-mail before the target existed
    with db.session() as s:
        add_development(s, "새 소식: KT·MS 한국형 GPT 출시", published_first=T0 + timedelta(days=3))
    assert deliver_notifications(db, make_config(db_url, tmp_path), now=T0 + timedelta(days=3)).sent == 1
    (post,) = receiver.posts
    assert "새 소식" in post["json"]["message"] and "지난 소식" not in post["json"]["message"]


def test_markdown_and_text_messages(db: Database) -> None:
    with db.session() as s:
        dev = add_development(s, "[단독] KT·MS *AI* 동맹", articles=5)
        digest = load_digest(s, list(s.scalars(select(Alert))))
    title, md = render_message(digest, "markdown")
    assert title.startswith("[newsmon] 1 new development")
    assert "*New: ［단독］ KT·MS ∗AI∗ 동맹*" in md
    assert "](https://news.example.com/a/" in md and "… and 2 more articles" in md
    _, text = render_message(digest, "text")
    assert "New: [단독] KT·MS *AI* 동맹" in text and "](" not in text
    assert f"dev {dev.id}" not in text


def test_notify_config_is_checked() -> None:
    base = Path("/tmp")
    cfg = parse_config({"notify": [{"url_env": "NEWSMON_SLACK_URL", "format": "markdown"}]}, base=base)
    assert cfg.notify == (NotifyConfig(url_env="NEWSMON_SLACK_URL", format="markdown"),)
    for bad, message in (
        ({"url": "slack://a/b/c"}, "url is not allowed"),
        ({"url_env": "NEWSMON_X", "format": "html"}, "format must be one of"),
        ({"url_env": "not a name"}, "must name an environment variable"),
        ({"url_env": "NEWSMON_X", "colour": "red"}, "unknown key"),
    ):
        with pytest.raises(ConfigError, match=message):
            parse_config({"notify": [bad]}, base=base)
    with pytest.raises(ConfigError, match="configured twice"):
        parse_config({"notify": [{"url_env": "A_B"}, {"url_env": "A_B"}]}, base=base)


def test_a_removed_target_is_dropped_not_left_queued(db: Database, db_url: str, tmp_path: Path, receiver: Receiver,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSMON_TEST_HOOK", receiver.url())
    receiver.always = 500
    with db.session() as s:
        add_development(s, "KT·MS 협력")
    assert deliver_notifications(db, make_config(db_url, tmp_path), now=T0).pending == 1
    other = make_config(db_url, tmp_path, NotifyConfig(url_env="NEWSMON_OTHER"))
    monkeypatch.setenv("NEWSMON_OTHER", receiver.url("other"))
    receiver.always = None
    report = deliver_notifications(db, other, now=T0 + timedelta(hours=1))
    assert (report.sent, report.pending) == (1, 0)
    assert {r.target: (r.status, r.last_error) for r in rows(db)} == {
        "NEWSMON_TEST_HOOK": ("cancelled", "target no longer configured"),
        "NEWSMON_OTHER": ("sent", None),
    }


def test_scrub_masks_tokens_but_keeps_a_webhooks_host() -> None:
    url = f"json://bot:{CANARY}@hooks.example.com:8443/v1/{CANARY}-path?key={CANARY}Q"
    text = scrub(f"POST to {url} failed at hooks.example.com: bot {CANARY} {CANARY}-path {CANARY}Q", url)
    assert CANARY not in text and "hooks.example.com" in text
    tgram = f"tgram://123456:{CANARY}/987654"
    assert CANARY not in scrub(f"Telegram bot 123456:{CANARY} refused", tgram)
