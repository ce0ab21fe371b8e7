"""Secrets stay out of every output: the database URL in any form, the SMTP
password on the wire. Through the ``newsmon`` command, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_newsmon, write_config

CANARY = "canary-Pw-5e1d"


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


@pytest.mark.parametrize(
    "url",
    [
        f"host=127.0.0.1 port=5432 dbname=test user=postgres password={CANARY}",
        f"host=127.0.0.1 dbname=test password='{CANARY} with space'",
    ],
)
def test_libpq_keyword_database_url_is_never_echoed(tmp_path: Path, url: str) -> None:
    config = write_config(tmp_path / "newsmon.toml", database_url=url, sources=[])
    for args in (["status"], ["runs"], ["crawl", "--no-alerts"]):
        r = run_newsmon(*args, config=config, timeout=60)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert CANARY not in r.stdout + r.stderr, r.stderr
        assert len(_lines(r.stderr)) == 1 and "database_url" in r.stderr, r.stderr


def _pg_url_with_query_password(db_url: str) -> str:
    return f"{db_url}?password={CANARY}&application_name=newsmon-test"


@pytest.mark.postgres
def test_query_string_password_is_masked_in_status_and_runs(pg_databases: Any, tmp_path: Path) -> None:
    name, url = pg_databases.create()
    try:
        # Trust authentication: the password is accepted and ignored, so the commands really run.
        config = write_config(tmp_path / "newsmon.toml", database_url=_pg_url_with_query_password(url), sources=[])
        from newsmon.store.database import Database
        from newsmon.store.runs import finish_run, start_run

        db = Database(_pg_url_with_query_password(url))
        with db.session() as s:
            run = start_run(s, trigger="manual", pid=None)
            # A run that failed with another copy of the URL in its message (as a driver error would quote it).
            finish_run(s, run, status="failed", counts={}, errors={},
                       message=f"cannot reach postgresql://newsmon@db.internal/news?sslmode=require&password={CANARY}x")
        db.dispose()
        outputs = []
        for args in (["status"], ["status", "--format", "json"], ["runs"], ["runs", "--format", "json"]):
            r = run_newsmon(*args, config=config, timeout=60)
            assert r.returncode == 0, (args, r.stderr)
            outputs.append(r.stdout + r.stderr)
        assert "password=***" in outputs[1], outputs[1]  # the URL is shown, its password masked
        for text in outputs:
            assert CANARY not in text, text
    finally:
        import gc

        gc.collect()
        pg_databases.drop(name)


def test_log_filter_masks_every_password_form(tmp_path: Path) -> None:
    from newsmon.redact import mask

    texts = [
        f"postgresql://u:{CANARY}@h/db", f"postgresql://u@h/db?sslmode=require&password={CANARY}",
        f"host=h password={CANARY} dbname=x", f"host=h password='{CANARY}' dbname=x", f"PASSWORD={CANARY}",
    ]
    for text in texts:
        assert CANARY not in mask(text), text
    assert mask("pass the salt; passage=1") == "pass the salt; passage=1"


# ---------------------------------------------------------------- SMTP without TLS


def _smtp_config(tmp_path: Path, host: str) -> Path:
    smtp = (
        f'\n[smtp]\nhost = "{host}"\nport = 2525\nsecurity = "none"\nusername = "newsmon"\n'
        'password_env = "NEWSMON_SMTP_PASSWORD"\nfrom = "newsmon@example.com"\nto = ["desk@example.com"]\ntimeout = 2\n'
    )
    return write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'n.db'}", sources=[], extra=smtp)


@pytest.mark.parametrize("host", ["smtp.example.com", "192.0.2.25", "10.0.0.25"])
def test_plain_smtp_login_to_a_remote_host_is_refused(tmp_path: Path, host: str) -> None:
    config = _smtp_config(tmp_path, host)
    r = run_newsmon("alerts", "send", config=config, env={"NEWSMON_SMTP_PASSWORD": CANARY}, timeout=60)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert len(_lines(r.stderr)) == 1 and "smtp.security" in r.stderr and host in r.stderr, r.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_plain_smtp_login_to_loopback_is_allowed(tmp_path: Path, host: str) -> None:
    from newsmon.config import load_config

    cfg = load_config(str(_smtp_config(tmp_path, host)))
    assert cfg.smtp is not None and cfg.smtp.security == "none" and cfg.smtp.username == "newsmon"


def test_mailer_refuses_plain_login_to_a_remote_host_even_if_configured_in_code() -> None:
    from datetime import datetime, timezone
    from email.message import EmailMessage

    from newsmon.alerts.mailer import SendError, SmtpTransport
    from newsmon.config import SmtpConfig

    cfg = SmtpConfig(host="192.0.2.25", port=2525, security="none", from_addr="a@example.com", to=("b@example.com",),
                     username="u", password_env="NEWSMON_SMTP_PASSWORD", timeout=1)
    with pytest.raises(SendError, match="without TLS"):
        SmtpTransport(cfg).send(EmailMessage(), "b@example.com", created_at=datetime.now(timezone.utc))
