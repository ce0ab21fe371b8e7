"""E-mail alerts: an outbox filled in the store transaction, drained into one digest per recipient.

The store step calls ``enqueue_development``/``enqueue_update``; after a crawl
the runner calls ``deliver_pending``. See ``newsmon.alerts.outbox`` for the
delivery guarantees and docs/alerts.md for configuration.
"""

from __future__ import annotations

from newsmon.alerts.outbox import (
    DeliveryReport,
    deliver_pending,
    enqueue_development,
    enqueue_update,
    preview_digest,
)

__all__ = ["DeliveryReport", "deliver_pending", "enqueue_development", "enqueue_update", "preview_digest"]
