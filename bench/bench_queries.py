"""Benchmark: ``newsmon articles --contains`` and ``newsmon developments`` on a large archive.

Why: a user searching 100,000 stored articles for a Korean or English word
should get an answer at once. The real query code (``find_articles`` with the
full-text index: SQLite FTS5 trigram, PostgreSQL pg_trgm) is timed against the
same select with a plain ``LIKE '%word%'`` on title and body, best of N with a
warm cache, plus one end-to-end ``newsmon articles`` process for context. Both
with ``--all`` (every article) and as the command runs by default (relevant
articles only). The scan stops at the 50th match newest first, so for a common
word it is already quick: the index has to win on the rare ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import or_

from newsmon.store.database import Database
from newsmon.store.models import Article
from newsmon.store.queries import ArticleFilter, article_dict, articles_query, find_articles, find_developments

ROOT = Path(__file__).resolve().parent.parent
#: Frequent, medium, rare and absent words, Korean and English (all >= 3 characters).
WORDS = ("이노베이션", "Azure", "클라우드", "망분리", "Copilot", "양자컴퓨팅")


def _best(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def like_articles(session: Any, word: str, limit: int = 50, *, include_irrelevant: bool = True) -> list[dict[str, Any]]:
    """The scan baseline: the same select as ``find_articles``, matching with LIKE.

    With the same rule (ASCII case ignored): SQLite's LIKE ignores it already;
    PostgreSQL needs ILIKE, unless the word has no cased letters (Korean).
    """
    stmt = articles_query(session, ArticleFilter(include_irrelevant=include_irrelevant, limit=None))
    pattern = f"%{word}%"
    cased = session.get_bind().dialect.name == "postgresql" and word.lower() != word.upper()
    title, body = (Article.title.ilike(pattern), Article.body.ilike(pattern)) if cased else (
        Article.title.like(pattern), Article.body.like(pattern))
    stmt = stmt.where(or_(title, body)).limit(limit)
    return [article_dict(a) for a in session.scalars(stmt)]


def _count(session: Any, word: str) -> int:
    """How many stored articles contain ``word`` (how selective the query is)."""
    from sqlalchemy import func, select

    from newsmon.store.queries import contains_clause

    return session.scalar(select(func.count()).select_from(Article).where(contains_clause(session, word))) or 0


def measure(db: Database, *, repeat: int = 5, like_repeat: int = 3, words: tuple[str, ...] = WORDS) -> dict[str, Any]:
    """Index vs scan per word, and ``find_developments``; seconds as ms."""
    rows = []
    with db.session() as session:
        for word in words:
            f = ArticleFilter(contains=word, include_irrelevant=True, limit=50)
            find_articles(session, f)  # warm
            fts_s, fts_rows = _best(repeat, lambda: find_articles(session, f))
            like_articles(session, word)
            like_s, like_rows = _best(like_repeat, lambda: like_articles(session, word))
            # as `newsmon articles --contains WORD` runs by default: relevant articles only
            relevant = ArticleFilter(contains=word, limit=50)
            find_articles(session, relevant)
            relevant_s, relevant_rows = _best(repeat, lambda: find_articles(session, relevant))
            rows.append({
                "word": word,
                "index_ms": round(fts_s * 1000, 2),
                "like_ms": round(like_s * 1000, 2),
                "speedup": round(like_s / fts_s, 1) if fts_s else None,
                "rows": len(fts_rows),
                "matches": _count(session, word),
                "same_rows": [r["id"] for r in fts_rows] == [r["id"] for r in like_rows],
                "relevant_ms": round(relevant_s * 1000, 2),
                "relevant_same_rows": [r["id"] for r in relevant_rows]
                == [r["id"] for r in like_articles(session, word, include_irrelevant=False)],
            })
        find_developments(session)
        dev_s, devs = _best(repeat, lambda: find_developments(session))
    return {"words": rows, "developments_ms": round(dev_s * 1000, 2), "developments_rows": len(devs)}


def write_config(path: Path, database_url: str) -> Path:
    """A minimal newsmon.toml pointing at ``database_url``."""
    path.write_text(
        f"database_url = {json.dumps(database_url)}\nseeds_dir = {json.dumps(str(ROOT / 'seeds'))}\n"
        f"state_dir = {json.dumps(str(path.parent / 'state'))}\n",
        encoding="utf-8",
    )
    return path


def end_to_end(config: Path, word: str) -> dict[str, Any]:
    """Wall time of one ``newsmon articles --contains WORD --all`` process (start-up included)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsmon", "--config", str(config), "articles", "--contains", word, "--all", "--format", "json"],
        capture_output=True, cwd=ROOT, timeout=300,
    )
    wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import newsmon.cli.main"], capture_output=True, cwd=ROOT, timeout=120)
    startup = time.perf_counter() - t0
    rows = len(json.loads(proc.stdout or b"[]")) if proc.returncode == 0 else None
    return {"word": word, "wall_ms": round(wall * 1000, 1), "python_import_ms": round(startup * 1000, 1),
            "exit_code": proc.returncode, "rows": rows,
            "stderr": proc.stderr.decode("utf-8", "replace")[-500:] if proc.returncode else ""}
