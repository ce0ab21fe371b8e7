"""Render `make eval`'s result: a side-by-side table for the terminal and docs/accuracy.md.

docs/accuracy.md keeps one block it does not own: the extraction cost measured by
``python -m bench.bench_extract_cost`` (between the ``cost`` markers), carried over as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs" / "accuracy.md"
COST_START, COST_END = "<!-- cost:start -->", "<!-- cost:end -->"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def _lines(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, newsmon, baseline, baseline name) rows shared by both renderings."""
    out = []
    dates = result["pagedates"]
    n = dates["pages"]
    for verdict in ("right", "wrong", "missing"):
        ours, theirs = dates["counts"]["newsmon"][verdict], dates["counts"]["htmldate"][verdict]
        out.append((f"pagedates: {verdict} ({n} pages)", f"{ours} ({_pct(ours, n)})", f"{theirs} ({_pct(theirs, n)})",
                    "htmldate"))
    out.append(("pagedates: ms/page", f"{dates['ms_per_page']['newsmon']:.1f} (whole extraction)",
                f"{dates['ms_per_page']['htmldate']:.1f} (date only)", "htmldate"))
    text = result["readability"]
    for measure in ("precision", "recall", "f1"):
        out.append((f"readability: text {measure} ({text['readerable']} readerable pages)",
                    f"{text['text']['newsmon'][measure]:.3f}", f"{text['text']['trafilatura'][measure]:.3f}",
                    "trafilatura"))
    for field, counts in text["fields"].items():
        k = counts["pages"]
        out.append((f"readability: {field} right ({k} pages give it)", f"{counts['newsmon']} ({_pct(counts['newsmon'], k)})",
                    f"{counts['trafilatura']} ({_pct(counts['trafilatura'], k)})", "trafilatura metadata"))
    out.append(("readability: ms/page", f"{text['ms_per_page']['newsmon']:.1f} (whole extraction)",
                f"{text['ms_per_page']['trafilatura']:.1f} (text only)", "trafilatura"))
    team = result["team"]
    out.append((f"TEAM-WRITTEN extraction_eval: text F1 ({team['pages']} pages)", f"{team['f1']['newsmon']:.3f}",
                f"{team['f1']['trafilatura']:.3f}", "trafilatura"))
    out.append(("TEAM-WRITTEN extraction_eval: title right", f"{team['titles']['newsmon']}/{team['pages']}",
                f"{team['titles']['trafilatura']}/{team['pages']}", "trafilatura metadata"))
    out.append((f"TEAM-WRITTEN dates_cases.tsv: right ({team['date_cases']} strings)",
                f"{team['dates_right']['newsmon']}", f"{team['dates_right']['dateparser']}", "dateparser (ko, en)"))
    return out


def render_text(result: dict[str, Any], *, rows: bool = False) -> str:
    """The terminal table (and, with ``rows``, every page's date and text verdict)."""
    lines = [f"make eval  {result['when']}  data: {result['data']}",
             "versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()), ""]
    width = max(len(r[0]) for r in _lines(result))
    lines.append(f"{'measure':<{width}}  {'newsmon':<28} baseline")
    for measure, ours, theirs, name in _lines(result):
        lines.append(f"{measure:<{width}}  {ours:<28} {theirs} [{name}]")
    if rows:
        lines.append("")
        for row in result["pagedates"]["rows"]:
            lines.append(f"date {row['verdicts'][0]:>7} / {row['verdicts'][1]:<7} truth {row['truth']} newsmon "
                         f"{row['newsmon']} ({row['source']}) htmldate {row['htmldate']}  {row['file']}")
        for row in result["readability"]["rows"]:
            lines.append(f"text {row['page']:<40} newsmon P {row['newsmon'][0]:.2f} R {row['newsmon'][1]:.2f} "
                         f"F1 {row['newsmon'][2]:.2f} ({row['source']})  trafilatura F1 {row['trafilatura'][2]:.2f}")
    return "\n".join(lines)


def _kept_cost_block() -> str:
    if DOCS.is_file():
        text = DOCS.read_text(encoding="utf-8")
        if COST_START in text and COST_END in text:
            return text[text.index(COST_START): text.index(COST_END) + len(COST_END)]
    return f"{COST_START}\nNot measured yet: run `python -m bench.bench_extract_cost`.\n{COST_END}"


def _goals(result: dict[str, Any]) -> str:
    """Whether this run meets the accuracy goals, in words."""
    ours = result["pagedates"]["counts"]["newsmon"]["right"]
    theirs = result["pagedates"]["counts"]["htmldate"]["right"]
    f1 = result["readability"]["text"]
    dates = "ahead of" if ours > theirs else "level with" if ours == theirs else "BEHIND"
    text = "ahead of" if f1["newsmon"]["f1"] > f1["trafilatura"]["f1"] else "BEHIND"
    return "\n".join([
        f"- Page dates: {ours} right against htmldate's {theirs}: {dates} it (goal: at least level, ahead wanted);"
        " a page with no findable date gets none.",
        f"- Main text: F1 {f1['newsmon']['f1']:.3f} against trafilatura's {f1['trafilatura']['f1']:.3f}: {text} it;"
        f" precision {f1['newsmon']['precision']:.3f} vs {f1['trafilatura']['precision']:.3f},"
        f" recall {f1['newsmon']['recall']:.3f} vs {f1['trafilatura']['recall']:.3f}.",
        "- Metadata is reported, not a goal: see the title, byline and published rows.",
    ])


def render_markdown(result: dict[str, Any]) -> str:
    """docs/accuracy.md: this run's numbers, how they were measured, and the kept cost block."""
    table = ["| measure | newsmon | baseline |", "|---|---|---|"]
    table += [f"| {m} | {o} | {t} ({name}) |" for m, o, t, name in _lines(result)]
    versions = ", ".join(f"{k} {v}" for k, v in result["versions"].items())
    return f"""# Accuracy

Written by `make eval` ({result['when']}; {versions}).
The public data is not in this repository: `make eval` reads `../shared/eval` or `$NEWSMON_EVAL_DIR`.

## Data
- `pagedates/`: 300 real pages (news, blogs, magazines; many languages) with the publication date
  checked by hand, from htmldate's evaluation set (Apache-2.0).
- `readability/`: 130 real pages from Mozilla Readability's test suite (Apache-2.0) with the expected
  main content and metadata; text is scored over the pages marked readerable.
- Rows marked TEAM-WRITTEN are the team's own labelled pages and date strings (tests/extraction_eval,
  tests/data/dates_cases.tsv): newsmon's rules were written around them, so they show no more than
  that Korean pages keep their accuracy.

## Results

{chr(10).join(table)}

## Goals (issue 14)

{_goals(result)}

## How it is scored
- Dates: the published day newsmon's `extract_article(html_bytes, url)` returns, against the hand-checked
  day; htmldate gets the same page decoded the same way: `find_date(html, extensive_search=True,
  original_date=True)`.  "missing" = no date returned (newsmon never guesses one).
- Text: bags of lowercased word tokens (`\\w+`; CJK text one token per character) of the body against the
  text of `expected.html`; precision, recall and F1 per page, averaged.  trafilatura runs with its default
  settings on the same decoded HTML.
- Title: equal after case and whitespace folding.  Byline: every name token given is in the expected byline
  and at least two of its tokens are given (the expected bylines are raw page text).  Published: same day.
- ms/page: wall time per page on this machine (2 cores shared with other work: expect noise); newsmon's
  covers the whole `extract_article` (text, title, dates, authors, canonical URL), the baselines only their
  one task.  Both sides first run untimed over 20 pages: htmldate's text search loads dateparser's data for
  every locale once per process (2-3 s), a one-time cost, not a per-page one.

## Cost of extraction plus page dates

{_kept_cost_block()}
"""
