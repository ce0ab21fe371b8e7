"""Shared fixtures: databases (SQLite and PostgreSQL, real servers), the fixture
news web on loopback, and a way to run the ``newsmon`` command as users do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

import pytest

if TYPE_CHECKING:
    from newsmon.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("NEWSMON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("NEWSMON_REQUIRE_POSTGRES") == "1"


def _pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


PG_AVAILABLE = _pg_reachable()

#: ``make test`` runs the suite on two processes (pytest-xdist, ``-n 2 --dist loadgroup``).
#: The tests a key names (a module, or one test with its parameters) run one after another on
#: one process, in the group it maps to; every other test is handed out on its own.
#:
#: "timed": each starts several processes (crawls on three workers, a daemon and its crawls,
#: a crawl against hanging servers or a locked database) and holds them to deadlines. On two
#: cores every test shares the machine with whatever the other process runs; these never
#: run two at once.
#:
#: "module:...": the module's tests share a module-scoped crawl, done once on one process
#: rather than once on each.
#:
#: Not xdist_group marks: pytest-xdist 3.8 puts a marked test in its group by renaming the
#: item's node id, which pytest 9.2 no longer lets it do (the marks are silently ignored), so
#: the groups are given to the scheduler here, by node id (pytest_xdist_make_scheduler below).
XDIST_GROUPS: dict[str, str] = {
    "tests/crawl/test_scaleout.py": "timed",
    "tests/crawl/test_scaleout_hosts.py": "timed",
    "tests/crawl/test_faults.py": "timed",  # second-long crawl timeouts against hanging and trickling servers
    "tests/crawl/test_cycle.py::test_overlapping_crawl_exits_75_at_once_and_writes_nothing": "timed",
    "tests/crawl/test_soak.py::test_kill_9_short_soak": "timed",
    "tests/security/test_store_unavailable.py": "timed",
    "tests/schedule/test_scheduler.py::test_failed_and_hung_runs_are_recorded_and_the_schedule_goes_on": "timed",
    "tests/schedule/test_scheduler.py::test_sigterm_stops_a_stubborn_crawl_and_exits_0_quickly": "timed",
    "tests/crawl/test_crawl.py": "module:crawl",
    "tests/events/test_events_web.py": "module:events_web",
    "tests/report/test_browser.py": "module:report_browser",
    "tests/report/test_report.py": "module:report",
    "tests/cli/test_commands.py": "module:commands",
}


def xdist_group(nodeid: str) -> Optional[str]:
    """The group of XDIST_GROUPS a test's node id is in, if any."""
    path, _, name = nodeid.partition("::")
    return XDIST_GROUPS.get(f"{path}::{name.split('[', 1)[0]}") or XDIST_GROUPS.get(path)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """``--dist loadgroup`` with the groups of XDIST_GROUPS (ours is asked before xdist's own)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        # Work units are scopes: a group, or one test. The largest go out first (xdist's
        # --loadscope-reorder, on by default), so the groups start at once and single tests fill in.
        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid:  # a test xdist itself put in an xdist_group
                return nodeid.rsplit("@", 1)[-1]
            return xdist_group(nodeid) or nodeid

    return GroupScheduling(config, log)


def pytest_report_header(config: pytest.Config) -> str:
    if PG_AVAILABLE:
        return "PostgreSQL: 127.0.0.1:5432 reachable — PostgreSQL tests run"
    return "PostgreSQL: NOT reachable — PostgreSQL tests are SKIPPED" + (" (but required: they will fail)" if REQUIRE_PG else "")


def _pg_name() -> str:
    """A database name no other test, test process (pytest-xdist worker) or run will use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"newsmon_t_{worker}_{uuid.uuid4().hex[:12]}"


class PgDatabases:
    """Creates a fresh, empty PostgreSQL database per test and drops it after."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.base = admin_url.rsplit("/", 1)[0]

    def create(self) -> tuple[str, str]:
        from sqlalchemy import text

        name = _pg_name()
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return name, f"{self.base}/{name}"

    def copy(self, template: str) -> tuple[str, str]:
        """A new database that is a copy of ``template`` (no one may be connected to it)."""
        from sqlalchemy import text

        name = _pg_name()
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return name, f"{self.base}/{name}"

    def drop(self, name: str) -> None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    if not PG_AVAILABLE:
        if REQUIRE_PG:
            pytest.fail("PostgreSQL is required (NEWSMON_REQUIRE_POSTGRES=1) but 127.0.0.1:5432 is not reachable")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    dbs = PgDatabases(PG_ADMIN_URL)
    yield dbs
    dbs.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'newsmon.db'}"
        return
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    name, url = dbs.create()
    try:
        yield url
    finally:
        # Let the test's own engines go first.
        import gc

        gc.collect()
        dbs.drop(name)


@pytest.fixture
def db(db_url: str) -> Iterator["Database"]:
    """A migrated ``Database`` on a fresh SQLite file or PostgreSQL database (see ``db_url``)."""
    from newsmon.store.database import Database

    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsmon.db'}"


@pytest.fixture(scope="session")
def fixture_web() -> Iterator[object]:
    """The fixture news web, served on a free loopback port for the whole session."""
    from tests.fixtureweb.server import FixtureWeb

    with FixtureWeb() as web:
        yield web


@pytest.fixture
def web(fixture_web: object) -> Iterator[object]:
    """The fixture web reset to edition 1 with an empty request log."""
    fixture_web.set_edition(1)  # type: ignore[attr-defined]
    fixture_web.clear_log()  # type: ignore[attr-defined]
    yield fixture_web
    fixture_web.set_edition(1)  # type: ignore[attr-defined]


def fixture_sources(base: str) -> list[dict[str, str]]:
    """Every source of the fixture web, as [[sources]] tables."""
    return [
        {"type": "feed", "url": f"{base}/hanbit/rss.xml", "name": "한빛일보"},
        {"type": "feed", "url": f"{base}/seoultech/atom.xml", "name": "Seoul Tech Review"},
        {"type": "page", "url": f"{base}/dongbang/list.html", "name": "동방신문"},
        {"type": "sitemap", "url": f"{base}/newswire/sitemap-index.xml", "name": "한빛통신"},
    ]


def write_config(
    path: Path,
    *,
    database_url: str,
    sources: list[dict[str, str]],
    seeds_dir: Optional[Path] = None,
    extra: str = "",
) -> Path:
    """Write a newsmon.toml for a test (politeness delay off, outbox in the test folder)."""
    import json

    lines = [f"database_url = {json.dumps(database_url)}"]
    if seeds_dir is not None:
        lines.append(f"seeds_dir = {json.dumps(str(seeds_dir))}")
    lines.append(f"state_dir = {json.dumps(str(path.parent / 'state'))}")
    lines += ["", "[crawl]", "download_delay = 0", "timeout = 10", ""]
    lines += ["[alerts]", f"outbox_dir = {json.dumps(str(path.parent / 'outbox'))}", ""]
    for s in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in s.items()]
        lines.append("")
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def run_newsmon(*args: str, config: Optional[Path] = None, env: Optional[dict] = None, timeout: float = 180, cwd: Optional[Path] = None) -> subprocess.CompletedProcess:
    """Run ``python -m newsmon`` as a user would (a fresh process: one reactor per crawl)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.update(env or {})
    argv = [sys.executable, "-m", "newsmon", *(["--config", str(config)] if config else []), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd or ROOT)
