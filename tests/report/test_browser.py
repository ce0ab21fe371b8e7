"""The report in a real headless Chromium, at laptop and phone widths.

Chromium comes from the project's setup (.ci/run installs Debian's
``chromium``). Where it is missing these tests skip and say so, unless
NEWSMON_REQUIRE_BROWSER=1 (as in CI), where they fail. Set
NEWSMON_SCREENSHOTS=DIR to keep the screenshots for a look.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Iterator

import pytest

from tests.report import browser
from tests.report.conftest import Crawled

VIEWPORTS = {"laptop": (1366, 900), "phone": (390, 844)}
REQUIRED = os.environ.get("NEWSMON_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def chromium() -> Iterator[browser.Browser]:
    if not browser.available():
        message = f"Chromium not found at {browser.CHROMIUM}: install Debian's chromium (.ci/run does) to run browser tests"
        if REQUIRED:
            pytest.fail(message + " (required: NEWSMON_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    with browser.Browser() as b:
        yield b


def not_blank(png: bytes, size: tuple[int, int]) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == size
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 40, f"only {len(colours)} colours: a blank or unstyled page"
    light = sum(n for n, (r, g, b) in colours if min(r, g, b) > 235)
    assert light < 0.97 * size[0] * size[1], "almost all white"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("page", ["index", "development"])
def test_the_report_renders_in_chromium(crawled: Crawled, chromium: browser.Browser, page: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    dev_id = max(d["id"] for d in crawled.developments() if d["article_count"] > 1)
    path = crawled.report / ("index.html" if page == "index" else f"developments/{dev_id}.html")
    visit = chromium.visit(path, width=width, height=height)
    keep = os.environ.get("NEWSMON_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{page}-{viewport}.png").write_bytes(visit.screenshot)
    assert visit.errors == []
    m = visit.measures
    assert m["plot_loaded"], "the timeline picture did not load"
    # The picture fills its frame: the content column (1080 px at most, less 1 rem margins each side),
    # a development's own at most 760 px; the frame has 0.6 rem padding and a 1 px border.
    frame = min(width - 32, 1080 - 32 if page == "index" else 760)
    assert abs(m["plot_width"] - (frame - 2 * 10.6)) < 2 and m["plot_height"] > 80, m
    assert m["scroll_width"] <= m["inner_width"], "the page scrolls sideways"
    assert visit.requested and all(u.startswith("file://") for u in visit.requested), visit.requested
    not_blank(visit.screenshot, (width, height))


def test_the_phone_gets_the_narrow_timeline(crawled: Crawled, chromium: browser.Browser) -> None:
    phone = chromium.visit(crawled.report / "index.html", width=390, height=844)
    laptop = chromium.visit(crawled.report / "index.html", width=1366, height=900)
    assert any(u.endswith("/timeline-narrow.svg") for u in phone.requested)
    assert any(u.endswith("/timeline.svg") for u in laptop.requested)
    assert not any(u.endswith("/timeline-narrow.svg") for u in laptop.requested)


def test_the_report_prints(crawled: Crawled, chromium: browser.Browser) -> None:
    import re

    for page in ("index.html", "sources.html"):
        pdf = chromium.pdf(crawled.report / page)
        assert pdf.startswith(b"%PDF-")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 6, pages
        assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf or b"/XObject" in pdf or page != "index.html"
