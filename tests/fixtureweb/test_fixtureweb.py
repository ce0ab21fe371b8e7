"""The fixture news web behaves like a real one: headers, 304s, encodings, editions, faults."""

from __future__ import annotations

import gzip
import html
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.robotparser
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from newsmon.pages.discovery import parse_feed, parse_listing, parse_sitemap
from tests.fixtureweb import FixtureWeb, load_manifest, write_seed_dir
from tests.fixtureweb.build_site import MANIFEST_PATH, SITE_DIR, manifest_bytes, render_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureWeb]:
    with FixtureWeb() as server:
        yield server


@pytest.fixture(autouse=True)
def _edition_one(web: FixtureWeb) -> Iterator[None]:
    web.set_edition(1)
    yield
    web.set_edition(1)


def request(web: FixtureWeb, path: str, method: str = "GET", headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = urlsplit(web.base_url).hostname, urlsplit(web.base_url).port
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp, body
    finally:
        conn.close()


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def discovered(web: FixtureWeb) -> set[str]:
    """Every URL path the feeds, sitemaps and listing of the web point at, redirects followed."""
    found: set[str] = set()
    for feed in ("/hanbit/rss.xml", "/seoultech/atom.xml"):
        _, body = request(web, feed)
        found |= {path_of(e.url) for e in parse_feed(body, web.url(feed))}
    _, body = request(web, "/newswire/sitemap-index.xml")
    for child in parse_sitemap(body, web.url("/newswire/sitemap-index.xml")).sitemaps:
        _, child_body = request(web, path_of(child))
        found |= {path_of(e.url) for e in parse_sitemap(child_body, child).entries}
    _, body = request(web, "/dongbang/list.html")
    found |= {path_of(u) for u in parse_listing(body, web.url("/dongbang/list.html"))}
    resolved = set()
    for path in found:
        resp, _ = request(web, path, method="HEAD")
        resolved.add(path_of(resp.getheader("Location")) if resp.status in (301, 302) else path)
    return resolved


def test_checked_in_site_matches_its_builder() -> None:
    files = render_site()
    on_disk = {p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    for rel, data in files.items():
        if rel.endswith(".gz"):
            assert gzip.decompress((SITE_DIR / rel).read_bytes()) == gzip.decompress(data), rel
        else:
            assert (SITE_DIR / rel).read_bytes() == data, rel
    assert MANIFEST_PATH.read_bytes() == manifest_bytes()


def test_article_pages_are_realistic_sizes() -> None:
    for entry in load_manifest()["articles"]:
        rel = entry["path"].lstrip("/").replace("?", "@")
        rel = rel + "index.html" if rel.endswith("/") else rel
        layer = SITE_DIR if entry["edition"] == 1 else SITE_DIR / "_edition" / str(entry["edition"])
        assert 3_000 <= (layer / rel).stat().st_size <= 11_000, rel


def test_serves_with_headers_and_base_url_filled_in(web: FixtureWeb) -> None:
    resp, body = request(web, "/hanbit/news/articleView.html?idxno=1021")
    assert resp.status == 200
    assert resp.getheader("Content-Type") == "text/html; charset=utf-8"
    assert int(resp.getheader("Content-Length")) == len(body)
    assert resp.getheader("ETag") and resp.getheader("Last-Modified")
    text = body.decode("utf-8")
    assert f'<link rel="canonical" href="{web.base_url}/hanbit/news/articleView.html?idxno=1021">' in text
    assert "{base}" not in text
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert ld["@type"] == "NewsArticle" and ld["datePublished"] == "2024-12-05T10:00:00+09:00"
    resp, _ = request(web, "/hanbit/rss.xml")
    assert resp.getheader("Content-Type") == "application/rss+xml; charset=utf-8"
    resp, _ = request(web, "/seoultech/atom.xml")
    assert resp.getheader("Content-Type") == "application/atom+xml; charset=utf-8"


def test_conditional_requests_get_304(web: FixtureWeb) -> None:
    resp, _ = request(web, "/seoultech/atom.xml")
    etag, last_modified = resp.getheader("ETag"), resp.getheader("Last-Modified")
    resp, body = request(web, "/seoultech/atom.xml", headers={"If-None-Match": etag})
    assert resp.status == 304 and body == b"" and resp.getheader("ETag") == etag
    resp, _ = request(web, "/seoultech/atom.xml", headers={"If-None-Match": '"other"'})
    assert resp.status == 200
    resp, _ = request(web, "/seoultech/atom.xml", headers={"If-Modified-Since": last_modified})
    assert resp.status == 304
    resp, _ = request(web, "/seoultech/atom.xml", headers={"If-Modified-Since": "Sun, 01 Sep 2024 00:00:00 GMT"})
    assert resp.status == 200


def test_euc_kr_site_has_no_charset_header_and_decodes_with_cp949(web: FixtureWeb) -> None:
    resp, body = request(web, "/dongbang/read.php?no=20241114003")
    assert resp.getheader("Content-Type") == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp949")
    assert 'content="text/html; charset=euc-kr"' in text
    title = html.unescape(re.search(r"<title>(.*?)</title>", text).group(1))
    assert title == "KT·MS 손잡고 'AI 이노베이션 센터' 문 열어 - 동방신문"
    assert "기사입력 2024-11-14 오후 2:20" in text


def test_manifest_matches_what_the_feeds_list(web: FixtureWeb) -> None:
    manifest = load_manifest()
    edition1 = {a["path"] for a in manifest["articles"] if a["edition"] == 1}
    broken = set(manifest["not_found"]) | set(manifest["server_error"]) | set(manifest["robots_disallowed"])
    assert discovered(web) == edition1 | broken
    web.set_edition(2)
    all_articles = {a["path"] for a in manifest["articles"]}
    assert discovered(web) == all_articles | broken
    assert len(all_articles - edition1) == 3


def test_manifest_scenarios() -> None:
    articles = load_manifest()["articles"]
    assert len(articles) >= 20
    wire = [a for a in articles if a["scenario"] == "wire-original"][0]
    copies = [a for a in articles if a["duplicate_of"] == wire["path"]]
    assert {a["outlet"] for a in copies} == {"hanbit", "dongbang"}
    assert [a["path"] for a in articles if a["duplicate_of"] == "seed"]
    assert not any(a["relevant"] for a in articles if a["scenario"].startswith("distractor"))
    for a in articles:
        assert a["published"].endswith("+09:00") and "2024-09" <= a["published"][:7] <= "2024-12"
        assert (a["development"] is None) == (not a["relevant"])


def test_redirect_404_500_and_trailing_slash(web: FixtureWeb) -> None:
    resp, _ = request(web, "/hanbit/go/1021")
    assert resp.status == 301 and resp.getheader("Location") == web.url("/hanbit/news/articleView.html?idxno=1021")
    assert request(web, "/hanbit/news/articleView.html?idxno=1099")[0].status == 404
    assert request(web, "/hanbit/news/articleView.html?idxno=1098")[0].status == 500
    resp, _ = request(web, "/seoultech/2024/09/30/kt-microsoft-seal-five-year-ai-cloud-pact")
    assert resp.status == 301 and resp.getheader("Location").endswith("-pact/")
    for hidden in ("/_special.json", "/_edition/2/hanbit/rss.xml", "/../server.py", "/%2e%2e/server.py"):
        assert request(web, hidden)[0].status == 404


def test_robots_disallows_the_private_page_linked_from_the_listing(web: FixtureWeb) -> None:
    _, body = request(web, "/robots.txt")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode().splitlines())
    private = load_manifest()["robots_disallowed"][0]
    assert not robots.can_fetch("newsmon", web.url(private))
    assert robots.can_fetch("newsmon", web.url("/dongbang/list.html"))
    _, listing = request(web, "/dongbang/list.html")
    assert private in [path_of(u) for u in parse_listing(listing, web.url("/dongbang/list.html"))]
    assert request(web, private)[0].status == 200


def test_request_log_and_control_endpoints(web: FixtureWeb) -> None:
    web.clear_log()
    request(web, "/hanbit/rss.xml", headers={"User-Agent": "newsmon-test", "If-None-Match": '"x"'})
    [record] = web.requests
    assert record.method == "GET" and record.path == "/hanbit/rss.xml" and record.status == 200
    assert record.headers["User-Agent"] == "newsmon-test" and record.headers["If-None-Match"] == '"x"'
    resp, body = request(web, "/__log")
    assert json.loads(body)[0]["path"] == "/hanbit/rss.xml"
    resp, body = request(web, "/__control/edition/2", method="POST")
    assert resp.status == 200 and web.edition == 2
    _, feed = request(web, "/hanbit/rss.xml")
    assert "idxno=1027" in feed.decode()
    request(web, "/__control/reset", method="POST")
    assert web.requests == []


def test_flaky_then_ok(web: FixtureWeb) -> None:
    statuses = [request(web, "/faults/flaky/2/k1")[0].status for _ in range(3)]
    assert statuses == [503, 503, 200]
    resp, _ = request(web, "/faults/flaky429/1/k1")
    assert resp.status == 429 and resp.getheader("Retry-After") == "0"
    assert request(web, "/faults/flaky429/1/k1")[0].status == 200


def test_body_faults(web: FixtureWeb) -> None:
    resp, body = request(web, "/faults/empty")
    assert resp.status == 200 and body == b""
    resp, body = request(web, "/faults/binary")
    assert resp.getheader("Content-Type") == "text/html" and len(body) == 65536
    resp, _ = request(web, "/faults/redirect-loop/a")
    assert resp.status == 302 and resp.getheader("Location") == "/faults/redirect-loop/b"
    with pytest.raises(http.client.IncompleteRead):
        request(web, "/faults/truncated")
    resp, body = request(web, "/faults/gzip-bomb")
    assert resp.getheader("Content-Encoding") == "gzip" and len(body) < 2_000_000
    assert len(gzip.GzipFile(fileobj=__import__("io").BytesIO(body)).read(2_000_000)) == 2_000_000
    resp, body = request(web, "/faults/huge")
    assert len(body) > 39 * 1024 * 1024


def test_fault_feeds_list_fault_pages(web: FixtureWeb) -> None:
    _, body = request(web, "/faults/feed-all.xml")
    paths = [path_of(e.url) for e in parse_feed(body, web.url("/faults/feed-all.xml"))]
    assert "/faults/hang" in paths and "/faults/gzip-bomb" in paths and "/faults/malformed.html" in paths


def test_hang_and_trickle_do_not_block_shutdown() -> None:
    server = FixtureWeb().start()
    host, port = urlsplit(server.base_url).hostname, urlsplit(server.base_url).port
    hanging = http.client.HTTPConnection(host, port, timeout=30)
    hanging.request("GET", "/faults/hang")
    assert hanging.getresponse().status == 200
    trickling = http.client.HTTPConnection(host, port, timeout=30)
    trickling.request("GET", "/faults/trickle")
    resp = trickling.getresponse()
    assert resp.read(1) == b"<"
    idle = http.client.HTTPConnection(host, port, timeout=30)
    idle.request("GET", "/robots.txt")
    idle.getresponse().read()
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 3
    for conn in (hanging, trickling, idle):
        conn.close()


def test_script_mode_prints_base_url_and_serves(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fixtureweb.server", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        host, port = urlsplit(base).hostname, urlsplit(base).port
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", "/robots.txt")
        assert b"Disallow: /private/" in conn.getresponse().read()
        conn.request("GET", "/__log")
        assert json.loads(conn.getresponse().read())[0]["path"] == "/robots.txt"
        conn.close()
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()


def test_write_seed_dir(tmp_path: Path) -> None:
    written = write_seed_dir(tmp_path / "seeds", "http://127.0.0.1:9999")
    names = sorted(p.name for p in written)
    assert names == ["000_ae8dcea07d6c2241.txt"]
    copy = (tmp_path / "seeds" / names[0]).read_text(encoding="utf-8").splitlines()
    real = (ROOT / "seeds" / names[0]).read_text(encoding="utf-8").splitlines()
    # The real seed, word for word, except its related-article links point into the fixture web.
    changed = [(a, b) for a, b in zip(real, copy) if a != b]
    assert len(copy) == len(real) and len(changed) == 2
    for original, served in changed:
        assert original.startswith("https://www.joongang.co.kr/article/")
        assert served.startswith("http://127.0.0.1:9999/") and "{base}" not in served


def test_generated_web_is_deterministic_served_and_split(tmp_path: Path) -> None:
    from tests.fixtureweb.generate import MAX_URLS_PER_FILE, generate_web

    manifest = generate_web(tmp_path / "a", 1200, seed=7)
    again = generate_web(tmp_path / "b", 1200, seed=7)
    assert manifest == again
    pages = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in pages[:50])
    articles = manifest["articles"]
    assert len(articles) == 1200 and len({a["path"] for a in articles}) == 1200
    share = sum(a["relevant"] for a in articles) / len(articles)
    assert 0.2 < share < 0.45
    assert {a["language"] for a in articles} == {"ko", "en"}
    assert any(a["duplicate_of"] for a in articles)
    with FixtureWeb(root=tmp_path / "a") as gen:
        _, body = request(gen, "/sitemap-index.xml")
        sitemaps = parse_sitemap(body, gen.url("/sitemap-index.xml")).sitemaps
        listed: set[str] = set()
        for sm in sitemaps:
            _, sm_body = request(gen, path_of(sm))
            entries = parse_sitemap(sm_body, sm).entries
            assert 0 < len(entries) <= MAX_URLS_PER_FILE
            listed |= {path_of(e.url) for e in entries}
        assert listed == {a["path"] for a in articles}
        for feed in manifest["feeds"][:2]:
            _, feed_body = request(gen, feed)
            assert 0 < len(parse_feed(feed_body, gen.url(feed))) <= MAX_URLS_PER_FILE
        sample = articles[3]
        resp, page = request(gen, sample["path"])
        assert resp.status == 200 and 4_000 <= len(page) <= 52_000
        assert request(gen, "/_manifest.json")[0].status == 404
