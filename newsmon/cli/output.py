"""Printing rows for people (aligned tables, Korean-width aware) and scripts (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from datetime import datetime
from typing import Any, Iterable, Sequence

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


def to_table(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str, int]]) -> str:
    """columns: (key, header, width); the last column is not cut."""
    lines = []
    header = [fit(h, w) for _, h, w in columns[:-1]] + [columns[-1][1]]
    lines.append("  ".join(header).rstrip())
    for r in rows:
        cells = []
        for i, (key, _, width) in enumerate(columns):
            value = r.get(key)
            text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
            text = " ".join(text.split())
            cells.append(text if i == len(columns) - 1 else fit(text, width))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
