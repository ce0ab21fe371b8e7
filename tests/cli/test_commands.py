"""The commands as a user runs them: bad databases, read-only commands, errors, tables at 80 columns, help."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from newsmon import exitcodes
from newsmon.cli.output import display_width
from tests.cli.test_outcomes import closed_port
from tests.conftest import PG_ADMIN_URL, fixture_sources, run_newsmon, write_config

READ_ONLY = (["status"], ["articles"], ["developments"], ["runs"], ["alerts"], ["sources"])


def one_error_line(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsmon: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "url, code",
    [
        (f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/x", exitcodes.FAILED),
        (PG_ADMIN_URL.rsplit("/", 1)[0] + "/newsmon_no_such_db", exitcodes.FAILED),
        ("postgresql+asyncpg://postgres@127.0.0.1/x", exitcodes.FAILED),  # driver not installed
        ("mysql://root:s3cret@127.0.0.1/x", exitcodes.USAGE),  # not supported: a configuration error
    ],
    # Fixed ids: the closed port differs per collection (pytest-xdist workers each collect on their own).
    ids=["closed-port", "no-such-database", "driver-not-installed", "mysql"],
)
def test_a_bad_database_is_one_line_from_every_command_and_leaves_no_lock(tmp_path: Path, url: str, code: int) -> None:
    config = write_config(tmp_path / "newsmon.toml", database_url=url, sources=[{"type": "feed", "url": "http://127.0.0.1:9/rss"}])
    for argv in (["crawl", "--quiet"], *READ_ONLY):
        result = run_newsmon(*argv, config=config, timeout=60)
        assert result.returncode == code, (argv, result.stderr)
        line = one_error_line(result)
        assert "s3cret" not in line
    assert not (tmp_path / "state").exists() or not list((tmp_path / "state").iterdir())


def test_read_only_commands_never_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "n.db"
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=[])
    for argv in READ_ONLY:
        result = run_newsmon(*argv, config=config)
        assert result.returncode == exitcodes.FAILED, argv
        assert "no database at" in one_error_line(result)
    assert not db.exists() and not db.parent.exists()


def test_a_read_only_sqlite_file_is_read_without_migrating(tmp_path: Path, web: Any) -> None:
    db = tmp_path / "n.db"
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{db}", sources=fixture_sources(web.base_url)[:1])
    assert run_newsmon("crawl", "--quiet", "--no-alerts", config=config).returncode == 0
    os.chmod(db, 0o444)
    try:
        for argv in READ_ONLY:
            result = run_newsmon(*argv, config=config)
            assert result.returncode == 0, (argv, result.stderr)
    finally:
        os.chmod(db, 0o644)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, fixture_web: Any) -> Path:
    tmp = tmp_path_factory.mktemp("crawled")
    sources = fixture_sources(fixture_web.base_url) + [{"type": "feed", "url": f"{fixture_web.base_url}/nope/rss.xml", "name": "A very long outlet name that will not fit"}]
    config = write_config(tmp / "newsmon.toml", database_url=f"sqlite:///{tmp / 'n.db'}", sources=sources)
    fixture_web.set_edition(1)
    result = run_newsmon("crawl", "--no-alerts", "--quiet", config=config)
    assert result.returncode == 0, result.stderr
    return config


@pytest.mark.parametrize("argv", [["articles", "--all", "--limit", "0"], ["developments", "--limit", "0"], ["runs"], ["sources"], ["alerts"]])
def test_tables_fit_80_columns_and_use_a_wider_terminal(crawled: Path, argv: list[str]) -> None:
    narrow = run_newsmon(*argv, config=crawled, env={"COLUMNS": "80"})
    assert narrow.returncode == 0, narrow.stderr
    lines = narrow.stdout.splitlines()
    assert len(lines) >= 2
    assert max(display_width(line) for line in lines) <= 80, narrow.stdout
    header = lines[0]
    assert header == header.upper() and "  " in header  # every column has a header
    wide = run_newsmon(*argv, config=crawled, env={"COLUMNS": "160"})
    assert max(display_width(line) for line in wide.stdout.splitlines()) <= 160
    if argv[0] in ("articles", "sources"):
        assert max(display_width(line) for line in wide.stdout.splitlines()) > 80  # the room is used


def test_articles_table_labels_time_zone_flags_and_shortens_urls(crawled: Path) -> None:
    out = run_newsmon("articles", "--all", "--limit", "0", config=crawled, env={"COLUMNS": "80"}).stdout
    header = out.splitlines()[0].split()
    assert header == ["ID", "PUBLISHED", "(KST)", "SOURCE", "TITLE", "FLAGS", "URL"]
    assert "http://" not in out and "…" in out
    seoul = json.loads(run_newsmon("articles", "--all", "--limit", "1", "--format", "json", config=crawled).stdout)[0]
    assert re.search(r"[+-]\d\d:\d\d$", seoul["first_seen_at"])  # JSON stays ISO 8601 with the offset


def test_until_includes_the_whole_day_and_limit_0_means_all(crawled: Path) -> None:
    every = json.loads(run_newsmon("articles", "--all", "--limit", "0", "--format", "json", config=crawled).stdout)
    dated = [a for a in every if a["published_at"]]
    day = max(a["published_at"][:10] for a in dated)
    on_day = [a for a in dated if a["published_at"][:10] == day]
    until = json.loads(run_newsmon("articles", "--all", "--limit", "0", "--until", day, "--since", day, "--format", "json", config=crawled).stdout)
    assert {a["id"] for a in until} >= {a["id"] for a in on_day} and on_day
    assert len(every) > 50 or len(json.loads(run_newsmon("articles", "--all", "--format", "json", config=crawled).stdout)) == len(every)
    devs = json.loads(run_newsmon("developments", "--limit", "0", "--format", "json", config=crawled).stdout)
    shown = sorted((d["published_first"] or d["first_seen"])[:10] for d in devs)
    since = json.loads(run_newsmon("developments", "--limit", "0", "--since", shown[-1], "--format", "json", config=crawled).stdout)
    assert since and all((d["published_first"] or d["first_seen"])[:10] >= shown[-1] for d in since)


def test_config_after_the_subcommand_and_one_error_style(crawled: Path) -> None:
    after = run_newsmon("status", "--config", str(crawled))
    assert after.returncode == 0 and "last successful run: #1" in after.stdout
    usage = run_newsmon("articles", "--no-such-option", config=crawled)
    assert usage.returncode == exitcodes.USAGE
    assert usage.stderr.splitlines()[0].startswith("newsmon: error: No such option")
    bad_when = run_newsmon("articles", "--since", "yesterday-ish", config=crawled)
    assert bad_when.returncode == exitcodes.USAGE and one_error_line(bad_when)
    network = run_newsmon("extract", f"http://127.0.0.1:{closed_port()}/a.html")
    assert network.returncode == exitcodes.FAILED and "cannot fetch" in one_error_line(network)


def test_every_help_ends_with_examples() -> None:
    from newsmon.cli.main import cli

    todo = [("newsmon", cli)]
    seen = 0
    while todo:
        path, command = todo.pop()
        result = run_newsmon(*path.split()[1:], "--help") if seen < 3 else None
        text = result.stdout if result else command.get_help(command.make_context(path, ["--help"], resilient_parsing=True))
        tail = text.strip().splitlines()[-3:]
        assert any(line.strip().startswith("Examples:") for line in text.splitlines()), path
        assert any(line.strip().startswith("newsmon") for line in tail), (path, tail)
        seen += 1
        for name, sub in getattr(command, "commands", {}).items():
            todo.append((f"{path} {name}", sub))
    assert seen >= 14
