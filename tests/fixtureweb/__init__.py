"""An offline news web on loopback: four invented outlets, feeds, sitemaps, faults.

`FixtureWeb` serves it; `load_manifest` says what a correct crawl should find;
`write_seed_dir` writes seed documents pointing at a running server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .seeding import write_seed_dir
from .server import FixtureWeb, RequestRecord

MANIFEST_PATH = Path(__file__).parent / "manifest.json"


def load_manifest() -> dict[str, Any]:
    """The expected outcome of crawling the hand-made web (see ``manifest.json``)."""
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


__all__ = ["FixtureWeb", "RequestRecord", "load_manifest", "write_seed_dir", "MANIFEST_PATH"]
