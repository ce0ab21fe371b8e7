"""Benchmark: newsmon.pages.dates.parse_date against bare dateparser.parse.

Why: dates are read for every item of every crawl, so the fast path must be
much faster than dateparser and at least as right. Both parsers read the same
1,000 strings, drawn from the labelled cases in tests/data/dates_cases.tsv in
the proportions pages print them (byline labels and feed/meta dates dominate),
half of them re-dated so the mix is not 1,000 copies of a few strings.

Run: ``python -m bench.bench_dates`` (prints JSON); ``run()`` returns the dict.
"""

from __future__ import annotations

import json
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence
from zoneinfo import ZoneInfo

from newsmon.pages.dates import parse_date

CASES_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "dates_cases.tsv"
TZ = "Asia/Seoul"
FROZEN_NOW = datetime(2024, 9, 30, 12, 0, tzinfo=ZoneInfo(TZ))
"""The ``now`` the labelled expectations were worked out against."""

# Share of each kind in the benchmark mix: what article pages, feeds and
# sitemaps hand the extractor, by rough frequency.
MIX = {
    "ko_label": 0.28,
    "iso": 0.16,
    "rfc": 0.10,
    "ko_num": 0.10,
    "en_prose": 0.07,
    "en_label": 0.07,
    "pubmod": 0.08,
    "ko_text": 0.04,
    "relative": 0.05,
    "none": 0.05,
}

Parser = Callable[[str], Optional[datetime]]


@dataclass(frozen=True)
class Case:
    """One labelled string: what is printed, the instant expected (None = not a date)."""

    text: str
    expected: Optional[datetime]
    kind: str


def load_cases(path: Path = CASES_PATH) -> list[Case]:
    """Read the labelled TSV (``input<TAB>ISO|NONE<TAB>kind``; ``#`` lines are comments)."""
    cases: list[Case] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path}:{lineno}: expected 3 tab-separated fields, got {len(fields)}")
        text, expected, kind = fields
        value = None if expected == "NONE" else datetime.fromisoformat(expected)
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{path}:{lineno}: expected value must carry an offset")
        cases.append(Case(text=text, expected=value, kind=kind))
    return cases


def is_correct(got: Optional[datetime], expected: Optional[datetime]) -> bool:
    """Right answer: the same instant (aware), or None where None is expected."""
    if expected is None or got is None:
        return got is None and expected is None
    return got.tzinfo is not None and got.utcoffset() is not None and got == expected


def accuracy(parser: Parser, cases: Sequence[Case]) -> tuple[float, list[tuple[Case, Optional[datetime]]]]:
    """Share of ``cases`` the parser gets right, and the ones it gets wrong.

    A parser that raises counts as wrong for that case.
    """
    wrong: list[tuple[Case, Optional[datetime]]] = []
    for case in cases:
        try:
            got = parser(case.text)
        except Exception:  # noqa: BLE001 - a crash is a wrong answer here
            got = None
            wrong.append((case, got))
            continue
        if not is_correct(got, case.expected):
            wrong.append((case, got))
    share = 1.0 - len(wrong) / len(cases) if cases else 0.0
    return share, wrong


_ABSOLUTE_KINDS = {"ko_label", "iso", "rfc", "ko_num", "en_prose", "en_label", "pubmod", "ko_text"}
_DST_ZONE = re.compile(r"\b(?:ET|CT|MT|PT)\b")  # moving these across a DST change shifts the instant
_DATE_IN_TEXT = re.compile(r"(?<!\d)(2024)([./-]|년\s*)(0?9)([./-]|월\s*)(29|30)(?!\d)")


def _redate(case: Case, shift_days: int) -> Case:
    """The same printed shape, moved ``shift_days`` earlier (September 2024 forms only)."""
    if case.kind not in _ABSOLUTE_KINDS or case.expected is None or _DST_ZONE.search(case.text):
        return case
    matches = list(_DATE_IN_TEXT.finditer(case.text))
    if len(matches) != 1:
        return case
    m = matches[0]
    old = datetime(2024, 9, int(m.group(5)))
    new = old - timedelta(days=shift_days)
    width = len(m.group(3))
    month = f"{new.month:0{width}d}" if width == 2 else str(new.month)
    text = (
        case.text[: m.start()]
        + f"{new.year}{m.group(2)}{month}{m.group(4)}{new.day:02d}"
        + case.text[m.end() :]
    )
    return Case(text=text, expected=case.expected - timedelta(days=shift_days), kind=case.kind)


def build_corpus(cases: Sequence[Case], n: int = 1000, seed: int = 20240930) -> list[Case]:
    """``n`` strings in the ``MIX`` proportions, half of them re-dated."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Case]] = {}
    for case in cases:
        by_kind.setdefault(case.kind, []).append(case)
    kinds = [k for k in MIX if k in by_kind]
    weights = [MIX[k] for k in kinds]
    corpus: list[Case] = []
    for i in range(n):
        pool = by_kind[rng.choices(kinds, weights)[0]]
        case = pool[i % len(pool)] if i % 3 == 0 else rng.choice(pool)
        if i % 2:
            case = _redate(case, rng.randint(1, 200))
        corpus.append(case)
    return corpus


def _best_of(repeat: int, fn: Callable[[str], object], texts: Iterable[str]) -> float:
    items = list(texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in items:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def run(n: int = 1000, repeat: int = 3) -> dict[str, object]:
    """Time and score both parsers on ``n`` mixed strings; a dict of the numbers."""
    import dateparser

    cases = load_cases()
    corpus = build_corpus(cases, n)
    texts = [c.text for c in corpus]
    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "TIMEZONE": TZ,
        "RELATIVE_BASE": FROZEN_NOW.replace(tzinfo=None),
    }

    def ours(text: str) -> Optional[datetime]:
        return parse_date(text, now=FROZEN_NOW, tz=TZ)

    def bare(text: str) -> Optional[datetime]:
        return dateparser.parse(text, languages=["ko", "en"], settings=settings)

    ours("2024.09.29 15:00")  # warm both: imports and locale loading are not per-call costs
    bare("2024.09.29 15:00")
    ours("Sep 29")
    ours_s = _best_of(repeat, ours, texts)
    bare_s = _best_of(repeat, bare, texts)
    ours_acc, ours_wrong = accuracy(ours, corpus)
    bare_acc, _ = accuracy(bare, corpus)
    return {
        "strings": len(texts),
        "parse_date_us_per_call": round(ours_s / len(texts) * 1e6, 1),
        "dateparser_us_per_call": round(bare_s / len(texts) * 1e6, 1),
        "speedup": round(bare_s / ours_s, 1),
        "parse_date_accuracy": round(ours_acc, 4),
        "dateparser_accuracy": round(bare_acc, 4),
        "parse_date_wrong": [c.text for c, _ in ours_wrong][:10],
    }


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
