"""What each source answered during one crawl, and which of them failed.

The spider writes here as responses and errors come in; when the crawl ends
the validators (ETag, Last-Modified) are saved from here, except for sources
that failed (their own page, or an article found through them): those keep
their old validators, so the next run fetches them in full and tries again.
Plain bookkeeping, no I/O.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from newsmon.crawl.plan import PlannedSource


class SourceLedger:
    def __init__(self) -> None:
        #: source key -> (source, column values to save)
        self.results: dict[object, tuple[PlannedSource, dict[str, Any]]] = {}
        #: keys of sources whose validators must not be saved this run
        self.failed: set[object] = set()
        #: source key -> why its own page failed (a short kind: dns, http_404, feed_invalid, ...)
        self.error_kinds: dict[object, str] = {}

    def answered(self, source: PlannedSource, status: int, etag: Optional[str], last_modified: Optional[str]) -> None:
        values: dict[str, Any] = {
            "last_status": status,
            "last_fetched_at": datetime.now(timezone.utc),
            "last_error": None,
        }
        if status != 304:
            values["etag"] = etag
            values["last_modified"] = last_modified
        self.results[source.key] = (source, values)

    def error(self, source: PlannedSource, message: str, kind: Optional[str] = None) -> None:
        """Note why a source's own page failed (kept in ``sources.last_error``; ``kind`` for its health)."""
        self.results.setdefault(source.key, (source, {}))[1]["last_error"] = message[:500]
        self.error_kinds[source.key] = kind or "error"

    def outcomes(self) -> list[tuple[PlannedSource, Optional[str]]]:
        """Each source asked this run, with the kind of error its own page met (None: it answered)."""
        return [(source, self.error_kinds.get(key)) for key, (source, _) in self.results.items()]

    def mark_failed(self, source: PlannedSource) -> None:
        """Keep this source's old validators (and its index's), so next run lists it in full."""
        self.failed.add(source.key)
        if source.parent_id is not None:
            self.failed.add(source.parent_id)

    def item_failed(self, source_id: Optional[int]) -> None:
        """An article found through this source could not be stored or analysed."""
        if source_id is None:
            return
        self.failed.add(source_id)
        # Items from a sitemap met in an index carry the index's id: the
        # sitemaps under it must be listed in full again too.
        for key, (source, _) in list(self.results.items()):
            if source.parent_id == source_id:
                self.failed.add(key)

    def to_save(self) -> list[tuple[PlannedSource, dict[str, Any]]]:
        """What to store: every answer, without new validators for failed sources."""
        out = []
        for key, (source, values) in self.results.items():
            if key in self.failed:
                values = {k: v for k, v in values.items() if k not in ("etag", "last_modified")}
            out.append((source, values))
        return out
