"""A report's date of issue, and how the cover explains it.

Rebuilding an old report must not stamp it with today's date: once its
period is over, a report is dated the day after the period ends, unless the
person building it says otherwise with `--issued`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .locales import N_
from .periods import Period


@dataclass(frozen=True)
class DateOfIssue:
    day: date
    note: str  # printed beside the date on the cover (translated there); empty when the date was given


def date_of_issue(period: Period, issued: date | None = None, today: date | None = None) -> DateOfIssue:
    if issued is not None:
        return DateOfIssue(issued, "")
    today = today or date.today()
    if period.end < today:
        return DateOfIssue(period.end + timedelta(days=1), N_("the day after the period ended"))
    return DateOfIssue(today, N_("the day it was built; the period is not over"))
