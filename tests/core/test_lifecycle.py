"""The one rule of when a round takes answers, with dates on and around the boundaries."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dia_scan.core import lifecycle
from dia_scan.core.lifecycle import Phase
from dia_scan.core.records import Assessment

START, END = date(2026, 3, 2), date(2026, 3, 20)


def _round(**fields) -> lifecycle.Opening:
    row = {"published": True, "closed_at": None, "period_start": "2026-03-02", "period_end": "2026-03-20"}
    return lifecycle.Opening(**{**row, **fields})


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), Phase.NOT_STARTED),  # the day before "Open vanaf"
        (START, Phase.OPEN),  # "Open vanaf" itself
        (date(2026, 3, 10), Phase.OPEN),
        (END, Phase.OPEN),  # "tot en met": the last day still counts
        (date(2026, 3, 21), Phase.ENDED),  # the day after
        (date(2027, 1, 1), Phase.ENDED),
    ],
)
def test_the_period_opens_and_closes_a_round(today, expected):
    assert lifecycle.phase(_round(), today) is expected
    assert lifecycle.is_open(_round(), today) is (expected is Phase.OPEN)


def test_closing_by_hand_wins_over_the_dates():
    closed = _round(published=0, closed_at="2026-03-05T10:00:00+00:00")
    assert lifecycle.phase(closed, date(2026, 3, 10)) is Phase.CLOSED
    assert lifecycle.is_over(closed, date(2026, 3, 10))


def test_an_unpublished_round_is_not_open_within_its_period():
    assert lifecycle.phase(_round(published=False), date(2026, 3, 10)) is Phase.NOT_PUBLISHED
    assert lifecycle.status_word(_round(published=False), date(2026, 3, 10)) == "nog niet open"


def test_a_missing_date_leaves_that_side_open():
    assert lifecycle.is_open(_round(period_start=None), date(2000, 1, 1))
    assert lifecycle.is_open(_round(period_end=None), date(2100, 1, 1))
    assert lifecycle.is_open(_round(period_start=None, period_end=None), date(2100, 1, 1))
    assert not lifecycle.needs_new_end(_round(period_end=None), date(2100, 1, 1))


def test_an_assessment_without_period_fields_follows_published_and_closed():
    assessment = Assessment(1, 1, "inclusiviteit", 1, "Beoordeling 1", "samen", "KX7M4RPA")
    assert assessment.period_start is None and assessment.period_end is None
    assert lifecycle.is_open(assessment, date(2100, 1, 1))
    assert not lifecycle.is_open(dataclasses.replace(assessment, closed_at="2026-01-01"))
    assert lifecycle.phase(dataclasses.replace(assessment, published=False)) is Phase.NOT_PUBLISHED


@pytest.mark.parametrize(
    ("today", "word", "over"),
    [
        (date(2026, 3, 1), "nog niet open", False),
        (END, "open", False),
        (date(2026, 3, 21), "gesloten", True),
    ],
)
def test_status_word_and_over_agree_with_the_phase(today, word, over):
    assert lifecycle.status_word(_round(), today) == word
    assert lifecycle.is_over(_round(), today) is over


def test_reopening_needs_a_new_end_only_once_the_end_date_has_passed():
    assert not lifecycle.needs_new_end(_round(), END)
    assert lifecycle.needs_new_end(_round(), END + timedelta(days=1))


def test_stored_timestamps_and_rubbish_are_read_safely():
    assert lifecycle.period_date("2026-03-20T17:00:00+00:00") == END
    assert lifecycle.period_date("geen datum") is None
    assert lifecycle.phase(_round(period_end="geen datum"), date(2100, 1, 1)) is Phase.OPEN


def test_today_is_the_dutch_calendar_day():
    # 23:30 UTC on 31 March is already 1 April in the Netherlands (summer time, UTC+2)
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    assert late.astimezone(lifecycle.DUTCH_TIME).date() == date(2026, 4, 1)
    assert lifecycle.local_today() == datetime.now(lifecycle.DUTCH_TIME).date()


@given(
    start=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    length=st.integers(0, 60),
    today=st.dates(date(2019, 1, 1), date(2031, 1, 1)),
)
def test_open_exactly_on_the_days_of_the_period(start, length, today):
    end = start + timedelta(days=length)
    row = _round(period_start=start.isoformat(), period_end=end.isoformat())
    assert lifecycle.is_open(row, today) is (start <= today <= end)
