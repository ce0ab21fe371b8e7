"""``make eval``: newsmon's accuracy on public pages nobody on the team wrote, beside the libraries a user would pick.

In one run, on the same decoded HTML:
- page dates (``pagedates/``, htmldate's evaluation set): newsmon's published date vs
  ``htmldate.find_date(extensive_search=True, original_date=True)``, day precision;
- main text (``readability/``, Mozilla Readability's test pages): token precision/recall/F1
  of newsmon's body vs ``trafilatura.extract`` (default settings), over the pages marked readerable;
- metadata (same pages): title, byline and published day vs ``trafilatura.extract_metadata``;
- the team's own labelled pages (tests/extraction_eval, tests/data/dates_cases.tsv), reported
  apart and marked as written by the team.

The data is read from ``$NEWSMON_EVAL_DIR`` or ``../shared/eval`` (see its README); it is not
in this repository.  Prints a table and writes docs/accuracy.md.

    python -m bench.eval_accuracy [--no-write] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Optional

from bench.eval_report import render_markdown, render_text
from bench.eval_scoring import byline_matches, day, html_text, norm_title, prf

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "eval"
DOCS = ROOT / "docs" / "accuracy.md"


def data_dir() -> Optional[Path]:
    """The evaluation folder: $NEWSMON_EVAL_DIR, else ../shared/eval; None when it is not there."""
    configured = os.environ.get("NEWSMON_EVAL_DIR")
    folder = Path(configured) if configured else DEFAULT_DIR
    ok = (folder / "pagedates" / "truth.json").is_file() and (folder / "readability").is_dir()
    return folder if ok else None


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _date_verdict(got: Any, truth: str) -> str:
    found = day(got)
    if found is None:
        return "missing"
    return "right" if found.isoformat() == truth else "wrong"


WARM_UP = 20


def _warm_up(folder: Path, items: list[tuple[str, dict[str, str]]]) -> None:
    """Run both sides untimed over the first pages: lazy imports and one-time loads (htmldate's
    text search loads dateparser's data for every locale, 2-3 s once per process) are not per-page costs."""
    import htmldate

    from newsmon.pages.extract import extract_article

    for url, entry in items[:WARM_UP]:
        raw = (folder / "html" / entry["file"]).read_bytes()
        extract_article(raw, url)
        htmldate.find_date(raw.decode("utf-8", "replace"), extensive_search=True, original_date=True)


def eval_pagedates(folder: Path, limit: Optional[int] = None) -> dict[str, Any]:
    """newsmon vs htmldate on every page of pagedates/truth.json."""
    import htmldate

    from newsmon.pages.encoding import decode_html
    from newsmon.pages.extract import extract_article

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    items = sorted(truth.items())[:limit]
    _warm_up(folder, items)
    counts = {name: {"right": 0, "wrong": 0, "missing": 0} for name in ("newsmon", "htmldate")}
    seconds = {"newsmon": 0.0, "htmldate": 0.0}
    rows = []
    for url, entry in items:
        raw = (folder / "html" / entry["file"]).read_bytes()
        html, _ = decode_html(raw, None)
        article, spent = _timed(lambda: extract_article(raw, url))
        seconds["newsmon"] += spent
        ours = _date_verdict(article.published_at, entry["date"])
        theirs_value, spent = _timed(lambda: htmldate.find_date(
            html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d"))
        seconds["htmldate"] += spent
        theirs = _date_verdict(theirs_value, entry["date"])
        counts["newsmon"][ours] += 1
        counts["htmldate"][theirs] += 1
        rows.append({"file": entry["file"], "truth": entry["date"], "newsmon": str(day(article.published_at)),
                     "source": article.published_source, "htmldate": theirs_value, "verdicts": (ours, theirs)})
    n = len(items)
    return {"pages": n, "counts": counts, "rows": rows,
            "ms_per_page": {k: 1000 * v / n if n else 0.0 for k, v in seconds.items()}}


def _readability_pages(folder: Path, limit: Optional[int]) -> list[tuple[str, bytes, dict[str, Any], str]]:
    pages = []
    for page in sorted(p for p in (folder / "readability").iterdir() if (p / "source.html").is_file()):
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        expected = html_text((page / "expected.html").read_text(encoding="utf-8"))
        pages.append((page.name, (page / "source.html").read_bytes(), meta, expected))
    return pages[:limit]


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def eval_readability(folder: Path, limit: Optional[int] = None) -> dict[str, Any]:
    """Main text and metadata of newsmon vs trafilatura on readability/."""
    import trafilatura

    from newsmon.pages.encoding import decode_html
    from newsmon.pages.extract import extract_article

    text_scores: dict[str, list[tuple[float, float, float]]] = {"newsmon": [], "trafilatura": []}
    fields = {f: {"newsmon": 0, "trafilatura": 0, "pages": 0} for f in ("title", "byline", "published")}
    seconds = {"newsmon": 0.0, "trafilatura": 0.0}
    rows = []
    pages = _readability_pages(folder, limit)
    # A page with no URL of its own gets a neutral one; no page's address is known here.
    for name, raw, meta, expected in pages:
        url = f"https://example.org/{name}/"
        html, _ = decode_html(raw, None)
        article, spent = _timed(lambda: extract_article(raw, url))
        seconds["newsmon"] += spent
        extracted, spent = _timed(lambda: trafilatura.extract(html))
        seconds["trafilatura"] += spent
        traf_meta = trafilatura.extract_metadata(html)
        if meta.get("readerable", True) is not False:
            ours, theirs = prf(article.body, expected), prf(extracted, expected)
            text_scores["newsmon"].append(ours)
            text_scores["trafilatura"].append(theirs)
            rows.append({"page": name, "newsmon": ours, "trafilatura": theirs, "source": article.body_source})
        answers = {
            "title": (meta.get("title"), article.title, traf_meta.title if traf_meta else None),
            "byline": (meta.get("byline"), ", ".join(article.authors), traf_meta.author if traf_meta else None),
            "published": (meta.get("publishedTime"), article.published_at, traf_meta.date if traf_meta else None),
        }
        for field, (gold, ours_value, theirs_value) in answers.items():
            if not gold:
                continue
            fields[field]["pages"] += 1
            for who, value in (("newsmon", ours_value), ("trafilatura", theirs_value)):
                if field == "title":
                    right = norm_title(value) == norm_title(gold)
                elif field == "byline":
                    right = byline_matches(value, gold)
                else:
                    right = day(value) is not None and day(value) == day(gold)
                fields[field][who] += right
    means = {who: {k: _mean([s[i] for s in scores]) for i, k in enumerate(("precision", "recall", "f1"))}
             for who, scores in text_scores.items()}
    n = len(pages)
    return {"pages": n, "readerable": len(rows), "text": means, "fields": fields, "rows": rows,
            "ms_per_page": {k: 1000 * v / n if n else 0.0 for k, v in seconds.items()}}


def eval_team() -> dict[str, Any]:
    """The team's own labelled pages and date strings (written by the team, not public data)."""
    import dateparser
    import trafilatura

    from bench.bench_dates import FROZEN_NOW, TZ, is_correct, load_cases
    from newsmon.pages.dates import parse_date
    from newsmon.pages.encoding import decode_html
    from newsmon.pages.extract import extract_article

    text: dict[str, list[float]] = {"newsmon": [], "trafilatura": []}
    titles = {"newsmon": 0, "trafilatura": 0}
    pages = sorted((ROOT / "tests" / "extraction_eval").glob("*.html"))
    for page in pages:
        truth = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        raw = page.read_bytes()
        html, _ = decode_html(raw, None)
        article = extract_article(raw, truth["url"])
        text["newsmon"].append(prf(article.body, truth["body"])[2])
        text["trafilatura"].append(prf(trafilatura.extract(html), truth["body"])[2])
        titles["newsmon"] += norm_title(article.title) == norm_title(truth["title"])
        theirs_meta = trafilatura.extract_metadata(html)
        titles["trafilatura"] += norm_title(theirs_meta.title if theirs_meta else None) == norm_title(truth["title"])
    cases = load_cases()
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": TZ, "RELATIVE_BASE": FROZEN_NOW.replace(tzinfo=None),
                "PREFER_DATES_FROM": "past"}
    ours = sum(is_correct(parse_date(c.text, now=FROZEN_NOW, tz=TZ), c.expected) for c in cases)
    theirs = sum(is_correct(dateparser.parse(c.text, languages=["ko", "en"], settings=settings), c.expected)
                 for c in cases)
    return {"pages": len(pages), "f1": {k: _mean(v) for k, v in text.items()}, "titles": titles,
            "date_cases": len(cases), "dates_right": {"newsmon": ours, "dateparser": theirs}}


def versions() -> dict[str, str]:
    """Versions of what was measured."""
    out = {"python": sys.version.split()[0]}
    for dist in ("newsmon", "htmldate", "trafilatura", "lxml", "dateparser"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval", description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/accuracy.md alone")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set (a quick look)")
    parser.add_argument("--rows", action="store_true", help="also print every page's verdicts")
    args = parser.parse_args(argv)
    folder = data_dir()
    if folder is None:
        where = os.environ.get("NEWSMON_EVAL_DIR") or str(DEFAULT_DIR)
        print(f"newsmon: error: evaluation data not found at {where} (expected pagedates/truth.json and "
              "readability/); put it there or set NEWSMON_EVAL_DIR to its folder", file=sys.stderr)
        return 2
    result = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "data": str(folder),
        "versions": versions(),
        "pagedates": eval_pagedates(folder / "pagedates", args.limit),
        "readability": eval_readability(folder, args.limit),
        "team": eval_team(),
    }
    print(render_text(result, rows=args.rows))
    if not args.no_write and args.limit is None:
        DOCS.write_text(render_markdown(result), encoding="utf-8")
        print(f"wrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
