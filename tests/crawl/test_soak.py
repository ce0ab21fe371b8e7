"""Crash soak: ``kill -9`` crawls at random moments, then check nothing was lost or doubled.

A synthetic fixture web (``generate_web``) is crawled once cleanly, and once
more into another database while the crawl (its whole process group, extract
workers included) is killed with SIGKILL at random points — when the
database holds a random number of articles, just after start, and while
digests are being written — and re-run until one run completes. Then:
every article of the web is stored exactly once, syndicated copies are
linked as in the clean run, the same articles belong to developments, which
are nearly the clean run's (assignment depends on the order articles are
stored in), and every development is announced once, none twice (``alerts``/``deliveries`` tables and the
``.eml`` outbox).

``make soak`` runs the full version (>= 1,000 articles, >= 10 kill points,
marked slow); ``make test`` runs a short one.
"""

from __future__ import annotations

import email
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from tests.conftest import ROOT, write_config

CRAWL_TIMEOUT = 600.0


@dataclass
class SoakReport:
    expected: int
    stored: int = 0
    duplicated: int = 0
    kills: list[str] = field(default_factory=list)
    runs_to_complete: int = 0
    alerts_sent: int = 0
    alerts_duplicated: int = 0
    eml_files: int = 0
    dup_links_changed: int = 0
    pair_agreement: float = 1.0


@pytest.fixture(scope="module")
def soak_webs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``get(n)``: a generated web of n articles, served on loopback, and its manifest (one per n)."""
    from contextlib import ExitStack

    from tests.fixtureweb.generate import generate_web
    from tests.fixtureweb.server import FixtureWeb

    served: dict[int, tuple[Any, dict[str, Any]]] = {}
    with ExitStack() as stack:

        def get(n: int) -> tuple[Any, dict[str, Any]]:
            if n not in served:
                root = tmp_path_factory.mktemp(f"soakweb{n}")
                generate_web(root, n, seed=7)
                manifest = json.loads((root / "_manifest.json").read_text("utf-8"))
                served[n] = (stack.enter_context(FixtureWeb(root=root)), manifest)
            return served[n]

        yield get


def soak_config(folder: Path, web: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "seeds").mkdir(exist_ok=True)
    (folder / "seeds" / "kt-microsoft.toml").write_bytes((ROOT / "seeds" / "kt-microsoft.toml").read_bytes())
    return write_config(
        folder / "newsmon.toml",
        database_url=f"sqlite:///{folder / 'newsmon.db'}",
        sources=[{"type": "sitemap", "url": web.url("/sitemap-index.xml"), "name": "soak"}],
        seeds_dir=folder / "seeds",
    )


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def start_crawl(config: Path) -> subprocess.Popen[bytes]:
    # Its own process group, so SIGKILL takes the extract workers down with it.
    return subprocess.Popen(
        [sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--quiet"],
        cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


def article_count(db_file: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles WHERE origin = 'crawl'").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def kill_when(proc: subprocess.Popen[bytes], ready: Any, deadline: float) -> bool:
    """SIGKILL the crawl's process group once ``ready()`` is true; False if it finished first."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    raise AssertionError("crawl neither finished nor reached the kill point in time")


def crawl_to_completion(config: Path) -> int:
    """Run crawls until one exits 0; return how many it took."""
    for attempt in range(1, 6):
        proc = start_crawl(config)
        _, err = proc.communicate(timeout=CRAWL_TIMEOUT)
        if proc.returncode == 0:
            return attempt
        assert proc.returncode != 75, "lock left behind by a killed crawl"
        assert b"Traceback" not in err, err.decode("utf-8", "replace")[-3000:]
    raise AssertionError("no crawl completed after 5 attempts")


def kill_plan(expected: int, kills: int, rng: random.Random) -> list[tuple[str, Any]]:
    """Kill points: random article counts, plus one at start-up and one while digests are written."""
    counts = sorted(rng.sample(range(1, max(expected - 1, kills + 1)), kills - 2)) if kills > 2 else []
    points: list[tuple[str, Any]] = [("startup", rng.uniform(0.3, 1.5))]
    points += [("articles", c) for c in counts]
    points.append(("outbox", None))
    return points[:kills] if kills < 2 else points


def soak(folder: Path, web: Any, manifest: dict[str, Any], kills: int, seed: int) -> tuple[SoakReport, Path]:
    rng = random.Random(seed)
    config = soak_config(folder, web)
    db_file, outbox = folder / "newsmon.db", folder / "outbox"
    expected = {web.url(a["path"]) for a in manifest["articles"]}
    report = SoakReport(expected=len(expected))
    for kind, arg in kill_plan(len(expected), kills, rng):
        proc = start_crawl(config)
        started = time.monotonic()
        deadline = started + CRAWL_TIMEOUT
        if kind == "startup":
            ready = lambda: time.monotonic() - started >= arg  # noqa: E731
        elif kind == "articles":
            target = max(arg, article_count(db_file) + 1)
            ready = lambda: article_count(db_file) >= target  # noqa: E731
        else:
            before = set(outbox.glob("*.eml")) if outbox.is_dir() else set()
            ready = lambda: outbox.is_dir() and bool(set(outbox.glob("*.eml")) - before)  # noqa: E731
        if kill_when(proc, ready, deadline):
            report.kills.append(f"{kind}:{arg if kind != 'startup' else round(arg, 2)}@{article_count(db_file)}")
        else:
            proc.communicate()
    report.runs_to_complete = crawl_to_completion(config)
    return report, config


def rows(db_file: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute(sql).fetchall()


def groupings(db_file: Path) -> tuple[set[frozenset[str]], dict[str, Optional[str]]]:
    """(developments as a partition of crawled article URLs, URL -> URL it is a near-duplicate of)."""
    arts = rows(db_file, "SELECT id, url, development_id, duplicate_of, origin FROM articles")
    url_of = {a[0]: a[1] for a in arts}
    devs: dict[int, set[str]] = {}
    dup_of: dict[str, Optional[str]] = {}
    for _id, url, dev, dup, origin in arts:
        if origin != "crawl":
            continue
        if dev is not None:
            devs.setdefault(dev, set()).add(url)
        dup_of[url] = url_of[dup] if dup is not None else None
    return {frozenset(v) for v in devs.values()}, dup_of


def _same_development_pairs(devs: set[frozenset[str]]) -> set[tuple[str, str]]:
    return {(a, b) for group in devs for a in group for b in group if a < b}


#: Developments are built incrementally, so which articles meet first shapes
#: them; a resumed crawl stores in another order than a clean one. Measured on
#: the 1,000-article soak web (20 designed events): 98% of the clean run's
#: same-development pairs are also together after 12 kills.
MIN_PAIR_AGREEMENT = 0.9


def check_groupings(db_file: Path, clean_db: Path, web: Any, manifest: dict[str, Any], report: SoakReport) -> None:
    """The same articles grouped into developments, each announced once, the groups
    (nearly) those of the clean run; every syndicated copy linked as in the clean run.

    Development groups can differ a little from the clean run's because
    assignment depends on the order articles are stored in (measured as pair
    agreement, asserted >= ``MIN_PAIR_AGREEMENT``). Near-duplicate links
    between pages the manifest calls unrelated depend on which was stored
    first too; they are counted (``dup_links_changed``), not asserted.
    """
    devs, dups = groupings(db_file)
    clean_devs, clean_dups = groupings(clean_db)
    assert set().union(*devs) == set().union(*clean_devs)  # the same articles have a development
    pairs, clean_pairs = _same_development_pairs(devs), _same_development_pairs(clean_devs)
    report.pair_agreement = round(len(pairs & clean_pairs) / max(1, len(pairs | clean_pairs)), 4)
    assert report.pair_agreement >= MIN_PAIR_AGREEMENT, (report.pair_agreement, len(devs), len(clean_devs))
    for db in (db_file, clean_db):  # every development that needs announcing is announced, once
        unannounced, extra = rows(db, (
            "SELECT (SELECT count(*) FROM developments d WHERE NOT seeded AND NOT EXISTS"
            " (SELECT 1 FROM alerts a WHERE a.kind = 'development' AND a.development_id = d.id)),"
            " (SELECT count(*) FROM alerts a JOIN developments d ON d.id = a.development_id"
            " WHERE a.kind = 'development' AND d.seeded)"
        ))[0]
        assert (unannounced, extra) == (0, 0), db
    copies = {web.url(a["path"]) for a in manifest["articles"] if a["duplicate_of"]}
    for url in copies & set(clean_dups):
        assert dups[url] == clean_dups[url], url
    report.dup_links_changed = sum(1 for u in clean_dups if dups.get(u) != clean_dups[u])


def drain_outbox(config: Path, db_file: Path) -> None:
    """Let the clock pass a killed delivery's retry time, then deliver what is left."""
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE deliveries SET next_attempt_at = '2000-01-01 00:00:00.000000' WHERE status IN ('pending', 'sending')")
    result = subprocess.run([sys.executable, "-m", "newsmon", "--config", str(config), "alerts", "send"],
                            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def check_alerts(db_file: Path, outbox: Path, report: SoakReport) -> None:
    dev_alerts = Counter(d for (d,) in rows(db_file, "SELECT development_id FROM alerts WHERE kind = 'development'"))
    assert all(c == 1 for c in dev_alerts.values()), dev_alerts
    sent = rows(db_file, "SELECT message_id, alert_ids FROM deliveries WHERE status = 'sent'")
    carried = Counter(a for _, ids in sent for a in json.loads(ids))
    report.alerts_sent = sum(carried.values())
    report.alerts_duplicated = sum(c - 1 for c in carried.values() if c > 1)
    assert report.alerts_duplicated == 0, carried.most_common(3)
    unsent = rows(db_file, "SELECT count(*) FROM alerts WHERE status = 'pending'")[0][0]
    assert unsent == 0
    files = sorted(outbox.glob("*.eml")) if outbox.is_dir() else []
    report.eml_files = len(files)
    ids = [email.message_from_bytes(p.read_bytes())["Message-ID"] for p in files]
    assert len(ids) == len(set(ids)) == len(sent), (len(ids), len(sent))
    assert set(ids) == {m for m, _ in sent}


def expected_urls(clean_db: Path, web: Any, manifest: dict[str, Any]) -> set[str]:
    """The article URLs a crawl must store: the manifest's, less syndicated copies whose text is
    identical to their original's (an exact duplicate is stored once, under the original)."""
    clean = {u for (u,) in rows(clean_db, "SELECT url FROM articles WHERE origin = 'crawl'")}
    by_url = {web.url(a["path"]): a for a in manifest["articles"]}
    assert clean <= set(by_url)
    for url in set(by_url) - clean:
        original = by_url[url]["duplicate_of"]
        assert original and web.url(original) in clean, (url, by_url[url]["scenario"])
    assert len(clean) >= 0.95 * len(by_url)
    return clean


def run_soak(tmp_path: Path, web: Any, manifest: dict[str, Any], kills: int, seed: int) -> SoakReport:
    clean = soak_config(tmp_path / "clean", web)
    assert crawl_to_completion(clean) == 1
    report, config = soak(tmp_path / "killed", web, manifest, kills, seed)
    db_file = tmp_path / "killed" / "newsmon.db"
    expected = expected_urls(tmp_path / "clean" / "newsmon.db", web, manifest)
    urls = [u for (u,) in rows(db_file, "SELECT url FROM articles WHERE origin = 'crawl'")]
    report.stored = len(set(urls))
    report.duplicated = len(urls) - len(set(urls))
    assert len(report.kills) >= kills - 1, report.kills  # the outbox point may be missed if no digest is due
    assert report.duplicated == 0
    assert set(urls) == expected
    statuses = Counter(s for (s,) in rows(db_file, "SELECT status FROM runs"))
    assert statuses["running"] == 0 and statuses["ok"] >= 1, statuses
    # The replay did not change how articles group.
    check_groupings(db_file, tmp_path / "clean" / "newsmon.db", web, manifest, report)
    # A digest killed while being written is retried (the same file, rewritten) after its back-off.
    drain_outbox(config, db_file)
    check_alerts(db_file, tmp_path / "killed" / "outbox", report)
    print(f"soak: {report}")
    return report


def test_kill_9_short_soak(tmp_path: Path, soak_webs: Any) -> None:
    web, manifest = soak_webs(200)
    run_soak(tmp_path, web, manifest, kills=3, seed=11)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_kill_9_soak(tmp_path: Path, soak_webs: Any, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("the full soak runs with make soak (-m slow)")
    web, manifest = soak_webs(int(os.environ.get("NEWSMON_SOAK_ARTICLES", "1000")))
    run_soak(tmp_path, web, manifest, kills=int(os.environ.get("NEWSMON_SOAK_KILLS", "12")), seed=2024)


# ---------------------------------------------------------------- the scheduler daemon


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def start_daemon(config: Path, every: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsmon", "--config", str(config), "schedule", "--every", str(every),
         "--log-file", str(config.parent / "schedule.log")],
        cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def kill_daemon(daemon: subprocess.Popen[bytes]) -> None:
    """Power cut: SIGKILL the daemon and the crawl it started (its own process group)."""
    crawls = _children(daemon.pid)
    os.killpg(daemon.pid, signal.SIGKILL)
    for pid in crawls:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    daemon.wait()


def ok_runs(db_file: Path) -> int:
    try:
        return rows(db_file, "SELECT count(*) FROM runs WHERE status = 'ok'")[0][0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_kill_9_scheduler_soak(tmp_path: Path, soak_webs: Any, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("the scheduler soak runs with make soak (-m slow)")
    web, manifest = soak_webs(int(os.environ.get("NEWSMON_SOAK_ARTICLES", "1000")))
    clean = soak_config(tmp_path / "clean", web)
    assert crawl_to_completion(clean) == 1
    config = soak_config(tmp_path / "daemon", web)
    db_file = config.parent / "newsmon.db"
    expected = expected_urls(tmp_path / "clean" / "newsmon.db", web, manifest)
    rng = random.Random(99)
    targets = sorted(rng.sample(range(1, len(expected)), 5))
    kills = []
    for target in targets:
        daemon = start_daemon(config, every=1)
        deadline = time.monotonic() + CRAWL_TIMEOUT
        goal = max(target, article_count(db_file) + 1)
        while article_count(db_file) < goal and daemon.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert daemon.poll() is None, "the daemon died by itself"
        kill_daemon(daemon)
        kills.append(article_count(db_file))
    # Restart and let it work until a crawl completes after the last kill.
    daemon = start_daemon(config, every=1)
    try:
        before = ok_runs(db_file)
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while ok_runs(db_file) <= before and time.monotonic() < deadline:
            assert daemon.poll() is None, (config.parent / "schedule.log").read_text("utf-8")[-3000:]
            time.sleep(0.2)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=120)
    urls = [u for (u,) in rows(db_file, "SELECT url FROM articles WHERE origin = 'crawl'")]
    report = SoakReport(expected=len(expected), stored=len(set(urls)), duplicated=len(urls) - len(set(urls)),
                        kills=[f"daemon@{k}" for k in kills], runs_to_complete=1)
    assert report.duplicated == 0 and set(urls) == expected
    check_groupings(db_file, tmp_path / "clean" / "newsmon.db", web, manifest, report)
    drain_outbox(config, db_file)
    check_alerts(db_file, config.parent / "outbox", report)
    print(f"scheduler soak: {report}")
