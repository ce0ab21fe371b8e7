"""The timelines as pictures: one series per development, seeded ones marked, Korean labels or a said fallback."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from newsmon.config import ConfigError, parse_config
from newsmon.report import plot
from newsmon.report.data import DevelopmentView

T = datetime(2024, 9, 30, 1, 0, tzinfo=timezone.utc)


def dev(dev_id: int, title: str, per_day: dict[date, int], *, seeded: bool = False) -> DevelopmentView:
    return DevelopmentView(
        id=dev_id, title=title, summary="", seeded=seeded, happened_at=T, first_seen=T, last_seen=T,
        article_count=sum(per_day.values()), original_count=1, outlets=("한빛일보",), articles=(), per_day=per_day,
    )


DEVS = [
    dev(1, "KT·MS ‘한국형 GPT-4o’ 만든다", {date(2024, 9, 30): 3}, seeded=True),
    dev(2, "KT, MS '파이' 기반 금융 특화 소형언어모델", {date(2024, 10, 17): 1}),
    dev(3, "KT·MS, 광화문에 'AI 이노베이션 센터' 공동 개소", {date(2024, 11, 14): 3, date(2024, 11, 15): 1}),
]


def bars(svg: str) -> dict[int, int]:
    """Development id -> number of bars in its series (its group, id="dev-<id>")."""
    return {int(i): body.count("<path") for i, body in re.findall(r'<g id="dev-(\d+)">(.*?)</g>', svg, re.S)}


def test_one_series_per_development_with_a_bar_per_day() -> None:
    svg = plot.coverage_svg(DEVS)
    assert bars(svg) == {1: 1, 2: 1, 3: 2}  # a bar per day with articles
    assert svg.count("<path") > 50  # text drawn as outlines: no font needed to view it
    assert "font-family" not in svg
    assert bars(plot.coverage_svg(DEVS, narrow=True)) == bars(svg)
    assert plot.coverage_svg(DEVS) == svg  # same input, same bytes (no dates or random ids inside)


def test_seeded_developments_are_hatched() -> None:
    svg = plot.coverage_svg(DEVS)
    group = lambda dev_id: re.search(rf'<g id="dev-{dev_id}">(.*?)</g>', svg, re.S).group(1)  # noqa: E731
    assert "url(#h" in group(1)  # a hatch pattern fill
    assert "url(#h" not in group(2) and "url(#h" not in group(3)


def test_korean_labels_need_a_korean_font_and_the_fallback_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    if plot.korean_font() is None:
        pytest.skip("no Korean-capable font here (fonts-noto-cjk); the fallback is tested below")
    assert plot.font_note() == ""
    with_font = plot.coverage_svg(DEVS)
    monkeypatch.setattr(plot, "korean_font", lambda: None)
    assert "Korean-capable font" in plot.font_note()
    fallback = plot.coverage_svg(DEVS)
    assert bars(fallback) == bars(with_font)
    assert fallback != with_font  # labels are numbers and dates now, not titles


def test_the_digest_picture_is_a_png() -> None:
    png = plot.digest_png(DEVS[1:])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000


def test_no_articles_draws_an_empty_plot() -> None:
    assert bars(plot.coverage_svg([])) == {}


def test_report_dir_is_read_relative_to_the_config(tmp_path: Path) -> None:
    cfg = parse_config({"report": {"dir": "public/report"}}, base=tmp_path)
    assert cfg.report.dir == tmp_path / "public" / "report"
    assert parse_config({}, base=tmp_path).report.dir is None
    with pytest.raises(ConfigError, match="unknown key report"):
        parse_config({"report": {"directory": "x"}}, base=tmp_path)


def test_a_long_watch_keeps_a_readable_legend() -> None:
    many = [dev(i, f"KT·MS 소식 {i}", {date(2024, 1, 1 + i % 28): 1 + i % 3}) for i in range(1, 41)]
    svg = plot.coverage_svg(many)
    assert set(bars(svg)) == set(range(1, 41))  # every development is drawn
    height = float(re.search(r'height="([\d.]+)pt"', svg).group(1))
    assert height < 72 * (3.4 + 0.2 * 13 + 0.5)  # a capped legend: 25 rows in two columns at most
