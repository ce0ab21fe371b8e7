"""The static HTML report, its coverage timelines and the Atom feed of developments.

``write_report`` builds the whole folder (index, one page per development,
sources, ``developments.atom``) and switches it in atomically; see
``newsmon.report.build``. Data gathering is in ``data``, pictures in
``plot``, the feed in ``atom``.
"""

from __future__ import annotations

from newsmon.report.build import ReportError, Watch, watch_from_topics, write_report

__all__ = ["ReportError", "Watch", "watch_from_topics", "write_report"]
