"""newsmon: watch the press for developments in one story.

Crawl (Scrapy) -> item pipelines (extract, normalize, relevance, dedupe, store)
-> developments -> e-mail digests. See README.md for the whole picture.
"""

__version__ = "0.1.0"
