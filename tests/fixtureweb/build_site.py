"""Write the hand-made fixture news web (``site/``) and its ``manifest.json``.

The pages under ``site/`` are checked in so the web can be read and diffed as
files; this module is how they were made, and `test_fixtureweb` checks that the
checked-in files still equal what it renders. Run after editing `articles.py`:

    python -m tests.fixtureweb.build_site

Layout of a served root (also used by `generate`): a URL path maps to a file
(``/a/b/`` -> ``a/b/index.html``; ``/x.php?no=1`` -> ``x.php@no=1``);
``_edition/N/`` overlays the root from edition N on; ``_special.json`` lists
redirects and error pages. Names starting with ``_`` are never served.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

from . import templates as T
from .articles import (
    ARTICLES,
    NOT_FOUND_PATH,
    PRIVATE_ARTICLE,
    REDIRECT_PATH,
    REDIRECT_TARGET,
    SERVER_ERROR_PATH,
    Article,
    by_outlet,
)
from .faults import STATIC_FAULTS

SITE_DIR = Path(__file__).parent / "site"
MANIFEST_PATH = Path(__file__).parent / "manifest.json"
EDITION2_LASTMOD = "2024-12-19T09:00:00+09:00"
EDITION1_LASTMOD = "2024-12-12T09:31:00+09:00"


def path_to_file(url_path: str) -> str:
    """Relative file name holding a URL path (query kept after an ``@``)."""
    path, _, query = url_path.partition("?")
    rel = path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return rel + ("@" + query if query else "")


def _others(a: Article, edition: int) -> list[Article]:
    """The outlet's other articles of the edition, for related/popular lists."""
    return [o for o in by_outlet(a.outlet, edition) if o.path != a.path]


def _hanbit_feed(edition: int) -> bytes:
    items = []
    for i, a in enumerate(by_outlet("hanbit", edition)):
        # Most links are absolute; every third is relative, as some CMSs write them.
        link = a.path if i % 3 == 1 else T.a_url(a.path)
        if a.path == REDIRECT_TARGET:
            link = T.a_url(REDIRECT_PATH)
        items.append((link, a.title, a.published, a.summary, a.author))
    items.append((T.a_url(NOT_FOUND_PATH), "삭제된 기사입니다", "2024-11-30T09:00:00+09:00", "이 기사는 삭제되었습니다.", "편집국"))
    items.append((T.a_url(SERVER_ERROR_PATH), "KT 클라우드 장애 복구…서비스 정상화", "2024-11-29T18:00:00+09:00", "서버 오류로 열리지 않는 기사.", "편집국"))
    items.sort(key=lambda item: item[2], reverse=True)
    return T.rss_feed("한빛일보", "/hanbit/", items)


def render_site(edition_max: int = 2) -> dict[str, bytes]:
    """Every file of the hand-made web, keyed by its path relative to ``site/``."""
    files: dict[str, bytes] = {}
    for a in ARTICLES:
        prefix = "" if a.edition == 1 else f"_edition/{a.edition}/"
        files[prefix + path_to_file(a.path)] = T.render_article(a, _others(a, a.edition))
    files[path_to_file(PRIVATE_ARTICLE.path)] = T.render_article(PRIVATE_ARTICLE, by_outlet("dongbang", 1))

    for edition in range(1, edition_max + 1):
        prefix = "" if edition == 1 else f"_edition/{edition}/"
        lastmod = EDITION1_LASTMOD if edition == 1 else EDITION2_LASTMOD
        changed = {a.outlet for a in ARTICLES if a.edition == edition} if edition > 1 else set(T.OUTLET_NAMES)
        if "hanbit" in changed:
            files[prefix + "hanbit/rss.xml"] = _hanbit_feed(edition)
        if "seoultech" in changed:
            files[prefix + "seoultech/atom.xml"] = T.atom_feed("Seoul Tech Review", "/seoultech/", by_outlet("seoultech", edition))
        if "newswire" in changed:
            wire = by_outlet("newswire", edition)
            recent = [a for a in wire if a.published >= "2024-11-01"]
            archive = [a for a in wire if a.published < "2024-11-01"]
            files[prefix + "newswire/news-sitemap.xml"] = T.news_sitemap(recent, "한빛통신")
            if edition == 1:
                files["newswire/sitemap-archive.xml.gz"] = gzip.compress(T.plain_sitemap(archive), mtime=0)
                files["newswire/sitemap-index.xml"] = T.sitemap_index(
                    ["/newswire/news-sitemap.xml", "/newswire/sitemap-archive.xml.gz"], lastmod
                )
        if "dongbang" in changed:
            listing = by_outlet("dongbang", edition)
            # The /private/ link sits among real articles: only robots.txt keeps it out.
            files[prefix + "dongbang/list.html"] = T.dongbang_listing(
                listing[:2] + [PRIVATE_ARTICLE] + listing[2:]
            ).encode("cp949", errors="xmlcharrefreplace")
        for outlet in changed:
            files[prefix + f"{outlet}/index.html"] = T.outlet_index(outlet, by_outlet(outlet, edition))

    files["robots.txt"] = (
        "User-agent: *\nDisallow: /private/\n\nSitemap: {base}/newswire/sitemap-index.xml\n"
    ).encode("ascii")
    files["index.html"] = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>fixture news web</title></head><body><ul>'
        + "".join(f'<li><a href="/{o}/">{n}</a></li>' for o, n in T.OUTLET_NAMES.items())
        + "</ul></body></html>\n"
    ).encode("utf-8")
    for rel, text in STATIC_FAULTS.items():
        files[rel] = text.encode("utf-8")
    files["_special.json"] = json.dumps(special_routes(), ensure_ascii=False, indent=1).encode("utf-8")
    return files


def special_routes() -> dict[str, Any]:
    """Redirects and error pages of the hand-made web."""
    return {
        "redirects": {REDIRECT_PATH: [301, REDIRECT_TARGET]},
        "errors": {SERVER_ERROR_PATH: 500},
    }


def manifest() -> dict[str, Any]:
    """Expected outcomes: one entry per article URL path, plus the broken and disallowed URLs."""
    articles = []
    for a in ARTICLES:
        articles.append(
            {
                "path": a.path,
                "outlet": a.outlet,
                "title": a.title,
                "language": a.language,
                "relevant": a.relevant,
                "published": a.published,
                "scenario": a.scenario,
                "duplicate_of": a.duplicate_of,
                "development": a.development,
                "edition": a.edition,
                "discovered_via": {
                    "hanbit": "/hanbit/rss.xml",
                    "seoultech": "/seoultech/atom.xml",
                    "newswire": "/newswire/sitemap-index.xml",
                    "dongbang": "/dongbang/list.html",
                }[a.outlet],
            }
        )
    return {
        "articles": articles,
        "redirects": {REDIRECT_PATH: REDIRECT_TARGET},
        "not_found": [NOT_FOUND_PATH],
        "server_error": [SERVER_ERROR_PATH],
        "robots_disallowed": [PRIVATE_ARTICLE.path],
        "feeds": ["/hanbit/rss.xml", "/seoultech/atom.xml"],
        "sitemaps": ["/newswire/sitemap-index.xml"],
        "listings": ["/dongbang/list.html"],
    }


def manifest_bytes() -> bytes:
    return (json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_site(site_dir: Path = SITE_DIR, manifest_path: Path = MANIFEST_PATH) -> int:
    """Replace ``site_dir`` with a fresh render and write the manifest; returns the file count."""
    files = render_site()
    if site_dir.exists():
        shutil.rmtree(site_dir)
    for rel, data in files.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest_path.write_bytes(manifest_bytes())
    return len(files)


if __name__ == "__main__":
    print(f"wrote {write_site()} files to {SITE_DIR}")
