"""The printed forms of dates and times, and the calendar arithmetic they need.

Vocabulary (months, zones, Korean and English numbers), the compiled patterns
:mod:`newsmon.pages.dates` reads strings with, and the context ("now" and the
zone) a string is read against.  Pure; no mutable state but lru caches.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Optional
from zoneinfo import ZoneInfo

MIN_YEAR = 1990
"""Older dates are not news publication dates: treat them as misreadings."""

MAX_FUTURE = timedelta(days=366)
"""A date further than this after ``now`` is a misreading, not an embargo."""

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Month names of the other languages pages print most (de, fr, es, it, pt, nl) and English's:
# read only beside a day and a four-digit year ("6. November 2023", "5 de noviembre de 2023"),
# so a word such as "Mars" or "mai" alone never becomes a date.
_WORLD_MONTH_NAMES = (
    "january jan januar jänner janvier janv enero gennaio janeiro januari",
    "february feb februar feber février fevrier févr fevr febrero febbraio fevereiro februari",
    "march mar märz maerz mär mars marzo março marco maart",
    "april apr avril avr abril aprile",
    "may mai mayo maggio maio mei",
    "june jun juni juin junio giugno junho",
    "july jul juli juillet juil julio luglio julho",
    "august aug août aout agosto augustus",
    "september sep sept septembre septiembre setiembre settembre setembro",
    "october oct oktober okt octobre octubre ottobre outubro",
    "november nov novembre noviembre novembro",
    "december dec dezember dez décembre decembre déc diciembre dicembre dezembro",
)
WORLD_MONTHS = {name: number for number, names in enumerate(_WORLD_MONTH_NAMES, 1) for name in names.split()}
WORLD_MONTH_RE = "(?:" + "|".join(sorted(map(re.escape, WORLD_MONTHS), key=len, reverse=True)) + ")"
WORLD_DAY_MONTH_YEAR = (
    r"(?<!\d)(?P<wd>\d{1,2})(?:\.\s*|\s+(?:de\s+)?)(?P<wmon>" + WORLD_MONTH_RE
    + r")\b\.?,?\s+(?:de\s+)?(?P<wy>\d{4})(?!\d)"
)
"""Day, month name, four-digit year in any of those languages."""
WEEKDAY_EN = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"

# Abbreviations printed after a time; RFC 822 meanings for the US ones.
TZ_OFFSETS_MIN = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
    "KST": 540, "JST": 540, "HKT": 480, "SGT": 480,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
    "AEST": 600, "AEDT": 660,
}
# "ET"/"PT" name a zone whose offset depends on the date (DST).
TZ_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago",
    "MT": "America/Denver", "PT": "America/Los_Angeles",
}
TZ_NAME_RE = "|".join(sorted((*TZ_OFFSETS_MIN, *TZ_ZONES), key=len, reverse=True))

KO_NUMBERS = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}
EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
KO_UNITS = {
    "초": "seconds", "분": "minutes", "시간": "hours", "일": "days",
    "주": "weeks", "주일": "weeks", "개월": "months", "달": "months", "년": "years",
}

KO_PART = r"(?:\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:초|분|시간|주일|주|일|개월|달|년)"
EN_PART = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\b"
)
KO_PART_RE = re.compile(
    r"(?P<n>\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?P<unit>초|분|시간|주일|주|일|개월|달|년)"
)
EN_PART_RE = re.compile(
    r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------
# Date tokens (one pass, leftmost wins)
# --------------------------------------------------------------------------

DATE_RE = re.compile(
    r"(?=[\da-z한두세네다여일아열방오어그])(?:"
    # 2024.09.29 / 2024-09-29 / 2024/09/29 / 2024. 9. 27. / 24.09.29
    r"(?<![\d.])(?P<ny>\d{4}|\d{2})\s*(?P<ns>[./-])\s*(?P<nm>\d{1,2})\s*(?P=ns)\s*"
    r"(?P<nd>\d{1,2})(?!\d)(?![./-]\d)\.?"
    # 09/29/2024 / 29.09.2024 (four-digit year last)
    r"|(?<![\d.])(?P<ra>\d{1,2})\s*(?P<rs>[./-])\s*(?P<rb>\d{1,2})\s*(?P=rs)\s*"
    r"(?P<ry>\d{4})(?!\d)"
    # 2024년 9월 29일
    r"|(?<!\d)(?P<ky>\d{4}|\d{2})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
    # 9월 29일 (no year: the latest such day not after tomorrow)
    r"|(?<!\d)(?P<km2>\d{1,2})\s*월\s*(?P<kd2>\d{1,2})\s*일"
    # 6. November 2023 / 5 de noviembre de 2023 / 29 mars 2024
    r"|" + WORLD_DAY_MONTH_YEAR +
    # September 29, 2024 / Sept. 29 2024
    r"|\b(?P<mmon>" + MONTH_RE + r")\.?\s*(?P<md>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:\s*,\s*|\s+)(?P<my>\d{4})(?!\d)"
    # 29 Sep 2024 / 29th of September 2024 / 29 Sep 24 (RFC 822)
    r"|(?<!\d)(?P<dd>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<dmon>" + MONTH_RE + r")\b\.?,?"
    r"\s*(?P<dy>\d{4}|\d{2})(?![\d:])"
    # Sep 29 / 29 Sep (no year: the latest such day not after tomorrow)
    r"|\b(?P<emon>" + MONTH_RE + r")\.?\s*(?P<ed>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*[,.]\s*\d)"
    r"|(?<!\d)(?P<xd>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<xmon>" + MONTH_RE + r")\b\.?"
    # a month without a day (2024년 9월, September 2024): too vague to be a date
    r"|(?P<vague>(?<!\d)\d{4}\s*년\s*\d{1,2}\s*월|\b" + MONTH_RE + r"\b\.?,?\s*\d{4}(?!\d))"
    # 3시간 전 / 5분전 / 한 달 전 / 1시간 30분 전
    r"|(?P<kago>(?:" + KO_PART + r"\s*)+전)"
    # 2 days ago / an hour ago / 1 hour and 30 minutes ago
    r"|\b(?P<eago>(?:" + EN_PART + r"(?:\s*,\s*|\s+and\s+|\s+))+ago\b)"
    # 방금 전 / 어제 / yesterday / just now
    r"|(?P<now>방금(?:\s*전)?|\bjust\s+now\b|\bmoments?\s+ago\b|\ba\s+moment\s+ago\b)"
    r"|(?P<day>오늘|어제|그저께|그제|\btoday\b|\byesterday\b|\bthe\s+day\s+before\s+yesterday\b)"
    r")",
    re.IGNORECASE,
)

# A time right after a date (optionally after a weekday marker and a separator).
TIME_AFTER_RE = re.compile(
    r"(?:\s*\(\s*(?:[월화수목금토일](?:요일)?|" + WEEKDAY_EN + r")\.?\s*\)"
    r"|\s*[월화수목금토일]요일"
    r"|\s*,?\s*\b" + WEEKDAY_EN + r"\b\.?)?"
    r"\s*(?:[,•·@|–—-]|\bat\b|T(?=\d))?\s*"
    r"(?P<time>(?:(?P<ap1>오전|오후|am\b|pm\b|a\.m\.|p\.m\.)\s*)?"
    r"(?P<h>\d{1,2})(?:\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2})(?:[.,](?P<fr>\d{1,9}))?)?"
    r"|\.(?P<dmi>\d{2})(?=\s*(?:am\b|pm\b|a\.m\.|p\.m\.|(?-i:[A-Z]{2,4})(?![A-Za-z])))"
    r"|\s*시(?:\s*(?P<kmi>\d{1,2})\s*분)?(?:\s*(?P<ks>\d{1,2})\s*초)?)(?!\d)"
    r"(?:\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)(?![a-z]))?)"
    r"(?:\s*(?P<tz>(?-i:Z)(?![A-Za-z])"
    r"|[+-](?:\d{2}:\d{2}|\d{4}|\d{2})(?![\d:])"
    r"|\(?(?-i:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?"
    r"|\(?(?-i:" + TZ_NAME_RE + r")\)?(?![A-Za-z])))?",
    re.IGNORECASE,
)

# A time printed before the date: "Updated 3:05 PM EDT, Sun September 29, 2024".
TIME_BEFORE_RE = re.compile(
    r"(?=[\d오ap])(?P<time>(?:(?P<ap1>오전|오후|am\b|pm\b|a\.m\.|p\.m\.)\s*)?"
    r"(?<!\d)(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)(?![a-z]))?)"
    r"(?:\s*(?P<tz>[+-](?:\d{2}:\d{2}|\d{4})|(?-i:" + TZ_NAME_RE + r")(?![A-Za-z])))?"
    r"[\s,]*(?:" + WEEKDAY_EN + r"\b\.?)?[\s,]*$",
    re.IGNORECASE,
)

# Cheap pre-checks before dateparser is asked anything.
PHONE_RE = re.compile(r"(?<!\d)0\d{1,2}[-.)\s]\d{3,4}[-.\s]\d{4}(?!\d)")
DIGIT_GROUP_RE = re.compile(r"\d+")
MONTH_WORD_RE = re.compile(r"\b" + MONTH_RE + r"\b", re.IGNORECASE)
FALLBACK_HINT_RE = re.compile(r"월|\bago\b|\blast\b|지난|전\b", re.IGNORECASE)
SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


# --------------------------------------------------------------------------
# Context: the "now" and zone a call reads against
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def zone_named(name: str) -> ZoneInfo:
    """The ZoneInfo for ``name``, cached (ZoneInfo construction reads tzdata)."""
    return ZoneInfo(name)


@lru_cache(maxsize=64)
def fixed_offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


@dataclass(frozen=True)
class Context:
    zone: ZoneInfo
    tz_name: str
    now: datetime  # aware, in ``zone``

    @classmethod
    def build(cls, now: Optional[datetime], tz: str) -> "Context":
        zone = zone_named(tz)
        if now is None:
            current = datetime.now(zone)
        elif now.tzinfo is None or now.utcoffset() is None:
            current = now.replace(tzinfo=zone)
        else:
            current = now.astimezone(zone)
        return cls(zone=zone, tz_name=tz, now=current)

    def plausible(self, value: datetime) -> bool:
        """True when ``value`` can be a news date read at ``self.now``."""
        return value.year >= MIN_YEAR and value <= self.now + MAX_FUTURE


class Invalid(Exception):
    """A date-shaped token that names no real instant (2024.02.30, 25:00)."""


def tz_of(raw: Optional[str], ctx: Context) -> tzinfo:
    if not raw:
        return ctx.zone
    raw = raw.strip("() ")
    if raw in TZ_OFFSETS_MIN:
        return fixed_offset(TZ_OFFSETS_MIN[raw])
    if raw in TZ_ZONES:
        return zone_named(TZ_ZONES[raw])
    sign_at = max(raw.find("+"), raw.find("-"))
    sign = -1 if raw[sign_at] == "-" else 1
    digits = raw[sign_at + 1 :].replace(":", "").replace(" ", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        raise Invalid(raw)
    return fixed_offset(sign * (hours * 60 + minutes))


def read_year(raw: str, ctx: Context) -> int:
    """Four digits as printed; two digits are the nearest 19xx/20xx not in the future."""
    year = int(raw)
    if len(raw) == 2:
        year += 2000
        if year > ctx.now.year + 1:
            year -= 100
    return year


def recent_day(month: int, day: int, ctx: Context) -> date:
    """A month and day printed without a year: the latest one not after tomorrow."""
    today = ctx.now.date()
    try:
        found = date(today.year, month, day)
    except ValueError:
        found = None
    if found is None or found > today + timedelta(days=1):
        found = ymd(today.year - 1, month, day)
    return found


def ymd(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise Invalid(f"{year}-{month}-{day}") from exc


def en_unit(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith("sec"):
        return "seconds"
    if raw.startswith("min"):
        return "minutes"
    if raw.startswith("h"):
        return "hours"
    return raw + "s"


def ago(ctx: Context, parts: list[tuple[int, str]]) -> datetime:
    """``now`` minus each ``(n, unit)``; months and years step the calendar,
    days and weeks keep the wall-clock time, smaller units are exact."""
    months = 0
    calendar_part = {"days": 0, "weeks": 0}
    exact_part = {"seconds": 0, "minutes": 0, "hours": 0}
    for n, unit in parts:
        if unit in ("months", "years"):
            months += n * (12 if unit == "years" else 1)
        elif unit in calendar_part:
            calendar_part[unit] += n
        elif unit in exact_part:
            exact_part[unit] += n
    value = ctx.now
    try:
        if months:
            year, month = divmod(value.year * 12 + (value.month - 1) - months, 12)
            month += 1
            if year < MIN_YEAR:
                raise Invalid(f"{months} months ago")
            day = min(value.day, days_in_month(year, month))
            value = value.replace(year=year, month=month, day=day)
        value = value - timedelta(**calendar_part)
        utc = value.astimezone(timezone.utc) - timedelta(**exact_part)
    except OverflowError as exc:
        raise Invalid(str(parts)) from exc
    return utc.astimezone(ctx.zone)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]

