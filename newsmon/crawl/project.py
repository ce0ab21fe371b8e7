"""Scrapy's settings module for ``scrapy crawl news`` (see scrapy.cfg).

It finds the config the same way the CLI does ($NEWSMON_CONFIG, then
./newsmon.toml, else defaults) and builds the same settings as ``newsmon crawl``.
"""

from newsmon.config import load_config as _load_config
from newsmon.crawl.settings import scrapy_settings as _scrapy_settings

globals().update(_scrapy_settings(_load_config()))
