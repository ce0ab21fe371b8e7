"""The HTML report, the Atom feed and the digest's picture, built from crawls of the fixture web."""

from __future__ import annotations

import os
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit
from xml.etree import ElementTree as ET

import lxml.html

from tests.alerts.test_notify import Receiver
from tests.report.conftest import Crawled, crawl_setup

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def references(page: Path) -> list[tuple[str, str]]:
    """(tag, URL) of every link, image, picture source, stylesheet and script in ``page``."""
    doc = lxml.html.fromstring(page.read_bytes())
    found = [(el.tag, el.get("href")) for el in doc.iter("a", "link") if el.get("href")]
    found += [(el.tag, el.get("src")) for el in doc.iter("img", "script", "iframe") if el.get("src")]
    found += [(el.tag, el.get("srcset")) for el in doc.iter("source", "img") if el.get("srcset")]
    return found


def series(svg: Path) -> set[int]:
    """Development ids with a drawn series (each development's bars are one group, id="dev-<id>")."""
    ids = [int(m) for m in re.findall(r'<g id="dev-(\d+)">', svg.read_text(encoding="utf-8"))]
    assert len(ids) == len(set(ids)), "a development drawn twice"
    return set(ids)


def atom_entries(text: str) -> dict[str, dict[str, Any]]:
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert (feed.findtext(f"{A}{required}") or "").strip(), required
    assert feed.find(f"{A}author/{A}name") is not None
    assert RFC3339.match(feed.findtext(f"{A}updated") or "")
    entries = {}
    for entry in feed.findall(f"{A}entry"):
        got = {tag: (entry.findtext(f"{A}{tag}") or "").strip() for tag in ("id", "title", "updated", "summary")}
        assert all(got[t] for t in ("id", "title", "updated")), got
        assert RFC3339.match(got["updated"])
        got["links"] = {link.get("rel"): link.get("href") for link in entry.findall(f"{A}link")}
        assert got["id"] not in entries
        entries[got["id"]] = got
    return entries


def test_every_development_is_in_the_report_and_every_link_resolves(crawled: Crawled) -> None:
    report = crawled.report
    assert report.is_symlink() and (report / "index.html").is_file()
    devs = crawled.developments()
    assert len(devs) >= 4
    index = (report / "index.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(index)
    listed = [int(li.get("id").split("-")[1]) for li in doc.cssselect("li.dev")] if hasattr(doc, "cssselect") else [
        int(el.get("id").split("-")[1]) for el in doc.iter("li") if (el.get("id") or "").startswith("dev-")
    ]
    assert sorted(listed) == sorted(d["id"] for d in devs)
    # Newest first, by the date each development happened.
    dates = [el.get("datetime") for el in doc.iter("time")]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(devs)
    for d in devs:
        page = report / "developments" / f"{d['id']}.html"
        text = page.read_text(encoding="utf-8")
        assert lxml.html.fromstring(text).findtext(".//h1").strip().startswith(d["title"][:20])
        assert f"<b>{d['article_count']}</b> article" in text
        for source in d["sources"]:
            assert source in text
    assert "kt-microsoft" in index and "KT" in index and "Microsoft" in index  # the watch: topic and entities
    assert "[팩플] KT·MS ‘한국형 GPT-4o’ 만든다" in index  # the seed

    pages = [report / "index.html", report / "sources.html", *(report / "developments").glob("*.html")]
    checked = 0
    for page in pages:
        for tag, url in references(page):
            assert tag != "script", f"{page.name} has a script"
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                assert tag == "a", f"{page.name}: {tag} loads {url} from the network"
                continue
            assert not parts.scheme and not parts.netloc, url
            path, fragment = urldefrag(url)
            target = (page.parent / path).resolve()
            assert target.is_file(), f"{page.name}: {url} -> missing {target}"
            if fragment:
                assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), url
            checked += 1
        assert "@import" not in page.read_text(encoding="utf-8") and "url(" not in page.read_text(encoding="utf-8")
    assert checked > 3 * len(pages)


def test_the_timelines_have_one_series_per_development(crawled: Crawled) -> None:
    devs = crawled.developments()
    ids = {d["id"] for d in devs}
    for name in ("timeline.svg", "timeline-narrow.svg"):
        svg = crawled.report / name
        assert series(svg) == ids, name
        text = svg.read_text(encoding="utf-8")
        assert "<image" not in text and re.findall(r'href="([^"#][^"]*)"', text) == []  # nothing loaded from elsewhere
    for d in devs:
        assert series(crawled.report / "developments" / f"{d['id']}.svg") == {d["id"]}
    # Each development is labelled on the plot by its number (drawn as outlines, so in the legend/annotation
    # text as the alt text states it too).
    alt = lxml.html.fromstring((crawled.report / "index.html").read_bytes()).get_element_by_id("coverage-plot").get("alt")
    for d in devs:
        assert f"#{d['id']} " in alt


def test_the_atom_feed_is_valid_and_points_into_the_report(crawled: Crawled) -> None:
    text = (crawled.report / "developments.atom").read_text(encoding="utf-8")
    entries = atom_entries(text)
    devs = {d["id"]: d for d in crawled.developments()}
    assert len(entries) == len(devs)
    for entry_id, entry in entries.items():
        dev_id = int(entry_id.rsplit("/", 1)[1])
        assert entry_id == f"tag:newsmon,2024:kt-microsoft/development/{dev_id}"
        assert entry["title"] == devs[dev_id]["title"]
        assert (crawled.report / entry["links"]["alternate"]).is_file()
        assert entry["links"]["related"].startswith("http://127.0.0.1:") or devs[dev_id]["seeded"]
    # A feed reader's parser takes it without complaint and sees every entry with its links.
    import feedparser

    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and len(parsed.entries) == len(devs)
    for e in parsed.entries:
        assert e.id in entries and e.link.endswith(".html") and e.updated_parsed
    # The command prints the same feed.
    result = crawled.newsmon("developments", "--format", "atom")
    assert result.returncode == 0, result.stderr
    assert result.stdout == text


def test_the_crawl_notified_the_webhook_once_and_the_digest_shows_the_timeline(crawled: Crawled) -> None:
    assert len(crawled.receiver.posts) == 1
    post = crawled.receiver.posts[0]
    assert post["path"] == "/newsmon" and post["json"]["title"].startswith("[newsmon] ")
    new_devs = [d for d in crawled.developments() if not d["seeded"]]
    for d in new_devs:
        assert d["title"][:15].replace("[", "［") in post["json"]["message"]

    (eml,) = sorted(crawled.outbox.glob("*.eml"))
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert all(d["title"][:15] in text for d in new_devs) and "cid:" not in text
    html = msg.get_body(preferencelist=("html",))
    related = msg.get_payload()[1]
    assert related.get_content_type() == "multipart/related"
    (image,) = [p for p in related.iter_parts() if p.get_content_type() == "image/png"]
    png = image.get_content()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    cid = image["Content-ID"].strip("<>")
    img = lxml.html.fromstring(html.get_content()).xpath("//img")[0]
    assert img.get("src") == f"cid:{cid}"
    assert img.get("alt").startswith("Coverage per day of:") and new_devs[0]["title"][:10] in img.get("alt")


def test_report_refuses_a_folder_it_did_not_write(crawled: Crawled, tmp_path: Path) -> None:
    mine = tmp_path / "my-notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me")
    result = crawled.newsmon("report", "--out", str(mine))
    assert result.returncode == 1
    assert result.stderr.startswith("newsmon: error: ") and "not overwriting" in result.stderr
    assert (mine / "todo.txt").read_text() == "keep me" and not mine.is_symlink()

    fresh = tmp_path / "site" / "report"
    result = crawled.newsmon("report", "--out", str(fresh))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"report written: {fresh / 'index.html'}"
    assert series(fresh / "timeline.svg") == series(crawled.report / "timeline.svg")


def test_each_crawl_swaps_in_a_new_report_atomically_with_stable_feed_ids(tmp_path: Path, web: Any) -> None:
    with Receiver() as receiver:
        setup = crawl_setup(tmp_path, web, receiver)
        assert setup.newsmon("crawl").returncode == 0
        first_target = os.readlink(setup.report)
        first = atom_entries((setup.report / "developments.atom").read_text(encoding="utf-8"))
        assert len(receiver.posts) == 1

        assert setup.newsmon("crawl").returncode == 0  # nothing new
        assert len(receiver.posts) == 1  # no message without news
        second_target = os.readlink(setup.report)
        assert second_target != first_target
        assert not (setup.report.parent / first_target).exists()  # the replaced version is gone
        leftovers = [p.name for p in setup.report.parent.iterdir() if p.name != "report"]
        assert leftovers == [second_target]
        again = atom_entries((setup.report / "developments.atom").read_text(encoding="utf-8"))
        assert {k: v["updated"] for k, v in again.items()} == {k: v["updated"] for k, v in first.items()}

        web.set_edition(2)
        assert setup.newsmon("crawl").returncode == 0
        assert len(receiver.posts) == 2  # one message for the run with news
        third = atom_entries((setup.report / "developments.atom").read_text(encoding="utf-8"))
        assert set(first) <= set(third)  # every entry kept its id
        counts = {d["id"]: d["article_count"] for d in setup.developments()}
        grown = [k for k in first if counts[int(k.rsplit("/", 1)[1])] > int(re.search(r"(\d+) article", first[k]["summary"]).group(1))]
        assert grown, "edition 2 adds coverage to a known development"
        for k in first:
            changed = third[k]["updated"] != first[k]["updated"]
            assert changed == (k in grown), k
        assert series(setup.report / "timeline.svg") == set(counts)


def test_a_report_of_an_empty_watch(tmp_path: Path) -> None:
    from tests.conftest import run_newsmon, write_config

    config = write_config(tmp_path / "newsmon.toml", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", sources=[])
    result = run_newsmon("report", "--out", str(tmp_path / "out"), config=config)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "No developments yet" in index and "0 developments, 0 articles" in index
    assert atom_entries((tmp_path / "out" / "developments.atom").read_text(encoding="utf-8")) == {}
    assert series(tmp_path / "out" / "timeline.svg") == set()


def test_a_report_that_cannot_be_written_does_not_fail_the_crawl(tmp_path: Path, web: Any) -> None:
    import json

    with Receiver() as receiver:
        setup = crawl_setup(tmp_path, web, receiver)
        setup.report.mkdir(parents=True)
        (setup.report / "notes.txt").write_text("someone else's folder")
        result = setup.newsmon("crawl")
        assert result.returncode == 0, result.stderr
        assert "report not written" in result.stderr and "not overwriting" in result.stderr
        assert (setup.report / "notes.txt").read_text() == "someone else's folder"
        assert len(receiver.posts) == 1  # the alerts went out all the same
        runs = json.loads(setup.newsmon("runs", "--format", "json").stdout)
        assert runs[0]["status"] == "ok" and runs[0]["errors"].get("report") == 1
