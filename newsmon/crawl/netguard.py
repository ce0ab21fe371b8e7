"""Network guard: what a crawl may connect to.

Links in fetched pages are untrusted. Without this, a feed could point the
crawler at the host's own services (127.0.0.1, the cloud metadata address
169.254.169.254, the office network). Every request Scrapy downloads —
robots.txt, each redirect hop, sitemaps named in an index — passes through
`NetGuardMiddleware`: http/https only, and no address that is not globally
routable (loopback, private, link-local, unique-local, CGNAT, unspecified,
multicast, reserved), whether written as an IP (in any spelling the resolver
accepts, e.g. ``2130706433``) or reached through a hostname that resolves
there. Two exceptions: a configured source's own service (same address *and*
port, so ``localhost:OTHERPORT`` next to a source on ``127.0.0.1:PORT`` stays
blocked), and ``[crawl] allow_private_addresses = true``.

Residual risk: the check resolves the name just before Scrapy does; a DNS
server that answers differently the second time (rebinding) is not covered.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import run_in_thread

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

#: Error kinds (run record keys) for refused requests.
BLOCKED_SCHEME = "blocked_scheme"
BLOCKED_ADDRESS = "blocked_address"

Resolver = Callable[[str], list[str]]


class BlockedRequest(IgnoreRequest):
    """A request the guard refused; ``kind`` names why (for the run record)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def is_internal(ip: str) -> bool:
    """True for any address that is not globally routable (loopback, private, link-local, ...)."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        not addr.is_global
        or addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_unspecified
        or addr.is_reserved
        or addr.is_multicast
    )


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []  # let the downloader report the DNS failure
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def _port(scheme: str, port: Optional[int]) -> int:
    return port if port is not None else DEFAULT_PORTS.get(scheme, 0)


class NetGuard:
    """The policy, without Scrapy: ``verdict(url)`` says why a URL is refused, or None.

    ``source_urls`` are the configured sources; their services (address and
    port; both 80 and 443 when the source uses a default port) stay reachable
    even when internal.
    """

    def __init__(self, source_urls: Iterable[str], *, allow_private: bool = False, resolver: Resolver = resolve) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self._source_urls = list(source_urls)
        self._allowed: Optional[set[tuple[str, int]]] = None
        self._cache: dict[str, list[str]] = {}

    def _addresses(self, host: str) -> list[str]:
        if host not in self._cache:
            self._cache[host] = self.resolver(host)
        return self._cache[host]

    def _allowed_services(self) -> set[tuple[str, int]]:
        if self._allowed is None:
            allowed: set[tuple[str, int]] = set()
            for url in self._source_urls:
                parts = urlsplit(url)
                host = (parts.hostname or "").lower()
                if not host:
                    continue
                try:
                    ports = {_port(parts.scheme, parts.port)} if parts.port is not None else set(DEFAULT_PORTS.values())
                except ValueError:
                    continue
                for ip in self._addresses(host):
                    allowed.update((ip, p) for p in ports)
            self._allowed = allowed
        return self._allowed

    def verdict(self, url: str) -> Optional[str]:
        """None when ``url`` may be fetched, else the error kind (BLOCKED_SCHEME / BLOCKED_ADDRESS). Blocking (DNS)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            return BLOCKED_SCHEME
        if self.allow_private:
            return None
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return BLOCKED_ADDRESS
        try:
            port = _port(scheme, parts.port)
        except ValueError:
            return BLOCKED_ADDRESS
        allowed = self._allowed_services()
        for ip in self._addresses(host):
            if is_internal(ip) and (ip, port) not in allowed:
                return BLOCKED_ADDRESS
        return None


class NetGuardMiddleware:
    """Downloader middleware applying `NetGuard` to every request.

    Settings: ``NEWSMON_CONFIG`` (its ``sources`` and ``crawl.allow_private_addresses``).
    Refused requests raise `BlockedRequest` (an IgnoreRequest whose ``kind``
    the spider's errback records), so each one is counted once, by kind.
    """

    def __init__(self, guard: NetGuard) -> None:
        self.guard = guard

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NetGuardMiddleware":
        from newsmon.crawl.settings import crawl_config

        config = crawl_config(crawler)
        urls = [s.url for s in config.sources]
        if not urls:
            from newsmon.app import App
            from newsmon.crawl.plan import configured_sources

            urls = [s.url for s in configured_sources(config, App(config).seeds_dir())]
        return cls(NetGuard(urls, allow_private=config.crawl.allow_private_addresses))

    async def process_request(self, request: Any) -> None:
        kind = await run_in_thread(self.guard.verdict, request.url)
        if kind is not None:
            host = urlsplit(request.url).hostname or ""
            what = "scheme not allowed" if kind == BLOCKED_SCHEME else "internal address not allowed"
            raise BlockedRequest(kind, f"{what}: {urlsplit(request.url).scheme}://{host}")
        return None
