"""The crawl's Scrapy settings switch off what a monitor must not expose."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings

from newsmon.config import parse_config
from newsmon.crawl.settings import scrapy_settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(scrapy_settings(parse_config({}, base=tmp_path)))


def test_remote_control_is_off_by_its_own_switch(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    # Off even if the extension came back under another class path.
    assert settings.getbool("REMOTE_CONTROL_ENABLED", True) is False
    assert settings.getdict("EXTENSIONS").get("scrapy.extensions.remote_control.RemoteControl", 0) is None
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False


def test_the_guarded_resolver_is_installed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert settings.get("TWISTED_DNS_RESOLVER") == "newsmon.crawl.netguard.GuardedResolver"
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # Refusals become blocked_address before RetryMiddleware (550) could retry them.
    assert middlewares["newsmon.crawl.netguard.BlockedLookupMiddleware"] > 550
