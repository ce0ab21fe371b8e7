"""``newsmon alerts test`` and ``alerts send`` with [[notify]] targets, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alerts.test_notify import Receiver
from tests.conftest import run_newsmon, write_config
from tests.smtpserver import SmtpServer

CANARY = "s3cret-hook-token-canary"


def config_with(tmp_path: Path, extra: str) -> Path:
    return write_config(
        tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources=[], extra=extra
    )


def test_alerts_test_reaches_every_target_and_names_the_failures(tmp_path: Path) -> None:
    with Receiver() as receiver, SmtpServer() as smtp:
        config = config_with(
            tmp_path,
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "newsmon <a@example.com>"\n'
            'to = ["team@example.com", "cto@example.com"]\n\n'
            '[[notify]]\nurl_env = "NEWSMON_GOOD_HOOK"\n\n[[notify]]\nurl_env = "NEWSMON_BAD_HOOK"\nformat = "markdown"\n'
            '\n[[notify]]\nurl_env = "NEWSMON_MISSING_HOOK"\n',
        )
        receiver.codes = [200, 500]
        env = {
            "NEWSMON_GOOD_HOOK": receiver.url("good"),
            "NEWSMON_BAD_HOOK": f"json://127.0.0.1:{receiver.port}/bad/{CANARY}",
        }
        result = run_newsmon("alerts", "test", config=config, env=env)
        assert result.returncode == 1
        assert "sent a test message to team@example.com" in result.stdout
        assert "sent a test message to cto@example.com" in result.stdout
        assert "sent a test message to [[notify]] NEWSMON_GOOD_HOOK" in result.stdout
        assert "newsmon: error: test message to [[notify]] NEWSMON_BAD_HOOK failed: " in result.stderr
        assert "500" in result.stderr
        assert ("newsmon: error: test message to [[notify]] NEWSMON_MISSING_HOOK failed: "
                "environment variable NEWSMON_MISSING_HOOK is not set") in result.stderr
        assert CANARY not in result.stdout + result.stderr
        assert sorted(m.rcpt_tos[0] for m in smtp.messages) == ["cto@example.com", "team@example.com"]
        assert [p["path"] for p in receiver.posts] == ["/good", f"/bad/{CANARY}"]
        assert all(p["json"]["title"] == "[newsmon] test message" for p in receiver.posts)

        receiver.codes = []
        env["NEWSMON_MISSING_HOOK"] = receiver.url("late")
        result = run_newsmon("alerts", "test", config=config, env=env)
        assert result.returncode == 0, result.stderr
        # A test records nothing: nothing is queued for the next run.
        sent = run_newsmon("alerts", "send", config=config, env=env)
        assert sent.returncode == 0, sent.stderr
        assert "chat/webhook: sent 0, failed 0, still queued 0" in sent.stdout


def test_alerts_lists_failed_chat_messages_with_their_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsmon.alerts.notify import deliver_notifications
    from newsmon.config import load_config
    from newsmon.store.database import Database
    from tests.alerts.test_alerts import add_development

    with Receiver() as receiver:
        receiver.always = 500
        config = config_with(tmp_path, '[[notify]]\nurl_env = "NEWSMON_HOOK"\n')
        db = Database(load_config(str(config)).database_url)
        with db.session() as s:
            add_development(s, "KT·MS 협력 확대")
        monkeypatch.setenv("NEWSMON_HOOK", receiver.url())
        assert deliver_notifications(db, load_config(str(config))).pending == 1
        db.dispose()
        result = run_newsmon("alerts", config=config)
        assert result.returncode == 0, result.stderr
        assert "-> notify NEWSMON_HOOK (pending, attempt 1" in result.stdout
        import json

        listed = json.loads(run_newsmon("alerts", "--format", "json", config=config).stdout)
        (delivery,) = listed[0]["deliveries"]
        assert delivery["recipient"] == "notify NEWSMON_HOOK" and "error=500" in delivery["last_error"]


def test_alerts_test_without_smtp_writes_to_the_outbox(tmp_path: Path) -> None:
    config = config_with(tmp_path, "")
    result = run_newsmon("alerts", "test", config=config)
    assert result.returncode == 0, result.stderr
    assert f"sent a test message to {tmp_path / 'outbox'}" in result.stdout
    (eml,) = (tmp_path / "outbox").glob("*.eml")
    assert "Subject: [newsmon] test message" in eml.read_text()
