"""The daemon's schedule: a cron expression read as crontab reads it, or a fixed interval."""

from __future__ import annotations

from typing import Optional
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newsmon.config import Config, ConfigError

_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _crontab_weekday_numbers(field: str) -> set[int]:
    """The weekdays (0 = Sunday, as crontab counts) a crontab day-of-week field selects."""
    names = {name: i for i, name in enumerate(_WEEKDAYS)}

    def day(token: str) -> int:
        token = token.strip().lower()
        if token[:3] in names and token.isalpha():
            return names[token[:3]]
        value = int(token)
        if not 0 <= value <= 7:
            raise ValueError(f"day of week out of range: {token!r}")
        return value % 7

    selected: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in day of week: {part!r}")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            a, b = span.split("-", 1)
            first, last = day(a), day(b)
            if b.strip() == "7":
                last = 7
        else:
            first = day(span)
            last = 6 if step_text else first
        selected.update(d % 7 for d in range(first, last + 1, step))
    return selected


def crontab_trigger(expr: str, tz: ZoneInfo) -> CronTrigger:
    """A CronTrigger with standard crontab meaning.

    APScheduler 3.x's ``from_crontab`` counts weekdays from Monday = 0 (its
    documented historical mistake), so ``1-5`` would mean Tuesday-Saturday.
    Here numeric weekdays are read as crontab does (0 and 7 = Sunday) and
    handed over as names.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has 5 fields, not {len(fields)}: {expr!r}")
    minute, hour, day, month, dow = fields
    if dow != "*":
        days = _crontab_weekday_numbers(dow)
        dow = ",".join(_WEEKDAYS[d] for d in sorted(days))
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=dow, timezone=tz)


def make_trigger(config: Config, every: Optional[float] = None) -> BaseTrigger:
    """The schedule: ``every`` seconds if given (testing/advanced), else ``schedule.cron``."""
    tz = ZoneInfo(config.schedule.timezone)
    if every is not None:
        if every <= 0:
            raise ConfigError("--every must be a positive number of seconds")
        return IntervalTrigger(seconds=every, timezone=tz)
    try:
        return crontab_trigger(config.schedule.cron, tz)
    except ValueError as exc:
        raise ConfigError(f"schedule.cron is not a valid cron expression: {config.schedule.cron!r} ({exc})") from exc
