"""Discovery on hostile input: cost linear in the page, bounded output, odd encodings read."""

from __future__ import annotations

import gzip
import time

import pytest

from newsmon.pages.discovery import (
    MAX_LISTING_LINKS,
    MAX_SITEMAP_ENTRIES,
    DiscoveryError,
    parse_feed,
    parse_listing,
    parse_sitemap,
)

BASE = "http://news.example/list"


def listing(links: int, depth: int) -> bytes:
    anchors = "".join(f'<a href="/news/{10_000_000 + i}">KT and Microsoft story number {i}</a>\n' for i in range(links))
    return f"<html><body>{'<div>' * depth}{anchors}{'</div>' * depth}</body></html>".encode()


def best_of(runs: int, fn, *args) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def test_listing_cost_does_not_grow_with_nesting_depth() -> None:
    # The same 5,000 links one level deep and 250 levels deep: the pages are the same
    # size, so a parse linear in the page costs about the same (it cost ~50x before).
    shallow, deep = listing(5000, 5), listing(5000, 250)
    t_shallow = best_of(3, parse_listing, shallow, BASE)
    t_deep = best_of(3, parse_listing, deep, BASE)
    assert t_deep < 3 * t_shallow + 0.05, (t_shallow, t_deep)


def test_links_taken_from_one_listing_are_capped() -> None:
    links = parse_listing(listing(MAX_LISTING_LINKS + 300, 3), BASE)
    assert len(links) == MAX_LISTING_LINKS
    assert links[0] == "http://news.example/news/10000000" and len(set(links)) == len(links)
    assert parse_listing(listing(30, 3), BASE, max_links=10) == [f"http://news.example/news/{10_000_000 + i}" for i in range(10)]


def test_chrome_and_main_containers_still_decide_which_links_count() -> None:
    page = b"""<html><body><nav><a href="/news/20000001">A navigation link to a story</a></nav>
    <div class="content"><ul><li><a href="/news/20000002">The first story in the list</a></li>
    <li class="related"><a href="/news/20000003">A related story in the list</a></li></ul></div>
    <aside><div class="content"><a href="/news/20000004">A story in the sidebar list</a></div></aside>
    </body></html>"""
    assert parse_listing(page, BASE) == ["http://news.example/news/20000002"]
    no_main = page.replace(b'class="content"', b"")
    assert parse_listing(no_main, BASE) == ["http://news.example/news/20000002"]


@pytest.mark.parametrize("encoding", ["undefined", "idna", "x-no-such-codec"])
def test_a_declared_encoding_that_cannot_decode_is_read_as_utf8(encoding: str) -> None:
    feed = f'<?xml version="1.0" encoding="{encoding}"?><rss><channel><item><title>KT·MS</title><link>/news/1</link></item></channel></rss>'
    [entry] = parse_feed(feed.encode(), "http://news.example/rss.xml")
    assert entry.url == "http://news.example/news/1" and entry.title == "KT·MS"
    sitemap = f'<?xml version="1.0" encoding="{encoding}"?><urlset><url><loc>http://news.example/news/2</loc></url></urlset>'
    assert [e.url for e in parse_sitemap(sitemap.encode(), "http://news.example/").entries] == ["http://news.example/news/2"]
    page = f'<html><head><meta charset="{encoding}"></head><body><a href="/news/12345678">A long enough anchor</a></body></html>'
    assert parse_listing(page.encode(), BASE) == ["http://news.example/news/12345678"]


def test_a_listing_the_parser_rejects_is_a_discovery_error() -> None:
    with pytest.raises(DiscoveryError):
        parse_listing(b"<?xml?>", BASE)


def test_entries_per_sitemap_are_capped_at_the_protocol_limit() -> None:
    urls = "".join(f"<url><loc>http://news.example/a/{i}</loc></url>" for i in range(MAX_SITEMAP_ENTRIES + 5))
    page = parse_sitemap(gzip.compress(f"<urlset>{urls}</urlset>".encode()), "http://news.example/")
    assert len(page.entries) == MAX_SITEMAP_ENTRIES == 50_000 and page.truncated
    index = "".join(f"<sitemap><loc>http://news.example/s/{i}.xml</loc></sitemap>" for i in range(12))
    small = parse_sitemap(f"<sitemapindex>{index}</sitemapindex>".encode(), "http://news.example/", max_entries=10)
    assert len(small.sitemaps) == 10 and small.truncated
    text = "\n".join(f"http://news.example/t/{i}" for i in range(12)).encode()
    assert len(parse_sitemap(text, "http://news.example/", max_entries=10).entries) == 10
    assert not parse_sitemap(text, "http://news.example/").truncated
