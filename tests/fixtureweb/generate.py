"""Write a large synthetic news web for benchmarks and the crash soak test.

`generate_web(root, n)` renders N article pages through the same outlet
templates as the hand-made web (Korean and English, 5–50 KB each), plus
RSS/Atom feeds, listing pages and sitemaps split at 500 URLs with a sitemap
index, and a ``_manifest.json`` (not served) in the hand-made web's format.
The text comes from `textgen`: ~30% of the pages report one of n/50
KT–Microsoft events (a development each, with its own facts), the rest are
unrelated news, and ~10% are syndicated near-copies of an earlier relevant
story. Unrelated pages are as different as real news (estimated Jaccard
~0.02 on average under ``newsmon.events.neardup``), so near-duplicates and
developments in a crawl are the designed ones. The output depends only on
(n, seed), and `FixtureWeb(root=...)` serves it.

    python -m tests.fixtureweb.generate /tmp/web 10000
"""

from __future__ import annotations

import html
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from . import templates as T
from . import textgen
from .articles import Article
from .build_site import path_to_file

KST = timezone(timedelta(hours=9))
OUTLETS = ("hanbit", "seoultech", "dongbang", "newswire")
MAX_URLS_PER_FILE = 500
LISTING_PAGE_SIZE = 50

#: One development (a KT-Microsoft event) per this many pages; each is reported for about two events' time.
PAGES_PER_DEVELOPMENT = 50
START = datetime(2024, 9, 1, 6, 0, tzinfo=KST)
MINUTES_PER_PAGE = 17


def _events(n_articles: int, seed: int) -> list[textgen.Event]:
    """The story's developments, evenly spread over the web's time span.

    Neighbours differ in kind, and no two share a programme name ("Secure Lab"
    and "Secure Lab 2" only far apart): reports of different events should not
    look like one.
    """
    rng = random.Random(f"events-{seed}")
    count = max(3, n_articles // PAGES_PER_DEVELOPMENT)
    events: list[textgen.Event] = []

    def base(name: str) -> str:
        return " ".join(name.split()[:2])

    for k in range(count):
        day = (START + timedelta(minutes=k * n_articles // count * MINUTES_PER_PAGE)).date()
        recent = {e.kind for e in events[-2:]}
        kind = rng.choice([x for x in textgen.EVENT_KINDS if x not in recent])
        taken = {e.name for e in events} | {base(e.name) for e in events[-10:]}
        while True:
            event = textgen.new_event(rng, day, key=f"gen-dev-{k}", kind=kind)
            if event.name not in taken and base(event.name) not in taken:
                break
        events.append(event)
    return events


def _path(outlet: str, i: int, when: datetime) -> str:
    if outlet == "hanbit":
        return f"/hanbit/news/articleView.html?idxno={100000 + i}"
    if outlet == "seoultech":
        return f"/seoultech/{when:%Y/%m/%d}/story-number-{i}-from-seoul/"
    if outlet == "dongbang":
        return f"/dongbang/read.php?no={when:%Y%m%d}{i:06d}"
    return f"/newswire/article/AKR{when:%Y%m%d}{i:07d}"


#: Bytes of chrome and markup around the body (most seen), per outlet: keeps pages within 5-50 KB.
OVERHEAD = {"hanbit": 7_300, "seoultech": 5_400, "dongbang": 6_100, "newswire": 4_800}
MIN_BODY = 3_500


def _body_bytes(outlet: str) -> Callable[[str], int]:
    """Bytes a paragraph adds to the page: escaped, in the outlet's encoding (CP949 for 동방신문), in <p>."""
    codec = T.OUTLET_ENCODING[outlet]
    return lambda p: len(html.escape(p).encode(codec, errors="xmlcharrefreplace")) + 8


def _article(rng: random.Random, i: int, n_articles: int, events: list[textgen.Event], originals: list[Article]) -> Article:
    outlet = OUTLETS[i % len(OUTLETS)]
    english = outlet == "seoultech"
    when = START + timedelta(minutes=i * MINUTES_PER_PAGE + rng.randint(0, MINUTES_PER_PAGE - 1))
    path = _path(outlet, i, when)
    target_bytes = int(5_500 * (10 ** rng.uniform(0, 0.95)))  # 5.5–49 KB, log-uniform
    measure = _body_bytes(outlet)
    if originals and not english and rng.random() < 0.10:
        src = rng.choice(originals)
        paras = list(src.paragraphs)
        if len(paras) > 3:
            del paras[rng.randrange(1, len(paras))]
        if rng.random() < 0.3:  # and the outlet adds a paragraph of its own
            paras.append(textgen.write_article(rng, size=0, min_paragraphs=1, traps=0).paragraphs[0])
        # A long CP949 original grows by half in UTF-8: keep the copy within 50 KB in its outlet's encoding.
        size, kept = OVERHEAD[outlet], []
        for para in paras:
            size += measure(para)
            if size > 49_500 and len(kept) >= 4:
                break
            kept.append(para)
        return Article(
            outlet=outlet, path=path, title=src.title.replace("…", " ") + " (종합)", published=when.isoformat(),
            author=rng.choice(("온라인뉴스팀", "디지털뉴스부", "산업부")), paragraphs=tuple(kept), relevant=src.relevant,
            scenario="syndicated", development=src.development, duplicate_of=src.path,
            copyright="ⓒ 한빛통신 제공. 무단전재-재배포 금지",
        )
    relevant = rng.random() < 0.30
    event = None
    if relevant:
        # The newest event, or the one before it while that is still being reported;
        # event k starts at page k * n / len(events), on its day (see _events).
        k = min(len(events) - 1, i * len(events) // n_articles)
        event = events[k if k == 0 or rng.random() < 0.65 else k - 1]
    text = textgen.write_article(
        rng, language="en" if english else "ko", relevant=relevant, event=event,
        size=max(MIN_BODY, target_bytes - OVERHEAD[outlet]), measure=measure,
    )
    return Article(
        outlet=outlet, path=path, title=text.title, published=when.isoformat(),
        author=rng.choice(("정다은 기자", "최현우 기자", "한지수 기자", "Daniel Oh", "Grace Yoon") if english else ("정다은 기자", "최현우 기자", "한지수 기자")),
        paragraphs=text.paragraphs, relevant=relevant, scenario="generated",
        development=event.key if event else None, language=text.language,
    )


def _manifest_entry(a: Article) -> dict[str, Any]:
    return {
        "path": a.path, "outlet": a.outlet, "title": a.title, "language": a.language, "relevant": a.relevant,
        "published": a.published, "scenario": a.scenario, "duplicate_of": a.duplicate_of,
        "development": a.development, "edition": 1,
    }


def _chunks(items: list[Article], size: int) -> list[list[Article]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def generate_web(root: Path, n_articles: int, seed: int = 0) -> dict[str, Any]:
    """Write a synthetic web of ``n_articles`` pages under ``root``; returns its manifest.

    Feeds: ``/hanbit/rss-N.xml``, ``/newswire/rss-N.xml``, ``/seoultech/atom-N.xml``;
    listings ``/dongbang/list-N.html``; sitemaps ``/<outlet>/sitemap-N.xml`` listed
    by ``/sitemap-index.xml`` (also named in robots.txt). Every file holds <= 500 URLs.
    """
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    events = _events(n_articles, seed)
    articles: list[Article] = []
    originals: list[Article] = []
    recent: dict[str, list[Article]] = {o: [] for o in OUTLETS}
    made_dirs: set[Path] = set()
    for i in range(n_articles):
        art = _article(rng, i, n_articles, events, originals)
        if art.relevant and art.duplicate_of is None and art.language == "ko":
            originals.append(art)
            if len(originals) > 200:
                originals.pop(0)
        target = root / path_to_file(art.path)
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        others = recent[art.outlet][-8:][::-1]
        target.write_bytes(T.render_article(art, others))
        recent[art.outlet].append(art)
        if len(recent[art.outlet]) > 16:
            del recent[art.outlet][:8]
        articles.append(art)

    by_outlet = {o: sorted((a for a in articles if a.outlet == o), key=lambda a: a.published, reverse=True) for o in OUTLETS}
    sitemap_paths: list[str] = []
    for outlet, items in by_outlet.items():
        for n, chunk in enumerate(_chunks(items, MAX_URLS_PER_FILE), 1):
            rel = f"{outlet}/sitemap-{n}.xml"
            (root / outlet).mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(T.news_sitemap(chunk, T.OUTLET_NAMES[outlet], "en" if outlet == "seoultech" else "ko"))
            sitemap_paths.append("/" + rel)
            if outlet in ("hanbit", "newswire"):
                feed = [(T.a_url(a.path), a.title, a.published, a.summary, a.author) for a in chunk]
                (root / f"{outlet}/rss-{n}.xml").write_bytes(T.rss_feed(T.OUTLET_NAMES[outlet], f"/{outlet}/", feed))
            elif outlet == "seoultech":
                (root / f"seoultech/atom-{n}.xml").write_bytes(T.atom_feed("Seoul Tech Review", "/seoultech/", chunk))
        if outlet == "dongbang":
            for n, chunk in enumerate(_chunks(items, LISTING_PAGE_SIZE), 1):
                (root / f"dongbang/list-{n}.html").write_bytes(
                    T.dongbang_listing(chunk).encode("cp949", errors="xmlcharrefreplace")
                )
    (root / "sitemap-index.xml").write_bytes(T.sitemap_index(sitemap_paths, "2024-12-31T00:00:00+09:00"))
    (root / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap-index.xml\n")
    manifest = {
        "articles": [_manifest_entry(a) for a in articles],
        "sitemaps": ["/sitemap-index.xml"],
        "feeds": sorted(
            f"/{p.parent.name}/{p.name}" for p in list(root.glob("*/rss-*.xml")) + list(root.glob("*/atom-*.xml"))
        ),
        "listings": sorted(f"/dongbang/{p.name}" for p in root.glob("dongbang/list-*.html")),
        "seed": seed,
    }
    (root / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


if __name__ == "__main__":
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    started = datetime.now()
    generate_web(out, count, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    print(f"{count} pages in {(datetime.now() - started).total_seconds():.1f}s -> {out}")
