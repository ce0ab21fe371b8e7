"""Feed, sitemap and listing parsing: dirty real-world input and hostile XML."""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsmon.pages.discovery import (
    DiscoveryError,
    FeedEntry,
    SitemapPage,
    parse_feed,
    parse_listing,
    parse_sitemap,
)

SITE = Path(__file__).parent.parent / "fixtureweb" / "site"
BASE = "http://news.example.co.kr"


def _site_file(rel: str, base: str = BASE) -> bytes:
    return (SITE / rel).read_bytes().replace(b"{base}", base.encode())


# ------------------------------------------------------------------------ feeds


def test_rss2_items_with_cdata_relative_links_and_dates() -> None:
    body = _site_file("hanbit/rss.xml")
    entries = parse_feed(body, BASE + "/hanbit/rss.xml")
    assert all(isinstance(e, FeedEntry) for e in entries)
    urls = [e.url for e in entries]
    assert BASE + "/hanbit/go/1021" in urls
    assert BASE + "/hanbit/news/articleView.html?idxno=1001" in urls
    assert all(u.startswith(BASE + "/hanbit/") for u in urls)
    first = next(e for e in entries if e.url.endswith("idxno=1001"))
    assert first.title == "KT, MS와 5년간 수조원 AI·클라우드 동맹…'한국형 GPT-4o' 만든다"
    assert first.published_raw == "Mon, 30 Sep 2024 09:10:00 +0900"
    assert first.summary and first.summary.startswith("글로벌 인공지능(AI)")


def test_atom_entries_use_alternate_link_and_published_updated() -> None:
    entries = parse_feed(_site_file("seoultech/atom.xml"), BASE + "/seoultech/atom.xml")
    pact = next(e for e in entries if "five-year" in e.url)
    assert pact.url == BASE + "/seoultech/2024/09/30/kt-microsoft-seal-five-year-ai-cloud-pact/"
    assert pact.published_raw == "2024-09-30T08:30:00+09:00"
    assert pact.updated_raw == "2024-09-30T10:05:00+09:00"
    assert len(entries) == 3


def test_atom_relative_href_with_xml_base() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://blog.example.com/posts/">
    <entry><title>A &lt;b&gt;bold&lt;/b&gt; title</title><link rel="self" href="/self"/><link href="2024/kt-ms-deal"/>
    <updated>2024-11-01T00:00:00Z</updated></entry></feed>"""
    [entry] = parse_feed(body, "http://other.example.com/feed")
    assert entry.url == "http://blog.example.com/posts/2024/kt-ms-deal"
    assert entry.title == "A bold title"
    assert entry.published_raw is None and entry.updated_raw == "2024-11-01T00:00:00Z"


def test_rss1_rdf_feed() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="http://rdf.example.com/"><title>RDF</title><link>http://rdf.example.com/</link></channel>
 <item rdf:about="http://rdf.example.com/news/1234567"><title>KT MS partnership</title>
  <link>http://rdf.example.com/news/1234567</link><dc:date>2024-09-29T10:00:00+09:00</dc:date>
  <description>desc</description></item>
 <item rdf:about="http://rdf.example.com/news/7654321"><title>second</title></item>
</rdf:RDF>"""
    entries = parse_feed(body, "http://rdf.example.com/rss")
    assert [e.url for e in entries] == ["http://rdf.example.com/news/1234567", "http://rdf.example.com/news/7654321"]
    assert entries[0].published_raw == "2024-09-29T10:00:00+09:00"


def test_html_named_entities_bom_and_leading_whitespace() -> None:
    body = "\ufeff\n  " + _site_file("faults/feed-entities.xml").decode("utf-8")
    entries = parse_feed(body.encode("utf-8"), BASE + "/faults/feed-entities.xml")
    assert len(entries) == 3
    assert entries[0].title == "KT·MS ‘AI 이노베이션 센터’\u00a0개소…".replace("\u00a0", " ")
    assert entries[0].summary == "광화문 · 센터 © 한빛통신"
    assert entries[1].url == BASE + "/hanbit/news/articleView.html?idxno=1016&from=rss"


def test_euc_kr_declared_feed() -> None:
    text = (
        '<?xml version="1.0" encoding="euc-kr"?>\n<rss version="2.0"><channel><title>동방신문</title>'
        "<item><title>KT·MS 손잡고 센터 문 열어</title><link>/dongbang/read.php?no=20241114003</link>"
        "<pubDate>Thu, 14 Nov 2024 14:20:00 +0900</pubDate></item></channel></rss>"
    )
    entries = parse_feed(text.encode("euc-kr"), BASE + "/dongbang/rss.xml")
    assert entries == [
        FeedEntry(
            url=BASE + "/dongbang/read.php?no=20241114003",
            title="KT·MS 손잡고 센터 문 열어",
            published_raw="Thu, 14 Nov 2024 14:20:00 +0900",
            site="동방신문",  # the channel's title: the outlet's name when its pages state none
        )
    ]


def test_only_http_links_survive_and_relative_links_resolve() -> None:
    entries = parse_feed(_site_file("faults/feed-relative.xml"), BASE + "/faults/feed-relative.xml")
    assert [e.url for e in entries] == [
        BASE + "/hanbit/news/articleView.html?idxno=1016",
        BASE + "/newswire/article/AKR20241114051200017",
        BASE + "/seoultech/2024/11/15/inside-kt-microsoft-ai-innovation-center-seoul/",
    ]
    dirty = b"""<rss><channel>
    <item><title>a</title><link>file:///etc/passwd</link></item>
    <item><title>b</title><link>data:text/html,hi</link></item>
    <item><title>c</title><link>ftp://x.example.com/a</link></item>
    <item><title>d</title><link>https://ok.example.com/news/123456</link></item>
    <item><title>e</title><link>https://ok.example.com/news/123456</link></item>
    </channel></rss>"""
    assert [e.url for e in parse_feed(dirty, BASE)] == ["https://ok.example.com/news/123456"]


def test_not_well_formed_feed_is_recovered_once() -> None:
    entries = parse_feed(_site_file("faults/feed-notwellformed.xml"), BASE + "/faults/feed-notwellformed.xml")
    good = {BASE + "/newswire/article/AKR20241114051200017", BASE + "/hanbit/news/articleView.html?idxno=1016"}
    assert entries and {e.url for e in entries} <= good
    truncated = b"<rss><channel><item><title>AT&T and KT</title><link>http://a.example.com/news/1234567</link></item><item><title>cut"
    assert [e.url for e in parse_feed(truncated, BASE)] == ["http://a.example.com/news/1234567"]


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"this is not xml at all", b"<html><body>hello</body></html>", b"\x00\x01\x02garbage<<<"],
)
def test_garbage_is_a_discovery_error(body: bytes) -> None:
    with pytest.raises(DiscoveryError):
        parse_feed(body, BASE)


def test_billion_laughs_fails_fast() -> None:
    body = _site_file("faults/feed-billion-laughs.xml")
    started = time.perf_counter()
    with pytest.raises(DiscoveryError, match="entity"):
        parse_feed(body, BASE)
    assert time.perf_counter() - started < 1.0


class _CanaryHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        body = b"root:x:0:0:CANARY"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


def test_xxe_reads_no_file_and_calls_no_url(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CanaryHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        canary = f"http://127.0.0.1:{server.server_address[1]}/canary"
        body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY net SYSTEM "{canary}"><!ENTITY % dtd SYSTEM "{canary}/dtd"> %dtd;]>
<rss><channel><item><title>t &xxe; &net;</title><link>{BASE}/newswire/article/AKR20241114051200017</link>
<description>&xxe;</description></item></channel></rss>""".encode()
        entries = parse_feed(body, BASE)
        [entry] = entries
        assert "TOP-SECRET" not in repr(entry) and "CANARY" not in repr(entry)
        assert entry.title == "t"
        site_xxe = _site_file("faults/feed-xxe.xml", f"http://127.0.0.1:{server.server_address[1]}")
        entries = parse_feed(site_xxe, BASE)
        assert "root:" not in repr(entries)
        assert _CanaryHandler.hits == []
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------- sitemaps


def test_google_news_sitemap() -> None:
    page = parse_sitemap(_site_file("newswire/news-sitemap.xml"), BASE + "/newswire/news-sitemap.xml")
    assert isinstance(page, SitemapPage) and page.sitemaps == []
    wire = next(e for e in page.entries if e.url.endswith("AKR20241114051200017"))
    assert wire.title == "KT·MS, 광화문에 'AI 이노베이션 센터' 공동 개소"
    assert wire.published_raw == "2024-11-14T10:12:00+09:00"
    assert wire.lastmod_raw == "2024-11-14T10:12:00+09:00"


def test_sitemap_index_and_gzip_child() -> None:
    index = parse_sitemap(_site_file("newswire/sitemap-index.xml"), BASE)
    assert index.entries == []
    assert index.sitemaps == [BASE + "/newswire/news-sitemap.xml", BASE + "/newswire/sitemap-archive.xml.gz"]
    raw = gzip.decompress((SITE / "newswire/sitemap-archive.xml.gz").read_bytes()).replace(b"{base}", BASE.encode())
    archive = parse_sitemap(gzip.compress(raw), BASE)
    assert [e.url for e in archive.entries] == [
        BASE + "/newswire/article/AKR20241017088100017",
        BASE + "/newswire/article/AKR20241008072300051",
    ]


def test_gzip_sitemap_over_the_limit_is_refused() -> None:
    urls = "".join(f"<url><loc>{BASE}/news/{i:08d}</loc></url>" for i in range(20000))
    body = gzip.compress(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode())
    assert len(parse_sitemap(body, BASE).entries) == 20000
    with pytest.raises(DiscoveryError, match="larger than"):
        parse_sitemap(body, BASE, max_bytes=100_000)


def test_gzip_bomb_sitemap_stops_at_the_limit() -> None:
    from tests.fixtureweb.faults import gzip_bomb

    bomb = gzip_bomb(200 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(DiscoveryError):
        parse_sitemap(bomb, BASE)
    assert time.perf_counter() - started < 10


def test_text_sitemap_and_non_sitemap_root() -> None:
    page = parse_sitemap(b"https://a.example.com/1\nnot a url\nhttps://a.example.com/2\n", BASE)
    assert [e.url for e in page.entries] == ["https://a.example.com/1", "https://a.example.com/2"]
    with pytest.raises(DiscoveryError):
        parse_sitemap(b"<rss><channel/></rss>", BASE)


# --------------------------------------------------------------------- listings


def test_dongbang_listing_keeps_articles_drops_chrome() -> None:
    body = _site_file("dongbang/list.html")
    links = parse_listing(body, BASE + "/dongbang/list.html")
    assert links == [
        BASE + "/dongbang/read.php?no=20241205007",
        BASE + "/dongbang/read.php?no=20241114003",
        BASE + "/private/read.php?no=20241120009",
        BASE + "/dongbang/read.php?no=20241105002",
        BASE + "/dongbang/read.php?no=20241002001",
    ]


def test_listing_heuristics() -> None:
    html = """<html><head><base href="https://www.daily.example.co.kr/"></head><body>
<header><a href="/news/articleView.html?idxno=99999">헤더에 걸린 기사 링크입니다</a></header>
<nav><a href="/section/economy">경제 섹션 전체 보기</a></nav>
<div id="container"><main>
 <ul class="article-list">
  <li><a href="/news/articleView.html?idxno=123456">KT, 마이크로소프트와 AI 동맹 강화</a></li>
  <li><a href="/2024/11/14/kt-ms-open-center/">KT·MS 광화문 센터 개소 소식</a></li>
  <li><a href="https://m.daily.example.co.kr/news/politics/20241114">모바일 도메인의 같은 사이트 기사</a></li>
  <li><a href="/news/articleView.html?idxno=123456#comments">KT, 마이크로소프트와 AI 동맹 강화 댓글</a></li>
  <li><a href="/tag/kt-microsoft-partnership">KT 마이크로소프트 태그 모아보기</a></li>
  <li><a href="/news/articleView.html?idxno=555555">짧음</a></li>
  <li><a href="https://other.example.com/news/2024/11/14/foreign-site-story">다른 사이트로 가는 기사 링크</a></li>
  <li><a href="javascript:void(0)">자바스크립트 링크 텍스트 길게</a></li>
  <li><a href="/member/login.html?return=/news/1234567">로그인하고 기사 더 보기</a></li>
  <li><a href="/list.html?page=2">다음 페이지 목록 보기</a></li>
  <li><a href="/opinion/why-kt-needed-a-global-partner">왜 KT는 글로벌 파트너가 필요했나</a></li>
  <li><a href="/photo/image.jpg?id=1234567">사진 크게 보기 링크입니다</a></li>
 </ul>
 <aside><a href="/news/articleView.html?idxno=777777">사이드바 인기 기사 링크입니다</a></aside>
</main></div>
<footer><a href="/company/about-our-newspaper-group">회사 소개 페이지 링크입니다</a></footer>
</body></html>"""
    assert parse_listing(html, "https://www.daily.example.co.kr/list") == [
        "https://www.daily.example.co.kr/news/articleView.html?idxno=123456",
        "https://www.daily.example.co.kr/2024/11/14/kt-ms-open-center/",
        "https://m.daily.example.co.kr/news/politics/20241114",
        "https://www.daily.example.co.kr/opinion/why-kt-needed-a-global-partner",
    ]


def test_listing_without_main_container_falls_back_to_page_minus_chrome() -> None:
    html = b"""<html><body><div class="top"><ul class="gnb"><li><a href="/news/2024/10/01/menu-item-story">Menu item story link</a></li></ul></div>
<table><tr><td><a href="/news/2024/10/02/kt-wiz-wins-wildcard-game">kt wiz wins the wildcard game</a></td></tr></table>
<div id="footer"><a href="/news/2024/10/03/footer-story-about-nothing">Footer story about nothing</a></div></body></html>"""
    assert parse_listing(html, "http://sports.example.com/") == [
        "http://sports.example.com/news/2024/10/02/kt-wiz-wins-wildcard-game"
    ]


def test_empty_listing() -> None:
    assert parse_listing(b"", BASE) == []
    assert parse_listing("<html><body><p>no links</p></body></html>", BASE) == []
