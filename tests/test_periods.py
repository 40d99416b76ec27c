"""Periods on the command line and how dates are worded."""

from __future__ import annotations

from datetime import date

import pytest

from bulletin.errors import UsageError
from bulletin.periods import date_range, format_date, parse_period, quarter_of


@pytest.mark.parametrize("text, label, start, end, title", [
    ("2023-05", "2023-05", date(2023, 5, 1), date(2023, 5, 31), "May 2023"),
    ("2023-Q2", "2023-Q2", date(2023, 4, 1), date(2023, 6, 30), "April–June 2023"),
    ("2023-q2", "2023-Q2", date(2023, 4, 1), date(2023, 6, 30), "April–June 2023"),
    ("2023-Q1", "2023-Q1", date(2023, 1, 1), date(2023, 3, 31), "January–March 2023"),
    ("2023-Q4", "2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "October–December 2023"),
    ("2023", "2023", date(2023, 1, 1), date(2023, 12, 31), "2023"),
    ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
    ("2023-02", "2023-02", date(2023, 2, 1), date(2023, 2, 28), "February 2023"),
    # A range of whole months is named like the months it spans ...
    ("2023-04-01..2023-06-30", "2023-04-01..2023-06-30", date(2023, 4, 1), date(2023, 6, 30),
     "April–June 2023"),
    ("2023-11-01..2024-02-29", "2023-11-01..2024-02-29", date(2023, 11, 1), date(2024, 2, 29),
     "November 2023 – February 2024"),
    # ... any other range by its days.
    ("2023-04-03..2023-06-30", "2023-04-03..2023-06-30", date(2023, 4, 3), date(2023, 6, 30),
     "3 April – 30 June 2023"),
    ("2023-04-01..2023-06-29", "2023-04-01..2023-06-29", date(2023, 4, 1), date(2023, 6, 29),
     "1 April – 29 June 2023"),
    ("2023-04-24..2023-04-28", "2023-04-24..2023-04-28", date(2023, 4, 24), date(2023, 4, 28),
     "24–28 April 2023"),
    ("2023-05-08..2023-05-08", "2023-05-08..2023-05-08", date(2023, 5, 8), date(2023, 5, 8),
     "8 May 2023"),
    (" 2023-Q2 ", "2023-Q2", date(2023, 4, 1), date(2023, 6, 30), "April–June 2023"),
])
def test_parse_period(text, label, start, end, title):
    period = parse_period(text)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.title == title


@pytest.mark.parametrize("text", [
    "2023-13", "2023-00", "2023-Q5", "2023-Q0", "Q2", "2023-5", "23-05", "May 2023", "",
    "2023-02-30..2023-03-31", "2023-04-01..", "2023-04-01...2023-06-30", "0000",
])
def test_bad_periods_are_usage_errors(text):
    with pytest.raises(UsageError) as info:
        parse_period(text)
    assert info.value.exit_code == 2
    assert str(info.value) == (
        f"'{text.strip()}' is not a period; write 2023-05 (a month), 2023-Q2 (a quarter), "
        "2023 (a year) or 2023-04-01..2023-06-30 (a range)")


def test_range_ending_before_it_starts():
    with pytest.raises(UsageError) as info:
        parse_period("2023-06-30..2023-04-01")
    assert str(info.value) == "period '2023-06-30..2023-04-01' ends before it starts"
    assert info.value.exit_code == 2


@pytest.mark.parametrize("text, inside, outside", [
    ("2023-Q2", [date(2023, 4, 1), date(2023, 6, 30), date(2023, 5, 15)],
     [date(2023, 3, 31), date(2023, 7, 1), date(2022, 5, 15)]),
    ("2023-05", [date(2023, 5, 1), date(2023, 5, 31)], [date(2023, 4, 30), date(2023, 6, 1)]),
    ("2023", [date(2023, 1, 1), date(2023, 12, 31)], [date(2022, 12, 31), date(2024, 1, 1)]),
    ("2024-02", [date(2024, 2, 29)], [date(2024, 3, 1), date(2024, 1, 31)]),
    ("2023-04-24..2023-04-28", [date(2023, 4, 24), date(2023, 4, 28)],
     [date(2023, 4, 23), date(2023, 4, 29)]),
])
def test_period_contains_both_edge_days(text, inside, outside):
    period = parse_period(text)
    for day in inside:
        assert day in period
    for day in outside:
        assert day not in period


@pytest.mark.parametrize("day, label", [
    (date(2023, 1, 1), "2023-Q1"), (date(2023, 3, 31), "2023-Q1"), (date(2023, 4, 1), "2023-Q2"),
    (date(2023, 6, 30), "2023-Q2"), (date(2023, 9, 30), "2023-Q3"), (date(2023, 12, 31), "2023-Q4"),
])
def test_quarter_of(day, label):
    assert quarter_of(day).label == label
    assert day in quarter_of(day)


@pytest.mark.parametrize("start, end, words", [
    (date(2023, 4, 24), None, "24 April 2023"),
    (date(2023, 4, 24), date(2023, 4, 24), "24 April 2023"),
    (date(2023, 4, 24), date(2023, 4, 28), "24–28 April 2023"),
    (date(2023, 4, 24), date(2023, 5, 12), "24 April – 12 May 2023"),
    (date(2023, 12, 28), date(2024, 1, 3), "28 December 2023 – 3 January 2024"),
    (date(2023, 5, 1), date(2023, 5, 9), "1–9 May 2023"),
])
def test_date_range_wording(start, end, words):
    assert date_range(start, end) == words


def test_format_date_has_no_leading_zero():
    assert format_date(date(2023, 6, 5)) == "5 June 2023"
