"""Logging for newsmon commands: stderr or a file, quiet for cron, secrets masked.

Secrets never belong in a log line; the filter here is the last line of
defence: it replaces the SMTP password, every password form of the database
URL and anything that looks like a password field (``newsmon.redact``) with
``***`` wherever they would appear.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from datetime import datetime
from typing import Iterable, Optional, TextIO
from zoneinfo import ZoneInfo

from newsmon.config import Config
from newsmon.redact import MIN_SECRET_CHARS, mask, url_passwords


def secret_values(config: Config) -> list[str]:
    """The secret strings this config can reach (from the environment, never the file)."""
    secrets = []
    if config.smtp is not None:
        pw = config.smtp.password()
        if pw:
            secrets.append(pw)
    secrets += url_passwords(config.database_url)
    return [s for s in secrets if len(s) >= MIN_SECRET_CHARS]


class SecretFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, mask(text, self.secrets)
        return True


class ZoneFormatter(logging.Formatter):
    """Log times in the watch's time zone, labelled (``2024-11-14 14:20:03 KST``)."""

    def __init__(self, fmt: str, tz: str) -> None:
        super().__init__(fmt)
        self.zone = ZoneInfo(tz)

    def formatTime(self, record: logging.LogRecord, datefmt: Optional[str] = None) -> str:  # noqa: N802 - logging's name
        return datetime.fromtimestamp(record.created, self.zone).strftime(datefmt or "%Y-%m-%d %H:%M:%S %Z")


class StatusLine:
    """One line kept at the bottom of a terminal; other output is printed above it."""

    def __init__(self, stream: Optional[TextIO] = None) -> None:
        self._stream = stream
        self.text = ""
        self.lock = threading.Lock()

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr

    def show(self, text: str) -> None:
        with self.lock:
            self.text = text
            self.stream.write("\r\033[K" + text)
            self.stream.flush()

    def clear(self) -> None:
        with self.lock:
            if self.text:
                self.stream.write("\r\033[K")
                self.stream.flush()
            self.text = ""

    def print_above(self, line: str) -> None:
        """Write ``line`` (a log record) and put the status line back under it."""
        with self.lock:
            self.stream.write("\r\033[K" + line.rstrip("\n") + "\n" + self.text)
            self.stream.flush()


STATUS_LINE = StatusLine()


class StatusLineHandler(logging.StreamHandler):
    """Prints each record above the crawl's progress line (newsmon.crawl.progress) instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            STATUS_LINE.print_above(self.format(record))
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


def configure_logging(
    config: Config, *, quiet: bool = False, log_file: Optional[str] = None, verbose: bool = False, progress: bool = False
) -> None:
    """Route logs to stderr (or ``log_file``): errors only when quiet, scrapy's chatter at WARNING.

    ``progress``: a progress line is shown on stderr; records print above it.
    """
    level = logging.ERROR if quiet else (logging.DEBUG if verbose else logging.INFO)
    handler: logging.Handler
    if log_file:
        os.makedirs(os.path.dirname(os.path.abspath(log_file)), exist_ok=True)
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setLevel(logging.INFO if not verbose else logging.DEBUG)
    else:
        handler = StatusLineHandler(sys.stderr) if progress else logging.StreamHandler(sys.stderr)
        handler.setLevel(level)
    handler.setFormatter(ZoneFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", config.timezone))
    handler.addFilter(SecretFilter(secret_values(config)))
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:
        handler.addFilter(QuietLibraries())


#: Libraries whose INFO chatter is not for newsmon users (WARNING and up pass).
NOISY = ("scrapy", "twisted", "trafilatura", "htmldate", "courlan", "charset_normalizer", "filelock", "apscheduler", "asyncio", "alembic", "py.warnings")
#: Loggers whose records only repeat a failed download that the spider
#: already counts by kind (run record) and logs at INFO.
COUNTED_FAILURES = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")


class QuietLibraries(logging.Filter):
    """Libraries at WARNING, and no tracebacks for downloads that failed and were counted.

    A handler filter rather than logger levels, because Scrapy resets logger
    levels (logging.config.dictConfig) when a crawl starts.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        if name.startswith(COUNTED_FAILURES):
            return False
        if name == "scrapy.core.scraper" and "Error downloading" in str(record.msg):
            return False
        if record.levelno < logging.WARNING and name.split(".", 1)[0] in NOISY:
            return False
        return True
