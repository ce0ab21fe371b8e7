"""Ports that a test must know before anything listens on them.

A port from ``bind(port 0)`` is free only until that socket closes: a server
started on it later (an SMTP server, a redis-server, one that goes down and
comes back on the same port), or a "closed" port a test expects to refuse
connections, can meanwhile be taken by another process. The kernel hands out
the same range (``ip_local_port_range``) to every ``bind(0)`` and to the
source port of every outgoing connection, and with pytest-xdist two test
processes (plus their crawls, Chromium, PostgreSQL clients) draw from it at once.

So these ports come from below that range, where the kernel never assigns one
by itself, in a block of its own for each test process (``PYTEST_XDIST_WORKER``
gw0, gw1, ...; a run without xdist has one too): no other test process of the
run, no ``bind(0)`` and no outgoing connection can take a port this process
was given. Within the process they are handed out in turn, so a port comes
back only after the whole block has been used.
"""

from __future__ import annotations

import os
import random
import socket
import threading

#: Where the blocks start, and their size: 24 test processes fit under 32768, Linux's default range.
START, BLOCK = 20000, 500


def _ephemeral_low() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def worker_slot() -> int:
    """0 for a run without xdist; 1 + n for xdist worker gwN."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return 1 + int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def _block() -> range:
    slots = max(1, (_ephemeral_low() - START) // BLOCK)
    first = START + (worker_slot() % slots) * BLOCK
    return range(first, first + BLOCK)


_lock = threading.Lock()
_next = random.randrange(BLOCK)  # a fresh start each run: the last run's sockets may linger in TIME_WAIT


def reserved_port(host: str = "127.0.0.1") -> int:
    """A port on ``host`` that nothing listens on now and that only this test process will be given."""
    global _next
    block = _block()
    with _lock:
        for _ in range(len(block)):
            port = block[_next % len(block)]
            _next += 1
            with socket.socket() as s:
                try:
                    s.bind((host, port))
                except OSError:
                    continue  # something else (outside the suite) holds it: the next one
            return port
    raise RuntimeError(f"no free port on {host} in {block.start}-{block.stop - 1}")
