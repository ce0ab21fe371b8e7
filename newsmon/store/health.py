"""Each source's health, as ``newsmon sources``, the digest and the report show it.

A pure query over the ``sources`` and ``articles`` tables: when a source was
last asked and last answered, its last error, how many runs in a row it has
failed, how many articles it led to in the last 7 and 30 days, and whether it
is stale (no new article for its ``stale_days``, else the default). Articles
found through a sitemap listed in an index count for the index too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Collection, Optional

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from newsmon.store.models import Article, Source, utcnow

DEFAULT_STALE_DAYS = 7
DEFAULT_FAILING_RUNS = 3
#: One-shot article links from seed documents are not sources anyone watches.
WATCHED_TYPES = ("feed", "sitemap", "page")


@dataclass(frozen=True)
class SourceHealth:
    type: str
    url: str
    name: Optional[str]
    last_fetch: Optional[datetime]
    last_success: Optional[datetime]
    last_error_kind: Optional[str]
    last_error_at: Optional[datetime]
    consecutive_failures: int
    articles_7d: int
    articles_30d: int
    stale: bool
    stale_days: int
    id: int = 0
    last_article_at: Optional[datetime] = None
    parent_id: Optional[int] = None

    def failing(self, runs: int = DEFAULT_FAILING_RUNS) -> bool:
        """Failed in each of the last ``runs`` crawls."""
        return self.consecutive_failures >= max(1, runs)

    def needs_attention(self, runs: int = DEFAULT_FAILING_RUNS) -> bool:
        return self.stale or self.failing(runs)

    def reason(self, runs: int = DEFAULT_FAILING_RUNS) -> str:
        """Why it needs attention, in words (empty when it does not)."""
        parts = []
        if self.failing(runs):
            parts.append(f"failed {self.consecutive_failures} runs in a row ({self.last_error_kind or 'error'})")
        if self.stale:
            parts.append(f"no new article for {self.stale_days}+ days")
        return "; ".join(parts)


def source_health(
    session: Session,
    *,
    now: Optional[datetime] = None,
    stale_days_default: int = DEFAULT_STALE_DAYS,
    urls: Optional[Collection[str]] = None,
) -> list[SourceHealth]:
    """The health of every watched source (feeds, sitemaps, listing pages), by type then URL.

    ``urls`` limits the answer to those sources and the sitemaps found under
    them (e.g. the ones configured now, leaving out removed ones).
    """
    now = now or utcnow()
    rows = list(session.scalars(select(Source).where(Source.type.in_(WATCHED_TYPES)).order_by(Source.id)))
    if urls is not None:
        wanted = set(urls)
        top = {r.id for r in rows if r.url in wanted}
        rows = [r for r in rows if r.url in wanted or r.parent_id in top]
    week, month = now - timedelta(days=7), now - timedelta(days=30)
    counts: dict[int, list] = {}
    query = (
        select(
            Article.source_id,
            func.sum(case((Article.first_seen_at >= week, 1), else_=0)),
            func.sum(case((Article.first_seen_at >= month, 1), else_=0)),
            func.max(Article.first_seen_at),
        )
        .where(Article.source_id.is_not(None))
        .group_by(Article.source_id)
    )
    for source_id, n7, n30, last in session.execute(query):
        counts[source_id] = [int(n7 or 0), int(n30 or 0), last]
    # A sitemap's articles count for the index that listed it too.
    parent_of = {r.id: r.parent_id for r in rows}
    rolled = {sid: list(v) for sid, v in counts.items()}
    for sid, (n7, n30, last) in counts.items():
        parent = parent_of.get(sid)
        if parent is not None:
            agg = rolled.setdefault(parent, [0, 0, None])
            agg[0] += n7
            agg[1] += n30
            agg[2] = max(x for x in (agg[2], last) if x is not None)
    out = []
    for r in rows:
        n7, n30, last = rolled.get(r.id, [0, 0, None])
        days = r.stale_days or stale_days_default
        since = last or r.created_at
        out.append(
            SourceHealth(
                type=r.type,
                url=r.url,
                name=r.name,
                last_fetch=r.last_fetched_at,
                last_success=r.last_success_at,
                last_error_kind=r.last_error_kind,
                last_error_at=r.last_error_at,
                consecutive_failures=r.consecutive_failures or 0,
                articles_7d=n7,
                articles_30d=n30,
                stale=since is not None and now - since >= timedelta(days=days),
                stale_days=days,
                id=r.id,
                last_article_at=last,
                parent_id=r.parent_id,
            )
        )
    # Top-level sources by type and URL, each followed by the sitemaps found under it.
    by_id = {h.id: h for h in out}
    top = sorted((h for h in out if h.parent_id not in by_id), key=lambda h: (h.type, h.url))
    ordered = []
    for h in top:
        ordered.append(h)
        ordered.extend(sorted((c for c in out if c.parent_id == h.id), key=lambda c: c.url))
    return ordered
