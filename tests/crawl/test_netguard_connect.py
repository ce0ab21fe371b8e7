"""The network guard checks the address a connection actually uses.

A DNS double (tests/crawl/dns_double.py) stands in for the system resolver
in a real ``newsmon crawl`` / ``newsmon extract`` process: a name that
answers a public address to its first lookup and loopback afterwards (DNS
rebinding) must never reach the loopback canary; a name that does not
resolve fails as ``dns``; refused requests are counted once as
``blocked_address`` and not retried (the double logs every lookup).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from newsmon.crawl.netguard import is_internal
from tests.conftest import ROOT, run_newsmon, write_config
from tests.crawl.test_security import Recorder, rss

PUBLIC = "93.184.216.34"


def run_with_dns(table: dict[str, list[list[str]]], log: Path, *args: str, config: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSMON_")}
    env.update(PYTHONPATH=str(ROOT), DNS_DOUBLE_TABLE=json.dumps(table), DNS_DOUBLE_LOG=str(log))
    argv = [sys.executable, "-m", "tests.crawl.dns_double", "--config", str(config), *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env, cwd=ROOT)


def lookups(log: Path) -> list[tuple[str, str]]:
    if not log.exists():
        return []
    return [tuple(line.split(" ", 1)) for line in log.read_text("utf-8").splitlines()]  # type: ignore[misc]


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Recorder, Recorder, Path]]:
    """A source on 127.0.0.1 and a canary on every loopback address, with a config naming the source."""
    with Recorder("127.0.0.1") as source, Recorder("0.0.0.0") as canary:
        config = write_config(
            tmp_path / "newsmon.toml",
            database_url=f"sqlite:///{tmp_path / 'newsmon.db'}",
            sources=[{"type": "feed", "url": f"http://127.0.0.1:{source.port}/feed.xml", "name": "src"}],
            seeds_dir=tmp_path / "no-seeds",
        )
        yield source, canary, config


def test_dns_rebinding_never_reaches_an_internal_address(servers: Any, tmp_path: Path) -> None:
    source, canary, config = servers
    c = canary.port
    table = {
        "rebind.test": [[PUBLIC], ["127.0.0.1"]],  # public to the first lookup, loopback after
        "inside.test": [["127.0.0.1"]],
        "mapped.test": [["::ffff:127.0.0.1"]],
        "sixtofour.test": [["2002:7f00:1::1"]],
        "mixed.test": [[PUBLIC, "10.0.0.7"]],
        "nxdomain.test": [[]],  # the lookup fails
    }
    source.feed = rss([f"http://{name}:{c}/via-{name}" for name in table])
    log = tmp_path / "dns.log"
    result = run_with_dns(table, log, "crawl", "--no-alerts", config=config)
    assert result.returncode == 0, result.stderr
    assert canary.hits == [], canary.hits  # no name reached the loopback server, on any lookup
    runs = json.loads(run_newsmon("runs", "--format", "json", config=config).stdout)
    errors = runs[0]["errors"]
    # Refused: four names whose connect-time answer is internal; counted once each, as blocked.
    assert errors.get("blocked_address") == 4, errors
    assert errors.get("dns") == 1, errors  # a failed lookup is a failure, not an allowance
    seen = lookups(log)
    # One lookup per refused name: nothing was retried.
    for name in ("inside.test", "mapped.test", "sixtofour.test", "mixed.test"):
        assert [a for n, a in seen if n == name] == [",".join(table[name][0])], seen
    # rebind.test's checked answer is the one connected to (the public address, which refuses here).
    assert ("rebind.test", PUBLIC) in seen


def test_extract_is_guarded_on_every_redirect_hop(servers: Any, tmp_path: Path) -> None:
    source, canary, config = servers
    c = canary.port
    s = f"http://127.0.0.1:{source.port}"
    source.redirects.update({
        "/go/loopback": f"http://127.0.0.2:{c}/hop-literal",
        "/go/name": f"http://inside.test:{c}/hop-name",
        "/go/rebind": f"http://rebind.test:{c}/hop-rebind",
        "/go/file": "file:///etc/passwd",
        "/go/own": f"{s}/own-article",
    })
    table = {"inside.test": [["127.0.0.1"]], "rebind.test": [[PUBLIC], ["127.0.0.1"]]}
    log = tmp_path / "dns.log"
    for path in ("/go/loopback", "/go/name", "/go/rebind", "/go/file"):
        r = run_with_dns(table, log, "extract", s + path, config=config)
        assert r.returncode != 0, (path, r.stdout)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith(("Usage:", "Try "))]
        assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    r = run_with_dns(table, log, "extract", f"http://localhost:{c}/direct", config=config)
    assert r.returncode != 0 and "blocked address" in r.stderr, r.stderr
    assert canary.hits == [], canary.hits
    ok = run_with_dns(table, log, "extract", s + "/go/own", config=config)  # a hop within the source is fine
    assert ok.returncode == 0 and "KT·MS 기사 /own-article" in ok.stdout, ok.stderr
    assert "root:x" not in ok.stdout


@pytest.mark.parametrize(
    "ip",
    [
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "::ffff:169.254.169.254",
        "::ffff:10.1.2.3",
        "ff02::1",
        "240.0.0.1",
    ],
)
def test_embedded_internal_addresses_are_internal(ip: str) -> None:
    assert is_internal(ip)
