"""A web of real pages for crawl benchmarks: ``make eval``'s public pages behind a sitemap.

Why: the generated fixture web has small pages (5-50 KB) written by the team; real
news pages are ~100-200 KB of markup, scripts and navigation, where extraction costs
several times more per page. Serving the public evaluation pages (htmldate's and
Readability's test pages, see ../shared/eval/README.md) as one site measures the
crawl on pages nobody here wrote. Bytes are served as saved; ``bench.staticserver``
adds ``charset=utf-8`` only to pages that are UTF-8, so the rest are decoded from
their own declarations, as on the real web.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional
from xml.sax.saxutils import escape

from bench.eval_accuracy import data_dir

#: A fixed date for every sitemap entry: the crawl plans by it, nothing else reads it.
LASTMOD = "2024-12-01T00:00:00+09:00"


def source_pages(folder: Path) -> list[Path]:
    """The public pages, in a stable order: htmldate's set, then Readability's."""
    truth = json.loads((folder / "pagedates" / "truth.json").read_text(encoding="utf-8"))
    pages = [folder / "pagedates" / "html" / entry["file"] for entry in truth.values()]
    pages += sorted((folder / "readability").glob("*/source.html"))
    return [p for p in pages if p.is_file()]


def generate(root: Path) -> Optional[dict[str, Any]]:
    """Write the site under ``root`` (reused when already there); None without the eval data."""
    folder = data_dir()
    if folder is None:
        return None
    manifest = root / "_manifest.json"
    pages = source_pages(folder)
    if manifest.exists():
        data = json.loads(manifest.read_text("utf-8"))
        if data.get("pages") == len(pages):
            return data
    (root / "p").mkdir(parents=True, exist_ok=True)
    locs, total = [], 0
    for n, page in enumerate(pages):
        body = page.read_bytes()
        total += len(body)
        (root / "p" / f"{n:04d}.html").write_bytes(body)
        locs.append(f"<url><loc>{{base}}/p/{n:04d}.html</loc><lastmod>{LASTMOD}</lastmod></url>")
    (root / "sitemap-1.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(locs) + "\n</urlset>\n", encoding="utf-8")
    (root / "sitemap-index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{escape('{base}/sitemap-1.xml')}</loc><lastmod>{LASTMOD}</lastmod></sitemap>\n</sitemapindex>\n",
        encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap-index.xml\n", encoding="utf-8")
    data = {"pages": len(pages), "mean_kb": round(total / len(pages) / 1024, 1) if pages else 0}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    return data
