"""One crawl of the fixture web with the report, an e-mail outbox and a webhook target configured."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.alerts.test_notify import Receiver
from tests.conftest import ROOT, fixture_sources, run_newsmon, write_config
from tests.fixtureweb import write_seed_dir


@dataclass
class Crawled:
    config: Path
    report: Path
    outbox: Path
    receiver: Receiver
    env: dict[str, str]

    def newsmon(self, *args: str) -> Any:
        return run_newsmon(*args, config=self.config, env=self.env)

    def developments(self) -> list[dict[str, Any]]:
        result = self.newsmon("developments", "--limit", "0", "--format", "json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def crawl_setup(work: Path, web: Any, receiver: Receiver) -> Crawled:
    seeds = work / "seeds"
    write_seed_dir(seeds, web.base_url)
    for profile in (ROOT / "seeds").glob("*.toml"):
        (seeds / profile.name).write_bytes(profile.read_bytes())
    report = work / "public" / "report"
    extra = (
        f'[report]\ndir = {json.dumps(str(report))}\n\n'
        '[[notify]]\nurl_env = "NEWSMON_TEST_HOOK"\nformat = "markdown"\n'
    )
    config = write_config(
        work / "newsmon.toml", database_url=f"sqlite:///{work / 'newsmon.sqlite'}",
        sources=fixture_sources(web.base_url), seeds_dir=seeds, extra=extra,
    )
    return Crawled(config, report, work / "outbox", receiver, {"NEWSMON_TEST_HOOK": receiver.url("newsmon")})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, fixture_web: Any) -> Iterator[Crawled]:
    """The fixture web (edition 1) crawled once; the report written by the crawl itself."""
    fixture_web.set_edition(1)
    with Receiver() as receiver:
        setup = crawl_setup(tmp_path_factory.mktemp("report"), fixture_web, receiver)
        result = setup.newsmon("crawl")
        assert result.returncode == 0, result.stderr
        yield setup
