"""Nothing let in: SSRF, hostile XML, leaked secrets, bad input.

End to end through ``newsmon crawl`` on loopback: links to internal addresses
(directly, through a hostname, through a redirect) are never fetched unless
allowed; XXE and billion-laughs feeds do nothing; the SMTP and database
passwords never show in any output; bad config, arguments, profiles and seed
files fail with one line and leave stored rows untouched. Plus unit tests of
the `newsmon.crawl.netguard` policy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from newsmon.crawl.netguard import BLOCKED_ADDRESS, BLOCKED_SCHEME, NetGuard, is_internal
from tests.conftest import ROOT, fixture_sources, run_newsmon, write_config
from tests.fixtureweb import write_seed_dir
from tests.ports import reserved_port

ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
    "<h1>{title}</h1>" + "<p>KT와 마이크로소프트가 광화문에 AI 이노베이션 센터를 열고 기업 고객을 맞았다.</p>" * 6 + "</article></body></html>"
)


class Recorder:
    """A tiny HTTP server that logs (Host header, path) and serves a feed, redirects or an article."""

    def __init__(self, host: str) -> None:
        self.hits: list[tuple[str, str]] = []
        self.feed = ""
        self.redirects: dict[str, str] = {}
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 - stdlib naming
                recorder.hits.append((self.headers.get("Host", ""), self.path))
                if self.path in recorder.redirects:
                    self.send_response(302)
                    self.send_header("Location", recorder.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/feed.xml":
                    body, ctype = recorder.feed.encode(), "application/rss+xml"
                elif self.path == "/robots.txt":
                    body, ctype = b"", "text/plain"
                else:
                    body, ctype = ARTICLE_HTML.format(title=f"KT·MS 기사 {self.path}").encode(), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "Recorder":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        return [p for _, p in self.hits if p != "/robots.txt"]


def rss(links: list[str]) -> str:
    items = "".join(f"<item><title>item {i}</title><link>{link}</link></item>\n" for i, link in enumerate(links))
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>\n{items}</channel></rss>'


# ---------------------------------------------------------------- netguard policy (unit)


@pytest.mark.parametrize(
    "ip",
    ["127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
     "0.0.0.0", "100.64.0.1", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"],
)
def test_internal_addresses(ip: str) -> None:
    assert is_internal(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111"])
def test_public_addresses(ip: str) -> None:
    assert not is_internal(ip)


def fake_dns(table: dict[str, list[str]]) -> Any:
    from newsmon.crawl.netguard import resolve

    def resolver(host: str) -> list[str]:
        return table[host] if host in table else resolve(host)

    return resolver


def test_guard_policy() -> None:
    dns = fake_dns({"localhost": ["127.0.0.1"], "news.example.com": ["93.184.216.34"], "evil.example.com": ["10.0.0.5"], "intranet.corp": ["10.9.9.9"],
                    "rebind.example.com": ["93.184.216.35", "127.0.0.1"]})
    guard = NetGuard(["http://127.0.0.1:8080/feed.xml", "https://intranet.corp/rss"], resolver=dns)
    ok = [
        "https://news.example.com/a",
        "http://127.0.0.1:8080/article/1",  # the configured source itself
        "http://localhost:8080/x",  # same address and port as a source
        "http://intranet.corp/page",  # a private source: its default ports
        "https://intranet.corp:443/page",
    ]
    for url in ok:
        assert guard.verdict(url) is None, url
    blocked = {
        "http://127.0.0.1:8081/": BLOCKED_ADDRESS,  # another service on the source's host
        "http://localhost:6379/": BLOCKED_ADDRESS,
        "http://127.0.0.2:8080/": BLOCKED_ADDRESS,
        "http://evil.example.com/": BLOCKED_ADDRESS,  # a public name pointing inside
        "http://rebind.example.com/": BLOCKED_ADDRESS,  # any internal answer is enough
        "http://169.254.169.254/latest/meta-data/": BLOCKED_ADDRESS,
        "http://[::1]:8080/": BLOCKED_ADDRESS,
        "http://[fd00::1]/": BLOCKED_ADDRESS,
        "http://2130706433:8081/": BLOCKED_ADDRESS,  # 127.0.0.1 as one decimal number
        "http://0x7f.0.0.1:8081/": BLOCKED_ADDRESS,
        "http://10.0.0.1/": BLOCKED_ADDRESS,
        "http://intranet.corp:8443/": BLOCKED_ADDRESS,
        "file:///etc/passwd": BLOCKED_SCHEME,
        "ftp://news.example.com/x": BLOCKED_SCHEME,
        "data:text/html,<h1>x</h1>": BLOCKED_SCHEME,
        "gopher://127.0.0.1:8080/": BLOCKED_SCHEME,
    }
    for url, kind in blocked.items():
        assert guard.verdict(url) == kind, url
    opened = NetGuard([], allow_private=True, resolver=dns)
    assert opened.verdict("http://10.0.0.1/") is None
    assert opened.verdict("file:///etc/passwd") == BLOCKED_SCHEME


# ---------------------------------------------------------------- SSRF end to end


def _loopback_alias_works() -> bool:
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False


@pytest.fixture
def ssrf_setup(tmp_path: Path) -> Iterator[tuple[Recorder, Recorder, Path]]:
    """A source server (127.0.0.1) whose feed points at a canary server on every loopback address."""
    if not _loopback_alias_works():
        pytest.skip("127.0.0.2 is not usable here")
    with Recorder("127.0.0.1") as source, Recorder("0.0.0.0") as canary:
        c = canary.port
        source.redirects["/go/internal"] = f"http://127.0.0.2:{c}/via-redirect"
        source.redirects["/go/file"] = "file:///etc/passwd"
        source.feed = rss(
            [
                f"http://127.0.0.1:{source.port}/own-article",  # the source's own host: fetched
                f"http://localhost:{c}/via-localhost",  # a name resolving to loopback, other port
                f"http://127.0.0.2:{c}/via-127-0-0-2",  # another loopback host
                f"http://127.0.0.1:{c}/via-other-port",
                f"http://2130706433:{c}/via-decimal",
                f"http://127.0.0.1:{source.port}/go/internal",  # allowed hop, redirect to internal
                f"http://127.0.0.1:{source.port}/go/file",
                "file:///etc/passwd",
                "ftp://127.0.0.1/x",
                "data:text/html,<title>x</title>",
            ]
        )
        config = write_config(
            tmp_path / "newsmon.toml",
            database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
            sources=[{"type": "feed", "url": f"http://127.0.0.1:{source.port}/feed.xml", "name": "src"}],
            seeds_dir=tmp_path / "no-seeds",
        )
        yield source, canary, config


CANARY_PATHS = {"/via-localhost", "/via-127-0-0-2", "/via-other-port", "/via-decimal", "/via-redirect"}


def test_internal_links_are_not_fetched(ssrf_setup: tuple[Recorder, Recorder, Path]) -> None:
    source, canary, config = ssrf_setup
    result = run_newsmon("crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr
    assert canary.hits == [], canary.hits  # nothing reached the internal server, by any name
    assert "/own-article" in source.paths() and "/go/internal" in source.paths()
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    errors = runs[0]["errors"]
    assert errors.get(BLOCKED_ADDRESS, 0) == 5, errors  # 4 links + 1 redirect hop
    articles = json.loads(run_newsmon("articles", "--all", "--format", "json", config=config).stdout)
    assert [a["url"] for a in articles] == [f"http://127.0.0.1:{source.port}/own-article"]
    assert "root:x" not in json.dumps(articles)


def test_allow_private_addresses_fetches_them(ssrf_setup: tuple[Recorder, Recorder, Path]) -> None:
    source, canary, config = ssrf_setup
    config.write_text(config.read_text("utf-8").replace("[crawl]\n", "[crawl]\nallow_private_addresses = true\n"), "utf-8")
    result = run_newsmon("crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr
    assert set(canary.paths()) == CANARY_PATHS
    hosts = {host for host, _ in canary.hits}
    assert f"127.0.0.2:{canary.port}" in hosts and f"localhost:{canary.port}" in hosts
    # Still http(s) only: the file: redirect and links were not followed.
    articles = json.loads(run_newsmon("articles", "--all", "--format", "json", config=config).stdout)
    assert not any(a["url"].startswith(("file:", "ftp:", "data:")) for a in articles)
    assert "root:x" not in json.dumps(articles)


# ---------------------------------------------------------------- hostile XML end to end


def test_xxe_and_billion_laughs_feeds_do_nothing(tmp_path: Path, web: Any) -> None:
    config = write_config(
        tmp_path / "newsmon.toml",
        database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
        sources=[
            {"type": "feed", "url": web.url("/faults/feed-xxe.xml"), "name": "xxe"},
            {"type": "feed", "url": web.url("/faults/feed-billion-laughs.xml"), "name": "lol"},
        ],
        seeds_dir=tmp_path / "no-seeds",
    )
    result = run_newsmon("crawl", "--no-alerts", config=config, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "/faults/xxe-canary" not in web.fetched_paths()  # no external entity was fetched
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    assert runs[0]["status"] == "degraded"  # the hostile feeds count as failed sources; the run goes on
    assert runs[0]["errors"].get("feed_invalid", 0) >= 1, runs[0]["errors"]  # the entity bomb, refused
    dump = (run_newsmon("articles", "--all", "--format", "json", config=config).stdout
            + json.dumps(runs) + result.stdout + result.stderr)
    assert "root:x:0:0" not in dump and "CANARY" not in dump
    assert "lollollol" not in dump


# ---------------------------------------------------------------- secrets

SMTP_CANARY = "canary-smtp-pw-7f3a"
DB_CANARY = "canary-db-pw-91c2"


def _closed_port() -> int:
    """Nothing listens there, and nothing of the suite will while this test process runs (tests.ports)."""
    return reserved_port()


def test_smtp_password_never_leaks(tmp_path: Path, web: Any) -> None:
    seeds = tmp_path / "seeds"
    write_seed_dir(seeds, web.base_url)
    shutil.copy(ROOT / "seeds" / "kt-microsoft.toml", seeds / "kt-microsoft.toml")
    smtp = (
        "\n[smtp]\nhost = \"127.0.0.1\"\n"
        f"port = {_closed_port()}\nsecurity = \"none\"\nusername = \"newsmon\"\npassword_env = \"NEWSMON_SMTP_PASSWORD\"\n"
        "from = \"newsmon@example.com\"\nto = [\"desk@example.com\"]\ntimeout = 2\n"
    )
    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
                          sources=fixture_sources(web.base_url)[:1], seeds_dir=seeds, extra=smtp)
    env = {"NEWSMON_SMTP_PASSWORD": SMTP_CANARY}
    log_file = tmp_path / "crawl.log"
    crawl = run_newsmon("crawl", "--verbose", "--log-file", str(log_file), config=config, env=env)
    assert crawl.returncode == 0, crawl.stderr
    runs = run_newsmon("runs", "--format", "json", config=config, env=env)
    run = json.loads(runs.stdout)[0]
    assert run["errors"].get("alerts", 0) >= 1, run  # delivery was attempted and failed
    outputs = [crawl.stdout, crawl.stderr, log_file.read_text("utf-8"), runs.stdout, runs.stderr]
    for args in (["--help"], ["crawl", "--help"], ["alerts", "--help"], ["runs"], ["status"], ["alerts", "--format", "json"]):
        r = run_newsmon(*args, config=config, env=env)
        outputs += [r.stdout, r.stderr]
    with sqlite3.connect(tmp_path / "newsmon.db") as conn:
        for table in ("runs", "alerts", "deliveries", "sources"):
            outputs.append(json.dumps(conn.execute(f"SELECT * FROM {table}").fetchall(), default=str))  # noqa: S608
    outbox = tmp_path / "outbox"
    if outbox.is_dir():
        outputs += [p.read_text("utf-8", "replace") for p in outbox.rglob("*") if p.is_file()]
    for text in outputs:
        assert SMTP_CANARY not in text


@pytest.mark.parametrize("port", [5432, 1])
def test_database_password_never_leaks(tmp_path: Path, port: int) -> None:
    url = f"postgresql+psycopg://postgres:{DB_CANARY}@127.0.0.1:{port}/nonexistent_db_{port}"
    config = write_config(tmp_path / "newsmon.toml", database_url=url, sources=[], seeds_dir=tmp_path / "no-seeds")
    log_file = tmp_path / "crawl.log"
    outputs = []
    for args in (["crawl", "--verbose", "--log-file", str(log_file)], ["crawl"], ["runs", "--format", "json"], ["--help"]):
        r = run_newsmon(*args, config=config, timeout=60)
        outputs += [r.stdout, r.stderr]
        if args[0] != "--help" and "--help" not in args:
            assert r.returncode != 0, (args, r.stdout)
            lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
            assert lines, args
            assert "nonexistent_db" in r.stderr or "database" in r.stderr.lower(), r.stderr
    if log_file.exists():
        outputs.append(log_file.read_text("utf-8"))
    for text in outputs:
        assert DB_CANARY not in text, text


# ---------------------------------------------------------------- bad input


def db_checksum(db_file: Path) -> dict[str, str]:
    """sha256 of every table's rows (runs excluded: a refused command may record its failure)."""
    out = {}
    with sqlite3.connect(db_file) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for table in sorted(tables):
            if table == "runs" or "fts" in table:
                continue
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def finished_runs(db_file: Path) -> list[tuple]:
    with sqlite3.connect(db_file) as conn:
        return conn.execute("SELECT * FROM runs WHERE status != 'running' ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, fixture_web: Any) -> Path:
    """A folder holding a config, its seeds and a database already filled by one crawl."""
    base = tmp_path_factory.mktemp("crawled")
    seeds = base / "seeds"
    write_seed_dir(seeds, fixture_web.base_url)
    shutil.copy(ROOT / "seeds" / "kt-microsoft.toml", seeds / "kt-microsoft.toml")
    write_config(base / "newsmon.toml", database_url=f"sqlite:///{base / 'newsmon.db'}",
                 sources=fixture_sources(fixture_web.base_url)[:2], seeds_dir=seeds)
    fixture_web.set_edition(1)
    result = run_newsmon("crawl", "--no-alerts", config=base / "newsmon.toml")
    assert result.returncode == 0, result.stderr
    return base


def _copy(crawled: Path, dest: Path) -> Path:
    shutil.copytree(crawled, dest)
    text = (dest / "newsmon.toml").read_text("utf-8").replace(str(crawled), str(dest))
    (dest / "newsmon.toml").write_text(text, "utf-8")
    return dest


BAD_INPUT = {
    "config-toml": (None, "newsmon.toml", "database_url = \n[crawl\n", ["crawl", "--no-alerts"], "newsmon.toml"),
    "config-key": (None, "newsmon.toml", "+[crawl2]\ntimeout = 3\n", ["crawl", "--no-alerts"], "crawl2"),
    "config-type": (None, "newsmon.toml", "+[schedule]\nrun_timeout = \"soon\"\n", ["crawl", "--no-alerts"], "run_timeout"),
    "cli-option": (None, None, None, ["crawl", "--bogus"], "--bogus"),
    "cli-value": (None, None, None, ["articles", "--limit", "-3"], "--limit"),
    "cli-since": (None, None, None, ["articles", "--since", "the day after never"], "the day after never"),
    "profile-toml": (None, "seeds/kt-microsoft.toml", "name = \"kt-microsoft\"\n[[[broken\n", ["crawl", "--no-alerts"], "kt-microsoft.toml"),
    "seed-garbage": (None, "seeds/zz_garbage.txt", b"\xff\xfe\x00\x81\x9f" * 200 + bytes(range(256)) * 4, ["crawl", "--no-alerts"], "zz_garbage.txt"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_fails_in_one_line_and_changes_nothing(crawled: Path, tmp_path: Path, case: str) -> None:
    _, rel, content, args, named = BAD_INPUT[case]
    home = _copy(crawled, tmp_path / "home")
    db = home / "newsmon.db"
    before, runs_before = db_checksum(db), finished_runs(db)
    if rel is not None:
        target = home / rel
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif content.startswith("+"):
            target.write_text(target.read_text("utf-8") + content[1:], "utf-8")
        else:
            target.write_text(content, "utf-8")
    result = run_newsmon(*args, config=home / "newsmon.toml", timeout=60)
    assert result.returncode not in (0, 75), (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    error_lines = [ln for ln in lines if not ln.startswith(("Usage:", "Try ", "  "))]
    assert len(error_lines) == 1, result.stderr  # one line that says what is wrong ...
    assert named in error_lines[0], (named, result.stderr)  # ... and names it
    assert db_checksum(db) == before
    assert finished_runs(db)[: len(runs_before)] == runs_before
