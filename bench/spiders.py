"""The two bare Scrapy crawls the newsmon crawl is compared with.

``fetch``: follow robots.txt -> sitemap index -> sitemaps -> every page, and do
nothing with the pages: what Scrapy itself can do on this machine (the ceiling).
``extract``: the same, plus ``trafilatura.extract`` on every page in the
callback: what a plain "Scrapy + trafilatura" crawler would manage.

Both use the settings the newsmon crawl uses where they matter for speed
(robots.txt obeyed, no delay, the same concurrency, no cookies, no telnet).
Each run writes its numbers as JSON to ``--out``:

    python -m bench.spiders fetch --sitemap URL --out stats.json [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Iterator, Optional

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class BareSpider(SitemapSpider):
    """Fetches every page the sitemaps list; optionally extracts its text."""

    name = "bare"

    def __init__(self, sitemap: str, extract: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [sitemap]
        self.extract = extract
        self.pages = 0
        self.chars = 0
        self.first: Optional[float] = None
        self.last: Optional[float] = None

    def parse(self, response: Response) -> Iterator[Any]:
        now = time.time()
        self.first = self.first or now
        self.pages += 1
        if self.extract:
            import trafilatura

            text = trafilatura.extract(response.text, url=response.url)
            self.chars += len(text or "")
        self.last = time.time()
        return iter(())


def run(mode: str, sitemap: str, out: Path, concurrency: int) -> None:
    """Crawl in this process (one reactor), then write the numbers to ``out``."""
    started = time.time()
    process = CrawlerProcess({
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "CONCURRENT_REQUESTS": max(16, concurrency * 4),
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "newsmon-bench",
    })
    crawler = process.create_crawler(BareSpider)
    result: dict[str, Any] = {}

    def closed(spider: BareSpider, reason: str) -> None:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        result.update({
            "mode": mode, "pages": spider.pages, "text_chars": spider.chars, "finish_reason": reason,
            "first_to_last_s": (spider.last - spider.first) if spider.first and spider.last else None,
            "responses": stats.get("response_received_count", 0),
            "bytes": stats.get("downloader/response_bytes", 0),
        })

    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, sitemap=sitemap, extract=mode == "extract")
    process.start()
    result["in_process_s"] = time.time() - started
    out.write_text(json.dumps(result), encoding="utf-8")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["fetch", "extract"])
    parser.add_argument("--sitemap", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    run(args.mode, args.sitemap, args.out, args.concurrency)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
