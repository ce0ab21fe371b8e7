"""Seed documents for crawls of the fixture web.

The real seed article plus a short test seed whose links point at the fixture
web. Its links are written as ``{base}``; the harness writes a seed directory
with the running server's base URL filled in.
"""

from __future__ import annotations

from pathlib import Path

SEEDS_DIR = Path(__file__).parent / "seeds"


def write_seed_dir(dest: Path, base_url: str) -> list[Path]:
    """Copy every fixture seed into ``dest`` with ``{base}`` replaced; returns the files written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(SEEDS_DIR.glob("*.txt")):
        target = dest / src.name
        target.write_text(src.read_text(encoding="utf-8").replace("{base}", base_url.rstrip("/")), encoding="utf-8")
        written.append(target)
    return written
