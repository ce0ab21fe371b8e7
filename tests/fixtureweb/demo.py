"""``make demo``: one full crawl cycle against the fixture news web, on SQLite.

Serves the offline fixture web on a free loopback port, writes a throwaway
config (SQLite file, e-mail outbox folder, HTML report folder) in a temporary
folder, runs ``newsmon crawl`` as a user would (the crawl also writes the
report), then prints what was found and where the report is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conftest import ROOT, fixture_sources, write_config
from tests.fixtureweb import write_seed_dir
from tests.fixtureweb.server import FixtureWeb


def newsmon(config: Path, *args: str) -> int:
    print(f"\n$ newsmon {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "newsmon", "--config", str(config), *args], cwd=ROOT)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="newsmon-demo-"))
    with FixtureWeb() as web:
        print(f"fixture news web: {web.base_url}  (work folder: {work})")
        # The seed article, with its related-article links pointing into the
        # fixture web (offline), and the project's topic profile.
        seeds = work / "seeds"
        write_seed_dir(seeds, web.base_url)
        for profile in (ROOT / "seeds").glob("*.toml"):
            (seeds / profile.name).write_bytes(profile.read_bytes())
        config = write_config(
            work / "newsmon.toml",
            database_url=f"sqlite:///{work / 'newsmon.db'}",
            sources=fixture_sources(web.base_url),
            seeds_dir=seeds,
            extra=f"[report]\ndir = {json.dumps(str(work / 'report'))}\n",
        )
        code = newsmon(config, "crawl")
        if code != 0:
            print(f"crawl failed with exit code {code}", file=sys.stderr)
            return code
        newsmon(config, "articles", "--limit", "0")
        newsmon(config, "developments")
        newsmon(config, "alerts")
    outbox = sorted((work / "outbox").glob("*.eml"))
    print(f"\ndigests written to the outbox (no [smtp] configured): {len(outbox)}")
    for path in outbox:
        print(f"  {path}")
    index = work / "report" / "index.html"
    if not index.is_file():
        print("the report was not written (see the crawl's log above)", file=sys.stderr)
        return 1
    print(f"\nHTML report (open in a browser; the Atom feed is developments.atom beside it):\n  {index.as_uri()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
