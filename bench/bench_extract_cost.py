"""Cost of extraction plus page dates per page: this checkout against an earlier commit.

Why: accuracy work (more date sources, htmldate as a last stage) must not make the
crawl's analysis stage slow; the bar is 1.5x the cost before that work.  Both sides
run ``extract_article(html_bytes, url)`` (text, title, dates, authors, canonical URL)
on the same pages, each in its own process (so each imports its own code), in
alternating rounds; the best round of each side counts, which filters out the
other processes sharing the machine.

    python -m bench.bench_extract_cost --baseline-ref 52dd703 [--rounds 3] [--passes 3] [--write]

Pages: the team's tests/extraction_eval (Korean news, the crawl's common case) and, when
present, the public pages of ``make eval`` (see bench/eval_accuracy.py).  ``--write``
puts the result in docs/accuracy.md between the cost markers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Runs in a child process: PYTHONPATH decides whose newsmon it imports.
_WORKER = r"""
import json, sys, time
from newsmon.extract import extract_article
pages = json.load(sys.stdin)
data = [(open(p, "rb").read(), u) for p, u in pages]
for raw, url in data:
    extract_article(raw, url)  # a whole pass first: imports, lazy imports and their caches warm
best = float("inf")
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    for raw, url in data:
        extract_article(raw, url)
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "pages": len(data)}))
"""


def corpora() -> dict[str, list[tuple[str, str]]]:
    """(file, url) lists by corpus name."""
    team = []
    for page in sorted((ROOT / "tests" / "extraction_eval").glob("*.html")):
        truth = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        team.append((str(page), truth["url"]))
    out = {"team (tests/extraction_eval, Korean news)": team}
    from bench.eval_accuracy import data_dir

    folder = data_dir()
    if folder is not None:
        truth = json.loads((folder / "pagedates" / "truth.json").read_text(encoding="utf-8"))
        out["public pagedates/"] = [(str(folder / "pagedates" / "html" / e["file"]), u)
                                    for u, e in sorted(truth.items())]
        out["public readability/"] = [(str(p / "source.html"), f"https://example.org/{p.name}/")
                                      for p in sorted((folder / "readability").iterdir())
                                      if (p / "source.html").is_file()]
    return out


def export_ref(ref: str, into: Path) -> Path:
    """The ``newsmon`` package as it was at ``ref``, unpacked under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "newsmon"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_side(pythonpath: Path, pages: list[tuple[str, str]], passes: int) -> float:
    """Seconds per page, best of ``passes``, in a fresh process importing newsmon from ``pythonpath``."""
    env = dict(os.environ, PYTHONPATH=str(pythonpath), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-c", _WORKER, str(passes)], input=json.dumps(pages), env=env, text=True,
                          capture_output=True, check=True, cwd=str(pythonpath))
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"] / result["pages"]


def measure(baseline_ref: str, rounds: int, passes: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newsmon-baseline-") as tmp:
        base = export_ref(baseline_ref, Path(tmp))
        results = {}
        for name, pages in corpora().items():
            best = {"baseline": float("inf"), "current": float("inf")}
            for _ in range(rounds):
                best["baseline"] = min(best["baseline"], run_side(base, pages, passes))
                best["current"] = min(best["current"], run_side(ROOT, pages, passes))
            results[name] = {"pages": len(pages), "baseline_ms": 1000 * best["baseline"],
                             "current_ms": 1000 * best["current"], "ratio": best["current"] / best["baseline"]}
    return {"baseline_ref": baseline_ref, "rounds": rounds, "passes": passes, "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "corpora": results}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Measured {result['when']} by `python -m bench.bench_extract_cost --baseline-ref "
             f"{result['baseline_ref']}` (best pass of {result['rounds']} alternating rounds x {result['passes']} "
             "passes, one process per side per round):", "",
             f"| pages | count | before ({result['baseline_ref']}) ms/page | now ms/page | now / before |",
             "|---|---|---|---|---|"]
    for name, row in result["corpora"].items():
        lines.append(f"| {name} | {row['pages']} | {row['baseline_ms']:.1f} | {row['current_ms']:.1f} | "
                     f"{row['ratio']:.2f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline-ref", default="main", help="git commit or branch to compare with (default: main)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (a fresh process each)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the pages within each process")
    parser.add_argument("--write", action="store_true", help="put the table in docs/accuracy.md")
    args = parser.parse_args(argv)
    result = measure(args.baseline_ref, args.rounds, args.passes)
    table = markdown(result)
    print(table)
    if args.write:
        from bench.eval_report import COST_END, COST_START, DOCS

        block = f"{COST_START}\n{table}\n{COST_END}"
        text = DOCS.read_text(encoding="utf-8") if DOCS.is_file() else f"# Accuracy\n\n{COST_START}\n{COST_END}\n"
        if COST_START in text and COST_END in text:
            text = text[: text.index(COST_START)] + block + text[text.index(COST_END) + len(COST_END):]
        else:
            text += f"\n## Cost of extraction plus page dates\n\n{block}\n"
        DOCS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
