"""Publication dates as Korean and English news pages print them.

Why this module exists: every later stage (dedupe windows, "new since the
last digest", ordering developments) trusts the article's date, and pages
print it in a dozen shapes, often behind a label (``입력``, ``수정``,
``Updated``) that makes a bare ``dateparser.parse`` return None, and often
next to an updated time that must not be mistaken for the published one.

So: labels split the string into published / modified / unlabelled parts;
compiled regular expressions read the common forms (numeric, Korean
``년 월 일``, RFC 822, ISO 8601, English prose, relative) in microseconds;
dateparser, restricted to Korean and English, is only asked about the rest
and its answer is checked against the digits actually printed. A string that
holds something date-shaped but impossible (``2024.02.30``) gives None,
never a guess.

Pure: no I/O, no mutable module state (the ZoneInfo cache is an lru_cache),
so it is safe to call from several threads.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Iterator, Optional
from zoneinfo import ZoneInfo

__all__ = ["DEFAULT_TZ", "parse_date", "parse_date_fields"]

DEFAULT_TZ = "Asia/Seoul"

MIN_YEAR = 1990
"""Older dates are not news publication dates: treat them as misreadings."""

MAX_FUTURE = timedelta(days=366)
"""A date further than this after ``now`` is a misreading, not an embargo."""

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY_EN = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"

# Abbreviations printed after a time; RFC 822 meanings for the US ones.
_TZ_OFFSETS_MIN = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0,
    "KST": 540, "JST": 540, "HKT": 480, "SGT": 480,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
    "AEST": 600, "AEDT": 660,
}
# "ET"/"PT" name a zone whose offset depends on the date (DST).
_TZ_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago",
    "MT": "America/Denver", "PT": "America/Los_Angeles",
}
_TZ_NAME_RE = "|".join(sorted((*_TZ_OFFSETS_MIN, *_TZ_ZONES), key=len, reverse=True))

_KO_NUMBERS = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6,
    "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
}
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_KO_UNITS = {
    "초": "seconds", "분": "minutes", "시간": "hours", "일": "days",
    "주": "weeks", "주일": "weeks", "개월": "months", "달": "months", "년": "years",
}

_KO_PART = r"(?:\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:초|분|시간|주일|주|일|개월|달|년)"
_EN_PART = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\b"
)
_KO_PART_RE = re.compile(
    r"(?P<n>\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?P<unit>초|분|시간|주일|주|일|개월|달|년)"
)
_EN_PART_RE = re.compile(
    r"(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit>sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------
# Labels: published / modified
# --------------------------------------------------------------------------

# Each pattern opens with a lookahead on its possible first characters: the
# regex engine then skips the rest of the string at C speed (several times faster).
_LABEL_RE = re.compile(
    r"(?=[최수업갱기입등송승게발작lumpfc])(?:"
    r"(?P<mod>최종\s*수정|수정|업데이트|갱신"
    r"|\blast[\s-]+(?:updated|modified)\b|\bupdated\b|\bmodified\b)"
    r"|(?P<pub>기사\s*입력|최초\s*입력|입력|등록|송고|승인|게재|발행|작성"
    r"|\bfirst\s+published\b|\bpublished\b|\bposted\b|\bcreated\b)"
    r")"
    r"(?:일시|시간|시각|일자|일)?"
    r"(?:\s+(?:on|at)\b)?\s*[:：]?",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------
# Date tokens (one pass, leftmost wins)
# --------------------------------------------------------------------------

_DATE_RE = re.compile(
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
    # September 29, 2024 / Sept. 29 2024
    r"|\b(?P<mmon>" + _MONTH_RE + r")\.?\s*(?P<md>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:\s*,\s*|\s+)(?P<my>\d{4})(?!\d)"
    # 29 Sep 2024 / 29th of September 2024 / 29 Sep 24 (RFC 822)
    r"|(?<!\d)(?P<dd>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<dmon>" + _MONTH_RE + r")\b\.?,?"
    r"\s*(?P<dy>\d{4}|\d{2})(?![\d:])"
    # Sep 29 / 29 Sep (no year: the latest such day not after tomorrow)
    r"|\b(?P<emon>" + _MONTH_RE + r")\.?\s*(?P<ed>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*[,.]\s*\d)"
    r"|(?<!\d)(?P<xd>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<xmon>" + _MONTH_RE + r")\b\.?"
    # a month without a day (2024년 9월, September 2024): too vague to be a date
    r"|(?P<vague>(?<!\d)\d{4}\s*년\s*\d{1,2}\s*월|\b" + _MONTH_RE + r"\b\.?,?\s*\d{4}(?!\d))"
    # 3시간 전 / 5분전 / 한 달 전 / 1시간 30분 전
    r"|(?P<kago>(?:" + _KO_PART + r"\s*)+전)"
    # 2 days ago / an hour ago / 1 hour and 30 minutes ago
    r"|\b(?P<eago>(?:" + _EN_PART + r"(?:\s*,\s*|\s+and\s+|\s+))+ago\b)"
    # 방금 전 / 어제 / yesterday / just now
    r"|(?P<now>방금(?:\s*전)?|\bjust\s+now\b|\bmoments?\s+ago\b|\ba\s+moment\s+ago\b)"
    r"|(?P<day>오늘|어제|그저께|그제|\btoday\b|\byesterday\b|\bthe\s+day\s+before\s+yesterday\b)"
    r")",
    re.IGNORECASE,
)

# A time right after a date (optionally after a weekday marker and a separator).
_TIME_AFTER_RE = re.compile(
    r"(?:\s*\(\s*(?:[월화수목금토일](?:요일)?|" + _WEEKDAY_EN + r")\.?\s*\)"
    r"|\s*[월화수목금토일]요일"
    r"|\s*,?\s*\b" + _WEEKDAY_EN + r"\b\.?)?"
    r"\s*(?:[,•·@|–—-]|\bat\b|T(?=\d))?\s*"
    r"(?P<time>(?:(?P<ap1>오전|오후|am\b|pm\b|a\.m\.|p\.m\.)\s*)?"
    r"(?P<h>\d{1,2})(?:\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2})(?:[.,](?P<fr>\d{1,9}))?)?"
    r"|\.(?P<dmi>\d{2})(?=\s*(?:am\b|pm\b|a\.m\.|p\.m\.|(?-i:[A-Z]{2,4})(?![A-Za-z])))"
    r"|\s*시(?:\s*(?P<kmi>\d{1,2})\s*분)?(?:\s*(?P<ks>\d{1,2})\s*초)?)(?!\d)"
    r"(?:\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)(?![a-z]))?)"
    r"(?:\s*(?P<tz>(?-i:Z)(?![A-Za-z])"
    r"|[+-](?:\d{2}:\d{2}|\d{4}|\d{2})(?![\d:])"
    r"|\(?(?-i:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?"
    r"|\(?(?-i:" + _TZ_NAME_RE + r")\)?(?![A-Za-z])))?",
    re.IGNORECASE,
)

# A time printed before the date: "Updated 3:05 PM EDT, Sun September 29, 2024".
_TIME_BEFORE_RE = re.compile(
    r"(?=[\d오ap])(?P<time>(?:(?P<ap1>오전|오후|am\b|pm\b|a\.m\.|p\.m\.)\s*)?"
    r"(?<!\d)(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)(?![a-z]))?)"
    r"(?:\s*(?P<tz>[+-](?:\d{2}:\d{2}|\d{4})|(?-i:" + _TZ_NAME_RE + r")(?![A-Za-z])))?"
    r"[\s,]*(?:" + _WEEKDAY_EN + r"\b\.?)?[\s,]*$",
    re.IGNORECASE,
)

# Cheap pre-checks before dateparser is asked anything.
_PHONE_RE = re.compile(r"(?<!\d)0\d{1,2}[-.)\s]\d{3,4}[-.\s]\d{4}(?!\d)")
_DIGIT_GROUP_RE = re.compile(r"\d+")
_MONTH_WORD_RE = re.compile(r"\b" + _MONTH_RE + r"\b", re.IGNORECASE)
_FALLBACK_HINT_RE = re.compile(r"월|\bago\b|\blast\b|지난|전\b", re.IGNORECASE)
_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


# --------------------------------------------------------------------------
# Context: the "now" and zone a call reads against
# --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    """The ZoneInfo for ``name``, cached (ZoneInfo construction reads tzdata)."""
    return ZoneInfo(name)


@lru_cache(maxsize=64)
def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


@dataclass(frozen=True)
class _Context:
    zone: ZoneInfo
    tz_name: str
    now: datetime  # aware, in ``zone``

    @classmethod
    def build(cls, now: Optional[datetime], tz: str) -> "_Context":
        zone = _zone(tz)
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


class _Invalid(Exception):
    """A date-shaped token that names no real instant (2024.02.30, 25:00)."""


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def parse_date(
    text: Optional[str], *, now: Optional[datetime] = None, tz: str = DEFAULT_TZ
) -> Optional[datetime]:
    """Read one news date from ``text``; an aware datetime in ``tz``, or None.

    When the string holds both a published and an updated time, the published
    one (입력/등록/송고/Published...) is returned; unlabelled, the first. With
    only an updated time printed, that one is returned. ``now`` (naive = in
    ``tz``) anchors relative forms such as ``3시간 전``; ``tz`` is the zone of
    times printed without an offset.
    """
    text = _normalize(text)
    if not text:
        return None
    ctx = _Context.build(now, tz)
    segments = _segments(text)
    for kind, seg in segments:
        if kind == "pub":
            found = _first_date(seg, ctx)
            if found is not None:
                return found
    for kind, seg in segments:
        if kind is None:
            found = _first_date(seg, ctx)
            if found is not None:
                return found
    for kind, seg in segments:
        if kind == "mod":
            found = _first_date(seg, ctx)
            if found is not None:
                return found
    return None


def parse_date_fields(
    text: Optional[str], *, now: Optional[datetime] = None, tz: str = DEFAULT_TZ
) -> tuple[Optional[datetime], Optional[datetime]]:
    """Read ``(published, modified)`` from one printed string.

    Labelled parts go to their field; unlabelled dates fill the gaps in order
    (first = published, second = modified). A field that is not printed, or
    printed as an impossible date, is None.
    """
    text = _normalize(text)
    if not text:
        return None, None
    ctx = _Context.build(now, tz)
    published: Optional[datetime] = None
    modified: Optional[datetime] = None
    unlabelled: list[datetime] = []
    for kind, seg in _segments(text):
        if kind == "pub":
            if published is None:
                published = _first_date(seg, ctx)
        elif kind == "mod":
            if modified is None:
                modified = _first_date(seg, ctx)
        elif len(unlabelled) < 2:
            unlabelled.extend(_dates(seg, ctx, limit=2 - len(unlabelled)))
    if published is None and unlabelled:
        published = unlabelled.pop(0)
    if modified is None and unlabelled:
        modified = unlabelled.pop(0)
    return published, modified


# --------------------------------------------------------------------------
# Segmentation
# --------------------------------------------------------------------------


def _normalize(text: Optional[str]) -> str:
    if not text:
        return ""
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)  # full-width digits, NBSP
    return _SPACE_RE.sub(" ", text).strip()


def _segments(text: str) -> list[tuple[Optional[str], str]]:
    """Split at labels: ``[(None|"pub"|"mod", text after the label), ...]``."""
    out: list[tuple[Optional[str], str]] = []
    pos = 0
    kind: Optional[str] = None
    for m in _LABEL_RE.finditer(text):
        out.append((kind, text[pos : m.start()]))
        kind = "mod" if m.group("mod") else "pub"
        pos = m.end()
    out.append((kind, text[pos:]))
    return [(k, s) for k, s in out if s.strip()]


# --------------------------------------------------------------------------
# Reading one segment
# --------------------------------------------------------------------------


def _first_date(seg: str, ctx: _Context) -> Optional[datetime]:
    for found in _dates(seg, ctx, limit=1):
        return found
    return None


def _dates(seg: str, ctx: _Context, *, limit: int) -> Iterator[datetime]:
    """Dates in ``seg`` in printed order; stops at the first impossible one.

    With no date-shaped token at all, asks the guarded dateparser fallback.
    """
    prev_end = 0
    seen_token = False
    for m in _DATE_RE.finditer(seg):
        seen_token = True
        try:
            value, end = _read_token(m, seg, prev_end, ctx)
        except _Invalid:
            return
        if not ctx.plausible(value):
            return
        yield value
        limit -= 1
        if limit <= 0:
            return
        prev_end = end
    if not seen_token:
        fallback = _fallback(seg, ctx)
        if fallback is not None:
            yield fallback


def _read_token(
    m: re.Match[str], seg: str, prev_end: int, ctx: _Context
) -> tuple[datetime, int]:
    """Turn one ``_DATE_RE`` match into an aware datetime and its end offset."""
    g = m.group
    if g("ny") is not None:
        day = _ymd(_year(g("ny"), ctx), int(g("nm")), int(g("nd")))
    elif g("ky") is not None:
        day = _ymd(_year(g("ky"), ctx), int(g("km")), int(g("kd")))
    elif g("km2") is not None:
        day = _recent_day(int(g("km2")), int(g("kd2")), ctx)
    elif g("emon") is not None:
        day = _recent_day(_MONTHS[g("emon")[:3].lower()], int(g("ed")), ctx)
    elif g("xmon") is not None:
        day = _recent_day(_MONTHS[g("xmon")[:3].lower()], int(g("xd")), ctx)
    elif g("vague") is not None:
        raise _Invalid(g("vague"))
    elif g("ry") is not None:
        a, b, sep = int(g("ra")), int(g("rb")), g("rs")
        # "/" is month-first (en-US), "." and "-" day-first (Europe), unless
        # one of the two cannot be a month.
        month_first = (sep == "/" and a <= 12) or b > 12
        day = _ymd(int(g("ry")), a, b) if month_first else _ymd(int(g("ry")), b, a)
    elif g("mmon") is not None:
        day = _ymd(int(g("my")), _MONTHS[g("mmon")[:3].lower()], int(g("md")))
    elif g("dmon") is not None:
        day = _ymd(_year(g("dy"), ctx), _MONTHS[g("dmon")[:3].lower()], int(g("dd")))
    elif g("kago") is not None:
        parts = [
            (_KO_NUMBERS.get(p["n"]) or int(p["n"]), _KO_UNITS[p["unit"]])
            for p in _KO_PART_RE.finditer(g("kago"))
        ]
        return _ago(ctx, parts), m.end()
    elif g("eago") is not None:
        parts = [
            (_EN_NUMBERS.get(p["n"].lower()) or int(p["n"]), _en_unit(p["unit"]))
            for p in _EN_PART_RE.finditer(g("eago"))
        ]
        return _ago(ctx, parts), m.end()
    elif g("now") is not None:
        return ctx.now, m.end()
    else:
        word = g("day").lower()
        back = 0 if word in ("오늘", "today") else 1 if word in ("어제", "yesterday") else 2
        day = ctx.now.date() - timedelta(days=back)
    return _attach_time(day, m, seg, prev_end, ctx)


def _attach_time(
    day: date, m: re.Match[str], seg: str, prev_end: int, ctx: _Context
) -> tuple[datetime, int]:
    after = _TIME_AFTER_RE.match(seg, m.end())
    if after is not None:
        return _combine(day, after, ctx), after.end()
    before = _TIME_BEFORE_RE.search(seg, prev_end, m.start())
    if before is not None:
        return _combine(day, before, ctx), m.end()
    return datetime(day.year, day.month, day.day, tzinfo=ctx.zone), m.end()


def _combine(day: date, t: re.Match[str], ctx: _Context) -> datetime:
    groups = t.groupdict()
    hour = int(groups["h"])
    minute = int(groups.get("mi") or groups.get("dmi") or groups.get("kmi") or 0)
    second = int(groups.get("s") or groups.get("ks") or 0)
    fraction = groups.get("fr")
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    marker = (groups.get("ap1") or groups.get("ap2") or "").lower().replace(".", "")
    if marker:
        if marker in ("오후", "pm") and hour < 12:
            hour += 12
        elif marker in ("오전", "am") and hour == 12:
            hour = 0
    if hour == 24 and minute == 0 and second == 0:
        day, hour = day + timedelta(days=1), 0
    if hour > 23 or minute > 59 or second > 60:
        raise _Invalid(t.group(0))
    second = min(second, 59)  # a leap second reads as :59
    zone = _tz_of(groups.get("tz"), ctx)
    naive = datetime.combine(day, time(hour, minute, second, micro))
    return naive.replace(tzinfo=zone).astimezone(ctx.zone)


def _tz_of(raw: Optional[str], ctx: _Context) -> tzinfo:
    if not raw:
        return ctx.zone
    raw = raw.strip("() ")
    if raw in _TZ_OFFSETS_MIN:
        return _fixed(_TZ_OFFSETS_MIN[raw])
    if raw in _TZ_ZONES:
        return _zone(_TZ_ZONES[raw])
    sign_at = max(raw.find("+"), raw.find("-"))
    sign = -1 if raw[sign_at] == "-" else 1
    digits = raw[sign_at + 1 :].replace(":", "").replace(" ", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        raise _Invalid(raw)
    return _fixed(sign * (hours * 60 + minutes))


def _year(raw: str, ctx: _Context) -> int:
    """Four digits as printed; two digits are the nearest 19xx/20xx not in the future."""
    year = int(raw)
    if len(raw) == 2:
        year += 2000
        if year > ctx.now.year + 1:
            year -= 100
    return year


def _recent_day(month: int, day: int, ctx: _Context) -> date:
    """A month and day printed without a year: the latest one not after tomorrow."""
    today = ctx.now.date()
    try:
        found = date(today.year, month, day)
    except ValueError:
        found = None
    if found is None or found > today + timedelta(days=1):
        found = _ymd(today.year - 1, month, day)
    return found


def _ymd(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _Invalid(f"{year}-{month}-{day}") from exc


def _en_unit(raw: str) -> str:
    raw = raw.lower()
    if raw.startswith("sec"):
        return "seconds"
    if raw.startswith("min"):
        return "minutes"
    if raw.startswith("h"):
        return "hours"
    return raw + "s"


def _ago(ctx: _Context, parts: list[tuple[int, str]]) -> datetime:
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
                raise _Invalid(f"{months} months ago")
            day = min(value.day, _days_in_month(year, month))
            value = value.replace(year=year, month=month, day=day)
        value = value - timedelta(**calendar_part)
        utc = value.astimezone(timezone.utc) - timedelta(**exact_part)
    except OverflowError as exc:
        raise _Invalid(str(parts)) from exc
    return utc.astimezone(ctx.zone)


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --------------------------------------------------------------------------
# The guarded dateparser fallback
# --------------------------------------------------------------------------


def _fallback(seg: str, ctx: _Context) -> Optional[datetime]:
    """Ask dateparser (ko/en only) about a segment the fast path could not read.

    Accepted only when the day and month it found are printed in ``seg``
    (as digits or a month name), so a bare year, a time or a phone number
    never becomes a date.
    """
    seg = seg.strip(" |/·,-:[]()")
    if not seg or not any(ch.isdigit() for ch in seg):
        return None
    if _PHONE_RE.search(seg):
        return None
    month_words = [_MONTHS[w[:3].lower()] for w in _MONTH_WORD_RE.findall(seg)]
    numbers = {int(x) for x in _DIGIT_GROUP_RE.findall(seg)}
    if not (month_words or (len(numbers) >= 2 and _FALLBACK_HINT_RE.search(seg))):
        return None
    import dateparser  # imported lazily: heavy, and rarely needed

    settings = {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "TIMEZONE": ctx.tz_name,
        "RELATIVE_BASE": ctx.now.replace(tzinfo=None),
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        found = dateparser.parse(seg, languages=["ko", "en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if found is None:
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=ctx.zone)
    found = found.astimezone(ctx.zone)
    if not ctx.plausible(found) or found.day not in numbers:
        return None
    month_printed = found.month in numbers or found.month in month_words
    return found if month_printed else None
