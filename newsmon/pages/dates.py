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

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Iterator, Optional

from newsmon.pages.date_forms import (DATE_RE, DIGIT_GROUP_RE, EN_NUMBERS, EN_PART_RE, FALLBACK_HINT_RE, KO_NUMBERS,
                                      KO_PART_RE, KO_UNITS, MONTH_WORD_RE, MONTHS, PHONE_RE,
                                      SPACE_RE, TIME_AFTER_RE, TIME_BEFORE_RE, WORLD_MONTHS, Context, Invalid, ago, en_unit,
                                      read_year, recent_day, tz_of, ymd)
from newsmon.pages.labels import (EN_MODIFIED, EN_PUBLISHED, KO_MODIFIED, KO_PUBLISHED, LABEL_TAIL, WORLD_MODIFIED,
                                  WORLD_PUBLISHED, first_chars)

__all__ = ["DEFAULT_TZ", "parse_date", "parse_date_fields"]

DEFAULT_TZ = "Asia/Seoul"

# --------------------------------------------------------------------------
# Labels: published / modified
# --------------------------------------------------------------------------

# The labels are newsmon.pages.labels' (the extractor and the seed parser use them too).
# The pattern opens with a lookahead on the labels' first characters: the regex
# engine then skips the rest of the string at C speed (several times faster).
_LABEL_RE = re.compile(
    rf"(?=[{first_chars(f'{KO_MODIFIED}|{KO_PUBLISHED}|{EN_MODIFIED}|{EN_PUBLISHED}|{WORLD_MODIFIED}|{WORLD_PUBLISHED}')}])(?:"
    rf"(?P<mod>{KO_MODIFIED}|\b(?:{EN_MODIFIED}|{WORLD_MODIFIED})\b)"
    rf"|(?P<pub>{KO_PUBLISHED}|\b(?:{EN_PUBLISHED}|{WORLD_PUBLISHED})\b))"
    + LABEL_TAIL,
    re.IGNORECASE,
)


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
    ctx = Context.build(now, tz)
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
    ctx = Context.build(now, tz)
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
    return SPACE_RE.sub(" ", text).strip()


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


def _first_date(seg: str, ctx: Context) -> Optional[datetime]:
    for found in _dates(seg, ctx, limit=1):
        return found
    return None


def _dates(seg: str, ctx: Context, *, limit: int) -> Iterator[datetime]:
    """Dates in ``seg`` in printed order; stops at the first impossible one.

    With no date-shaped token at all, asks the guarded dateparser fallback.
    """
    prev_end = 0
    seen_token = False
    for m in DATE_RE.finditer(seg):
        seen_token = True
        try:
            value, end = _read_token(m, seg, prev_end, ctx)
        except Invalid:
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
    m: re.Match[str], seg: str, prev_end: int, ctx: Context
) -> tuple[datetime, int]:
    """Turn one ``DATE_RE`` match into an aware datetime and its end offset."""
    g = m.group
    if g("ny") is not None:
        day = ymd(read_year(g("ny"), ctx), int(g("nm")), int(g("nd")))
    elif g("ky") is not None:
        day = ymd(read_year(g("ky"), ctx), int(g("km")), int(g("kd")))
    elif g("km2") is not None:
        day = recent_day(int(g("km2")), int(g("kd2")), ctx)
    elif g("emon") is not None:
        day = _day_of(MONTHS[g("emon")[:3].lower()], int(g("ed")), seg, m.end(), ctx)
    elif g("xmon") is not None:
        day = _day_of(MONTHS[g("xmon")[:3].lower()], int(g("xd")), seg, m.end(), ctx)
    elif g("vague") is not None:
        raise Invalid(g("vague"))
    elif g("ry") is not None:
        a, b, sep = int(g("ra")), int(g("rb")), g("rs")
        # "/" is month-first (en-US), "." and "-" day-first (Europe), unless
        # one of the two cannot be a month.
        month_first = (sep == "/" and a <= 12) or b > 12
        day = ymd(int(g("ry")), a, b) if month_first else ymd(int(g("ry")), b, a)
    elif g("wmon") is not None:
        day = ymd(int(g("wy")), WORLD_MONTHS[g("wmon").lower()], int(g("wd")))
    elif g("mmon") is not None:
        day = ymd(int(g("my")), MONTHS[g("mmon")[:3].lower()], int(g("md")))
    elif g("dmon") is not None:
        day = ymd(read_year(g("dy"), ctx), MONTHS[g("dmon")[:3].lower()], int(g("dd")))
    elif g("kago") is not None:
        parts = [
            (KO_NUMBERS.get(p["n"]) or int(p["n"]), KO_UNITS[p["unit"]])
            for p in KO_PART_RE.finditer(g("kago"))
        ]
        return ago(ctx, parts), m.end()
    elif g("eago") is not None:
        parts = [
            (EN_NUMBERS.get(p["n"].lower()) or int(p["n"]), en_unit(p["unit"]))
            for p in EN_PART_RE.finditer(g("eago"))
        ]
        return ago(ctx, parts), m.end()
    elif g("now") is not None:
        return ctx.now, m.end()
    else:
        word = g("day").lower()
        back = 0 if word in ("오늘", "today") else 1 if word in ("어제", "yesterday") else 2
        day = ctx.now.date() - timedelta(days=back)
    return _attach_time(day, m, seg, prev_end, ctx)


# The year printed after the time, as ctime and Java print dates: "Mon Oct 11 14:57:21 CEST 2021".
_YEAR_AFTER_TIME_RE = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+[A-Z]{2,5})?\s+((?:19|20)\d{2})(?!\d)")


def _day_of(month: int, day: int, seg: str, end: int, ctx: Context) -> date:
    """A month and day printed without a year beside them: the year after the time
    when one is printed there, else the latest such day not after tomorrow."""
    after = _YEAR_AFTER_TIME_RE.match(seg, end)
    return ymd(int(after.group(1)), month, day) if after else recent_day(month, day, ctx)


def _attach_time(
    day: date, m: re.Match[str], seg: str, prev_end: int, ctx: Context
) -> tuple[datetime, int]:
    after = TIME_AFTER_RE.match(seg, m.end())
    if after is not None:
        return _combine(day, after, ctx), after.end()
    before = TIME_BEFORE_RE.search(seg, prev_end, m.start())
    if before is not None:
        return _combine(day, before, ctx), m.end()
    return datetime(day.year, day.month, day.day, tzinfo=ctx.zone), m.end()


def _combine(day: date, t: re.Match[str], ctx: Context) -> datetime:
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
        raise Invalid(t.group(0))
    second = min(second, 59)  # a leap second reads as :59
    zone = tz_of(groups.get("tz"), ctx)
    naive = datetime.combine(day, time(hour, minute, second, micro))
    return naive.replace(tzinfo=zone).astimezone(ctx.zone)




# --------------------------------------------------------------------------
# The guarded dateparser fallback
# --------------------------------------------------------------------------


def _fallback(seg: str, ctx: Context) -> Optional[datetime]:
    """Ask dateparser (ko/en only) about a segment the fast path could not read.

    Accepted only when the day and month it found are printed in ``seg``
    (as digits or a month name), so a bare year, a time or a phone number
    never becomes a date.
    """
    seg = seg.strip(" |/·,-:[]()")
    if not seg or not any(ch.isdigit() for ch in seg):
        return None
    if PHONE_RE.search(seg):
        return None
    month_words = [MONTHS[w[:3].lower()] for w in MONTH_WORD_RE.findall(seg)]
    numbers = {int(x) for x in DIGIT_GROUP_RE.findall(seg)}
    if not (month_words or (len(numbers) >= 2 and FALLBACK_HINT_RE.search(seg))):
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
