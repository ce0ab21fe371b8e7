"""Benchmark: one crawl run on 1, 2 and 3 frontier workers (scrapy-redis, PostgreSQL).

Why: scale-out pays where a crawl waits on the network, and a news monitor
waits on hundreds of outlets. (1) A latency-bound web: the generated fixture
web, every response held back 200 ms by the server, its pages spread over 16
host names (127.0.0.1-16, one server): politeness limits each host run-wide,
so only many hosts leave room for more workers, as real outlets do. Pages/s
with ``newsmon crawl --workers 1/2/3``. (2) The CPU-bound bench web of
``bench_crawl`` (no added latency): ``--workers 2`` against one newsmon process
and against the Scrapy + trafilatura baseline, in the same run, all on
PostgreSQL. (3) The same comparison on a web of real pages (``bench.publicweb``:
the public evaluation pages, ~165 KB each, where extraction weighs more per page
than on the generated web). Beside each: peak RSS per worker process.

    python -m bench.bench_scaleout serve --root DIR [--delay 0.2] [--hosts 16]   # prints the base URL
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"


# ---------------------------------------------------------------- the latency-bound server


def host_for(path: bytes, hosts: int) -> str:
    """The loopback address serving ``path``: a stable spread over ``hosts`` addresses."""
    return f"127.0.0.{1 + int(hashlib.md5(path, usedforsecurity=False).hexdigest(), 16) % hosts}"


def load_spread_site(root: Path, port: int, hosts: int) -> dict[str, tuple[bytes, str, str]]:
    """bench.staticserver's site, with each ``{base}/path`` pointed at that path's host."""
    from bench.staticserver import load_site

    site = load_site(root, "{base}")
    pattern = re.compile(rb"\{base\}(/[^\"'<>\s]*)")
    spread = lambda m: f"http://{host_for(m.group(1), hosts)}:{port}".encode() + m.group(1)  # noqa: E731
    out = {}
    for rel, (body, ctype, etag) in site.items():
        if rel.endswith(".gz"):
            import gzip

            body = gzip.compress(pattern.sub(spread, gzip.decompress(body)), mtime=0)
        else:
            body = pattern.sub(spread, body)
        out[rel] = (body, ctype, etag)
    return out


async def serve_slow(root: Path, delay: float, hosts: int) -> None:
    """Serve on 127.0.0.1..hosts (one port), each answer ``delay`` seconds late; print the base URL."""
    from bench.staticserver import _Http

    class Slow(_Http):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            real = transport.write
            loop = asyncio.get_running_loop()
            transport.write = lambda data: loop.call_later(delay, lambda: None if transport.is_closing() else real(data))

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    site = load_spread_site(root, port, hosts)
    loop = asyncio.get_running_loop()
    servers = [await loop.create_server(lambda: Slow(site), f"127.0.0.{i}", port, backlog=1024) for i in range(1, hosts + 1)]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sys.stdout.write(f"http://127.0.0.1:{port}\n")
    sys.stdout.flush()
    await stop.wait()
    for s in servers:
        s.close()


@contextmanager
def slow_server(root: Path, delay: float, hosts: int) -> Iterator[str]:
    """The latency-bound server in a subprocess; yields its base URL."""
    from bench.bench_crawl import server_process

    with server_process(["-m", "bench.bench_scaleout", "serve", "--root", str(root), "--delay", str(delay),
                         "--hosts", str(hosts)]) as base:
        yield base


# ---------------------------------------------------------------- measuring a run


def machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def run_sampled(cmd: list[str], timeout: float) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, exit code, peak summed RSS of its process tree, and the
    peak RSS of each frontier worker process in it (sampled from /proc every 0.1 s)."""
    from bench.bench_crawl import _rss, _tree

    import resource

    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, all0 = machine_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    peak, workers = 0, {}
    while proc.poll() is None:
        pids = _tree(proc.pid)
        peak = max(peak, sum(_rss(p) for p in pids))
        for p in pids:
            try:
                if b"newsmon.crawl.workers" in Path(f"/proc/{p}/cmdline").read_bytes():
                    workers[p] = max(workers.get(p, 0), _rss(p))
            except OSError:
                continue
        if time.perf_counter() - t0 > timeout:
            proc.kill()
            break
        time.sleep(0.1)
    proc.wait()
    reader.join(timeout=5)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy1, all1 = machine_cpu()
    # The whole tree's CPU: each process is reaped by its parent, so its time reaches us.
    cpu_s = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    return {"wall_s": round(time.perf_counter() - t0, 2), "cpu_s": round(cpu_s, 1), "exit_code": proc.returncode,
            # The whole machine (PostgreSQL, Redis and the web server included): near 100 %
            # means the cores, not the web, bounded the run.
            "machine_cpu_busy_pct": round(100 * (busy1 - busy0) / max(1, all1 - all0)),
            "peak_rss_mb": round(peak / 2**20, 1),
            "worker_peak_rss_mb": sorted(round(v / 2**20, 1) for v in workers.values()),
            "output_tail": b"".join(err).decode("utf-8", "replace")[-300:]}


def write_config(work: Path, base: str, db_url: str, *, concurrency: int, redis: bool, per_process: int = 0) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    # The topic profile only: the seed documents link to real sites, unreachable offline.
    seeds = work / "seeds"
    seeds.mkdir(exist_ok=True)
    for profile in (ROOT / "seeds").glob("*.toml"):
        (seeds / profile.name).write_bytes(profile.read_bytes())
    path = work / "newsmon.toml"
    path.write_text(
        f'database_url = "{db_url}"\nseeds_dir = "{seeds}"\nstate_dir = "{work / "state"}"\n\n'
        f"[crawl]\ndownload_delay = 0\nconcurrent_requests_per_domain = {concurrency}\nallow_private_addresses = true\n"
        f"concurrent_requests = {per_process}\n\n"
        f'[alerts]\noutbox_dir = "{work / "outbox"}"\n\n'
        + (f'[frontier]\nredis_url = "{REDIS_URL}"\n\n' if redis else "")
        + f'[[sources]]\ntype = "sitemap"\nurl = "{base}/sitemap-index.xml"\nname = "fixture web"\n',
        encoding="utf-8",
    )
    return path


def crawl(work: Path, base: str, *, workers: Optional[int], concurrency: int, timeout: float = 900, per_process: int = 0) -> dict[str, Any]:
    """One ``newsmon crawl`` (``workers`` None: one process) into a fresh PostgreSQL database."""
    from sqlalchemy import create_engine, text

    from bench.archive import throwaway_postgresql

    tag = f"so{workers if workers is not None else 'single'}"
    with throwaway_postgresql(tag) as db_url:
        config = write_config(work / tag, base, db_url, concurrency=concurrency, redis=workers is not None, per_process=per_process)
        cmd = [sys.executable, "-m", "newsmon", "--config", str(config), "crawl", "--no-alerts", "--quiet"]
        cmd += ["--workers", str(workers)] if workers is not None else []
        r = run_sampled(cmd, timeout)
        engine = create_engine(db_url)
        with engine.connect() as conn:
            articles = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
            run = conn.execute(text("SELECT status, pages_fetched FROM runs ORDER BY id DESC LIMIT 1")).first()
        engine.dispose()
    return {
        "workers": workers, "wall_s": r["wall_s"], "cpu_s": r["cpu_s"], "machine_cpu_busy_pct": r["machine_cpu_busy_pct"],
        "exit_code": r["exit_code"], "articles": articles,
        "run_status": run[0] if run else None, "pages_fetched": run[1] if run else None,
        "pages_per_s": round(articles / r["wall_s"], 1) if articles else 0.0,
        "peak_rss_mb_sum": r["peak_rss_mb"], "worker_peak_rss_mb": r["worker_peak_rss_mb"],
        "output_tail": r["output_tail"],
    }


def bench_latency(work: Path, pages: int, *, delay: float = 0.2, hosts: int = 16, concurrency: int = 4,
                  per_worker: int = 2) -> dict[str, Any]:
    """(1) Pages/s on the latency-bound web with 1, 2, 3 workers, each keeping ``per_worker``
    requests in flight (``[crawl] concurrent_requests``): with Scrapy's 16, one worker alone
    already fills this 2-core machine's CPU, and the web would not bound it."""
    from bench.bench_crawl import generate

    web = work / f"web-{pages}"
    generate(web, pages)
    out: dict[str, Any] = {"pages": pages, "delay_s": delay, "hosts": hosts, "concurrency_per_host": concurrency,
                           "requests_in_flight_per_worker": per_worker}
    with slow_server(web, delay, hosts) as base:
        for n in (1, 2, 3):
            out[f"workers_{n}"] = crawl(work, base, workers=n, concurrency=concurrency, per_process=per_worker)
    one = out["workers_1"]["pages_per_s"]
    out["speedup_3_over_1"] = round(out["workers_3"]["pages_per_s"] / one, 2) if one else None
    out["speedup_2_over_1"] = round(out["workers_2"]["pages_per_s"] / one, 2) if one else None
    return out


def bench_cpu(work: Path, pages: int, *, concurrency: int = 16) -> dict[str, Any]:
    """(2) The CPU-bound bench web: Scrapy + trafilatura, one newsmon process, ``--workers 2``; PostgreSQL."""
    from bench.bench_crawl import generate

    web = work / f"web-{pages}"
    generate(web, pages)
    return {"pages": pages, **compare_cpu(work, web, concurrency)}


def bench_cpu_public(work: Path, *, concurrency: int = 16) -> dict[str, Any]:
    """(3) The same three crawlers on a web of real pages (``bench.publicweb``: ~165 KB each)."""
    from bench import publicweb

    web = work / "public-web"
    site = publicweb.generate(web)
    if site is None:
        return {"skipped": "no public evaluation pages (../shared/eval or $NEWSMON_EVAL_DIR)"}
    return {"pages": site["pages"], "mean_kb": site["mean_kb"], **compare_cpu(work, web, concurrency)}


def compare_cpu(work: Path, web: Path, concurrency: int) -> dict[str, Any]:
    """Scrapy + trafilatura, one newsmon process and ``--workers 2`` on the web under ``web``, in that order."""
    from bench.bench_crawl import run_bare, static_server

    out: dict[str, Any] = {"concurrency_per_host": concurrency}
    with static_server(web) as base:
        out["b_scrapy_trafilatura"] = run_bare("extract", base, work, concurrency)
        out["newsmon_single"] = crawl(work, base, workers=None, concurrency=concurrency)
        out["newsmon_workers_2"] = crawl(work, base, workers=2, concurrency=concurrency)
    # Pages/s over the pages each crawler parsed: (b) counts every page it extracted; a
    # newsmon run that ended ok analysed as many (the few that are not articles are not stored).
    b = out["b_scrapy_trafilatura"]
    for key in ("newsmon_single", "newsmon_workers_2"):
        r = out[key]
        if r["run_status"] == "ok" and b.get("pages"):
            r["pages_per_s"] = round(b["pages"] / r["wall_s"], 1)
        out[f"{key}_over_b"] = round(r["pages_per_s"] / b["pages_per_s"], 2) if b.get("pages_per_s") else None
    return out


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve a generated web with added latency over several loopback hosts")
    serve.add_argument("--root", type=Path, required=True)
    serve.add_argument("--delay", type=float, default=0.2)
    serve.add_argument("--hosts", type=int, default=16)
    args = parser.parse_args(argv)
    asyncio.run(serve_slow(args.root, args.delay, args.hosts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# ---------------------------------------------------------------- bench.run hook


def part(sizes: Any, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    """``make bench``'s scale-out part: the latency-bound web, then the CPU-bound one."""
    from bench.archive import postgresql_available

    from tests.crawl.test_scaleout_support import redis_reachable

    if not postgresql_available() or not redis_reachable():
        return {"skipped": "needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379"}
    latency_pages = min(1000, sizes.crawl_pages)
    return {"latency": bench_latency(work / "scaleout-latency", latency_pages),
            "cpu": bench_cpu(work / "scaleout-cpu", sizes.crawl_pages, concurrency=sizes.concurrency),
            "cpu_public": bench_cpu_public(work / "scaleout-public", concurrency=sizes.concurrency)}


def table_rows(s: Optional[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """This part's lines in ``bench.run``'s table."""
    if not s:
        return []
    if "skipped" in s:
        return [("scale-out", "skipped", s["skipped"], "")]
    rows = []
    lat = s["latency"]
    for n in (1, 2, 3):
        r = lat[f"workers_{n}"]
        rows.append((f"scale-out latency {lat['pages']} p, {lat['hosts']} hosts: --workers {n}", f"{r['pages_per_s']} p/s wall",
                     f"{r['wall_s']} s, machine CPU {r.get('machine_cpu_busy_pct')} % busy, {r['run_status']}; "
                     f"RSS per worker {r['worker_peak_rss_mb']} MB", ""))
    rows.append(("scale-out latency: 3 workers / 1", f"{lat['speedup_3_over_1']}x", f"2 workers / 1: {lat['speedup_2_over_1']}x", "goal >= 2.5x"))
    rows += _cpu_rows(s["cpu"], f"scale-out CPU {s['cpu']['pages']} p")
    public = s.get("cpu_public") or {}
    if "skipped" in public:
        rows.append(("scale-out CPU, public pages", "skipped", public["skipped"], ""))
    elif public:
        rows += _cpu_rows(public, f"scale-out CPU {public['pages']} public pages ({public['mean_kb']} KB)")
    return rows


def _cpu_rows(cpu: dict[str, Any], label: str) -> list[tuple[str, str, str, str]]:
    b = cpu["b_scrapy_trafilatura"]
    rows = [(f"{label}: (b) Scrapy + trafilatura", f"{b.get('pages_per_s')} p/s wall", f"{b.get('wall_s')} s, {b.get('cpu_s')} s CPU", "")]
    for key, name in (("newsmon_single", "newsmon one process (PostgreSQL)"), ("newsmon_workers_2", "newsmon --workers 2 (PostgreSQL)")):
        r = cpu[key]
        rows.append((f"{label}: {name}", f"{r['pages_per_s']} p/s wall = {cpu[key + '_over_b']}x (b)",
                     f"{r['wall_s']} s, {r['cpu_s']} s CPU, {r['run_status']}; RSS per worker {r['worker_peak_rss_mb']} MB",
                     "goal >= 1.5x (b), stretch 2.0x" if key == "newsmon_workers_2" else ""))
    return rows
