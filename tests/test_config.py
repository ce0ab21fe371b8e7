"""The configuration contract: lookup order, every key checked, one-line errors, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmon.config import ConfigError, load_config
from tests.conftest import run_newsmon

GOOD = """
database_url = "sqlite:///data/news.db"

[crawl]
download_delay = 0

[[sources]]
type = "feed"
url = "https://example.com/rss.xml"
name = "Example News"

[[sources]]
type = "sitemap"
url = "https://example.com/news-sitemap.xml"
"""


def test_lookup_order_and_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "a" / "explicit.toml"
    explicit.parent.mkdir()
    explicit.write_text(GOOD, encoding="utf-8")
    env_file = tmp_path / "env.toml"
    env_file.write_text('database_url = "sqlite:////tmp/env.db"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSMON_DATABASE_URL", raising=False)

    monkeypatch.delenv("NEWSMON_CONFIG", raising=False)
    assert load_config(None).database_url == "sqlite:///newsmon.db"  # built-in default
    (tmp_path / "newsmon.toml").write_text('database_url = "sqlite:///local.db"\n', encoding="utf-8")
    assert load_config(None).database_url == f"sqlite:///{tmp_path / 'local.db'}"
    monkeypatch.setenv("NEWSMON_CONFIG", str(env_file))
    assert load_config(None).database_url == "sqlite:////tmp/env.db"
    cfg = load_config(str(explicit))
    # A relative SQLite path is relative to the config file's folder, not the cwd.
    assert cfg.database_url == f"sqlite:///{explicit.parent / 'data' / 'news.db'}"
    assert [s.type for s in cfg.sources] == ["feed", "sitemap"]
    assert cfg.sources[0].name == "Example News" and cfg.sources[1].name is None
    assert cfg.crawl.download_delay == 0.0
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert load_config(str(explicit)).database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('databse_url = "x"\n', "unknown key 'databse_url'"),
        ("[crawl]\ndownload_dealy = 1\n", "unknown key crawl.'download_dealy'"),
        ('[[sources]]\ntype = "rss"\nurl = "https://e.com/f"\n', "sources[0].type must be one of feed, sitemap, page"),
        ('[[sources]]\ntype = "feed"\nurl = "e.com/feed"\n', "sources[0].url is not an http(s) URL"),
        ('[[sources]]\ntype = "feed"\nurl = "ftp://e.com/feed"\n', "sources[0].url is not an http(s) URL"),
        ('[[sources]]\ntype = "feed"\n', "sources[0].url is missing"),
        ("[crawl]\ndownload_delay = -1\n", "crawl.download_delay must be >= 0"),
        ('[crawl]\ndownload_delay = "fast"\n', "crawl.download_delay must be a float"),
        ("database_url = \n", "invalid TOML"),
        ('[smtp]\nhost = "h"\nfrom = "a@b"\nto = ["c@d"]\npassword = "hunter2"\n', "smtp.password is not allowed"),
        ('[schedule]\ncron = "every hour"\n', "schedule.cron must be a 5-field cron expression"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(str(path))
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_cli_bad_config_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    path = tmp_path / "newsmon.toml"
    path.write_text(f'database_url = "sqlite:///{db}"\n[[sources]]\ntype = "magazine"\nurl = "https://e.com/"\n', encoding="utf-8")
    result = run_newsmon("crawl", config=path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "sources[0].type" in lines[0]
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_cli_missing_config_file_exits_2(tmp_path: Path) -> None:
    result = run_newsmon("articles", config=tmp_path / "nope.toml")
    assert result.returncode == 2
    assert "cannot read" in result.stderr and "config" in result.stderr and "Traceback" not in result.stderr


def test_config_and_profiles_are_read_alike_a_byte_order_mark_included(tmp_path: Path) -> None:
    # One reader for both files: a BOM that Windows editors write is fine in either,
    # and a syntax error reads the same way in either.
    from newsmon.topics import load_topic

    config = tmp_path / "newsmon.toml"
    config.write_bytes("\ufeffdatabase_url = \"sqlite:///x.db\"\n".encode("utf-8"))
    assert load_config(str(config)).database_url.startswith("sqlite:///")
    profile = tmp_path / "watch.toml"
    profile.write_bytes(b"name = \n")
    config.write_bytes(b"database_url = \n")
    errors = []
    for load in (lambda: load_config(str(config)), lambda: load_topic(str(profile))):
        try:
            load()
        except Exception as exc:  # ConfigError / TopicError
            errors.append(str(exc))
    assert len(errors) == 2 and all(": invalid TOML: " in e for e in errors), errors


def test_sqlite_busy_timeout_comes_from_the_url(tmp_path: Path) -> None:
    """``?timeout=SECONDS`` on a SQLite URL is the busy timeout (30 s without it); a bad one is a config error."""
    from sqlalchemy import text

    from newsmon.store.database import Database

    for query, ms in (("", 30000), ("?timeout=2.5", 2500)):
        db = Database(f"sqlite:///{tmp_path / 'n.db'}{query}")
        try:
            with db.engine.connect() as conn:
                assert conn.execute(text("PRAGMA busy_timeout")).scalar() == ms
        finally:
            db.dispose()
    for bad in ("abc", "-1", "inf"):
        config = tmp_path / f"bad{bad}.toml"
        config.write_text(f'database_url = "sqlite:///{tmp_path / "n.db"}?timeout={bad}"\n', encoding="utf-8")
        with pytest.raises(ConfigError, match="timeout"):
            load_config(str(config))
