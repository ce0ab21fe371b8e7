"""A page that kills the analysis worker, in a real crawl cycle (``run_cycle`` in a fresh process,
loopback HTTP, a SQLite file): the run goes on, the page is set aside and named in the run
record, the next run skips it, and a run after its feed says it changed tries it again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import ROOT, run_newsmon, write_config
from tests.pipelines.crashing import article_html

# Runs one cycle whose topic profile is the worker-killing double (profiles are TOML on disk, so
# the double goes in where the cycle reads them).
CYCLE = """
import sys
import newsmon.crawl.cycle as cycle
from newsmon.app import App
from newsmon.config import load_config
from tests.pipelines.crashing import CrashOn

real = cycle.load_inputs
cycle.load_inputs = lambda app: ([CrashOn()], real(app)[1])
result = cycle.run_cycle(App(load_config(sys.argv[1])), alerts=False)
print(result.summary())
sys.exit(result.exit_code)
"""


def atom(entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<entry><title>{path}</title><link href='{{base}}{path}'/><id>{{base}}{path}</id><updated>{updated}</updated></entry>"
        for path, updated in entries
    )
    return f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{items}</feed>"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Any]:
    from tests.fixtureweb.server import FixtureWeb

    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    for name in ("a", "b"):
        (root / "news" / f"{name}.html").write_bytes(article_html(f"Story {name}"))
    (root / "news" / "killer.html").write_bytes(article_html("Story killer", marker=True))
    (root / "feed.xml").write_text(atom([("/news/a.html", "2024-11-14T10:00:00Z"), ("/news/killer.html", "2024-11-14T10:00:00Z"),
                                         ("/news/b.html", "2024-11-14T10:00:00Z")]), "utf-8")
    with FixtureWeb(root=root) as web:
        web.root_dir = root
        yield web


def cycle(config: Path) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", CYCLE, str(config)], capture_output=True, text=True, timeout=240, env=env, cwd=ROOT)


def runs(config: Path) -> list[dict[str, Any]]:
    result = run_newsmon("runs", "--format", "json", config=config)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_page_that_kills_the_worker_is_set_aside_until_it_changes(tmp_path: Path, site: Any) -> None:
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
                          sources=[{"type": "feed", "url": site.url("/feed.xml"), "name": "feed"}], seeds_dir=tmp_path / "no-seeds")
    config.write_text(config.read_text("utf-8").replace("[crawl]\n", "[crawl]\nextract_workers = 2\n"), "utf-8")
    killer = site.url("/news/killer.html")

    first = cycle(config)
    assert first.returncode == 0, first.stderr
    run = runs(config)[0]
    assert run["status"] == "ok" and run["errors"].get("analysis_set_aside") == 1, run
    assert killer in (run["message"] or "")
    stored = json.loads(run_newsmon("articles", "--all", "--format", "json", config=config).stdout)
    assert sorted(a["url"] for a in stored) == [site.url("/news/a.html"), site.url("/news/b.html")]

    # The feed changed (so it is read again) but says nothing new about the killer page: skipped.
    (site.root_dir / "feed.xml").write_text((site.root_dir / "feed.xml").read_text("utf-8") + "\n", "utf-8")
    site.clear_log()
    second = cycle(config)
    assert second.returncode == 0, second.stderr
    assert "/feed.xml" in site.fetched_paths() and "/news/killer.html" not in site.fetched_paths()
    assert runs(config)[0]["errors"].get("analysis_set_aside") is None

    # Its feed entry is updated: tried again (and set aside again, under the new lastmod).
    (site.root_dir / "feed.xml").write_text(atom([("/news/killer.html", "2024-11-15T08:00:00Z")]), "utf-8")
    site.clear_log()
    third = cycle(config)
    assert third.returncode == 0, third.stderr
    assert "/news/killer.html" in site.fetched_paths()
    assert runs(config)[0]["errors"].get("analysis_set_aside") == 1
