"""``make bench``: every benchmark in one run, offline on loopback, with its baseline.

Why: on a noisy two-core machine an absolute number means little on its own,
so each figure is reported beside a baseline measured in the same run (bare
Scrapy, plain trafilatura, plain dateparser, a LIKE scan, the small archive),
as a ratio plus the absolute values. Prints a table to stdout, progress to
stderr, and writes everything to ``bench/results.json``.

    python -m bench.run                 # everything (about 10-15 minutes on 2 cores)
    python -m bench.run --quick         # small sizes, for development
    python -m bench.run --only queries  # one part: crawl, pipeline, dates, queries, memory, extract, neardup
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"
_START, _END = "<!-- results:start -->", "<!-- results:end -->"
PARTS = ("crawl", "memory", "pipeline", "queries", "dates", "extract", "neardup", "scaleout")


@dataclass(frozen=True)
class Sizes:
    crawl_pages: int = 2000
    memory_pages: tuple[int, int] = (2000, 10000)
    archive: tuple[int, int] = (1000, 100000)
    new_articles: int = 300
    neardup_sizes: tuple[int, int] = (1000, 20000)
    concurrency: int = 16


QUICK = Sizes(crawl_pages=300, memory_pages=(300, 1000), archive=(1000, 10000), new_articles=100, neardup_sizes=(1000, 5000))


def progress(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions = {}
    for dist in ("scrapy", "twisted", "trafilatura", "lxml", "sqlalchemy", "psycopg", "dateparser", "numpy", "aiohttp", "py-spy"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    pg = None
    try:
        from sqlalchemy import create_engine, text

        from bench.archive import PG_ADMIN_URL

        engine = create_engine(PG_ADMIN_URL)
        with engine.connect() as conn:
            pg = conn.execute(text("SHOW server_version")).scalar()
        engine.dispose()
    except Exception:  # noqa: BLE001 - informational only
        pass
    import sqlite3

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": ram_gb, "python": platform.python_version(),
            "platform": platform.platform(), "sqlite": sqlite3.sqlite_version, "postgresql": pg,
            "load_avg_at_start": list(os.getloadavg()), "versions": versions}


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 2) if a and b else None


# ---------------------------------------------------------------- parts


def part_crawl(sizes: Sizes, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    from bench import bench_crawl as bc

    web = work / f"web-{sizes.crawl_pages}"
    progress(f"crawl: generating a {sizes.crawl_pages}-page fixture web")
    bc.generate(web, sizes.crawl_pages)
    out: dict[str, Any] = {"pages": sizes.crawl_pages, "server": "bench.staticserver (asyncio, in memory, own process)",
                           "concurrency_per_domain": sizes.concurrency}
    with bc.static_server(web) as base:
        for key, mode in (("a_scrapy_fetch", "fetch"), ("b_scrapy_trafilatura", "extract")):
            progress(f"crawl: ({key[0]}) bare Scrapy, {mode}")
            out[key] = bc.run_bare(mode, base, work, sizes.concurrency)
        progress("crawl: (c) newsmon crawl")
        out["c_newsmon"] = bc.run_newsmon(base, work / "c", concurrency=sizes.concurrency) if _mkdir(work / "c") else {}
        progress("crawl: (c) again under py-spy for the profile")
        out["c_profile"] = bc.profile_newsmon(base, work / "profile", concurrency=sizes.concurrency) if _mkdir(work / "profile") else {}
    a, b, c = (out[k].get("pages_per_s") for k in ("a_scrapy_fetch", "b_scrapy_trafilatura", "c_newsmon"))
    out["c_over_b"] = ratio(c, b)
    out["c_over_a"] = ratio(c, a)
    fa, fb, fc = (out[k].get("pages_per_s_first_to_last") for k in ("a_scrapy_fetch", "b_scrapy_trafilatura", "c_newsmon"))
    out["c_over_b_first_to_last"] = ratio(fc, fb)
    return out


def _mkdir(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return True


def part_memory(sizes: Sizes, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    from bench import bench_crawl as bc

    out: dict[str, Any] = {}
    small, large = sizes.memory_pages
    crawl = results.get("crawl") or {}
    for n in (small, large):
        if n == crawl.get("pages") and crawl.get("c_newsmon", {}).get("peak_rss_mb"):
            out[str(n)] = crawl["c_newsmon"]  # the throughput run measured it already
            continue
        web = work / f"web-{n}"
        progress(f"memory: generating a {n}-page fixture web")
        bc.generate(web, n)
        with bc.static_server(web) as base:
            progress(f"memory: newsmon crawl of {n} pages")
            _mkdir(work / f"mem-{n}")
            out[str(n)] = bc.run_newsmon(base, work / f"mem-{n}", concurrency=sizes.concurrency, timeout=1200)
    s, l = out[str(small)].get("peak_rss_mb"), out[str(large)].get("peak_rss_mb")
    out["large_over_small"] = ratio(l, s)
    out["large_over_small_pss"] = ratio(out[str(large)].get("peak_pss_mb"), out[str(small)].get("peak_pss_mb"))
    return out


def part_pipeline_and_queries(sizes: Sizes, work: Path, results: dict[str, Any], parts: set[str]) -> None:
    """Parts 2 and 4 share the archives: fill each size once per backend."""
    from bench import bench_pipeline, bench_queries
    from bench.archive import fill_archive, postgresql_available, throwaway_postgresql
    from newsmon.store.database import Database
    from newsmon.topics import load_topics

    topics = load_topics(ROOT / "seeds")
    backends = ["sqlite"] + (["postgresql"] if postgresql_available() else [])
    pipeline: dict[str, Any] = {"archive_sizes": list(sizes.archive), "new_articles": sizes.new_articles,
                                "backends": {}, "postgresql_available": "postgresql" in backends}
    queries: dict[str, Any] = {"archive_size": sizes.archive[1], "backends": {}}
    for backend in backends:
        per_size: dict[str, Any] = {}
        for n in sizes.archive:
            need_pipeline = "pipeline" in parts
            need_queries = "queries" in parts
            if not need_pipeline and n != sizes.archive[1]:
                continue
            with _database(backend, work, n, throwaway_postgresql) as url:
                db = Database(url)
                try:
                    progress(f"archive: filling {n} articles on {backend}")
                    fill = fill_archive(db, n)
                    progress(f"archive: {n} on {backend} in {fill.seconds:.1f}s")
                    entry: dict[str, Any] = {"fill": asdict(fill)}
                    if need_pipeline:
                        progress(f"pipeline: {sizes.new_articles} new articles on {backend} with {n} stored")
                        entry.update(bench_pipeline.measure(db, topics, sizes.new_articles))
                    per_size[str(n)] = entry
                    if need_queries:
                        progress(f"queries: index vs LIKE on {backend} with {n} stored")
                        q = bench_queries.measure(db, repeat=5 if n == sizes.archive[1] else 3)
                        q["articles_stored"] = n
                        if n == sizes.archive[1]:
                            config = bench_queries.write_config(work / f"q-{backend}.toml", url)
                            q["end_to_end"] = [bench_queries.end_to_end(config, w) for w in ("이노베이션", "Azure")]
                            queries["backends"][backend] = q
                        else:
                            queries.setdefault("small_archive", {})[backend] = q
                finally:
                    db.dispose()
        if per_size:
            small, large = (per_size.get(str(n), {}).get("steps", {}).get("total", {}).get("mean_ms") for n in sizes.archive)
            per_size["large_over_small"] = ratio(large, small)
            pipeline["backends"][backend] = per_size
    if "pipeline" in parts:
        results["pipeline"] = pipeline
    if "queries" in parts:
        results["queries"] = queries


class _database:
    """A fresh database URL for one archive: a SQLite file, or a throwaway PostgreSQL database."""

    def __init__(self, backend: str, work: Path, n: int, throwaway: Callable[..., Any]) -> None:
        self.backend, self.work, self.n, self.throwaway = backend, work, n, throwaway
        self.ctx: Any = None

    def __enter__(self) -> str:
        if self.backend == "sqlite":
            path = self.work / f"archive-{self.n}.db"
            for p in self.work.glob(f"archive-{self.n}.db*"):
                p.unlink()
            return f"sqlite:///{path}"
        self.ctx = self.throwaway(str(self.n))
        return self.ctx.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if self.ctx is not None:
            self.ctx.__exit__(*exc)
        else:
            for p in self.work.glob(f"archive-{self.n}.db*"):
                p.unlink()


def part_dates(sizes: Sizes, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    from bench import bench_dates

    progress("dates: parse_date vs dateparser.parse on 1,000 strings")
    return bench_dates.run()


def part_extract(sizes: Sizes, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    from bench import bench_extract_quality

    progress("extract: body F1, newsmon vs trafilatura")
    r = bench_extract_quality.run()
    return {k: v for k, v in r.items() if k != "rows"}


def part_neardup(sizes: Sizes, work: Path, results: dict[str, Any]) -> dict[str, Any]:
    try:
        from bench import bench_neardup
    except ImportError:
        return {"skipped": "bench/bench_neardup.py not present"}
    progress(f"neardup: the near-duplicate engineer's benchmark, sizes {sizes.neardup_sizes}")
    return bench_neardup.run(sizes=sizes.neardup_sizes)


# ---------------------------------------------------------------- table


def _f(value: Any, fmt: str = "{:.1f}") -> str:
    return "-" if value is None else fmt.format(value) if isinstance(value, (int, float)) else str(value)


def table(results: dict[str, Any]) -> str:
    """The human-readable summary: one line per figure, with its baseline and goal."""
    rows: list[tuple[str, str, str, str]] = []
    c = results.get("crawl")
    if c:
        for key, label in (("a_scrapy_fetch", "(a) bare Scrapy fetch"), ("b_scrapy_trafilatura", "(b) Scrapy + trafilatura"), ("c_newsmon", "(c) newsmon crawl")):
            r = c.get(key, {})
            rows.append((f"crawl {c['pages']} p: {label}", f"{_f(r.get('pages_per_s'))} p/s wall, {_f(r.get('pages_per_s_first_to_last'))} p/s first-last",
                         f"{_f(r.get('wall_s'))} s, exit {r.get('exit_code')}", ""))
        rows.append(("crawl: (c)/(b)", _f(c.get("c_over_b"), "{:.2f}x"), f"first-last {_f(c.get('c_over_b_first_to_last'), '{:.2f}x')}",
                     "goal >= 1.0x, stretch >= 1.5x"))
        rows.append(("crawl: (c)/(a)", _f(c.get("c_over_a"), "{:.2f}x"), "", "ceiling"))
        prof = c.get("c_profile", {}).get("by_category_pct", {})
        if prof:
            top = ", ".join(f"{k.split(' (')[0]} {v}%" for k, v in list(prof.items())[:5])
            rows.append(("crawl: (c) profile", top, c["c_profile"].get("tool", ""), ""))
    m = results.get("memory")
    if m:
        sizes = [k for k in m if k.isdigit()]
        for k in sizes:
            rows.append((f"memory: newsmon crawl {k} p", f"{_f(m[k].get('peak_rss_mb'))} MB peak RSS (sum over the tree)",
                         f"PSS {_f(m[k].get('peak_pss_mb'))} MB; {m[k].get('processes_at_peak')} processes, {_f(m[k].get('pages_per_s'))} p/s",
                         "goal < 300 MB"))
        rows.append(("memory: large/small", _f(m.get("large_over_small"), "{:.2f}x"),
                     f"PSS {_f(m.get('large_over_small_pss'), '{:.2f}x')}", "goal <= 1.2x"))
    p = results.get("pipeline")
    if p:
        for backend, per in p["backends"].items():
            for n in p["archive_sizes"]:
                e = per.get(str(n))
                if not e:
                    continue
                s = e["steps"]
                rows.append((f"pipeline {backend} @ {n} stored", f"{_f(s['total']['mean_ms'], '{:.2f}')} ms/article mean (p90 {_f(s['total']['p90_ms'], '{:.2f}')})",
                             f"record {_f(s['record_article']['mean_ms'], '{:.2f}')}, lookup {_f(e['neardup_lookup']['mean_ms'], '{:.2f}')}, fill {_f(e['fill']['seconds'])} s", ""))
            rows.append((f"pipeline {backend}: large/small", _f(per.get("large_over_small"), "{:.2f}x"), "", "goal <= 1.5x"))
    q = results.get("queries")
    if q:
        for backend, r in q["backends"].items():
            for w in r["words"]:
                rows.append((f"query {backend} @ {q['archive_size']}: '{w['word']}'", f"{_f(w['index_ms'], '{:.2f}')} ms index",
                             f"LIKE {_f(w['like_ms'], '{:.1f}')} ms = {_f(w['speedup'])}x; {w.get('matches')} match{'' if w['same_rows'] else ' (rows differ)'}",
                             "goal >= 20x and < 50 ms"))
            rows.append((f"query {backend}: developments", f"{_f(r['developments_ms'], '{:.2f}')} ms", f"{r['developments_rows']} rows", "< 50 ms"))
            for e in r.get("end_to_end", []):
                rows.append((f"query {backend}: newsmon articles --contains {e['word']}", f"{_f(e['wall_ms'])} ms process",
                             f"of which Python+import {_f(e['python_import_ms'])} ms, exit {e['exit_code']}", "context"))
    d = results.get("dates")
    if d and "speedup" in d:
        rows.append(("dates: parse_date vs dateparser", f"{_f(d['speedup'])}x faster", f"{d['parse_date_us_per_call']} vs {d['dateparser_us_per_call']} us/call; "
                     f"accuracy {d['parse_date_accuracy']} vs {d['dateparser_accuracy']}", "goal >= 10x, accuracy not lower"))
    x = results.get("extract")
    if x and "pages" in x:
        rows.append(("extract: body F1 newsmon vs trafilatura", f"{_f(x['newsmon_mean_f1'], '{:.3f}')} vs {_f(x['trafilatura_mean_f1'], '{:.3f}')}",
                     f"{x['pages']} pages, {_f(x['newsmon_ms_per_page'])} ms/page", ""))
    nd = results.get("neardup")
    if nd:
        if "per_article_ms" in nd:
            per = ", ".join(f"{v} ms @ {k}" for k, v in nd["per_article_ms"].items())
            lab = nd.get("labelled_pairs", {})
            rows.append(("neardup (bench_neardup.run)", f"{per} = {_f(nd.get('ratio'), '{:.2f}x')}",
                         f"labelled pairs P {lab.get('precision')} R {lab.get('recall')}", "see results.json"))
        else:
            rows.append(("neardup (bench_neardup.run)", json.dumps(nd, ensure_ascii=False, default=str)[:90], "", ""))
    from bench.bench_scaleout import table_rows

    rows += table_rows(results.get("scaleout"))
    for name, err in results.get("errors", {}).items():
        rows.append((f"{name}: FAILED", err.splitlines()[-1][:90] if err else "", "", ""))
    widths = [max(len(r[i]) for r in rows) if rows else 0 for i in range(4)]
    return "\n".join("  ".join(col.ljust(widths[i]) for i, col in enumerate(r)).rstrip() for r in rows)


def machine_lines(m: dict[str, Any]) -> str:
    v = m.get("versions", {})
    return (
        f"- {m.get('nproc')} CPUs (`nproc`), {m.get('cpu')}, {m.get('ram_gb')} GB RAM; load average at start "
        f"{', '.join(f'{x:.1f}' for x in m.get('load_avg_at_start', []))}\n"
        f"- Python {m.get('python')} on {m.get('platform')}; SQLite {m.get('sqlite')}; PostgreSQL {m.get('postgresql')}\n"
        f"- " + ", ".join(f"{k} {val}" for k, val in v.items() if val) + "\n"
    )


def write_docs(results: dict[str, Any], path: Path = DOCS) -> None:
    """Put the table and the machine into docs/benchmarks.md, between its result markers."""
    block = (
        f"{_START}\nMeasured {time.strftime('%Y-%m-%d %H:%M', time.localtime())}"
        f"{' (--quick sizes)' if results.get('quick') else ''}, total {results.get('total_seconds', 0):.0f} s, on:\n\n"
        f"{machine_lines(results.get('machine', {}))}\n```text\n{table(results)}\n```\n{_END}"
    )
    text = path.read_text("utf-8") if path.exists() else f"# Benchmarks\n\n{_START}\n{_END}\n"
    if _START in text and _END in text:
        text = text[: text.index(_START)] + block + text[text.index(_END) + len(_END):]
    else:
        text += "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Run the newsmon benchmarks (offline, loopback).")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for development")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON results")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (generated webs, databases)")
    parser.add_argument("--docs-from", type=Path, metavar="JSON", help="only rewrite docs/benchmarks.md from a results file")
    args = parser.parse_args(argv)
    if args.docs_from:
        write_docs(json.loads(args.docs_from.read_text("utf-8")))
        return 0
    sizes = QUICK if args.quick else Sizes()
    parts = set(args.only or PARTS)
    work = Path(tempfile.mkdtemp(prefix="newsmon-bench-"))
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "sizes": asdict(sizes), "errors": {}}
    progress(f"work folder {work}; parts: {', '.join(p for p in PARTS if p in parts)}")
    steps: list[tuple[str, Callable[[], Any]]] = []
    # Cheap parts first, so a run cut short still reports them.
    for name, fn in (("dates", part_dates), ("extract", part_extract)):
        if name in parts:
            steps.append((name, lambda fn=fn, name=name: results.__setitem__(name, fn(sizes, work, results))))
    if parts & {"pipeline", "queries"}:
        steps.append(("pipeline/queries", lambda: part_pipeline_and_queries(sizes, work, results, parts)))
    from bench import bench_scaleout

    for name, fn in (("crawl", part_crawl), ("memory", part_memory), ("neardup", part_neardup), ("scaleout", bench_scaleout.part)):
        if name in parts:
            steps.append((name, lambda fn=fn, name=name: results.__setitem__(name, fn(sizes, work, results))))
    for name, step in steps:
        t0 = time.perf_counter()
        try:
            step()
        except Exception:  # noqa: BLE001 - one broken part must not lose the others' numbers
            results["errors"][name] = traceback.format_exc()
            progress(f"{name} FAILED:\n{results['errors'][name]}")
        results.setdefault("seconds", {})[name] = round(time.perf_counter() - t0, 1)
        results["total_seconds"] = round(time.perf_counter() - started, 1)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(table(results))
    if not args.only and args.out == RESULTS:
        write_docs(results)
    print(f"\ntotal {results['total_seconds']:.0f} s; results in {args.out}")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
