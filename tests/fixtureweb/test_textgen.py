"""The generated news text: unrelated articles are as different as real news, the
designed copies are near-duplicates, reports of an event are relevant and name its facts."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from newsmon.events import neardup
from newsmon.pages.extract import extract_article
from newsmon.topics import load_topics
from tests.conftest import ROOT
from tests.fixtureweb.build_site import path_to_file
from tests.fixtureweb.generate import generate_web
from tests.fixtureweb.textgen import new_event, write_article


def _relevant(title: str, paragraphs: tuple[str, ...]) -> bool:
    return any(t.match(title, "\n\n".join(paragraphs)).relevant for t in load_topics(ROOT / "seeds"))


def test_unrelated_articles_are_not_near_duplicates() -> None:
    rng = random.Random(5)
    texts = [write_article(rng, language="en" if i % 4 == 0 else "ko", size=rng.choice((1_500, 6_000, 30_000)))
             for i in range(60)]
    sigs = [neardup.signature(t.title, "\n\n".join(t.paragraphs)) for t in texts]
    pairs = [(a, b) for i, a in enumerate(sigs) for b in sigs[i + 1 :]]
    assert not any(neardup.is_near_duplicate(a, b) for a, b in pairs)
    assert sum(neardup.similarity(a, b) for a, b in pairs) / len(pairs) < 0.05


def test_reports_of_an_event_are_relevant_and_name_its_facts() -> None:
    rng = random.Random(5)
    event = new_event(rng, date(2024, 9, 14), key="e", kind="center")
    for language, day in (("ko", "14일"), ("en", "Sept. 14")):
        report = write_article(rng, language=language, relevant=True, event=event, size=3_000)
        opening = "\n\n".join(report.paragraphs)[:1_500]
        assert event.name in report.title and event.name in opening and day in opening
        assert _relevant(report.title, report.paragraphs)
    for _ in range(20):  # look-alikes (KTX, kt wiz, KT&G, MS as market share, KT or Microsoft alone) are not the story
        other = write_article(rng, language=rng.choice(("ko", "en")), traps=1.0, size=3_000)
        assert not _relevant(other.title, other.paragraphs)


def test_generated_web_near_duplicates_are_the_designed_copies(tmp_path: Path) -> None:
    manifest = generate_web(tmp_path, 300, seed=7)
    articles = manifest["articles"]
    sigs = []
    for a in articles:
        headers = {"Content-Type": "text/html; charset=euc-kr"} if a["outlet"] == "dongbang" else {}
        page = extract_article((tmp_path / path_to_file(a["path"])).read_bytes(), "http://x" + a["path"], headers=headers)
        sigs.append(neardup.signature(page.title or "", page.body))
    group = [a["duplicate_of"] or a["path"] for a in articles]
    found = {(i, j) for i in range(len(sigs)) for j in range(i) if neardup.is_near_duplicate(sigs[i], sigs[j])}
    designed = {(i, j) for i in range(len(sigs)) for j in range(i) if group[i] == group[j]}
    assert found == designed and len(designed) >= 10
    assert json.loads((tmp_path / "_manifest.json").read_text("utf-8")) == manifest
