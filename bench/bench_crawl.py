"""Benchmark: crawl throughput and memory, newsmon against bare Scrapy, on loopback.

Why: newsmon does much more per page than a bare crawler (extraction, dates,
relevance, near-duplicates, storage, developments), and the question is what
that costs. A generated fixture web (``tests.fixtureweb.generate``) is served
from memory by ``bench.staticserver`` in its own process, and three crawlers
fetch the same pages from its sitemap index, each as a separate process:
(a) a bare Scrapy spider, (b) the same plus ``trafilatura.extract``, (c) a full
``newsmon crawl``. Pages per second are taken over the process's wall clock and
over first-to-last page. The peak memory of (c) is the peak of the summed RSS
of its process tree (crawl process and extraction workers), polled from /proc.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def generate(root: Path, n_articles: int, seed: int = 0) -> dict[str, Any]:
    """The fixture web of ``n_articles`` pages under ``root`` (reused when already there)."""
    from tests.fixtureweb.generate import generate_web

    manifest = root / "_manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text("utf-8"))
        if len(data["articles"]) == n_articles and data.get("seed") == seed:
            return data
        shutil.rmtree(root)
    return generate_web(root, n_articles, seed)


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """``bench.staticserver`` serving ``root`` in a subprocess; yields its base URL."""
    with server_process(["-m", "bench.staticserver", "--root", str(root)]) as base:
        yield base


@contextmanager
def server_process(args: list[str]) -> Iterator[str]:
    """``python ARGS`` as a server subprocess that prints its base URL first; yields it,
    and terminates the server on the way out."""
    proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        if not base.startswith("http://"):
            raise RuntimeError(f"server {' '.join(args)} did not start (exit {proc.poll()})")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pss(pid: int) -> int:
    """Proportional set size in bytes: shared pages divided among the processes sharing them,
    so a process tree's sum counts each page once (a sum of RSS counts shared libraries and
    copy-on-write pages once per process)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by ``pid`` (from /proc; 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def run_measured(cmd: list[str], *, timeout: float, poll: float = 0.1, env: Optional[dict] = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, exit code, peak summed RSS and PSS of its process tree and the
    process count, and the CPU seconds its processes used (last reading of each, so up to ``poll`` short)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = peak_procs = peak_pss = 0
    cpu: dict[int, float] = {}
    out: list[bytes] = []
    import threading

    def drain(stream: Any) -> None:
        out.append(stream.read())

    readers = [threading.Thread(target=drain, args=(s,), daemon=True) for s in (proc.stdout, proc.stderr)]
    for r in readers:
        r.start()
    while proc.poll() is None:
        pids = _tree(proc.pid)
        for p in pids:
            cpu[p] = max(cpu.get(p, 0.0), _cpu_seconds(p))
        total = sum(_rss(p) for p in pids)
        if total > peak:
            peak, peak_procs = total, len(pids)
        peak_pss = max(peak_pss, sum(_pss(p) for p in pids))
        if time.perf_counter() - t0 > timeout:
            proc.kill()
            break
        time.sleep(poll)
    proc.wait()
    wall = time.perf_counter() - t0
    for r in readers:
        r.join(timeout=5)
    return {"wall_s": round(wall, 2), "exit_code": proc.returncode, "peak_rss_mb": round(peak / 2**20, 1),
            "peak_pss_mb": round(peak_pss / 2**20, 1), "processes_at_peak": peak_procs, "cpu_s": round(sum(cpu.values()), 2),
            "cpu_s_main": round(cpu.get(proc.pid, 0.0), 2), "output_tail": b"".join(out).decode("utf-8", "replace")[-800:]}


def run_bare(mode: str, base: str, work: Path, concurrency: int, timeout: float = 600) -> dict[str, Any]:
    """Crawler (a) ``fetch`` or (b) ``extract`` as a subprocess."""
    out = work / f"bare-{mode}.json"
    out.unlink(missing_ok=True)
    r = run_measured([sys.executable, "-m", "bench.spiders", mode, "--sitemap", f"{base}/sitemap-index.xml",
                      "--out", str(out), "--concurrency", str(concurrency)], timeout=timeout)
    stats = json.loads(out.read_text("utf-8")) if out.exists() else {}
    pages = int(stats.get("pages", 0))
    return {**r, **stats, "pages_per_s": round(pages / r["wall_s"], 1) if pages else 0.0,
            "pages_per_s_first_to_last": round(pages / stats["first_to_last_s"], 1) if stats.get("first_to_last_s") else None}


def write_config(work: Path, base: str, *, concurrency: int, extract_workers: int = 0) -> Path:
    """A newsmon.toml: a fresh SQLite file, the fixture's sitemap index, no delay, loopback allowed."""
    db = work / "newsmon.db"
    for p in work.glob("newsmon.db*"):
        p.unlink()
    path = work / "newsmon.toml"
    path.write_text(
        f'database_url = "sqlite:///{db}"\nseeds_dir = "{ROOT / "seeds"}"\nstate_dir = "{work / "state"}"\n\n'
        f"[crawl]\ndownload_delay = 0\nconcurrent_requests_per_domain = {concurrency}\n"
        f"allow_private_addresses = true\nextract_workers = {extract_workers}\n\n"
        f'[alerts]\noutbox_dir = "{work / "outbox"}"\n\n'
        f'[[sources]]\ntype = "sitemap"\nurl = "{base}/sitemap-index.xml"\nname = "fixture web"\n',
        encoding="utf-8",
    )
    return path


def _crawl_db_stats(work: Path) -> dict[str, Any]:
    con = sqlite3.connect(work / "newsmon.db")
    try:
        articles, relevant, dups, first, last = con.execute(
            "SELECT count(*), sum(relevant), sum(duplicate_of IS NOT NULL), min(first_seen_at), max(first_seen_at) FROM articles"
        ).fetchone()
        run = con.execute("SELECT pages_fetched, status, errors FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        devs = con.execute("SELECT count(*) FROM developments").fetchone()[0]
    finally:
        con.close()
    span = None
    if first and last:
        from datetime import datetime

        span = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
    return {"articles": articles, "relevant": relevant or 0, "near_duplicates": dups or 0, "developments": devs,
            "pages_fetched": run[0] if run else None, "run_status": run[1] if run else None,
            "run_errors": json.loads(run[2]) if run and run[2] else {}, "first_to_last_stored_s": span}


def newsmon_cmd(config: Path) -> list[str]:
    return [sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts", "--quiet"]


def run_newsmon(base: str, work: Path, *, concurrency: int, timeout: float = 900) -> dict[str, Any]:
    """Crawler (c): a full ``newsmon crawl`` into a fresh SQLite file."""
    config = write_config(work, base, concurrency=concurrency)
    r = run_measured(newsmon_cmd(config), timeout=timeout)
    stats = _crawl_db_stats(work) if (work / "newsmon.db").exists() else {}
    pages = stats.get("articles") or 0
    span = stats.get("first_to_last_stored_s")
    return {**r, **stats, "pages_per_s": round(pages / r["wall_s"], 1) if pages else 0.0,
            "pages_per_s_first_to_last": round(pages / span, 1) if span else None}


# ---------------------------------------------------------------- profile

#: (category, markers in a frame's file path), checked from the innermost frame outwards.
CATEGORIES = (
    ("extraction (trafilatura/lxml/newsmon.pages.extract)", ("trafilatura", "justext", "lxml", "htmldate", "courlan",
                                                        "newsmon/pages/extract", "pipelines/extract", "newsmon/pages/encoding",
                                                        "charset_normalizer", "newsmon/pages/language")),
    ("dates (newsmon.pages.dates/dateparser)", ("newsmon/pages/dates", "dateparser", "dateutil", "regex/")),
    ("relevance (topics)", ("newsmon/topics/", "pipelines/relevance")),
    ("near-dup signature", ("newsmon/events/neardup", "pipelines/neardup", "numpy")),
    ("developments", ("newsmon/events/developments",)),
    ("DB (SQLAlchemy/sqlite3/alembic)", ("sqlalchemy", "sqlite3", "alembic", "psycopg", "newsmon/events/record",
                                         "pipelines/store", "newsmon/store/database.py")),
    ("other pipelines (normalize/dedupe)", ("pipelines/", "newsmon/pages/urls", "w3lib")),
    ("spider/discovery (feeds, sitemaps)", ("newsmon/crawl/spiders", "newsmon/pages/discovery", "newsmon/crawl/fetch", "defusedxml",
                                            "scrapy/spiders/sitemap", "scrapy/utils/sitemap")),
    ("process pool / IPC", ("concurrent/futures", "multiprocessing", "pickle")),
    ("Scrapy/Twisted (framework)", ("scrapy", "twisted", "asyncio", "parsel", "zope", "OpenSSL", "h2")),
    ("start-up (imports)", ("<frozen importlib", "importlib")),
)


def categorize(frames: list[str]) -> str:
    """The category of a stack (outermost frame first): its innermost frame that has one."""
    for frame in reversed(frames):
        for name, markers in CATEGORIES:
            if any(m in frame for m in markers):
                return name
    return "other"


def profile_newsmon(base: str, work: Path, *, concurrency: int, timeout: float = 900) -> dict[str, Any]:
    """Where (c)'s CPU time goes: py-spy over the crawl and its workers, else cProfile of the main process."""
    config = write_config(work, base, concurrency=concurrency)
    pyspy = shutil.which("py-spy") or (str(Path(sys.executable).parent / "py-spy") if (Path(sys.executable).parent / "py-spy").exists() else None)
    if pyspy:
        raw = work / "profile.txt"
        r = run_measured([pyspy, "record", "--subprocesses", "--nonblocking", "--rate", "50", "--format", "raw",
                          "--output", str(raw), "--", *newsmon_cmd(config)], timeout=timeout)
        if raw.exists() and raw.stat().st_size:
            return {"tool": "py-spy (all processes, CPU samples)", "wall_s": r["wall_s"], **_summarise_raw(raw)}
    prof = work / "profile.pstats"
    r = run_measured([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "newsmon", *newsmon_cmd(config)[3:]],
                     timeout=timeout)
    return {"tool": "cProfile (crawl process only)", "wall_s": r["wall_s"], **_summarise_pstats(prof)}


def _summarise_raw(path: Path) -> dict[str, Any]:
    by_cat: Counter[str] = Counter()
    by_proc: Counter[str] = Counter()
    for line in path.read_text("utf-8", "replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        by_proc["extraction workers" if "_process_worker" in stack else "crawl process"] += int(count)
        by_cat[categorize(frames)] += int(count)
    total = sum(by_cat.values()) or 1
    return {"samples": total,
            "by_category_pct": {k: round(100 * v / total, 1) for k, v in by_cat.most_common()},
            "by_process_pct": {k: round(100 * v / total, 1) for k, v in by_proc.most_common()}}


def _summarise_pstats(path: Path) -> dict[str, Any]:
    import pstats

    stats = pstats.Stats(str(path))
    by_cat: Counter[str] = Counter()
    for (file, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_cat[categorize([f"{func} ({file})"])] += tottime
    total = sum(by_cat.values()) or 1
    return {"samples": None, "by_category_pct": {k: round(100 * v / total, 1) for k, v in by_cat.most_common()}}
