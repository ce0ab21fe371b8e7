"""The configuration file: where it is found, what it may say, and checks.

A TOML file, looked up in this order: ``--config PATH``, ``$NEWSMON_CONFIG``,
``./newsmon.toml``, else built-in defaults. Every key is checked before
anything runs, so a typo fails with one line naming the key (exit code 2)
instead of a crawl that silently ignores it. Relative paths in a file are
relative to that file's folder, so cron can run from anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from newsmon.tomltables import TableReader, read_toml

DEFAULT_DATABASE_URL = "sqlite:///newsmon.db"
DEFAULT_TIMEZONE = "Asia/Seoul"
#: Databases newsmon runs on (SQLAlchemy backend names); anything else is a configuration error.
SUPPORTED_DATABASES = ("sqlite", "postgresql")
SOURCE_TYPES = ("feed", "sitemap", "page")
SMTP_SECURITY = ("none", "starttls", "ssl")
NOTIFY_FORMATS = ("text", "markdown")


class ConfigError(Exception):
    """A configuration problem, worded as the one line the user sees."""


@dataclass(frozen=True)
class SourceConfig:
    type: str
    url: str
    name: Optional[str] = None
    stale_days: Optional[int] = None  # None: [health] stale_days


@dataclass(frozen=True)
class CrawlConfig:
    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 4
    timeout: float = 30.0
    max_page_bytes: int = 16 * 1024 * 1024
    allow_private_addresses: bool = False
    user_agent: Optional[str] = None
    extract_workers: int = 0  # 0: one per CPU beyond the first; 1: analyse in the crawl process; N: N processes
    #: Requests one crawl process keeps in flight over all hosts; 0: max(16, 4 x per-domain).
    concurrent_requests: int = 0


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    from_addr: str
    to: tuple[str, ...]
    username: Optional[str] = None
    password_env: Optional[str] = None
    timeout: float = 30.0

    def password(self) -> Optional[str]:
        """Read from the environment at the moment of use; never stored."""
        return os.environ.get(self.password_env) if self.password_env else None

    def __repr__(self) -> str:  # no secrets here, but keep reprs short and safe
        return f"SmtpConfig(host={self.host!r}, port={self.port}, security={self.security!r})"


@dataclass(frozen=True)
class ScheduleConfig:
    cron: str = "*/30 * * * *"
    timezone: str = "Asia/Seoul"
    run_timeout: float = 1800.0
    misfire_grace_time: int = 600


@dataclass(frozen=True)
class HealthConfig:
    """When a source needs attention (``newsmon sources``, the digest)."""

    stale_days: int = 7  # no new article for this many days: stale
    failing_runs: int = 3  # failed in this many runs in a row: failing


@dataclass(frozen=True)
class AlertsConfig:
    outbox_dir: Path = Path("outbox")
    max_attempts: int = 10


@dataclass(frozen=True)
class ReportConfig:
    """``[report]``: where the HTML report lives; with ``dir`` set, every crawl rewrites it."""

    dir: Optional[Path] = None


@dataclass(frozen=True)
class NotifyConfig:
    """One ``[[notify]]`` chat/webhook target: an Apprise URL read from ``url_env`` when used.

    The URL carries the target's token, so only the variable's name is kept
    (and it names the target in the database and in logs).
    """

    url_env: str
    format: str = "text"  # text | markdown

    def url(self) -> Optional[str]:
        """Read from the environment at the moment of use; never stored."""
        value = os.environ.get(self.url_env, "").strip()
        return value or None


@dataclass(frozen=True)
class FrontierConfig:
    """``[frontier]``: one run on several worker processes and hosts (README "Scaling out");
    ``redis_url`` unset: the single-process crawl."""

    redis_url: Optional[str] = None
    workers: int = 1
    join_timeout: float = 60.0


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    sources: tuple[SourceConfig, ...] = ()
    smtp: Optional[SmtpConfig] = None
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    #: The time zone people read times in (tables, status, runs, alerts, the scheduler's log).
    timezone: str = DEFAULT_TIMEZONE
    report: ReportConfig = field(default_factory=ReportConfig)
    notify: tuple[NotifyConfig, ...] = ()
    frontier: FrontierConfig = field(default_factory=FrontierConfig)
    seeds_dir: Optional[Path] = None  # None: newsmon.topics.default_seeds_dir()
    state_dir: Path = Path(".newsmon")  # lock files
    path: Optional[Path] = None  # the file this came from, if any


# ---------------------------------------------------------------- checks


_reader = TableReader(ConfigError)
_check_keys = _reader.keys
_get = _reader.get


def check_http_url(url: str, where: str) -> str:
    """A URL newsmon may fetch: absolute http(s) with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url.strip():
        raise ConfigError(f"{where} is not an http(s) URL: {url!r}")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise ConfigError(f"{where} has a bad port: {url!r}") from exc
    return url.strip()


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback address: the only hosts a password may go to unencrypted."""
    import ipaddress

    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_database_url(url: str, where: str) -> str:
    """A URL of a database newsmon supports (the value is never echoed: it may hold a password)."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    backend = scheme.split("+", 1)[0].lower()
    if not scheme:
        raise ConfigError(f"{where} is not a database URL (expected sqlite:///PATH or postgresql+psycopg://...)")
    if backend not in SUPPORTED_DATABASES:
        shown = backend if backend.replace("_", "").isalnum() else "?"
        hint = " (did you mean postgresql://?)" if backend in ("postgres", "pg", "psql") else ""
        raise ConfigError(
            f"{where}: unsupported database {shown!r}{hint}; newsmon supports {' and '.join(SUPPORTED_DATABASES)}"
        )
    if backend == "sqlite":
        from newsmon.store.database import sqlite_busy_timeout

        try:
            sqlite_busy_timeout(url)
        except ValueError:
            raise ConfigError(f"{where}: timeout (the SQLite busy timeout) must be a number of seconds >= 0") from None
    return url


def check_timezone(name: str, where: str) -> str:
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(name)
    except Exception as exc:
        raise ConfigError(f"{where} is not a known time zone: {name!r}") from exc
    return name


def _path(value: str, base: Path) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def _sqlite_relative_to(url: str, base: Path) -> str:
    """Make a relative SQLite file path relative to the config file's folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////"):
        rest = url[len(prefix):]
        if rest and rest != ":memory:" and not rest.startswith("/"):
            return prefix + str((base / rest).resolve())
    return url


def parse_config(data: dict[str, Any], *, base: Path, path: Optional[Path] = None) -> Config:
    """Check a parsed TOML document and build a Config (paths resolved against ``base``)."""
    _check_keys(
        data,
        {"database_url", "crawl", "sources", "smtp", "schedule", "alerts", "seeds_dir", "state_dir", "timezone", "health", "report", "notify", "frontier"},
        "",
    )
    database_url = check_database_url(_get(data, "database_url", str, "", DEFAULT_DATABASE_URL), "database_url")
    timezone_name = check_timezone(_get(data, "timezone", str, "", DEFAULT_TIMEZONE), "timezone")
    health_t = _get(data, "health", dict, "", {})
    _check_keys(health_t, set(HealthConfig.__dataclass_fields__), "health.")
    health = HealthConfig(
        stale_days=_get(health_t, "stale_days", int, "health.", HealthConfig.stale_days),
        failing_runs=_get(health_t, "failing_runs", int, "health.", HealthConfig.failing_runs),
    )
    if health.stale_days < 1 or health.failing_runs < 1:
        raise ConfigError("health.stale_days and health.failing_runs must be >= 1")
    if path is not None:
        database_url = _sqlite_relative_to(database_url, base)

    crawl_t = _get(data, "crawl", dict, "", {})
    _check_keys(crawl_t, set(CrawlConfig.__dataclass_fields__), "crawl.")
    crawl = CrawlConfig(
        download_delay=_get(crawl_t, "download_delay", float, "crawl.", 1.0),
        concurrent_requests_per_domain=_get(crawl_t, "concurrent_requests_per_domain", int, "crawl.", 4),
        timeout=_get(crawl_t, "timeout", float, "crawl.", 30.0),
        max_page_bytes=_get(crawl_t, "max_page_bytes", int, "crawl.", CrawlConfig.max_page_bytes),
        allow_private_addresses=_get(crawl_t, "allow_private_addresses", bool, "crawl.", False),
        user_agent=_get(crawl_t, "user_agent", str, "crawl.", None),
        extract_workers=_get(crawl_t, "extract_workers", int, "crawl.", 0),
        concurrent_requests=_get(crawl_t, "concurrent_requests", int, "crawl.", 0),
    )
    if crawl.download_delay < 0:
        raise ConfigError("crawl.download_delay must be >= 0")
    if crawl.timeout <= 0 or crawl.max_page_bytes <= 0 or crawl.concurrent_requests_per_domain <= 0:
        raise ConfigError("crawl.timeout, crawl.max_page_bytes and crawl.concurrent_requests_per_domain must be > 0")
    if crawl.extract_workers < 0 or crawl.concurrent_requests < 0:
        raise ConfigError("crawl.extract_workers and crawl.concurrent_requests must be >= 0")

    sources_l = _get(data, "sources", list, "", [])
    sources = []
    for i, s in enumerate(sources_l):
        where = f"sources[{i}]"
        if not isinstance(s, dict):
            raise ConfigError(f"{where} must be a table ([[sources]])")
        _check_keys(s, {"type", "url", "name", "stale_days"}, f"{where}.")
        if "url" not in s:
            raise ConfigError(f"{where}.url is missing")
        stype = _get(s, "type", str, f"{where}.", "feed")
        if stype not in SOURCE_TYPES:
            raise ConfigError(f"{where}.type must be one of {', '.join(SOURCE_TYPES)}, not {stype!r}")
        url = check_http_url(_get(s, "url", str, f"{where}.", ""), f"{where}.url")
        stale = _get(s, "stale_days", int, f"{where}.", None)
        if stale is not None and stale < 1:
            raise ConfigError(f"{where}.stale_days must be >= 1")
        sources.append(SourceConfig(type=stype, url=url, name=_get(s, "name", str, f"{where}.", None), stale_days=stale))

    smtp = None
    if "smtp" in data:
        t = _get(data, "smtp", dict, "", {})
        if "password" in t:
            raise ConfigError("smtp.password is not allowed: put the password in an environment variable and name it in smtp.password_env")
        _check_keys(t, {"host", "port", "security", "username", "password_env", "from", "to", "timeout"}, "smtp.")
        for req in ("host", "from", "to"):
            if req not in t:
                raise ConfigError(f"smtp.{req} is missing")
        security = _get(t, "security", str, "smtp.", "starttls")
        if security not in SMTP_SECURITY:
            raise ConfigError(f"smtp.security must be one of {', '.join(SMTP_SECURITY)}, not {security!r}")
        to = _get(t, "to", (list, str), "smtp.", [])
        to = [to] if isinstance(to, str) else to
        if not to or not all(isinstance(x, str) and "@" in x for x in to):
            raise ConfigError("smtp.to must be a list of e-mail addresses")
        for addr in [*to, _get(t, "from", str, "smtp.", "")]:
            if "\r" in addr or "\n" in addr:
                raise ConfigError("smtp addresses must not contain line breaks")
        default_port = {"none": 25, "starttls": 587, "ssl": 465}[security]
        port = _get(t, "port", int, "smtp.", default_port)
        if not 0 < port < 65536:
            raise ConfigError(f"smtp.port out of range: {port}")
        host = _get(t, "host", str, "smtp.", "")
        if security == "none" and "username" in t and not is_loopback_host(host):
            raise ConfigError(
                f"smtp.security = \"none\" with a username would send the password unencrypted to {host}: "
                "use starttls or ssl (plain SMTP with a login is allowed only to a loopback host)"
            )
        smtp = SmtpConfig(
            host=host,
            port=port,
            security=security,
            from_addr=_get(t, "from", str, "smtp.", ""),
            to=tuple(to),
            username=_get(t, "username", str, "smtp.", None),
            password_env=_get(t, "password_env", str, "smtp.", None),
            timeout=_get(t, "timeout", float, "smtp.", 30.0),
        )

    sched_t = _get(data, "schedule", dict, "", {})
    _check_keys(sched_t, set(ScheduleConfig.__dataclass_fields__), "schedule.")
    schedule = ScheduleConfig(
        cron=_get(sched_t, "cron", str, "schedule.", ScheduleConfig.cron),
        timezone=_get(sched_t, "timezone", str, "schedule.", timezone_name),  # the cron runs in the watch's zone unless told
        run_timeout=_get(sched_t, "run_timeout", float, "schedule.", ScheduleConfig.run_timeout),
        misfire_grace_time=_get(sched_t, "misfire_grace_time", int, "schedule.", ScheduleConfig.misfire_grace_time),
    )
    if len(schedule.cron.split()) != 5:
        raise ConfigError(f"schedule.cron must be a 5-field cron expression, not {schedule.cron!r}")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(schedule.timezone)
    except Exception as exc:
        raise ConfigError(f"schedule.timezone is not a known time zone: {schedule.timezone!r}") from exc

    alerts_t = _get(data, "alerts", dict, "", {})
    _check_keys(alerts_t, {"outbox_dir", "max_attempts"}, "alerts.")
    alerts = AlertsConfig(
        outbox_dir=_path(_get(alerts_t, "outbox_dir", str, "alerts.", "outbox"), base),
        max_attempts=_get(alerts_t, "max_attempts", int, "alerts.", 10),
    )

    report_t = _get(data, "report", dict, "", {})
    _check_keys(report_t, {"dir"}, "report.")
    report_dir = _get(report_t, "dir", str, "report.", None)
    report = ReportConfig(dir=_path(report_dir, base) if report_dir else None)

    frontier = parse_frontier(_get(data, "frontier", dict, "", {}))
    seeds_dir = data.get("seeds_dir")
    return Config(
        database_url=database_url,
        crawl=crawl,
        sources=tuple(sources),
        smtp=smtp,
        schedule=schedule,
        alerts=alerts,
        health=health,
        timezone=timezone_name,
        report=report,
        notify=_notify_targets(_get(data, "notify", list, "", [])),
        frontier=frontier,
        seeds_dir=_path(_get(data, "seeds_dir", str, "", ""), base) if seeds_dir is not None else None,
        state_dir=_path(_get(data, "state_dir", str, "", ".newsmon"), base),
        path=path,
    )


def _notify_targets(tables: list[Any]) -> tuple[NotifyConfig, ...]:
    targets: list[NotifyConfig] = []
    for i, t in enumerate(tables):
        where = f"notify[{i}]"
        if not isinstance(t, dict):
            raise ConfigError(f"{where} must be a table ([[notify]])")
        if "url" in t:
            raise ConfigError(f"{where}.url is not allowed: a URL holds a token; put it in an environment variable and name it in {where}.url_env")
        _check_keys(t, {"url_env", "format"}, f"{where}.")
        env = _get(t, "url_env", str, f"{where}.", "")
        if not env or not all(ch.isalnum() or ch == "_" for ch in env):
            raise ConfigError(f"{where}.url_env must name an environment variable (letters, digits, _), not {env!r}")
        fmt = _get(t, "format", str, f"{where}.", "text")
        if fmt not in NOTIFY_FORMATS:
            raise ConfigError(f"{where}.format must be one of {', '.join(NOTIFY_FORMATS)}, not {fmt!r}")
        if any(x.url_env == env for x in targets):
            raise ConfigError(f"{where}.url_env {env} is configured twice")
        targets.append(NotifyConfig(url_env=env, format=fmt))
    return tuple(targets)


def parse_frontier(t: dict[str, Any]) -> FrontierConfig:
    """Check ``[frontier]``: a redis:// URL (its password, if any, belongs in the URL's
    environment, see README), a worker count >= 0, a positive join timeout."""
    _check_keys(t, set(FrontierConfig.__dataclass_fields__), "frontier.")
    url = _get(t, "redis_url", str, "frontier.", None)
    if url is not None and urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"frontier.redis_url is not a redis:// URL: {url!r}")
    workers = _get(t, "workers", int, "frontier.", FrontierConfig.workers)
    join_timeout = _get(t, "join_timeout", float, "frontier.", FrontierConfig.join_timeout)
    if workers < 0 or join_timeout <= 0:
        raise ConfigError("frontier.workers must be >= 0 and frontier.join_timeout > 0")
    return FrontierConfig(redis_url=url, workers=workers, join_timeout=join_timeout)


def find_config_path(explicit: Optional[str]) -> Optional[Path]:
    """--config, then $NEWSMON_CONFIG, then ./newsmon.toml; None means defaults."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("NEWSMON_CONFIG")
    if env:
        return Path(env)
    local = Path("newsmon.toml")
    return local if local.is_file() else None


def load_config(explicit: Optional[str] = None) -> Config:
    """Find, read and check the configuration; apply $NEWSMON_DATABASE_URL and $NEWSMON_REDIS_URL
    (a URL with a password belongs in the environment, not in the file)."""
    path = find_config_path(explicit)
    if path is None:
        cfg = parse_config({}, base=Path.cwd())
    else:
        data = read_toml(path, f"config {path}", ConfigError)
        cfg = parse_config(data, base=path.resolve().parent, path=path)
    env_url = os.environ.get("NEWSMON_DATABASE_URL")
    if env_url:
        cfg = replace(cfg, database_url=check_database_url(env_url, "NEWSMON_DATABASE_URL"))
    if os.environ.get("NEWSMON_REDIS_URL"):
        f = {"workers": cfg.frontier.workers, "join_timeout": cfg.frontier.join_timeout}
        cfg = replace(cfg, frontier=parse_frontier({**f, "redis_url": os.environ["NEWSMON_REDIS_URL"]}))
    remember_secrets(cfg)
    return cfg


def remember_secrets(config: Config) -> None:
    """Tell ``newsmon.redact`` every secret this config reaches, so no output shows them."""
    from newsmon import redact

    redact.remember(*redact.url_passwords(config.database_url), os.environ.get("PGPASSWORD"))
    redact.remember(*redact.url_passwords(config.frontier.redis_url or ""))
    if config.smtp is not None:
        redact.remember(config.smtp.password())
