"""The coverage timelines, drawn at build time with matplotlib (Agg: no display needed).

SVG text is drawn as outlines, so the pictures need no font in the browser
(the report stays self-contained) and show Hangul wherever a Korean-capable
font (Noto Sans CJK, Debian's fonts-noto-cjk) is installed on the machine
that builds the report. Without one, labels fall back to development numbers
and dates (the titles are in the HTML beside the picture) and ``font_note()``
says so. Each development's bars are one group, ``id="dev-N"``, so pages and
tests can find its series.
"""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional, Sequence

from sqlalchemy.orm import Session

from newsmon.report.data import DevelopmentView, load_developments

log = logging.getLogger("newsmon.report")

# Colour-blind-friendly categorical palette (Okabe-Ito, then Tableau 10 for more series).
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#9C755F",
)
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "Noto Sans CJK JP", "NanumGothic", "Source Han Sans KR")
LABEL_CHARS = 34
MAX_LEGEND = 24  # legend rows beyond this would dwarf the plot


def colour(dev_id: int) -> str:
    """A development's colour, the same on every page and in every run."""
    return PALETTE[dev_id % len(PALETTE)]


@lru_cache(maxsize=1)
def korean_font() -> Optional[str]:
    """The family name of an installed Korean-capable font, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    log.warning("no Korean-capable font found (install fonts-noto-cjk): plot labels show numbers, not titles")
    return None


def font_note() -> str:
    """Empty when plots can show Korean; else a sentence for the report's footer."""
    return "" if korean_font() else (
        "No Korean-capable font was installed where this report was built, "
        "so the plots are labelled with development numbers; titles are listed beside them."
    )


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    family = korean_font()
    plt.rcParams.update(
        {
            "font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
            "svg.fonttype": "path",  # text as outlines: no font needed to view
            "svg.hashsalt": "newsmon",  # stable ids: an unchanged report is byte-identical
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "font.size": 10,
        }
    )
    return plt


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _label(dev: DevelopmentView) -> str:
    mark = " (seed)" if dev.seeded else ""
    if not korean_font():
        return f"#{dev.id} {dev.date_label}{mark}"
    title = dev.title if len(dev.title) <= LABEL_CHARS else dev.title[: LABEL_CHARS - 1] + "…"
    return f"#{dev.id} {title}{mark}"


def _figure(devs: Sequence[DevelopmentView], *, width: float, height: float, legend: bool, title: str, columns: int = 2):  # type: ignore[no-untyped-def]
    """Stacked bars: articles per day, one series per development (oldest at the bottom)."""
    import matplotlib.dates as mdates
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    plt = _pyplot()
    # No layout engine: savefig's tight bounding box crops the margins once, which
    # costs far less than constrained layout with hundreds of labels.
    fig, ax = plt.subplots(figsize=(width, height))
    below = (_legend_height(len(devs), columns) if legend else 0.0) + 0.45  # legend and date labels
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - 0.3 / height, bottom=below / height)
    ordered = sorted(devs, key=lambda d: (d.happened_at is None, d.happened_at, d.id))
    all_days = [day for d in ordered for day in d.per_day]
    if not all_days:
        ax.text(0.5, 0.5, "no articles yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    pad = timedelta(days=max(1, ((max(all_days) - min(all_days)).days + 1) // 40))  # bars clear of the axes
    days = _days(min(all_days) - pad, max(all_days) + pad)
    base = [0] * len(days)
    index = {day: i for i, day in enumerate(days)}
    for dev in ordered:
        xs = sorted(dev.per_day)
        rects = []
        for day in xs:
            x, bottom, n = mdates.date2num(day), base[index[day]], dev.per_day[day]
            rects.append([(x - 0.42, bottom), (x - 0.42, bottom + n), (x + 0.42, bottom + n), (x + 0.42, bottom)])
            base[index[day]] += n
        # One artist per development (not one per bar): a series is one SVG group, id="dev-<id>".
        series = PolyCollection(
            rects, facecolors=colour(dev.id), edgecolors="#333333" if dev.seeded else "white", linewidths=0.4,
            hatch="//" if dev.seeded else None, label=_label(dev),
        )
        series.set_gid(f"dev-{dev.id}")
        ax.add_collection(series)
        peak = max(xs, key=lambda day: (dev.per_day[day], day))
        label = ax.text(
            mdates.date2num(peak), base[index[peak]] + 0.04 * max(1, max(base)), f"#{dev.id}",
            ha="center", va="bottom", fontsize=7, color="#333333",
        )
        label.set_in_layout(False)  # inside the axes anyway; measuring each would dominate the cost
    ax.set_xlim(mdates.date2num(days[0]) - 0.5, mdates.date2num(days[-1]) + 0.5)
    ax.xaxis_date()
    ax.set_ylim(0, max(base) * 1.18 + 0.5)
    ax.set_ylabel("articles per day")
    ax.yaxis.get_major_locator().set_params(integer=True)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title, loc="left")
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        if len(handles) > MAX_LEGEND:  # the newest ones; every development still has its number on the plot
            hidden = len(handles) - MAX_LEGEND
            handles, labels = handles[-MAX_LEGEND:], labels[-MAX_LEGEND:]
            handles.append(Patch(color="none"))
            labels.append(f"… {hidden} older developments: see the list below")
        ax.legend(
            handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14),
            ncols=columns if len(handles) > 3 else 1, frameon=False, fontsize=9, handlelength=1.2,
        )
    return fig


def _render(fig, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    from matplotlib import pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(
            buf, format=fmt, dpi=110, bbox_inches="tight", pad_inches=0.06,
            metadata={"Date": None} if fmt == "svg" else None,
        )
    finally:
        plt.close(fig)
    return buf.getvalue()


def _legend_height(n: int, columns: int) -> float:
    n = min(n, MAX_LEGEND + 1)
    rows = n if n <= 3 else -(-n // columns)
    return 0.2 * rows


def coverage_svg(devs: Sequence[DevelopmentView], *, narrow: bool = False) -> str:
    """The watch's coverage timeline: every development, stacked, labelled (``narrow``: for phones)."""
    columns = 1 if narrow else 2
    width, height = (4.4, 2.8) if narrow else (10.0, 3.4)
    fig = _figure(devs, width=width, height=height + _legend_height(len(devs), columns), legend=True, title="", columns=columns)
    return _render(fig, "svg").decode("utf-8")


def development_svg(dev: DevelopmentView, *, narrow: bool = False) -> str:
    """A development's own small timeline (``narrow``: for phones)."""
    fig = _figure([dev], width=4.4 if narrow else 7.0, height=2.0 if narrow else 2.2, legend=False, title="")
    return _render(fig, "svg").decode("utf-8")


def digest_png(devs: Sequence[DevelopmentView]) -> bytes:
    """The timeline of the developments one digest announces, as a PNG for e-mail."""
    fig = _figure(devs, width=7.0, height=2.6 + _legend_height(len(devs), 2), legend=True, title="Coverage per day")
    return _render(fig, "png")


def timeline_png(session: Session, development_ids: Sequence[int]) -> Optional[bytes]:
    """``digest_png`` of these developments, read from the store; None if there is nothing or it fails.

    A picture is a nicety: a plotting failure must never hold back the e-mail.
    """
    try:
        views = load_developments(session, development_ids)
        return digest_png(views) if views else None
    except Exception as exc:  # noqa: BLE001
        log.warning("timeline picture not drawn: %s: %s", type(exc).__name__, exc)
        return None

