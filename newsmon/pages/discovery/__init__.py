"""Find article URLs in what a news site publishes for machines and for readers.

The spider reads three kinds of index: feeds (RSS 2.0, RSS 1.0/RDF, Atom;
``feeds``), sitemaps (urlset, Google News sitemaps, sitemap indexes,
gzip-compressed or not; ``sitemaps``) and listing pages (a section front
whose links are mostly chrome; ``listings``). These parsers are pure
functions of the bytes the spider fetched, so they are tested from saved
documents with no reactor; every way a document can be unreadable is a
``DiscoveryError``. Feeds and sitemaps are untrusted XML, read through
``xmlsafe``.
"""

from newsmon.pages.discovery.feeds import FeedEntry, parse_feed
from newsmon.pages.discovery.listings import MAX_LISTING_LINKS, parse_listing
from newsmon.pages.discovery.sitemaps import (
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_ENTRIES,
    SitemapEntry,
    SitemapPage,
    parse_sitemap,
)
from newsmon.pages.discovery.xmlsafe import DiscoveryError

__all__ = [
    "DiscoveryError",
    "FeedEntry",
    "SitemapEntry",
    "SitemapPage",
    "parse_feed",
    "parse_sitemap",
    "parse_listing",
    "MAX_LISTING_LINKS",
    "MAX_SITEMAP_BYTES",
    "MAX_SITEMAP_ENTRIES",
]
