"""newsmon.pages.dates: every printed form, the None cases, zones, published-vs-updated.

The labelled strings live in tests/data/dates_cases.tsv (expected values worked
out by hand); the accuracy function is the one the benchmark uses.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateparser
import pytest

from bench.bench_dates import FROZEN_NOW, Case, accuracy, build_corpus, is_correct, load_cases
from newsmon.pages.dates import parse_date, parse_date_fields

SEOUL = ZoneInfo("Asia/Seoul")
NOW = FROZEN_NOW  # 2024-09-30 12:00 Asia/Seoul, a Monday
CASES = load_cases()


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)  # type: ignore[misc]


def read(text: Optional[str], **kwargs: Any) -> Optional[datetime]:
    kwargs.setdefault("now", NOW)
    return parse_date(text, **kwargs)


@pytest.fixture
def no_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the slow path is taken."""

    def boom(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"dateparser called for {args!r}")

    monkeypatch.setattr(dateparser, "parse", boom)


# --------------------------------------------------------------------------
# The labelled cases
# --------------------------------------------------------------------------


def test_labelled_file_is_big_and_diverse() -> None:
    kinds = {c.kind for c in CASES}
    assert len(CASES) >= 150
    assert {"ko_label", "ko_num", "ko_text", "iso", "rfc", "en_prose", "en_label", "relative", "pubmod", "none"} <= kinds
    assert sum(c.expected is None for c in CASES) >= 30
    assert len({c.text for c in CASES}) == len(CASES), "duplicate inputs"


def test_every_labelled_case_is_read_right() -> None:
    share, wrong = accuracy(lambda s: parse_date(s, now=NOW, tz="Asia/Seoul"), CASES)
    details = [f"{c.text!r}: expected {c.expected}, got {got}" for c, got in wrong]
    assert share == 1.0, "\n".join(details)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.text[:40])
def test_labelled_case(case: Case) -> None:
    got = read(case.text, tz="Asia/Seoul")
    assert is_correct(got, case.expected), f"{case.text!r} -> {got}, expected {case.expected}"
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == timedelta(hours=9)


def test_labelled_cases_never_need_dateparser(no_dateparser: None) -> None:
    share, wrong = accuracy(lambda s: parse_date(s, now=NOW), CASES)
    assert share == 1.0, [c.text for c, _ in wrong]


def test_accuracy_counts_wrong_answers() -> None:
    cases = [c for c in CASES if c.kind in ("iso", "none")]
    share, wrong = accuracy(lambda s: None, cases)
    expected_wrong = [c for c in cases if c.expected is not None]
    assert [c for c, _ in wrong] == expected_wrong
    assert share == pytest.approx(1 - len(expected_wrong) / len(cases))

    def crash(text: str) -> Optional[datetime]:
        raise RuntimeError(text)

    assert accuracy(crash, cases)[0] == 0.0


def test_is_correct_needs_the_same_instant_and_an_aware_value() -> None:
    assert is_correct(kst(2024, 9, 29, 15), datetime(2024, 9, 29, 6, tzinfo=timezone.utc))
    assert not is_correct(datetime(2024, 9, 29, 15), kst(2024, 9, 29, 15))
    assert not is_correct(kst(2024, 9, 29, 15), None)
    assert is_correct(None, None)


def test_benchmark_corpus_is_mixed_and_still_labelled() -> None:
    corpus = build_corpus(CASES, 300)
    assert len(corpus) == 300
    assert len({c.kind for c in corpus}) >= 8
    assert len({c.text for c in corpus}) > 150  # re-dated variants, not 300 copies
    share, wrong = accuracy(lambda s: parse_date(s, now=NOW), corpus)
    assert share == 1.0, [c.text for c, _ in wrong]


# --------------------------------------------------------------------------
# Forms, one by one (beyond the file: exact fields, not only the instant)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024.09.29 15:00", kst(2024, 9, 29, 15, 0)),
        ("2024.09.29. 오후 3:05", kst(2024, 9, 29, 15, 5)),
        ("2024-09-29 15:00:00", kst(2024, 9, 29, 15, 0)),
        ("2024/09/29", kst(2024, 9, 29)),
        ("2024년 9월 29일 15시 00분", kst(2024, 9, 29, 15, 0)),
        ("2024년 9월 29일 오후 3시 5분", kst(2024, 9, 29, 15, 5)),
        ("2024. 9. 27.", kst(2024, 9, 27)),
        ("2024.09.29 (일) 15:00", kst(2024, 9, 29, 15)),
        ("2024.09.29 (Sun) 15:00", kst(2024, 9, 29, 15)),
        ("24.09.29", kst(2024, 9, 29)),
        ("99.12.31", kst(1999, 12, 31)),
        ("Sun, 29 Sep 2024 15:00:00 +0900", kst(2024, 9, 29, 15)),
        ("2024-09-29T15:00:00+09:00", kst(2024, 9, 29, 15)),
        ("September 29, 2024 3:05 PM", kst(2024, 9, 29, 15, 5)),
        ("Sept. 29, 2024", kst(2024, 9, 29)),
        ("29 Sep 2024", kst(2024, 9, 29)),
    ],
)
def test_common_forms_take_the_fast_path(text: str, expected: datetime, no_dateparser: None) -> None:
    got = read(text)
    assert got == expected
    assert got is not None and got.tzinfo is SEOUL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3시간 전", NOW - timedelta(hours=3)),
        ("5분전", NOW - timedelta(minutes=5)),
        ("1시간 30분 전", NOW - timedelta(hours=1, minutes=30)),
        ("방금 전", NOW),
        ("어제", kst(2024, 9, 29)),
        ("그제", kst(2024, 9, 28)),
        ("2 days ago", NOW - timedelta(days=2)),
        ("1 hour and 30 minutes ago", NOW - timedelta(hours=1, minutes=30)),
        ("yesterday", kst(2024, 9, 29)),
        ("just now", NOW),
        ("1개월 전", kst(2024, 8, 30, 12)),
    ],
)
def test_relative_forms_count_back_from_now(text: str, expected: datetime, no_dateparser: None) -> None:
    assert read(text) == expected


def test_relative_month_arithmetic_clamps_the_day() -> None:
    assert read("1개월 전", now=kst(2024, 3, 31, 8)) == kst(2024, 2, 29, 8)
    assert read("1 year ago", now=kst(2024, 2, 29, 8)) == kst(2023, 2, 28, 8)


def test_absurd_relative_amounts_are_none() -> None:
    assert read("99999999999 days ago") is None
    assert read("9999999999999999 years ago") is None
    assert read("100년 전") is None  # before 1990: not a news date


def test_year_less_dates_take_the_latest_past_occurrence() -> None:
    assert read("9월 29일 15:00") == kst(2024, 9, 29, 15)
    assert read("12월 31일") == kst(2023, 12, 31)
    assert read("Dec 31") == kst(2023, 12, 31)
    assert read("10월 1일", now=kst(2024, 9, 30, 23)) == kst(2024, 10, 1)  # tomorrow in KST


# --------------------------------------------------------------------------
# Not dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "홍길동 기자",
        "02-1234-5678",
        "010-1234-5678",
        "Copyright © 2024 중앙일보",
        "2024",
        "1234",
        "2024.02.30",
        "2024-13-01",
        "입력",
        "수정 2024.09.31 09:00",
    ],
)
def test_not_a_date_is_none(text: Optional[str]) -> None:
    assert read(text) is None
    assert parse_date_fields(text, now=NOW) == (None, None)


def test_an_impossible_date_is_not_replaced_by_a_later_token() -> None:
    # The first date-shaped token decides: no scanning on for something else.
    assert read("2024.02.30 2024.09.29") is None


def test_far_future_and_ancient_dates_are_rejected() -> None:
    assert read("2025.09.30") == kst(2025, 9, 30)  # within a year: allowed
    assert read("2025.10.02") is None
    assert read("1989.12.31") is None


# --------------------------------------------------------------------------
# Zones
# --------------------------------------------------------------------------


def test_naive_time_is_read_in_tz() -> None:
    got = read("2024-09-29 15:00", tz="UTC")
    assert got == datetime(2024, 9, 29, 15, tzinfo=timezone.utc)
    assert got is not None and got.tzinfo == ZoneInfo("UTC")
    ny = read("2024-09-29 15:00", tz="America/New_York")
    assert ny is not None and ny.utcoffset() == timedelta(hours=-4)  # EDT
    assert read("2024-01-15 15:00", tz="America/New_York").utcoffset() == timedelta(hours=-5)  # type: ignore[union-attr]


def test_date_without_time_is_midnight_in_tz() -> None:
    assert read("2024-09-29", tz="Europe/London") == datetime(2024, 9, 29, tzinfo=ZoneInfo("Europe/London"))
    assert read("2024-09-29") == kst(2024, 9, 29)


@pytest.mark.parametrize(
    "text",
    [
        "2024-09-29T06:00:00Z",
        "2024-09-29T06:00:00+00:00",
        "2024-09-29 06:00 UTC",
        "2024-09-29 06:00 GMT",
        "Sun, 29 Sep 2024 06:00:00 GMT",
        "Sun, 29 Sep 2024 15:00:00 KST",
        "2024-09-29T15:00:00+09:00",
        "Sun, 29 Sep 2024 02:00:00 -0400",
    ],
)
@pytest.mark.parametrize("tz", ["Asia/Seoul", "UTC", "America/Los_Angeles"])
def test_explicit_offset_wins_over_tz(text: str, tz: str) -> None:
    got = read(text, tz=tz)
    assert got == datetime(2024, 9, 29, 6, tzinfo=timezone.utc)
    assert got is not None and got.tzinfo == ZoneInfo(tz)  # returned in the caller's zone


def test_now_may_be_naive_or_aware() -> None:
    naive = datetime(2024, 9, 30, 12, 0)
    aware_utc = datetime(2024, 9, 30, 3, 0, tzinfo=timezone.utc)
    assert read("3시간 전", now=naive) == kst(2024, 9, 30, 9)
    assert read("3시간 전", now=aware_utc) == kst(2024, 9, 30, 9)
    assert read("어제", now=aware_utc) == kst(2024, 9, 29)
    # naive now is in tz: 12:00 in New York is 01:00 next day in Seoul
    got = parse_date("just now", now=naive, tz="America/New_York")
    assert got == datetime(2024, 9, 30, 16, tzinfo=timezone.utc)


def test_now_defaults_to_the_current_time() -> None:
    before = datetime.now(timezone.utc)
    got = parse_date("방금 전")
    after = datetime.now(timezone.utc)
    assert got is not None and before <= got <= after
    assert parse_date("2024-09-29 15:00") == kst(2024, 9, 29, 15)


def test_unknown_tz_name_is_an_error() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        parse_date("2024-09-29", tz="Mars/Olympus_Mons")


# --------------------------------------------------------------------------
# Published versus updated
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "modified"),
    [
        ("입력 2024.09.29 15:00 수정 2024.09.30 09:12", kst(2024, 9, 29, 15), kst(2024, 9, 30, 9, 12)),
        ("수정 2024.09.30 09:12 입력 2024.09.29 15:00", kst(2024, 9, 29, 15), kst(2024, 9, 30, 9, 12)),
        ("송고시간 2024-09-29 15:00", kst(2024, 9, 29, 15), None),
        ("최종수정 2024.09.30 09:12", None, kst(2024, 9, 30, 9, 12)),
        ("Published Sep 29, 2024 Updated Sep 30, 2024", kst(2024, 9, 29), kst(2024, 9, 30)),
        ("Updated: Sep 30, 2024 9:12 AM", None, kst(2024, 9, 30, 9, 12)),
        ("2024.09.29 15:00 수정 2024.09.30 09:12", kst(2024, 9, 29, 15), kst(2024, 9, 30, 9, 12)),
        ("2024.09.29 15:00 2024.09.30 09:12", kst(2024, 9, 29, 15), kst(2024, 9, 30, 9, 12)),
        ("2024-09-29T15:00:00+09:00", kst(2024, 9, 29, 15), None),
        ("입력 2024.02.30 15:00 수정 2024.09.30 09:12", None, kst(2024, 9, 30, 9, 12)),
    ],
)
def test_fields(text: str, published: Optional[datetime], modified: Optional[datetime]) -> None:
    assert parse_date_fields(text, now=NOW) == (published, modified)


def test_parse_date_prefers_published_then_falls_back_to_modified() -> None:
    assert read("업데이트 2024.09.30 09:12 / 등록 2024.09.29 15:00") == kst(2024, 9, 29, 15)
    assert read("Updated: Sep 30, 2024") == kst(2024, 9, 30)
    # The published time is printed but impossible: the updated one is still a real date.
    assert read("입력 2024.02.30 15:00 수정 2024.09.30 09:12") == kst(2024, 9, 30, 9, 12)


# --------------------------------------------------------------------------
# The dateparser fallback and its guard
# --------------------------------------------------------------------------


def test_fallback_reads_what_the_fast_path_does_not() -> None:
    assert read("September the 29th, 2024") == kst(2024, 9, 29)


def test_fallback_is_called_with_narrow_languages_and_our_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    real = dateparser.parse

    def spy(*args: Any, **kwargs: Any) -> Optional[datetime]:
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(dateparser, "parse", spy)
    assert read("입력 September the 29th, 2024", tz="UTC") == datetime(2024, 9, 29, tzinfo=timezone.utc)
    (args, kwargs), = calls
    assert args == ("September the 29th, 2024",)  # the label is not passed on
    assert set(kwargs["languages"]) <= {"ko", "en"}
    settings = kwargs["settings"]
    assert settings["RETURN_AS_TIMEZONE_AWARE"] is True
    assert settings["PREFER_DATES_FROM"] == "past"
    assert settings["TIMEZONE"] == "UTC"


@pytest.mark.parametrize(
    "answer",
    [
        datetime(1234, 9, 29, tzinfo=timezone.utc),  # too old
        datetime(2031, 9, 29, tzinfo=timezone.utc),  # far future
        datetime(2024, 9, 14, tzinfo=timezone.utc),  # day 14 is not printed
        datetime(2024, 3, 29, tzinfo=timezone.utc),  # March is not printed
    ],
)
def test_fallback_answers_are_checked_against_the_text(monkeypatch: pytest.MonkeyPatch, answer: datetime) -> None:
    monkeypatch.setattr(dateparser, "parse", lambda *a, **k: answer)
    assert read("September the 29th, 2024") is None


def test_fallback_is_not_asked_about_non_dates(no_dateparser: None) -> None:
    for text in ("홍길동 기자", "02-1234-5678", "Copyright © 2024 중앙일보", "1234", "12:30", "2024년 9월", "9월 문의 02-1234-5678"):
        assert read(text) is None


# --------------------------------------------------------------------------
# Purity
# --------------------------------------------------------------------------


def test_thread_safe_same_answers_in_parallel() -> None:
    texts = [c.text for c in CASES] * 4
    serial = [parse_date(t, now=NOW) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda t: parse_date(t, now=NOW), texts))
    assert parallel == serial


def test_full_width_and_odd_spaces_are_normalised() -> None:
    assert read("입력\u00a02024.09.29\u200b 15:00") == kst(2024, 9, 29, 15)
    assert read("２０２４年") is None
