"""Body-extraction quality of newsmon vs plain trafilatura on the eval pages.

Extraction quality is what relevance scoring and dedupe stand on, and
"better than the library we wrap" is the bar that justifies our own code, so
both run on the same pages in the same process and are scored the same way:
character 4-gram shingle sets (whitespace collapsed) against the hand-made
ground truth, as precision, recall and F1.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import trafilatura

from newsmon.pages.encoding import decode_html
from newsmon.pages.extract import extract_article

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "extraction_eval"
SHINGLE = 4


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Character ``size``-gram set of ``text`` with whitespace collapsed."""
    norm = re.sub(r"\s+", " ", text or "").strip()
    if len(norm) < size:
        return {norm} if norm else set()
    return {norm[i : i + size] for i in range(len(norm) - size + 1)}


def score(predicted: str | None, truth: str) -> dict[str, float]:
    """Shingle precision, recall and F1 of ``predicted`` against ``truth``."""
    pred, gold = shingles(predicted or ""), shingles(truth)
    overlap = len(pred & gold)
    precision = overlap / len(pred) if pred else 0.0
    recall = overlap / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_pages(directory: Path = EVAL_DIR) -> list[tuple[str, bytes, dict[str, Any]]]:
    """(name, html bytes, ground truth) for every ``NN.html``/``NN.json`` pair."""
    pages = []
    for html_path in sorted(directory.glob("*.html")):
        truth = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
        pages.append((html_path.stem, html_path.read_bytes(), truth))
    return pages


def run(directory: Path = EVAL_DIR) -> dict[str, Any]:
    """Score both extractors on every page; return per-page rows and means."""
    rows = []
    newsmon_times = []
    for name, raw, truth in load_pages(directory):
        start = time.perf_counter()
        article = extract_article(raw, truth["url"])
        newsmon_times.append(time.perf_counter() - start)
        # Plain trafilatura gets the same decoded text, so only extraction differs.
        text, _ = decode_html(raw, None)
        baseline = trafilatura.extract(text, url=truth["url"])
        rows.append({
            "page": name,
            "template": truth.get("template"),
            "newsmon": score(article.body, truth["body"]),
            "trafilatura": score(baseline, truth["body"]),
            "body_source": article.body_source,
            "title_ok": article.title == truth["title"],
        })
    result = {
        "pages": len(rows),
        "newsmon_mean_f1": statistics.fmean(r["newsmon"]["f1"] for r in rows) if rows else 0.0,
        "trafilatura_mean_f1": statistics.fmean(r["trafilatura"]["f1"] for r in rows) if rows else 0.0,
        "newsmon_mean_precision": statistics.fmean(r["newsmon"]["precision"] for r in rows) if rows else 0.0,
        "newsmon_mean_recall": statistics.fmean(r["newsmon"]["recall"] for r in rows) if rows else 0.0,
        "newsmon_ms_per_page": 1000 * statistics.fmean(newsmon_times) if newsmon_times else 0.0,
        "titles_correct": sum(r["title_ok"] for r in rows),
        "rows": rows,
    }
    return result


def main() -> None:
    result = run()
    for row in result["rows"]:
        print(f"{row['page']} {row['template']:<16} newsmon F1 {row['newsmon']['f1']:.3f} "
              f"(P {row['newsmon']['precision']:.2f} R {row['newsmon']['recall']:.2f}, {row['body_source']})  "
              f"trafilatura F1 {row['trafilatura']['f1']:.3f}  title {'ok' if row['title_ok'] else 'WRONG'}")
    print(f"pages: {result['pages']}  titles correct: {result['titles_correct']}")
    print(f"mean F1 newsmon {result['newsmon_mean_f1']:.3f}  trafilatura {result['trafilatura_mean_f1']:.3f}")
    print(f"newsmon {result['newsmon_ms_per_page']:.1f} ms/page")


if __name__ == "__main__":
    main()
