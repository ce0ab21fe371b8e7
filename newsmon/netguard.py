"""Network guard: what a crawl may connect to.

Links in fetched pages are untrusted. Without this, a feed could point the
crawler at the host's own services (127.0.0.1, the cloud metadata address,
the office network). Every request, including each redirect hop, is checked:
http/https only, and no loopback, private, link-local or unique-local
address — whether written as an IP or reached through a hostname that
resolves there — unless it is a configured source's own host, or
``[crawl] allow_private_addresses = true``.

Residual risk: the check resolves the name just before Scrapy does; a DNS
server that answers differently the second time (rebinding) is not covered.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any, Iterable, Optional
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import run_in_thread

ALLOWED_SCHEMES = frozenset({"http", "https"})


def is_internal(ip: str) -> bool:
    """Loopback, private, link-local (incl. 169.254.169.254), unique-local, unspecified or reserved."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_unspecified
        or addr.is_reserved
        or addr.is_multicast
        or (isinstance(addr, ipaddress.IPv6Address) and addr in ipaddress.ip_network("fc00::/7"))
    )


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []  # let the downloader report the DNS failure
    return sorted({info[4][0] for info in infos})


class NetGuardMiddleware:
    """Downloader middleware. Settings: ``NEWSMON_CONFIG`` (crawl.allow_private_addresses, sources)."""

    def __init__(self, allow_private: bool, source_hosts: Iterable[str], stats: Any) -> None:
        self.allow_private = allow_private
        self.source_hosts = {h.lower() for h in source_hosts if h}
        self.allowed_ips: Optional[set[str]] = None
        self.cache: dict[str, bool] = {}
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NetGuardMiddleware":
        config = crawler.settings.get("NEWSMON_CONFIG")
        if config is None:
            from newsmon.config import load_config

            config = load_config()
        hosts = [urlsplit(s.url).hostname or "" for s in config.sources]
        return cls(config.crawl.allow_private_addresses, hosts, crawler.stats)

    def _blocked(self, host: str) -> bool:
        if self.allowed_ips is None:
            self.allowed_ips = {ip for h in self.source_hosts for ip in resolve(h)}
        if host in self.cache:
            return self.cache[host]
        addresses = resolve(host)
        blocked = any(is_internal(ip) and ip not in self.allowed_ips for ip in addresses)
        self.cache[host] = blocked
        return blocked

    async def process_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ALLOWED_SCHEMES:
            self.stats.inc_value("newsmon/errors/blocked_scheme")
            raise IgnoreRequest(f"scheme not allowed: {parts.scheme}")
        host = (parts.hostname or "").lower()
        if self.allow_private or host in self.source_hosts:
            return None
        if await run_in_thread(self._blocked, host):
            self.stats.inc_value("newsmon/errors/blocked_address")
            raise IgnoreRequest(f"internal address not allowed: {host}")
        return None
