"""One crawl cycle: the plan, the Scrapy settings and spider, the network guard, progress."""
