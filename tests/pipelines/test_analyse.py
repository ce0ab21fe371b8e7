"""The analyse job (extract -> normalize -> relevance -> signature), as a worker runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmon.events import neardup
from newsmon.items import ArticleItem
from newsmon.topics import load_topics
from pipelines.analyse import analyse, pool_size
from tests.fixtureweb.build_site import path_to_file

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "tests" / "fixtureweb" / "site"
MANIFEST = json.loads((ROOT / "tests" / "fixtureweb" / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def topics() -> list:
    return load_topics(ROOT / "seeds")


def _page(entry: dict) -> ArticleItem:
    html = (SITE / path_to_file(entry["path"])).read_bytes()
    return ArticleItem(url=f"http://127.0.0.1:8000{entry['path']}", html=html, content_type="text/html")


@pytest.mark.parametrize("relevant", [True, False])
def test_a_fixture_page_comes_back_normalized_judged_and_signed(topics: list, relevant: bool) -> None:
    entry = next(a for a in MANIFEST["articles"] if a["relevant"] is relevant and a["edition"] == 1)
    item = analyse(_page(entry), topics)
    assert item is not None and item.html is None
    assert item.title and item.body_hash and item.canonical_url.startswith("http://127.0.0.1:8000/")
    assert item.relevant is relevant and (item.topics == ["kt-microsoft"]) is relevant
    assert item.published_at is not None and item.published_at.tzinfo is not None
    assert item.minhash == neardup.signature(item.title, item.body)


def test_a_page_that_is_not_an_article_gives_none(topics: list) -> None:
    home = ArticleItem(url="http://127.0.0.1:8000/", html=(SITE / "index.html").read_bytes())
    assert analyse(home, topics) is None
    assert analyse(ArticleItem(url="http://127.0.0.1:8000/x.png", html=b"\x89PNG\r\n\x1a\n\x00\x00"), topics) is None


def test_a_seed_arrives_extracted_and_is_still_normalized_judged_and_signed(topics: list) -> None:
    seed = ArticleItem(url="seed:kt.txt", origin="seed", title="  KT·MS 협력  ",
                       body="KT와 마이크로소프트(MS)가 애저 오픈AI 기반 한국형 GPT-4o를 함께 만든다.\u00a0 " * 5)
    item = analyse(seed, topics)
    assert item is not None and item.title == "KT·MS 협력" and "\u00a0" not in item.body
    assert item.relevant and item.minhash is not None and item.canonical_url == "seed:kt.txt"


@pytest.mark.parametrize(("setting", "cpus", "processes"), [(0, 2, 1), (0, 8, 7), (0, 1, 0), (1, 8, 0), (3, 2, 3)])
def test_worker_processes_for_extract_workers(setting: int, cpus: int, processes: int) -> None:
    assert pool_size(setting, cpus) == processes


def test_normalized_text_has_single_spaces_and_keeps_paragraphs() -> None:
    import random
    import re

    from pipelines.normalize import clean_body, clean_line_text

    assert clean_line_text(" KT\u00a0\u00a0·\tMS\u200b 협력\u3000 ") == "KT · MS 협력"
    assert clean_body("첫 문단\u3000\u3000입니다. \r\n\r\n\r\n  둘째\x07 문단 \n") == "첫 문단 입니다.\n\n둘째 문단"
    # The same as the regex definition, on random mixtures of every kind of space.
    spaces = re.compile(r"[ \t\u00a0\u200b\u3000\ufeff]+")
    alphabet = list("a가 \t\u00a0\u200b\u3000\ufeff\u2002\x01\u00ad.") + [" "] * 4
    rnd = random.Random(5)
    for _ in range(20000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        printable = "".join(c if c.isprintable() else " " for c in s)
        assert clean_line_text(s) == spaces.sub(" ", printable).strip(), repr(s)


@pytest.mark.parametrize("relevant", [True, False])
def test_relevant_pages_come_back_with_their_event_terms(topics: list, relevant: bool) -> None:
    """The pure half of developments runs in the worker: terms read with the profile's vocabulary."""
    from newsmon.events.terms import Vocabulary

    entry = next(a for a in MANIFEST["articles"] if a["relevant"] is relevant and a["edition"] == 1)
    item = analyse(_page(entry), topics)
    assert item is not None
    if not relevant:
        assert item.event_terms is None
        return
    expected = Vocabulary.from_topics(topics).terms(item.title, item.body, item.published_at)
    assert item.event_terms == expected
    assert "e:kt" in item.event_terms.terms  # a name from the profile's [developments] table
    assert item.event_terms.story["e:kt"] == 0.2 and item.event_terms.story["w:ai"] == 0.2
