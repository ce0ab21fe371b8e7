"""Checked reading of TOML files and tables, shared by the config file and topic profiles.

Hand-edited files deserve one-line errors that name the key: an unknown key
is a typo, not something to ignore, and a wrong type is said as such.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Callable


class TableReader:
    """Typed access to TOML tables; ``error`` turns a message into the exception to raise."""

    def __init__(self, error: Callable[[str], Exception]) -> None:
        self.error = error

    def keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(f"unknown key {where}{key!r} (allowed: {', '.join(sorted(allowed))})")

    def get(self, table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any) -> Any:
        """``table[key]`` checked against ``kind`` (an int is accepted as a float), else ``default``."""
        if key not in table:
            return default
        value = table[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.error(f"{where}{key} must be a {name}, not {value!r}")
        return value


def read_toml(path: Path, label: str, error: Callable[[str], Exception]) -> dict[str, Any]:
    """The file's tables; a byte-order mark is allowed (editors on Windows write one).

    Errors are one line naming the file: ``<label>: cannot read: …``, ``<label>: not UTF-8 text``,
    ``<label>: invalid TOML: …``.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{label}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise error(f"{label}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label}: invalid TOML: {exc}") from None
