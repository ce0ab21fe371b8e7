"""One crawl run on three "hosts": workers in three network namespaces.

Each worker runs ``newsmon worker --run-from redis://...`` inside its own
network namespace (``ip netns``), joined to the test's bridge by a veth pair,
with only the addresses this test assigns (10.231.N.0/24, N of its own for
each test process: 0 without pytest-xdist, 1 + n on worker gwn, so two runs
at once never share a subnet; the bridge and namespace names carry a random
tag). The fixture web and
a second redis-server listen on the bridge address, and PostgreSQL is reached
there too (a TCP relay to the machine's server, which listens on loopback
only); the coordinator (``newsmon crawl --workers 0``) runs outside, on the
same database URL. The workers store what they fetch. The server must see
requests from all three namespace addresses, every page fetched as often as
a single-process crawl fetches it, and the same articles, developments and
alerts stored.

Needs root (CAP_NET_ADMIN) and iproute2; skips with the reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import socketserver
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import ROOT
from tests.crawl.test_scaleout_support import clean_env, fetched, make_config, newsmon_cmd, run, runs, stored, wait_for
from tests.ports import reserved_port, worker_slot

pytestmark = pytest.mark.postgres
SUBNET = f"10.231.{worker_slot() % 256}"
BRIDGE_IP = f"{SUBNET}.1"
WORKER_IPS = [f"{SUBNET}.11", f"{SUBNET}.12", f"{SUBNET}.13"]


def _ip(*args: str, ns: str | None = None) -> None:
    cmd = (["ip", "netns", "exec", ns] if ns else []) + ["ip", *args]
    subprocess.run(cmd, check=True, capture_output=True, text=True)


@pytest.fixture
def namespaces() -> Iterator[list[str]]:
    """Three network namespaces on one bridge; removed afterwards."""
    if shutil.which("ip") is None or os.geteuid() != 0:
        pytest.skip("network namespaces need root and iproute2 (ip netns)")
    tag = uuid.uuid4().hex[:5]
    bridge, names = f"nmbr{tag}", [f"newsmon-{tag}-{i}" for i in range(3)]
    try:
        _ip("link", "add", bridge, "type", "bridge")
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"cannot create a bridge here: {exc.stderr.strip()}")
    made: list[str] = []
    try:
        _ip("addr", "add", f"{BRIDGE_IP}/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for i, (ns, addr) in enumerate(zip(names, WORKER_IPS)):
            try:
                subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True, text=True)
            except subprocess.CalledProcessError as exc:
                pytest.skip(f"cannot create network namespaces here: {exc.stderr.strip()}")
            made.append(ns)
            host_end, ns_end = f"nmh{tag}{i}", f"nmn{tag}{i}"
            _ip("link", "add", host_end, "type", "veth", "peer", "name", ns_end)
            _ip("link", "set", ns_end, "netns", ns)
            _ip("link", "set", host_end, "master", bridge)
            _ip("link", "set", host_end, "up")
            _ip("addr", "add", f"{addr}/24", "dev", ns_end, ns=ns)
            _ip("link", "set", ns_end, "up", ns=ns)
            _ip("link", "set", "lo", "up", ns=ns)
        yield names
    finally:
        for ns in made:
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)  # takes its veth pair along
        subprocess.run(["ip", "link", "del", bridge], capture_output=True)


@pytest.fixture
def bridge_web(namespaces: list[str]) -> Iterator[Any]:
    """The fixture web on the bridge address, logging who asked."""
    from tests.fixtureweb.server import FixtureWeb

    with FixtureWeb(host=BRIDGE_IP) as web:
        yield web


@pytest.fixture
def bridge_redis(namespaces: list[str]) -> Iterator[str]:
    """A second redis-server for this test, listening on the bridge address only."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = reserved_port(BRIDGE_IP)  # chosen before redis-server binds it: see tests.ports
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", BRIDGE_IP, "--save", "", "--appendonly", "no", "--protected-mode", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: _listening(BRIDGE_IP, port), 10, "the bridge redis-server")
        yield f"redis://{BRIDGE_IP}:{port}/0"
    finally:
        proc.kill()
        proc.wait()


class _Relay(socketserver.ThreadingTCPServer):
    """Forwards each connection to ``upstream``: PostgreSQL on the bridge address."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, listen: tuple[str, int], upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        super().__init__(listen, _Pipe)


class _Pipe(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        with socket.create_connection(self.server.upstream) as up:  # type: ignore[attr-defined]
            def pump(src: socket.socket, dst: socket.socket) -> None:
                try:
                    while data := src.recv(65536):
                        dst.sendall(data)
                except OSError:
                    pass
                finally:
                    for sock in (src, dst):
                        try:
                            sock.shutdown(socket.SHUT_RDWR)
                        except OSError:
                            pass

            back = threading.Thread(target=pump, args=(up, self.request), daemon=True)
            back.start()
            pump(self.request, up)
            back.join()


@pytest.fixture
def bridge_postgres(namespaces: list[str]) -> Iterator[tuple[str, int]]:
    """PostgreSQL reachable on the bridge address: (host, port)."""
    relay = _Relay((BRIDGE_IP, 0), ("127.0.0.1", 5432))  # bound at once: the kernel's choice is ours
    thread = threading.Thread(target=relay.serve_forever, daemon=True)
    thread.start()
    try:
        yield relay.server_address[0], relay.server_address[1]
    finally:
        relay.shutdown()
        relay.server_close()


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def test_three_workers_on_three_hosts(
    namespaces: list[str], bridge_web: Any, bridge_redis: str, bridge_postgres: tuple[str, int], pg_databases: Any,
    tmp_path: Path, monkeypatch: Any,
) -> None:
    from tests.fixtureweb import server

    clients: list[str] = []
    parse = server._Handler.parse_request

    def arrived(handler: Any) -> bool:
        ok = parse(handler)
        if ok and not handler.path.startswith("/__"):
            clients.append(handler.client_address[0])
        return ok

    monkeypatch.setattr(server._Handler, "parse_request", arrived)
    single_name, single_url = pg_databases.create()
    multi_name, multi_url = pg_databases.create()
    workers: list[subprocess.Popen] = []
    try:
        single = make_config(tmp_path, "single", bridge_web.base_url, single_url, redis_url=None,
                             crawl_extra="allow_private_addresses = true")
        assert run(single, "crawl").returncode == 0
        expected_requests, expected = fetched(bridge_web.requests), stored(single_url)
        bridge_web.clear_log()
        clients.clear()

        # A politeness delay makes the run outlast the workers' start-up, so each joins in time for a share.
        host, port = bridge_postgres
        multi_url = multi_url.replace("@127.0.0.1:5432/", f"@{host}:{port}/")
        assert host in multi_url
        config = make_config(tmp_path, "hosts", bridge_web.base_url, multi_url, redis_url=bridge_redis,
                             crawl_extra="allow_private_addresses = true\ndownload_delay = 0.5")
        for ns in namespaces:
            cmd = ["ip", "netns", "exec", ns, *newsmon_cmd(config, "worker", "--run-from", bridge_redis, "--once", "--wait", "120")]
            workers.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(), cwd=ROOT))
        result = run(config, "crawl", "--workers", "0")
        assert result.returncode == 0, result.stderr
        codes = [w.wait(timeout=60) for w in workers]
        assert codes == [0, 0, 0], [w.stderr.read() for w in workers if w.stderr]

        assert set(clients) == set(WORKER_IPS)  # every namespace crawled its share, nothing else did
        assert fetched(bridge_web.requests) == expected_requests
        got = stored(multi_url)
        assert set(got["urls"].values()) == {1}
        assert got == expected
        (record,) = runs(config)
        assert record["status"] == "ok"
        assert [w["state"] for w in record["workers"]] == ["done"] * 3
        # The workers, not the coordinator, stored the crawled articles (through the bridge).
        crawled = sum(1 for origin, *_ in got["articles"].values() if origin == "crawl")
        assert sum(w["stored"] for w in record["workers"]) == crawled
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
            w.wait()
        pg_databases.drop(single_name)
        pg_databases.drop(multi_name)
