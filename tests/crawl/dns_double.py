"""Run ``newsmon`` with the system resolver replaced by a double (for the network-guard tests).

``DNS_DOUBLE_TABLE`` (JSON) maps a host name to the answers of its successive
lookups, the last one repeating: ``{"rebind.test": [["93.184.216.34"],
["127.0.0.1"]]}`` answers a public address once, then loopback (DNS
rebinding). Other names resolve as usual. Every lookup of a table name is
appended to ``DNS_DOUBLE_LOG`` as one line ``name answer,answer``.
Both the lookups newsmon could use (``getaddrinfo``, ``gethostbyname``) go
through the double, so whichever code looks a name up meets the same sequence.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from typing import Any

_real_getaddrinfo = socket.getaddrinfo
_real_gethostbyname = socket.gethostbyname
_lock = threading.Lock()
_table: dict[str, list[list[str]]] = json.loads(os.environ.get("DNS_DOUBLE_TABLE", "{}"))
_seen: dict[str, int] = {}


def _answer(host: str) -> list[str] | None:
    key = str(host).lower().rstrip(".")
    if key not in _table:
        return None
    with _lock:
        n = _seen.get(key, 0)
        _seen[key] = n + 1
        answers = _table[key][min(n, len(_table[key]) - 1)]
        with open(os.environ["DNS_DOUBLE_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{key} {','.join(answers)}\n")
    if not answers:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return answers


def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list:
    answers = _answer(host) if isinstance(host, str) else None
    if answers is None:
        return _real_getaddrinfo(host, port, *args, **kwargs)
    out = []
    for ip in answers:
        family = socket.AF_INET6 if ":" in ip else socket.AF_INET
        sockaddr = (ip, port or 0, 0, 0) if family == socket.AF_INET6 else (ip, port or 0)
        out.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
    return out


def gethostbyname(host: str) -> str:
    answers = _answer(host)
    if answers is None:
        return _real_gethostbyname(host)
    v4 = [ip for ip in answers if ":" not in ip]
    if not v4:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return v4[0]


if __name__ == "__main__":
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.gethostbyname = gethostbyname  # type: ignore[assignment]
    from newsmon.cli.main import main

    sys.exit(main(sys.argv[1:]))
