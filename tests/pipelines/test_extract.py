"""Extraction into the item, and the analyse pipeline's process_item (inline, no worker pool)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newsmon.items import ArticleItem
from newsmon.pages.extract import extract_article
from newsmon.topics import load_topics
from pipelines.analyse import AnalysePipeline
from pipelines.extract import extract_into, fill_item
from tests.fixtureweb.articles import ARTICLES
from tests.fixtureweb.build_site import path_to_file
from tests.pipelines.stats import Stats

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "tests" / "fixtureweb" / "site"
PAGE = next(a for a in ARTICLES if a.outlet == "hanbit" and a.edition == 1)


def page(path: str) -> ArticleItem:
    return ArticleItem(url=f"http://127.0.0.1:8000{path}", html=(SITE / path_to_file(path)).read_bytes(),
                       content_type="text/html; charset=utf-8", hint={"title": "feed title"})


def test_the_page_description_becomes_the_summary() -> None:
    html = b"""<html><head><title>KT and Microsoft sign an AI deal</title>
    <meta name="description" content="A five-year AI and cloud partnership."></head>
    <body><article><h1>KT and Microsoft sign an AI deal</h1><p>""" + b"KT and Microsoft agreed to work together. " * 10 + b"</p></article></body></html>"
    article = extract_article(html, "http://news.example/a")
    item = fill_item(ArticleItem(url="http://news.example/a?utm_source=x", hint={"title": "h"}), article)
    assert item.summary == "A five-year AI and cloud partnership." == article.description
    assert item.title == article.title and item.body == article.body and item.canonical_url == article.canonical_url
    assert item.url == "http://news.example/a?utm_source=x" and item.hint == {"title": "h"}


def test_extract_into_fills_a_fixture_page_and_drops_its_bytes() -> None:
    item = page(PAGE.path)
    assert extract_into(item) is item and item.html is None
    assert item.title == PAGE.title and item.summary == PAGE.summary
    assert item.published_at is not None and item.authors


def test_analyse_pipeline_passes_articles_on_and_drops_other_pages() -> None:
    stats = Stats()
    pipe = AnalysePipeline(0, load_topics(ROOT / "seeds"), stats)
    pipe.open_spider()
    try:
        out = asyncio.run(pipe.process_item(page(PAGE.path)))
        assert out.summary == PAGE.summary and out.relevant is PAGE.relevant and out.minhash is not None
        with pytest.raises(DropItem):
            asyncio.run(pipe.process_item(ArticleItem(url="http://127.0.0.1:8000/", html=(SITE / "index.html").read_bytes())))
        assert asyncio.run(pipe.process_item("not an item")) == "not an item"
    finally:
        pipe.close_spider()
    assert stats.values["newsmon/articles/extracted"] == 1 and stats.values["newsmon/dropped/not_article"] == 1
    assert stats.values["newsmon/articles/relevant" if PAGE.relevant else "newsmon/articles/irrelevant"] == 1
