"""Network guard: what a crawl may connect to, checked on the address it connects to.

Links in fetched pages are untrusted. Without this, a feed could point the
crawler at the host's own services (127.0.0.1, the cloud metadata address
169.254.169.254, the office network). The rule: http/https only, and no
address that is not globally routable (loopback, private, link-local,
unique-local, CGNAT, unspecified, multicast, reserved, and those same
addresses embedded in IPv4-mapped, IPv4-compatible, 6to4 or Teredo IPv6
forms). Two exceptions: a configured source's own service (same host name,
or same address, *and* port, so ``localhost:OTHERPORT`` next to a source on
``127.0.0.1:PORT`` stays blocked), and ``[crawl] allow_private_addresses``.

The check sits where the address is chosen: `GuardedResolver`, installed as
Scrapy's resolver (``TWISTED_DNS_RESOLVER``, formerly ``DNS_RESOLVER``),
looks a name up once and checks exactly the answers the connection then
uses, so a name that answers differently to a second lookup (DNS rebinding)
gains nothing. IP literals go through the same resolver (Twisted resolves
them too); `NetGuardMiddleware` also refuses bad schemes and internal
literals before any robots.txt request. A lookup that fails is a failure
(``dns``), never an allowance. Refused requests fail as `BlockedRequest`
(kind ``blocked_address``), which is not retried. ``newsmon extract``
connects through `guarded_connection` with the same policy on every
redirect hop.

Not covered: a proxy (``http_proxy`` variables) resolves names itself, so a
crawl through a proxy is only as guarded as that proxy.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver, HostResolution
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.datatypes import LocalCache
from twisted.internet import defer, error, threads
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IResolverSimple
from zope.interface import implementer

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

#: Error kinds (run record keys) for refused requests.
BLOCKED_SCHEME = "blocked_scheme"
BLOCKED_ADDRESS = "blocked_address"
DNS_FAILED = "dns"

Resolver = Callable[[str], list[str]]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedRequest(IgnoreRequest):
    """A request the guard refused; ``kind`` names why (for the run record)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class LookupFailed(OSError):
    """A host name did not resolve: the request fails (``dns``), it is never let through."""


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, NAT64, 6to4, Teredo."""
    found = []
    if addr.ipv4_mapped is not None:
        found.append(addr.ipv4_mapped)
    if addr.sixtofour is not None:
        found.append(addr.sixtofour)
    if addr.teredo is not None:
        found.extend(addr.teredo)  # (server, client)
    if addr in _NAT64 or (int(addr) >> 32 == 0 and int(addr) > 0xFFFF):  # NAT64, IPv4-compatible ::a.b.c.d
        found.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    return found


def is_internal(ip: str) -> bool:
    """True for any address that is not globally routable, or that embeds one."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and any(is_internal(str(v4)) for v4 in _embedded_ipv4(addr)):
        return True
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
    """Every address ``host`` resolves to (an IP literal resolves to itself); LookupFailed if none."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise LookupFailed(f"cannot resolve {host}: {exc}") from None
    addresses = sorted({str(info[4][0]).split("%", 1)[0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)})
    if not addresses:
        raise LookupFailed(f"cannot resolve {host}: no address")
    return addresses


def _port(scheme: str, port: Optional[int]) -> int:
    return port if port is not None else DEFAULT_PORTS.get(scheme, 0)


def _literal(host: str) -> Optional[str]:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


class NetGuard:
    """The policy, without Scrapy.

    ``check(host, port, addresses)`` judges the answers a lookup gave;
    ``verdict(url)`` looks the host up itself (for one-off use; a crawl checks
    at connect time). ``source_urls`` are the configured sources; their
    services (host name or address, and port; both 80 and 443 when the source
    uses a default port) stay reachable even when internal.
    """

    def __init__(self, source_urls: Iterable[str], *, allow_private: bool = False, resolver: Resolver = resolve) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self._source_urls = list(source_urls)
        self._allowed: Optional[set[tuple[str, int]]] = None

    def _allowed_services(self) -> set[tuple[str, int]]:
        """(host name or address, port) of every source; blocking (resolves source names once)."""
        if self._allowed is None:
            allowed: set[tuple[str, int]] = set()
            for url in self._source_urls:
                parts = urlsplit(url)
                host = (parts.hostname or "").lower().rstrip(".")
                if not host:
                    continue
                try:
                    ports = {_port(parts.scheme, parts.port)} if parts.port is not None else set(DEFAULT_PORTS.values())
                except ValueError:
                    continue
                names = {_literal(host) or host}
                try:
                    names.update(self.resolver(host))
                except (LookupFailed, OSError):
                    pass  # the source's own name may be down; its name still counts
                allowed.update((name, p) for name in names for p in ports)
            self._allowed = allowed
        return self._allowed

    def check(self, host: str, port: Optional[int], addresses: Iterable[str]) -> Optional[str]:
        """None when connecting to ``addresses`` for ``host:port`` is allowed, else BLOCKED_ADDRESS.

        Any refused answer refuses the name. ``port`` None (a caller that
        does not say) allows a source's address on any of its ports."""
        if self.allow_private:
            return None
        host = (_literal(host) or host).lower().rstrip(".")
        allowed = self._allowed_services()
        for ip in addresses:
            if not is_internal(ip):
                continue
            if port is None:
                if not any(name in (host, ip) for name, _ in allowed):
                    return BLOCKED_ADDRESS
            elif (host, port) not in allowed and (ip, port) not in allowed:
                return BLOCKED_ADDRESS
        return None

    def precheck(self, url: str) -> Optional[str]:
        """What can be judged without DNS: the scheme, and a host written as an IP address."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            return BLOCKED_SCHEME
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return BLOCKED_ADDRESS
        try:
            port = _port(scheme, parts.port)
        except ValueError:
            return BLOCKED_ADDRESS
        ip = _literal(host)
        return self.check(host, port, [ip]) if ip is not None else None

    def verdict(self, url: str) -> Optional[str]:
        """None when ``url`` may be fetched, else BLOCKED_SCHEME / BLOCKED_ADDRESS / ``dns``. Blocking."""
        kind = self.precheck(url)
        if kind is not None or self.allow_private:
            return kind
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        try:
            addresses = self.resolver(host)
        except (LookupFailed, OSError):
            return DNS_FAILED
        return self.check(host, _port(parts.scheme.lower(), parts.port), addresses)


def guard_for(config: Any) -> NetGuard:
    """The guard for a newsmon Config: its sources (or the seed files' sources) and its switch."""
    urls = [s.url for s in config.sources]
    if not urls:
        from newsmon.app import App
        from newsmon.crawl.plan import configured_sources

        urls = [s.url for s in configured_sources(config, App(config).seeds_dir())]
    return NetGuard(urls, allow_private=config.crawl.allow_private_addresses)


@implementer(IResolverSimple, IHostnameResolver)
class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, checking every answer against the `NetGuard` before it is used.

    It serves both Twisted resolver interfaces, so the port of the connection
    is known (``resolveHostName``) where Twisted's HTTP client asks. One
    lookup per name and crawl (cached); the check runs on every use. Refused
    (host, port) pairs are remembered for `BlockedLookupMiddleware`, because
    Twisted reports any empty answer as a DNS failure.
    """

    #: The lookup function (a test replaces it with a double).
    lookup: Resolver = staticmethod(resolve)

    def __init__(self, reactor: Any, cache_size: int, timeout: float, guard: Optional[NetGuard] = None) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.guard = guard or NetGuard([])
        self.guard.resolver = lambda host: type(self).lookup(host)
        self.cache_answers = cache_size > 0
        self.answers: LocalCache[str, list[str]] = LocalCache(max(cache_size, 1))
        self.refused: set[tuple[str, Optional[int]]] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> "GuardedResolver":
        from newsmon.crawl.settings import crawl_config

        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, size, settings.getfloat("DNS_TIMEOUT"), guard_for(crawl_config(crawler)))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)
        self.reactor.installNameResolver(self)

    def _lookup_and_check(self, name: str, port: Optional[int], cached: Optional[list[str]]) -> tuple[list[str], Optional[str]]:
        """In a thread: the answers for ``name`` (``cached``, else looked up) and the guard's verdict."""
        addresses = cached if cached is not None else type(self).lookup(name)
        if not addresses:
            raise LookupFailed(f"cannot resolve {name}: no address")
        return addresses, self.guard.check(name, port, addresses)

    def _checked(self, name: str, port: Optional[int]) -> "defer.Deferred[list[str]]":
        key = name.lower().rstrip(".")
        cached = self.answers.get(key) if self.cache_answers else None
        d = threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), self._lookup_and_check, name, port, cached)
        d.addTimeout(self.timeout or 60, self.reactor)

        def judged(result: tuple[list[str], Optional[str]]) -> list[str]:
            addresses, verdict = result
            if self.cache_answers:
                self.answers[key] = addresses  # one lookup per name and crawl (in the reactor thread: not thread-safe)
            if verdict is not None:
                self.refused.add((key, port))
                raise BlockedRequest(verdict, f"internal address not allowed: {name}")
            self.refused.discard((key, port))
            return addresses

        def failed(failure: Any) -> Any:
            raise error.DNSLookupError(f"{name}: {failure.getErrorMessage()}")

        return d.addCallback(judged).addErrback(failed)

    def getHostByName(self, name: str, timeout: Any = ()) -> "defer.Deferred[str]":
        def first_ipv4(addresses: list[str]) -> str:
            for ip in addresses:
                if ":" not in ip:
                    return ip
            raise error.DNSLookupError(f"{name}: no IPv4 address")

        return self._checked(name, None).addCallback(first_ipv4)

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def deliver(addresses: list[str]) -> None:
            for ip in addresses:
                cls = IPv6Address if ":" in ip else IPv4Address
                resolutionReceiver.addressResolved(cls("TCP", ip, portNumber))

        d = self._checked(hostName, portNumber)
        d.addCallbacks(deliver, lambda _failure: None)  # no address: Twisted reports a DNS failure
        d.addBoth(lambda _: resolutionReceiver.resolutionComplete())
        return resolution


def _blocked_message(kind: str, url: str) -> str:
    parts = urlsplit(url)
    what = "scheme not allowed" if kind == BLOCKED_SCHEME else "internal address not allowed"
    return f"{what}: {parts.scheme}://{parts.hostname or ''}"


class NetGuardMiddleware:
    """Downloader middleware: refuses bad schemes and internal IP literals before anything is sent.

    Settings: ``NEWSMON_CONFIG`` (its ``sources`` and ``crawl.allow_private_addresses``).
    Refused requests raise `BlockedRequest` (an IgnoreRequest whose ``kind``
    the spider's errback records), so each one is counted once, by kind.
    Early in the chain (before robots.txt is asked for).
    """

    def __init__(self, guard: NetGuard) -> None:
        self.guard = guard

    @classmethod
    def from_crawler(cls, crawler: Any) -> "NetGuardMiddleware":
        from newsmon.crawl.settings import crawl_config

        return cls(guard_for(crawl_config(crawler)))

    async def process_request(self, request: Any) -> None:
        kind = await run_in_thread(self.guard.precheck, request.url)
        if kind is not None:
            raise BlockedRequest(kind, _blocked_message(kind, request.url))
        return None


class BlockedLookupMiddleware:
    """Downloader middleware, next to the downloader: turns a lookup the
    `GuardedResolver` refused into `BlockedRequest` before RetryMiddleware
    would retry it as a DNS failure."""

    @staticmethod
    def _resolver() -> Optional[GuardedResolver]:
        # Looked up when needed: the reactor gets its resolver after the middlewares are built.
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        return resolver if isinstance(resolver, GuardedResolver) else None

    def process_exception(self, request: Any, exception: Exception) -> None:
        if type(exception).__name__ not in ("DNSLookupError", "CannotResolveHostError"):
            return None
        resolver = self._resolver()
        parts = urlsplit(request.url)
        try:
            key = ((parts.hostname or "").lower().rstrip("."), _port(parts.scheme.lower(), parts.port))
        except ValueError:
            return None
        if resolver is not None and key in resolver.refused:
            raise BlockedRequest(BLOCKED_ADDRESS, _blocked_message(BLOCKED_ADDRESS, request.url))
        return None


def guarded_connection(guard: NetGuard) -> Callable[..., socket.socket]:
    """A ``socket.create_connection`` that resolves once, checks the answers, and connects to them.

    For ``http.client`` connections (``newsmon extract``): every connection,
    so every redirect hop, is checked on the address it uses."""

    def create_connection(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT, source_address: Any = None, **_: Any) -> socket.socket:  # type: ignore[attr-defined]
        host, port = address
        try:
            addresses = guard.resolver(host)
        except (LookupFailed, OSError) as exc:
            raise LookupFailed(f"cannot resolve {host}") from exc
        if guard.check(host, port, addresses) is not None:
            raise BlockedRequest(BLOCKED_ADDRESS, f"internal address not allowed: {host}")
        last: Optional[OSError] = None
        for ip in addresses:
            try:
                return socket.create_connection((ip, port), timeout, source_address)
            except OSError as exc:
                last = exc
        assert last is not None
        raise last

    return create_connection
