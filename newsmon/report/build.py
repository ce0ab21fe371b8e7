"""Building the report folder and putting it in place atomically.

The report is rendered into a fresh hidden folder beside the target
(``.report.<time>-<random>``); the target itself is a symbolic link that is
switched to the new folder with one ``rename`` (``os.replace``), so a web
server serving it sees the old report or the new one, never half of either.
The previous version is then removed. A target that is a real folder from
an earlier newsmon is converted once (moved aside, then linked: the only
moment it is briefly missing); any other existing folder is refused rather
than overwritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Sequence

import jinja2
from sqlalchemy.orm import Session

from newsmon.report.atom import build_feed
from newsmon.report.plot import colour, coverage_svg, development_svg, font_note
from newsmon.report.data import REPORT_TZ, ReportData, load_developments, load_seeds, load_sources

log = logging.getLogger("newsmon.report")

MARKER = ".newsmon-report"  # in every folder newsmon builds; nothing else is ever replaced or removed
PLOTS = ".plots.json"  # picture -> key of what it was drawn from
PLOT_STYLE = 4  # bump when plot.py draws differently, so old pictures are not reused
STALE_AFTER = 3600.0  # seconds: leftovers of an interrupted build are removed after this


class ReportError(Exception):
    """The report cannot be written (one line for the user)."""


@dataclass(frozen=True)
class Watch:
    """What the index page says is being watched (from the topic profiles)."""

    name: str
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, description, entity names)
    source_urls: Optional[tuple[str, ...]] = None  # the configured sources (None: every one stored)


def watch_from_topics(topics: Sequence[object], source_urls: Sequence[str] = ()) -> Watch:
    rows = tuple(
        (str(getattr(t, "name")), str(getattr(t, "description", "")), tuple(e.name for e in getattr(t, "entities", ())))
        for t in topics
    )
    return Watch(name=rows[0][0] if rows else "newsmon", topics=rows, source_urls=tuple(source_urls) or None)


def gather(session: Session, watch: Watch, *, now: Optional[datetime] = None) -> ReportData:
    """Everything the report shows (read-only)."""
    return ReportData(
        generated_at=now or datetime.now(timezone.utc),
        topics=watch.topics,
        seeds=tuple(load_seeds(session)),
        developments=tuple(load_developments(session)),
        sources=tuple(load_sources(session, watch.source_urls)),
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsmon.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(name: str, **context: object) -> str:
    return _environment().get_template(name).render(**context)


def feed_text(data: ReportData, watch: Watch) -> str:
    return build_feed(data.developments, watch=watch.name, title=f"newsmon: {watch.name}", generated_at=data.generated_at)


def atom_for(session: Session, seeds_dir: Path) -> str:
    """The feed ``developments.atom`` holds, for ``newsmon developments --format atom``."""
    from newsmon.topics import load_topics

    watch = watch_from_topics(load_topics(seeds_dir))
    data = ReportData(
        generated_at=datetime.now(timezone.utc), topics=watch.topics, seeds=(), developments=tuple(load_developments(session))
    )
    return feed_text(data, watch)


def _svg_size(path: Path) -> tuple[int, int]:
    """An SVG's size in CSS pixels (matplotlib writes points: 1 pt = 4/3 px)."""
    head = path.read_text(encoding="utf-8")[:2000]
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', head)
    return (round(float(found.group(1)) * 4 / 3), round(float(found.group(2)) * 4 / 3)) if found else (800, 400)


def _plot_key(*parts: object) -> str:
    """What a picture was drawn from, including how (a newer newsmon or matplotlib draws afresh)."""
    import matplotlib

    from newsmon import __version__

    drawn_by = (PLOT_STYLE, __version__, matplotlib.__version__)
    return hashlib.sha256(repr((drawn_by, parts)).encode("utf-8")).hexdigest()[:32]


def render_into(folder: Path, data: ReportData, watch: Watch, previous: Optional[Path] = None) -> list[Path]:
    """Write every file of the report into ``folder`` (which exists and is empty); return them.

    Drawing is most of the cost, so a picture whose inputs did not change is
    hard-linked from the ``previous`` version (keys in ``PLOTS``) instead of
    drawn again: a crawl that touches two developments redraws three pictures.
    """
    written: list[Path] = []
    old_keys: dict[str, str] = {}
    if previous is not None and (previous / PLOTS).is_file():
        try:
            old_keys = json.loads((previous / PLOTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old_keys = {}
    keys: dict[str, str] = {}
    sizes: dict[str, tuple[int, int]] = {}  # picture -> CSS pixels, so the page reserves its space

    def put(rel: str, content: str | bytes) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        written.append(path)

    def picture(rel: str, key: str, draw: Callable[[], str]) -> None:
        keys[rel] = key
        linked = False
        if previous is not None and old_keys.get(rel) == key and (previous / rel).is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(previous / rel, folder / rel)
                written.append(folder / rel)
                linked = True
            except OSError:
                pass
        if not linked:
            put(rel, draw())
        sizes[rel] = _svg_size(folder / rel)

    common = dict(
        data=data, watch=watch, colour=colour, font_note=font_note(), generated=data.generated_at, tz=REPORT_TZ,
        sizes=sizes,
    )
    font = font_note()
    everything = [(d.id, d.title, d.seeded, sorted(d.per_day.items())) for d in data.developments]
    picture("timeline.svg", _plot_key("wide", font, everything), lambda: coverage_svg(data.developments))
    picture(
        "timeline-narrow.svg", _plot_key("narrow", font, everything),
        lambda: coverage_svg(data.developments, narrow=True),
    )
    put("index.html", _render("index.html.j2", root="", page="index", **common))
    put("sources.html", _render("sources.html.j2", root="", page="sources", **common))
    for dev in data.developments:
        key = _plot_key(font, dev.id, dev.seeded, sorted(dev.per_day.items()))
        picture(f"developments/{dev.id}.svg", key, lambda dev=dev: development_svg(dev))
        picture(f"developments/{dev.id}-narrow.svg", key, lambda dev=dev: development_svg(dev, narrow=True))
        put(dev.page, _render("development.html.j2", root="../", page="development", dev=dev, **common))
    put("developments.atom", feed_text(data, watch))
    put(PLOTS, json.dumps(keys, indent=0, sort_keys=True))
    put(MARKER, f"built {data.generated_at.isoformat()}\n")
    return written


def _versions(target: Path) -> list[Path]:
    return [p for p in target.parent.glob(f".{target.name}.*") if p.is_dir() and (p / MARKER).exists()]


def _adopt(target: Path) -> None:
    """Make room for the link: convert a report folder of ours, refuse anything else."""
    if target.is_symlink() or not target.exists():
        return
    if not target.is_dir():
        raise ReportError(f"{target} exists and is not a folder; not overwriting it")
    if not (target / MARKER).exists() and any(target.iterdir()):
        raise ReportError(f"{target} is a folder that newsmon did not write; not overwriting it (choose another --out)")
    aside = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
    target.rename(aside)
    (aside / MARKER).touch()


def write_report(session: Session, target: Path, watch: Watch, *, now: Optional[datetime] = None) -> Path:
    """Build the report and switch ``target`` to it atomically; return ``target``/index.html."""
    target = Path(target).absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _adopt(target)
        data = gather(session, watch, now=now)
        stamp = data.generated_at.strftime("%Y%m%dT%H%M%S")
        folder = target.parent / f".{target.name}.{stamp}-{secrets.token_hex(4)}"
        folder.mkdir()
        try:
            previous = target.resolve() if target.is_symlink() and (target / MARKER).exists() else None
            render_into(folder, data, watch, previous)
            link = target.parent / f".{target.name}.link-{secrets.token_hex(4)}"
            os.symlink(folder.name, link)
            old = os.readlink(target) if target.is_symlink() else None
            os.replace(link, target)  # the atomic switch
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write the report to {target}: {exc.strerror or exc}") from None
    _remove_old(target, keep=folder, previous=old)
    log.info("report written to %s (%d developments)", target, len(data.developments))
    return target / "index.html"


def _remove_old(target: Path, *, keep: Path, previous: Optional[str]) -> None:
    """Remove the version just replaced and leftovers of interrupted builds."""
    now = time.time()
    for version in _versions(target):
        if version.resolve() == keep.resolve():
            continue
        is_previous = previous is not None and version.name == Path(previous).name
        if is_previous or now - version.stat().st_mtime > STALE_AFTER or ".old-" in version.name:
            shutil.rmtree(version, ignore_errors=True)
    for link in target.parent.glob(f".{target.name}.link-*"):
        if link.is_symlink() and now - link.lstat().st_mtime > STALE_AFTER:
            link.unlink(missing_ok=True)
