"""The library API that README promises runs as README shows it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_library_example_runs(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Library API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]
    page = ROOT / "tests" / "fixtureweb" / "site" / "hanbit" / "news" / "articleView.html@idxno=1001"
    (tmp_path / "page.html").write_bytes(page.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(ROOT / "seeds"))
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.strip()
    # title, an aware timestamp, and the verdict: the fixture outlet's lead story is about KT and Microsoft.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+\d\d:\d\d True$", printed), printed
