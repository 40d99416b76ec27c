"""A report's date of issue: the day after its period once it is over, else today."""

from __future__ import annotations

from datetime import date

from bulletin.issuing import date_of_issue
from bulletin.periods import parse_period

Q2 = parse_period("2023-Q2")


def test_a_finished_period_is_issued_the_day_after_it_ends():
    issue = date_of_issue(Q2, today=date(2026, 11, 30))
    assert issue.day == date(2023, 7, 1)
    assert issue.note == "the day after the period ended"


def test_the_last_day_of_a_period_is_not_yet_after_it():
    issue = date_of_issue(Q2, today=date(2023, 6, 30))
    assert issue.day == date(2023, 6, 30)
    assert issue.note == "the day it was built; the period is not over"


def test_a_period_that_lasts_is_issued_today():
    assert date_of_issue(Q2, today=date(2023, 5, 2)).day == date(2023, 5, 2)


def test_a_given_date_wins_and_needs_no_note():
    issue = date_of_issue(Q2, issued=date(2023, 7, 15), today=date(2026, 11, 30))
    assert (issue.day, issue.note) == (date(2023, 7, 15), "")


def test_a_year_ends_on_new_years_eve():
    assert date_of_issue(parse_period("2023"), today=date(2026, 1, 1)).day == date(2024, 1, 1)
