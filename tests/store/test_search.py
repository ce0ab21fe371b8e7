"""``newsmon articles --contains``: the same answer as a LIKE scan, whichever plan finds it.

The query takes its plan by how many articles the trigram index matches (three
plans on SQLite, two on PostgreSQL); the thresholds are set here so that a
small archive goes through each of them. Every answer is checked against the
rule written out in Python: the term anywhere in the title or the body, ASCII
case ignored, newest first, together with the other filters.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Optional

import pytest
from sqlalchemy import func, select, text

from newsmon.store import queries as query
from newsmon.store.database import Database
from newsmon.store.models import Article, Development
from newsmon.store.queries import ArticleFilter, articles_query, find_articles
from tests.conftest import run_newsmon, write_config

T0 = datetime(2024, 9, 1, tzinfo=timezone.utc)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# (title, body, relevant, source, in development 1): newest last
TEXTS = [
    ("KT·MS AI 동맹", "KT클라우드는 공공 기관의 망분리 규제에 맞춘 전용 클라우드를 출시한다.", True, "한빛일보", True),
    ("KT, 애저 기반 서비스", "두 회사는 애저(Azure) 오픈AI 서비스를 바탕으로 금융 고객을 공략한다.", True, "Korea Wire", True),
    ("AZURE price cut", "Microsoft cut AZURE prices; KT resells azure capacity.", True, "Seoul Tech Review", False),
    ("코레일 증편", "코레일은 KTX 시간표를 바꿔 12회 증편한다고 밝혔다.", False, "동방신문", False),
    ("AI 이노베이션", "센터에서 금융 고객 대상 체험 행사를 연다.", True, "한빛일보", True),
    ("이노베이션 센터 개소", "KT는 광화문 AI 이노베이션 센터를 열었다. 망분리 환경도 시연했다.", True, "동방신문", False),
    ("Copilot update", "Microsoft also shipped a Copilot update for Windows users.", False, "Korea Wire", False),
    ("a coding copilot", "KT launches a coding copilot on Azure for finance.", True, "Seoul Tech Review", True),
    ("매출 100% 성장", "클라우드 매출이 100% 늘었다. snake_case 이름의 API도 공개했다.", True, "한빛통신", False),
    ("할인 소식", "요금제 100원 할인, sneak case 아님.", False, "한빛통신", False),
    ('He said "hi"', 'The CEO said "hi" to the 망분리 team.', True, "Korea Wire", False),
    ("망분리 완화", "정부는 망분리 규제를 완화한다. 클라우드 전환이 빨라진다.", True, "한빛일보", True),
    ("클라우드 시장", "국내 클라우드 시장 판도가 바뀐다. KT와 MS의 클라우드 협력.", False, "동방신문", False),
]

TERMS = [
    "망분리", "망분리 규제", "이노베이션", "이노베이션 센터", "센터를", "클라우드", "Azure", "azure", "AZURE",
    "copilot", "KT클라우드", "kt클라우드", "0% 성", "e_c", "e%c", '"hi"', "KT", "AI", "양자컴퓨팅", "e",
]

# Thresholds (SQLite few, some; PostgreSQL few) that send every term with matches
# down one plan: SQLite has all three, PostgreSQL the first and the last.
PLANS = {
    "sort-the-matches": (10_000, 10_000, 10_000),
    "walk-the-match-set": (0, 10_000, 0),
    "walk-testing-like": (0, 0, 0),
}


@dataclass(frozen=True)
class Row:
    id: int
    title: str
    body: str
    relevant: bool
    source: str
    development_id: Optional[int]
    sort_at: datetime


@pytest.fixture(params=list(PLANS))
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The plan every search in the test takes."""
    few, some, pg_few = PLANS[request.param]
    monkeypatch.setattr(query, "_FEW_MATCHES", few)
    monkeypatch.setattr(query, "_SOME_MATCHES", some)
    monkeypatch.setattr(query, "_PG_FEW_MATCHES", pg_few)
    return request.param


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    db = Database(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture
def archive(db_url: str) -> Iterator[tuple[Database, list[Row]]]:
    db = Database(db_url)
    rows = []
    with db.session() as s:
        dev = Development(title="KT·MS")
        s.add(dev)
        s.flush()
        for i, (title, body, relevant, source, in_dev) in enumerate(TEXTS):
            when = T0 + timedelta(hours=i)
            a = Article(url=f"https://news.example/{i}", canonical_url=f"https://news.example/{i}", title=title, body=body,
                        relevant=relevant, source=source, development_id=dev.id if in_dev else None,
                        published_at=when, sort_at=when)
            s.add(a)
            s.flush()
            rows.append(Row(a.id, title, body, relevant, source, a.development_id, when))
    yield db, rows
    db.dispose()


def expected(rows: list[Row], f: ArticleFilter) -> list[int]:
    """The rule: term in title or body, ASCII case ignored, with the other filters, newest first."""
    term = (f.contains or "").translate(_ASCII_LOWER)
    hits = [
        r for r in rows
        if (term in r.title.translate(_ASCII_LOWER) or term in r.body.translate(_ASCII_LOWER))
        and (f.include_irrelevant or r.relevant)
        and (f.since is None or r.sort_at >= f.since)
        and (f.until is None or r.sort_at <= f.until)
        and (f.source is None or f.source.lower() in r.source.lower())
        and (f.development_id is None or r.development_id == f.development_id)
    ]
    hits.sort(key=lambda r: (r.sort_at, r.id), reverse=True)
    return [r.id for r in hits][: f.limit or None]


def _filters(rows: list[Row]) -> list[ArticleFilter]:
    dev_id = next(r.development_id for r in rows if r.development_id)
    return [
        ArticleFilter(include_irrelevant=True),
        ArticleFilter(),
        ArticleFilter(include_irrelevant=True, limit=2),
        ArticleFilter(limit=None),
        ArticleFilter(since=T0 + timedelta(hours=4), until=T0 + timedelta(hours=11)),
        ArticleFilter(source="korea wire", include_irrelevant=True),
        ArticleFilter(development_id=dev_id),
    ]


def test_contains_gives_the_like_answer_with_every_plan_and_filter(archive: tuple[Database, list[Row]], plan: str) -> None:
    db, rows = archive
    with db.session() as s:
        for base in _filters(rows):
            for term in TERMS:
                f = replace(base, contains=term)
                assert [a["id"] for a in find_articles(s, f)] == expected(rows, f), (term, f)


def test_the_rule_itself_is_what_users_expect(archive: tuple[Database, list[Row]]) -> None:
    """Spot checks that the reference rule above is not vacuous."""
    db, rows = archive
    title = {r.id: r.title for r in rows}
    with db.session() as s:
        def titles(term: str) -> set[str]:
            return {title[a["id"]] for a in find_articles(s, ArticleFilter(contains=term, include_irrelevant=True))}

        assert titles("센터를") == {"이노베이션 센터 개소"}  # a Korean word with its particle, inside a sentence
        assert titles("azure") == titles("AZURE") == {"KT, 애저 기반 서비스", "AZURE price cut", "a coding copilot"}
        assert titles("이노베이션 센터") == {"이노베이션 센터 개소"}  # not across title and body of "AI 이노베이션"
        assert titles("e%c") == set() and titles("e_c") == {"매출 100% 성장"}  # % and _ are literal
        assert titles('"hi"') == {'He said "hi"'}


def test_sqlite_answers_as_its_like_where_fts5_folds_more(sqlite_db: Database, plan: str) -> None:
    """FTS5 also folds non-ASCII case ("ÄRGER" ~ "ärger"); SQLite's LIKE, the rule, does not."""
    with sqlite_db.session() as s:
        s.add(Article(url="u", canonical_url="u", title="Kein ÄRGER", body="Straße", relevant=True))
        s.flush()
        fts = s.scalar(text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"ärger\"'"))
        assert fts == 1  # what the index alone would answer
        assert find_articles(s, ArticleFilter(contains="ärger")) == []
        assert len(find_articles(s, ArticleFilter(contains="kein ÄRGER"))) == 1


def test_the_index_follows_edits(archive: tuple[Database, list[Row]]) -> None:
    db, rows = archive
    with db.session() as s:
        a = s.get(Article, rows[0].id)
        a.body = "양자컴퓨팅 협력을 발표했다."
    with db.session() as s:
        f = ArticleFilter(contains="양자컴퓨팅", include_irrelevant=True)
        assert [x["id"] for x in find_articles(s, f)] == [rows[0].id]
        assert rows[0].id not in [x["id"] for x in find_articles(s, replace(f, contains="KT클라우드"))]
        s.delete(s.get(Article, rows[0].id))
        s.flush()
        assert find_articles(s, f) == []


def test_postgresql_planner_settings_end_with_the_search(db_url: str, plan: str) -> None:
    """The search sets planner switches for itself only: the caller's transaction keeps its own."""
    db = Database(db_url)
    try:
        with db.session() as s:
            s.add(Article(url="u", canonical_url="u", title="망분리 완화", body="망분리", relevant=True))
            s.flush()
            assert len(find_articles(s, ArticleFilter(contains="망분리"))) == 1
            if db.dialect == "postgresql":
                settings = s.execute(text(
                    "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
                    " current_setting('enable_bitmapscan')"
                )).one()
                assert tuple(settings) == ("on", "on", "on")
            assert s.scalar(select(func.count()).select_from(Article)) == 1  # the article is still there
    finally:
        db.dispose()


def _plan(session: object, stmt: object) -> str:
    sql = str(stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]
    return " | ".join(str(r[-1]) for r in session.execute(text("EXPLAIN QUERY PLAN " + sql)))  # type: ignore[attr-defined]


def test_sqlite_walks_the_date_index_without_statistics(sqlite_db: Database, plan: str) -> None:
    """No ANALYZE has run (as in a user's archive): the relevant flag must not pick the plan.

    SQLite would otherwise take ``relevant IS 1`` for selective, read every
    relevant article and sort them all to show the newest 50.
    """
    with sqlite_db.session() as s:
        s.add(Article(url="u", canonical_url="u", title="망분리", body="망분리", relevant=True))
        s.flush()
        assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")) == 0
        listing = _plan(s, articles_query(s, ArticleFilter()))
        search = _plan(s, articles_query(s, ArticleFilter(contains="망분리")))
    assert "ix_articles_relevant" not in listing + search
    assert "ix_articles_sort_at" in listing
    if plan == "sort-the-matches":
        assert "INTEGER PRIMARY KEY" in search
    else:
        assert "ix_articles_sort_at" in search and "TEMP B-TREE" not in search


def test_cli_contains(archive: tuple[Database, list[Row]], tmp_path: Path) -> None:
    db, rows = archive
    config = write_config(tmp_path / "newsmon.toml", database_url=db.url, sources=[])
    db.dispose()  # the CLI process opens its own

    def ids(*args: str) -> list[int]:
        result = run_newsmon("articles", "--format", "json", *args, config=config)
        assert result.returncode == 0, result.stderr
        return [a["id"] for a in json.loads(result.stdout)]

    assert ids("--contains", "망분리") == expected(rows, ArticleFilter(contains="망분리"))
    copilot = ids("--contains", "COPILOT", "--all")
    assert len(copilot) == 2 and copilot == expected(rows, ArticleFilter(contains="copilot", include_irrelevant=True))
