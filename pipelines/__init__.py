"""newsmon's item pipelines, in the order they run (see newsmon.crawlsettings.ITEM_PIPELINES):

extract (100) -> normalize (200) -> relevance (300) -> exact dedupe (400)
-> near-duplicate signature (450) -> store (500).
"""
