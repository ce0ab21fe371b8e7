"""Printing rows for people (aligned tables, Korean-width aware) and scripts (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
from datetime import datetime
from typing import Any, Iterable, Optional, Sequence
from zoneinfo import ZoneInfo

FORMATS = ("table", "json", "csv")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps([{k: _jsonable(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2)


#: First characters a spreadsheet reads as the start of a formula (plus the
#: tab and carriage return that some tools strip before looking).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """One CSV cell. Text from crawled pages is hostile: a title such as
    ``=HYPERLINK(...)`` would run as a formula when the file is opened in a
    spreadsheet, so text starting like a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    value = _jsonable(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def display_width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns (with an ellipsis) and pad it."""
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - (1 if display_width(text) > width else 0):
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def terminal_width(default: int = 80) -> int:
    """Columns to fill: the terminal's (or $COLUMNS), never fewer than 80."""
    return max(default, shutil.get_terminal_size((default, 24)).columns)


def short_url(url: str, width: int) -> str:
    """``url`` without scheme and ``www.``, cut in the middle to ``width`` columns (host and end kept)."""
    text = re.sub(r"^https?://(www\.)?", "", url or "")
    if display_width(text) <= width:
        return text
    if width < 8:
        return fit(text, width).rstrip()
    head = (width - 1) * 2 // 3
    tail = width - 1 - head
    return text[:head] + "…" + text[len(text) - tail:]


def to_table(
    rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str, int]], *, width: Optional[int] = None
) -> str:
    """Rows as an aligned table no wider than ``width`` (default: the terminal's).

    columns: (key, header, width); width 0 shares what is left among such
    columns (a key ending in ``url`` is shortened, others are cut with an
    ellipsis). Every column has a header.
    """
    total = width or terminal_width()
    rows = [{k: _cell(r.get(k)) for k, _, _ in columns} for r in rows]
    # A fixed column is as wide as its header (every column stays labelled) and
    # its widest cell, up to its width: what it does not need goes to the others.
    widths = [
        max(display_width(h), min(w, max((display_width(r[k]) for r in rows), default=0))) if w else 0
        for k, h, w in columns
    ]
    flexible = [i for i, w in enumerate(widths) if not w]
    room = max(total - sum(widths) - 2 * (len(columns) - 1), 6 * len(flexible))
    if flexible:
        # The first flexible column (a title) gets the larger share when there are several.
        rest = max(6, (room - room * 3 // 5) // max(1, len(flexible) - 1)) if len(flexible) > 1 else 0
        widths[flexible[0]] = room - rest * (len(flexible) - 1)
        for i in flexible[1:]:
            widths[i] = rest
    lines = ["  ".join(fit(h, w) for (_, h, _), w in zip(columns, widths)).rstrip()]
    for r in rows:
        cells = []
        for (key, _, _), w in zip(columns, widths):
            text = r[key]
            cells.append(fit(short_url(text, w) if key.endswith("url") else text, w))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
    return " ".join(text.split())


def local_time(value: Optional[datetime], tz: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware datetime in the watch's time zone (``-`` for none)."""
    if value is None:
        return "-"
    return value.astimezone(ZoneInfo(tz)).strftime(fmt)


def tz_label(tz: str) -> str:
    """A short label for column headers: the zone's abbreviation now (KST), else its name."""
    abbr = datetime.now(ZoneInfo(tz)).strftime("%Z")
    return abbr if abbr and not abbr[0] in "+-" else tz
