"""Scrapy settings built from a newsmon Config.

One function serves both ways of starting a crawl: ``newsmon crawl`` passes
its Config here, and ``newsmon/crawl/project.py`` (what ``scrapy crawl news`` reads
through scrapy.cfg) calls it with the config found the usual way. So both
crawl with the same politeness, limits and pipelines.
"""

from __future__ import annotations

from typing import Any

from newsmon import __version__
from newsmon.config import Config

USER_AGENT = f"newsmon/{__version__} (news monitor; respects robots.txt)"

ITEM_PIPELINES = {
    # extract -> normalize -> relevance -> near-dup signature, in worker processes
    "pipelines.analyse.AnalysePipeline": 100,
    "pipelines.dedupe.ExactDedupePipeline": 400,
    # near-dup lookup, article, development and alert, one writer thread
    "pipelines.store.StorePipeline": 500,
}


def crawl_config(crawler: Any) -> Config:
    """The Config a crawl runs with: the one ``newsmon crawl`` passed in its
    settings, else (``scrapy crawl news``) the one found the usual way."""
    config = crawler.settings.get("NEWSMON_CONFIG")
    if config is None:
        from newsmon.config import load_config

        config = load_config()
    return config


def scrapy_settings(config: Config) -> dict[str, Any]:
    """Everything Scrapy needs for a newsmon crawl, as a settings dict."""
    crawl = config.crawl
    return {
        "BOT_NAME": "newsmon",
        "SPIDER_MODULES": ["newsmon.crawl.spiders"],
        "NEWSPIDER_MODULE": "newsmon.crawl.spiders",
        "NEWSMON_CONFIG": config,
        # Politeness: robots.txt, a per-host delay, a small per-host concurrency,
        # and a User-Agent that says who we are.
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": crawl.user_agent or USER_AGENT,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests or max(16, crawl.concurrent_requests_per_domain * 4),
        "AUTOTHROTTLE_ENABLED": crawl.download_delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        # Hostile-web limits: a page may not be larger than this (also bounds
        # decompression, so a gzip bomb stops early), nor take longer.
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(crawl.max_page_bytes, 4 * 1024 * 1024),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 3,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "REDIRECT_MAX_TIMES": 10,
        # The network guard: bad schemes and internal IP literals refused first
        # (before robots.txt is asked for); every host name checked by the
        # resolver on the very answers the connection uses (no rebinding);
        # a refused lookup counted as blocked_address, before RetryMiddleware
        # could retry it as a DNS failure.
        "TWISTED_DNS_RESOLVER": "newsmon.crawl.netguard.GuardedResolver",
        "DOWNLOADER_MIDDLEWARES": {
            "newsmon.crawl.netguard.NetGuardMiddleware": 50,
            # Scrapy's, with every request waiting for a robots.txt obeying it (newsmon.crawl.robotstxt).
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "newsmon.crawl.robotstxt.ObeyingRobotsTxtMiddleware": 100,
            "newsmon.crawl.netguard.BlockedLookupMiddleware": 950,
        },
        "ITEM_PIPELINES": dict(ITEM_PIPELINES),
        "EXTENSIONS": {
            "scrapy.extensions.telnet.TelnetConsole": None,
            # 2.19 opens an HTTP control port by default; a monitor needs none.
            "scrapy.extensions.remote_control.RemoteControl": None,
            # Stops the crawl if its PostgreSQL lock is lost (no-op on SQLite).
            "newsmon.schedule.lockwatch.CrawlLockWatch": 100,
        },
        # ... and off by its own switch too, should the extension come back under another path.
        "REMOTE_CONTROL_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        # Items handled at once per response. Scrapy starts this many tasks for
        # every response; a page yields one article, so a few are plenty.
        "CONCURRENT_ITEMS": 8,
        # Analysing pages is slower than fetching them: hold at most ~0.5 MB of
        # fetched pages waiting for the pipelines (Scrapy's default, 5 MB, only
        # grows the crawl's memory; the worker pool is kept fed either way).
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 500_000,
    }
