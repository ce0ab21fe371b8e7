"""canonicalize_url and choose_canonical: one spelling per article."""

from __future__ import annotations

import pytest

from newsmon.pages.urls import canonicalize_url, choose_canonical, registrable_domain


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/news/1?utm_source=tw&utm_medium=social#top", "https://www.example.com/news/1"),
        ("https://example.com/a?fbclid=x&gclid=y&dclid=z&msclkid=q&igshid=i&_ga=1&yclid=2", "https://example.com/a"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&ref=home&ref_src=tw&cmpid=rss&ocid=msn&from=main&spm=a.b",
         "https://example.com/a"),
        ("https://www.example.co.kr/news/articleView.html?idxno=123&utm_campaign=x",
         "https://www.example.co.kr/news/articleView.html?idxno=123"),
        ("https://news.example.com/read?oid=001&aid=0014912345&sid=105&from=rss",
         "https://news.example.com/read?aid=0014912345&oid=001&sid=105"),
        ("https://example.com/view?newsId=20240929&no=5&id=7&article_id=9",
         "https://example.com/view?article_id=9&id=7&newsId=20240929&no=5"),
        ("http://example.com:80/x?b=2&a=1", "http://example.com/x?a=1&b=2"),
        ("https://example.com/a#section-2", "https://example.com/a"),
    ],
)
def test_canonicalize_drops_tracking_keeps_ids(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://m.news.example.co.kr/article/1", "https://news.example.co.kr/article/1"),
        ("https://mobile.example.com/story/9", "https://example.com/story/9"),
        ("https://amp.example.com/2024/09/29/kt-ms/amp/", "https://example.com/2024/09/29/kt-ms/"),
        ("https://www.example.com/2024/09/29/kt-ms/amp", "https://www.example.com/2024/09/29/kt-ms"),
        ("https://www.example.com/amp/story/kt-ms", "https://www.example.com/story/kt-ms"),
        ("https://www.example.com/story/kt-ms?amp", "https://www.example.com/story/kt-ms"),
        ("https://www.example.com/story/kt-ms?amp=1&id=4", "https://www.example.com/story/kt-ms?id=4"),
        ("https://www.example.com/story.amp.html", "https://www.example.com/story.html"),
    ],
)
def test_canonicalize_maps_amp_and_mobile_variants(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_keeps_short_hosts_and_amp_words() -> None:
    # "m.kr"-like hosts are sites of their own; "ample" is not an AMP marker.
    assert canonicalize_url("https://m.co.kr/x") == "https://m.co.kr/x"
    assert canonicalize_url("https://example.com/sample/ampere") == "https://example.com/sample/ampere"


def test_canonicalize_resolves_relative_and_is_idempotent() -> None:
    url = canonicalize_url("../news/1?utm_source=a", base="https://www.example.com/section/list")
    assert url == "https://www.example.com/news/1"
    assert canonicalize_url(url) == url
    korean = canonicalize_url("https://example.com/뉴스/기사?q=케이티")
    assert canonicalize_url(korean) == korean


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("news.example.co.kr", "example.co.kr"),
        ("www.example.com", "example.com"),
        ("a.b.example.co.uk", "example.co.uk"),
        ("example.or.kr", "example.or.kr"),
        ("www.example.kr", "example.kr"),
        ("localhost", "localhost"),
    ],
)
def test_registrable_domain(host: str, expected: str) -> None:
    assert registrable_domain(host) == expected


def test_choose_canonical_same_site_only() -> None:
    page = "https://m.example.co.kr/news/view?id=1&utm_source=x"
    assert choose_canonical(page, "https://www.example.co.kr/news/view?id=1", None) == \
        "https://www.example.co.kr/news/view?id=1"
    # A partner's URL is ignored, og:url on the same site is used instead.
    assert choose_canonical(page, "https://partner.other.com/copy/1", "https://news.example.co.kr/a?id=1") == \
        "https://news.example.co.kr/a?id=1"
    # Nothing usable: the page URL itself, canonicalized.
    assert choose_canonical(page, "https://other.co.kr/x", "javascript:void(0)") == \
        "https://example.co.kr/news/view?id=1"
    # A template bug pointing every article at the home page is ignored.
    assert choose_canonical("https://www.example.com/story/5", "https://www.example.com/", None) == \
        "https://www.example.com/story/5"
    # Relative canonical links resolve against the page.
    assert choose_canonical("https://www.example.com/amp/story/5", "/story/5", None) == \
        "https://www.example.com/story/5"
