"""Render the multi-event scenario (``events_data``) as a served web root.

Six outlets, each with an RSS feed: the four fixture markups plus 누리경제
(the modern template under another name) and Han River Times (the English
one). 동방신문 pages are EUC-KR and name no ``og:site_name``. Word-for-word
copies (``COPIES``) sit at other URLs, one of them in EUC-KR; a seed
document holds the hospital report, whose wire page is then a copy of it.
``write_events_web(root)`` returns the labels: path -> event, and path ->
the path of its original for copies. Serve with ``FixtureWeb(root=root)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Optional

from . import templates as T
from .build_site import path_to_file
from .events_data import COPIES, REPORTS, Report

#: outlet -> (template, display name, language)
OUTLETS = {
    "newswire": ("newswire", "한빛통신", "ko"),
    "hanbit": ("hanbit", "한빛일보", "ko"),
    "dongbang": ("dongbang", "동방신문", "ko"),
    "seoultech": ("seoultech", "Seoul Tech Review", "en"),
    "nuri": ("hanbit", "누리경제", "ko"),
    "hanriver": ("seoultech", "Han River Times", "en"),
}
SEED_NAME = "100_hospital_wire.txt"
SEED_REPORT = next(i for i, r in enumerate(REPORTS) if r.event == "hospital" and r.outlet == "newswire")


@dataclass(frozen=True)
class Page:
    """A page for the outlet templates (the fields `templates.Page` asks for)."""

    outlet: str
    path: str
    title: str
    published: str
    author: str
    paragraphs: tuple[str, ...]
    language: str = "ko"
    section: str = "IT·과학"
    modified: Optional[str] = None
    caption: Optional[str] = None
    copyright: Optional[str] = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        first = self.paragraphs[0]
        return first if len(first) <= 160 else first[:157].rstrip() + "…"


def _path(outlet: str, n: int, published: str) -> str:
    day = published[:10].replace("-", "")
    return {
        "newswire": f"/newswire/article/AKR{day}{n:05d}",
        "hanbit": f"/hanbit/news/articleView.html?idxno={5000 + n}",
        "dongbang": f"/dongbang/read.php?no={day}{n:03d}",
        "seoultech": f"/seoultech/{published[:10].replace('-', '/')}/story-{n}/",
        "nuri": f"/nuri/news/{day}/{n}.html",
        "hanriver": f"/hanriver/article/{n}",
    }[outlet]


def _page(report: Report, n: int, title: Optional[str] = None, outlet: Optional[str] = None,
          published: Optional[str] = None) -> Page:
    outlet = outlet or report.outlet
    lang = OUTLETS[outlet][2]
    published = published or report.published
    author = {"ko": "산업부 기자", "en": "Staff reporter"}[lang]
    return Page(outlet, _path(outlet, n, published), title or report.title, published, author,
                report.paragraphs, language=lang)


def _render(page: Page) -> bytes:
    template, name, _lang = OUTLETS[page.outlet]
    html = T.ARTICLE_TEMPLATES[template](Page(**{**page.__dict__, "outlet": template}), [])
    html = html.replace(T.OUTLET_NAMES[template], name)
    return html.encode(T.OUTLET_ENCODING[template], errors="xmlcharrefreplace")


@dataclass
class EventsWeb:
    """What was written: labels for the tests."""

    event_of: dict[str, str] = field(default_factory=dict)  # path -> event
    original_of: dict[str, str] = field(default_factory=dict)  # copy path -> original path (or "seed")
    feeds: dict[str, str] = field(default_factory=dict)  # outlet -> feed path
    seed_text: str = ""

    def sources(self, base: str, *, unnamed: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """[[sources]] for a config; outlets in ``unnamed`` get no configured name."""
        out = []
        for outlet, path in self.feeds.items():
            source = {"type": "feed", "url": base.rstrip("/") + path}
            if outlet not in unnamed:
                source["name"] = OUTLETS[outlet][1]
            out.append(source)
        return out


def write_events_web(root: Path, *, originals_later: bool = False) -> EventsWeb:
    """Write the scenario's pages, feeds and robots.txt under ``root``; return its labels.

    ``originals_later``: the originals of the copies appear only from edition 2
    on (``FixtureWeb.set_edition(2)``), so a first crawl stores the copies before
    their originals exist, the opposite of the download order of one full crawl.
    """
    root = Path(root)
    web = EventsWeb()
    pages: list[Page] = []
    for n, report in enumerate(REPORTS):
        page = _page(report, n)
        pages.append(page)
        web.event_of[page.path] = report.event
    for k, (index, outlet, title, minutes) in enumerate(COPIES):
        report = REPORTS[index]
        when = (datetime.fromisoformat(report.published) + timedelta(minutes=minutes)).isoformat()
        page = _page(report, 100 + k, title=title, outlet=outlet, published=when)
        pages.append(page)
        web.event_of[page.path] = report.event
        web.original_of[page.path] = pages[index].path
    web.original_of[pages[SEED_REPORT].path] = "seed"
    later = {pages[index].path for index, *_ in COPIES} if originals_later else set()
    for page in pages:
        target = (root / "_edition" / "2" if page.path in later else root) / path_to_file(page.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_render(page))
    for layer, shown in ((root, [p for p in pages if p.path not in later]), (root / "_edition" / "2", pages)):
        if layer != root and not later:
            continue
        for outlet, (_template, name, _lang) in OUTLETS.items():
            mine = sorted((p for p in shown if p.outlet == outlet), key=lambda p: p.published, reverse=True)
            items = [(T.a_url(p.path), p.title, p.published, p.summary, p.author) for p in mine]
            (layer / outlet).mkdir(parents=True, exist_ok=True)
            (layer / outlet / "rss.xml").write_bytes(T.rss_feed(f"{name} 전체기사", f"/{outlet}/", items))
            web.feeds[outlet] = f"/{outlet}/rss.xml"
    (root / "robots.txt").write_bytes(b"User-agent: *\nAllow: /\n")
    seed = REPORTS[SEED_REPORT]
    web.seed_text = seed.title + "\n" + "\n".join(seed.paragraphs) + "\n한빛통신\n"
    return web


def write_seed(seeds_dir: Path, web: EventsWeb) -> Path:
    """The hospital report as a seed document (its wire page is then a copy of the seed)."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    target = seeds_dir / SEED_NAME
    target.write_text(web.seed_text, encoding="utf-8")
    return target
