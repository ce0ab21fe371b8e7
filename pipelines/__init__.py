"""newsmon's item pipelines, in the order they run (see newsmon.crawl.settings.ITEM_PIPELINES):

analyse (100: extract -> normalize -> relevance -> near-duplicate signature,
one job in a worker process) -> exact dedupe (400) -> store (500: near-duplicate
lookup, article, development, alert, on one writer thread).
"""
