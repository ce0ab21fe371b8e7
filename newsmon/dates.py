"""Library API, kept where it has always been: ``parse_date(text, *, now=None, tz=...)`` (see newsmon.pages.dates)."""

from newsmon.pages.dates import parse_date

__all__ = ["parse_date"]
