"""Crawls of the multi-event scenario web (tests/fixtureweb/events_data.py).

Nine KT–Microsoft events in three weeks, each reported by 3–6 outlets in
Korean and English, plus word-for-word copies (UTF-8 and EUC-KR) and a seed
document. Checked as a user sees it: every page stored once per URL, copies
pointing at their original (the same one whatever the download order), never
fetched again, and developments that keep the events apart.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import select

from newsmon.store.database import Database
from newsmon.store.models import Article, Development
from tests.conftest import ROOT, run_newsmon, write_config
from tests.fixtureweb.events_web import EventsWeb, write_events_web, write_seed
from tests.fixtureweb.server import FixtureWeb

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _setup(tmp_path: Path, db_url: str, base: str, web: EventsWeb, name: str = "newsmon.toml") -> Path:
    seeds = tmp_path / "seeds"
    write_seed(seeds, web)
    (seeds / "kt-microsoft.toml").write_bytes((ROOT / "seeds" / "kt-microsoft.toml").read_bytes())
    return write_config(tmp_path / name, database_url=db_url, sources=web.sources(base, unnamed=("dongbang",)),
                        seeds_dir=seeds)


def _crawl(config: Path) -> None:
    result = run_newsmon("crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr


def _stored(db_url: str, base: str) -> dict[str, Article]:
    """Stored articles by path (``seed`` for the seed document)."""
    db = Database(db_url)
    try:
        with db.session() as session:
            rows = list(session.scalars(select(Article)))
            session.expunge_all()
    finally:
        db.engine.dispose()
    return {("seed" if a.origin == "seed" else a.url[len(base):]): a for a in rows}


def _originals(stored: dict[str, Article]) -> dict[str, str]:
    """copy path -> its original's path."""
    path_of = {a.id: p for p, a in stored.items()}
    return {p: path_of[a.duplicate_of] for p, a in stored.items() if a.duplicate_of is not None}


@pytest.fixture(scope="module")
def events_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FixtureWeb, EventsWeb]]:
    """The scenario web, served for the module (no test changes its files or edition)."""
    site = tmp_path_factory.mktemp("events") / "site"
    labels = write_events_web(site)
    with FixtureWeb(root=site) as server:
        yield server, labels


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def first_crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, events_web: tuple[FixtureWeb, EventsWeb]
) -> Iterator[tuple[str, Path]]:
    """(database, seeds folder) after one ``newsmon crawl`` of the scenario web, once per
    module and database; tests get their own copy of it (``crawled``), never this one."""
    server, labels = events_web
    folder = tmp_path_factory.mktemp(f"events_first_{request.param}")
    pg = name = None
    if request.param == "sqlite":
        template, url = str(folder / "newsmon.db"), f"sqlite:///{folder / 'newsmon.db'}"
    else:
        pg = request.getfixturevalue("pg_databases")
        name, url = pg.create()
        template = name
    try:
        _crawl(_setup(folder, url, server.base_url, labels))
        yield template, folder / "seeds"
    finally:
        if pg is not None:
            pg.drop(name)


@pytest.fixture
def crawled(
    request: pytest.FixtureRequest, first_crawl: tuple[str, Path], tmp_path: Path, events_web: tuple[FixtureWeb, EventsWeb]
) -> Iterator[tuple[Path, str]]:
    """(config, database URL) of the test's own copy of the database after the first crawl."""
    import sqlite3

    template, seeds = first_crawl
    server, labels = events_web
    pg = name = None
    if not template.endswith(".db"):
        pg = request.getfixturevalue("pg_databases")
        name, url = pg.copy(template)
    else:
        src, dst = sqlite3.connect(template), sqlite3.connect(tmp_path / "newsmon.db")
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        url = f"sqlite:///{tmp_path / 'newsmon.db'}"
    try:
        config = write_config(tmp_path / "newsmon.toml", database_url=url,
                              sources=labels.sources(server.base_url, unnamed=("dongbang",)), seeds_dir=seeds)
        yield config, url
    finally:
        if pg is not None:
            import gc

            gc.collect()
            pg.drop(name)


@pytest.fixture(scope="module")
def one_crawl_originals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """copy -> original after one crawl of the whole web (into SQLite): the reference
    the download-order test compares with, the same for either database it runs on."""
    tmp = tmp_path_factory.mktemp("one_crawl")
    sqlite_url = f"sqlite:///{tmp / 'one-crawl.db'}"
    together = write_events_web(tmp / "together")
    with FixtureWeb(root=tmp / "together") as one:
        _crawl(_setup(tmp / "a", sqlite_url, one.base_url, together))
        return _originals(_stored(sqlite_url, one.base_url))


def pairwise(stored: dict[str, Article], event_of: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of developments against the labelled events."""
    labelled = [(event_of[p], a.development_id) for p, a in stored.items() if p in event_of]
    same_dev = same_event = both = 0
    for (e1, d1), (e2, d2) in itertools.combinations(labelled, 2):
        same_dev += d1 == d2
        same_event += e1 == e2
        both += d1 == d2 and e1 == e2
    return both / max(1, same_dev), both / max(1, same_event)


def test_copies_stored_with_their_original_and_events_kept_apart(
    crawled: tuple[Path, str], events_web: tuple[FixtureWeb, EventsWeb]
) -> None:
    server, labels = events_web
    config, db_url = crawled  # after one crawl of the scenario web
    stored = _stored(db_url, server.base_url)

    # Every article page stored once, copies included.
    assert set(labels.event_of) <= set(stored)
    # Copies point at their original: identical copies in UTF-8 and EUC-KR, the seed's copy at the seed.
    assert _originals(stored) == labels.original_of
    euckr_copy = next(p for p in labels.original_of if p.startswith("/dongbang/"))
    assert stored[euckr_copy].body_hash == stored[labels.original_of[euckr_copy]].body_hash
    # Outlets: og:site_name, else the configured name, else the feed's title (동방신문 has neither).
    assert {stored[p].source for p in stored if p.startswith("/nuri/")} == {"누리경제"}
    assert {stored[p].source for p in stored if p.startswith("/dongbang/")} == {"동방신문 전체기사"}

    # Copies are never developments of their own: each sits in its original's.
    for copy, original in labels.original_of.items():
        assert stored[copy].development_id == stored["seed" if original == "seed" else original].development_id

    # Developments: one per event; copies count as sources of their original's development.
    event_of = dict(labels.event_of, seed="hospital")
    precision, recall = pairwise(stored, event_of)
    print(f"\nmulti-event scenario: pairwise precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.9
    db = Database(db_url)
    with db.session() as session:
        public = stored["/newswire/article/AKR2025030500004"].development_id
        dev = session.get(Development, public)
        assert {"한빛일보", "동방신문 전체기사"} <= set(dev.sources)
        assert dev.article_count == sum(1 for p, a in stored.items() if a.development_id == public)
    db.engine.dispose()

    # Nothing fetched again on the next crawl: copies are known like originals.
    server.clear_log()
    _crawl(config)
    fetched = set(server.fetched_paths())
    assert not fetched & set(labels.event_of)
    assert len(_stored(db_url, server.base_url)) == len(stored)


def test_the_original_does_not_depend_on_download_order(tmp_path: Path, db_url: str, one_crawl_originals: dict[str, str]) -> None:
    """One crawl of the whole web, and two crawls that meet the copies before their originals, agree."""
    together = write_events_web(tmp_path / "together")
    apart = write_events_web(tmp_path / "apart", originals_later=True)
    first = one_crawl_originals
    with FixtureWeb(root=tmp_path / "apart") as two:
        config_two = _setup(tmp_path / "b", db_url, two.base_url, apart)
        _crawl(config_two)
        early = _stored(db_url, two.base_url)
        held_back = {together.original_of[p] for p in together.original_of if together.original_of[p] != "seed"}
        assert not held_back & set(early)  # the first crawl met only the copies
        two.set_edition(2)
        _crawl(config_two)
        second = _originals(_stored(db_url, two.base_url))
    assert first == second == together.original_of


def test_record_order_never_changes_the_original(db: Database) -> None:
    """Every order of one group's pages elects the same original (seed first, then earliest, then URL)."""
    from datetime import datetime, timezone

    from newsmon.events.record import record_article
    from newsmon.items import ArticleItem

    when = datetime(2025, 3, 5, 1, 0, tzinfo=timezone.utc)
    specs = [("https://b.example/1", when), ("https://a.example/2", when),
             ("https://c.example/3", None), ("https://d.example/0", when.replace(hour=2))]
    answers = set()
    for n, order in enumerate(itertools.permutations(specs)):
        rng = random.Random(n)  # each group its own text, so groups never meet as near-duplicates
        body = " ".join("".join(rng.choice("가나다라마바사아자차카타파하") for _ in range(4)) for _ in range(120))
        with db.session() as session:
            for url, published in order:
                item = ArticleItem(url=f"{url}/{n}", title="KT·MS 공공 클라우드", body=body,
                                   body_hash=f"hash-{n}", published_at=published, relevant=False)
                record_article(session, item, now=when)
            rows = session.scalars(select(Article).where(Article.body_hash == f"hash-{n}")).all()
            roots = [a.url.rsplit("/", 1)[0] for a in rows if a.duplicate_of is None]
            ids = {a.id for a in rows if a.duplicate_of is None}
            assert all(a.duplicate_of in ids for a in rows if a.duplicate_of is not None)
            answers.add(tuple(roots))
    assert answers == {("https://a.example/2",)}


def test_users_split_and_merge_developments_and_the_next_digest_follows(
    crawled: tuple[Path, str], events_web: tuple[FixtureWeb, EventsWeb]
) -> None:
    import json

    from newsmon.alerts.outbox import preview_digest
    from newsmon.store.models import DevelopmentEdit

    server, labels = events_web
    config, db_url = crawled  # after one crawl of the scenario web (the test's own copy)
    stored = _stored(db_url, server.base_url)
    slm = stored["/newswire/article/AKR2025030300000"]
    cloud = stored["/newswire/article/AKR2025030500004"]
    cloud_ids = sorted(a.id for a in stored.values() if a.development_id == cloud.development_id)
    cloud_urls = {a.url for a in stored.values() if a.development_id == cloud.development_id}

    def digest() -> dict[int, set[str]]:
        """development id -> the article URLs (copies included) the next digest lists under it."""
        db = Database(db_url)
        with db.sessionmaker() as session:
            d = preview_digest(session, "reader@example.org")
            shown = {e.development_id: {link.url for link in e.articles} | {c.url for link in e.articles for c in link.copies}
                     for e in d.developments}
            session.rollback()
        db.engine.dispose()
        return shown

    before = digest()
    assert slm.development_id in before and cloud.development_id in before

    # Merge: one event. Recorded, the merged development no longer listed or announced on its own.
    merged = run_newsmon("developments", "merge", str(slm.development_id), str(cloud.development_id),
                         "--note", "test", config=config)
    assert merged.returncode == 0, merged.stderr
    assert f"merged into {slm.development_id}" in merged.stdout
    listed = json.loads(run_newsmon("developments", "--format", "json", "--limit", "0", config=config).stdout)
    assert cloud.development_id not in {d["id"] for d in listed}
    after_merge = digest()
    assert cloud.development_id not in after_merge
    assert cloud_urls <= after_merge[slm.development_id]

    # Split them off again: a new development, announced as new by the next digest.
    split = run_newsmon("developments", "split", str(slm.development_id), *map(str, cloud_ids), config=config)
    assert split.returncode == 0, split.stderr
    new_id = int(split.stdout.split("new development ")[1].split()[0])
    after_split = digest()
    assert not cloud_urls & after_split[slm.development_id]
    assert after_split[new_id] == cloud_urls
    history = run_newsmon("developments", "history", str(slm.development_id), config=config)
    assert "merge" in history.stdout and "split" in history.stdout

    db = Database(db_url)
    with db.session() as session:
        kinds = [e.kind for e in session.scalars(select(DevelopmentEdit).order_by(DevelopmentEdit.id))]
        assert kinds == ["merge", "split"]
        new = session.get(Development, new_id)
        assert new.article_count == len(cloud_ids) and "한빛통신" in new.sources
    db.engine.dispose()

    # Bad input: one line, non-zero exit, nothing changed.
    bad = run_newsmon("developments", "split", str(slm.development_id), str(cloud_ids[0]), config=config)
    assert bad.returncode == 2 and bad.stderr.startswith("newsmon: error: ") and len(bad.stderr.splitlines()) == 1
    assert digest() == after_split
