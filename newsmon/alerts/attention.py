""""Sources needing attention": which sources the next digest names, said once per episode.

A source needs attention when it failed in ``[health] failing_runs`` runs in
a row or is stale (no new article for its ``stale_days``). The first digest
that goes out while that is so names it, and ``sources.attention_reported_at``
remembers it; once the source is healthy again the mark is cleared, so a
later episode is reported again. No digest is sent for this alone: cron
already mails the degraded run, and ``newsmon sources`` shows it any time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newsmon.alerts.digest import AttentionItem, one_line
from newsmon.config import Config
from newsmon.store.health import source_health
from newsmon.store.models import Source


def pending_attention(session: Session, config: Config, *, now: Optional[datetime] = None) -> tuple[list[int], tuple[AttentionItem, ...]]:
    """(source ids, items) not reported yet; clears the mark of sources healthy again (no commit)."""
    runs = config.health.failing_runs
    urls = [s.url for s in config.sources] or None
    health = source_health(session, now=now, stale_days_default=config.health.stale_days, urls=urls)
    reported = {
        sid: when
        for sid, when in session.execute(select(Source.id, Source.attention_reported_at).where(Source.id.in_([h.id for h in health])))
    }
    ids, items = [], []
    for h in health:
        if h.needs_attention(runs):
            if reported.get(h.id) is None:
                ids.append(h.id)
                items.append(AttentionItem(name=one_line(h.name) or h.url, url=h.url, reason=h.reason(runs)))
        elif reported.get(h.id) is not None:
            session.execute(update(Source).where(Source.id == h.id).values(attention_reported_at=None))
    return ids, tuple(items)


def mark_reported(session: Session, source_ids: Sequence[int], now: datetime) -> None:
    if source_ids:
        session.execute(update(Source).where(Source.id.in_(list(source_ids))).values(attention_reported_at=now))


def to_json(items: Sequence[AttentionItem]) -> list[dict[str, Any]]:
    return [{"name": i.name, "url": i.url, "reason": i.reason} for i in items]


def from_json(data: Optional[Sequence[dict[str, Any]]]) -> tuple[AttentionItem, ...]:
    return tuple(AttentionItem(name=str(d.get("name", "")), url=str(d.get("url", "")), reason=str(d.get("reason", ""))) for d in data or ())
