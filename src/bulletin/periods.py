"""Reporting periods (`2023-05`, `2023-Q2`, `2023`, `2023-04-01..2023-06-30`) and date wording."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from . import locales
from .errors import UsageError

MONTHS = locales.ENGLISH_MONTHS
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_YEAR = re.compile(r"(\d{4})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
FORMS = "2023-05 (a month), 2023-Q2 (a quarter), 2023 (a year) or 2023-04-01..2023-06-30 (a range)"


@dataclass(frozen=True)
class Period:
    label: str  # as written on the command line; names the output folder
    start: date
    end: date  # included

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def title(self) -> str:
        """How an edition or report names its period: "April–June 2023"."""
        return locales.period_label(self)

    def title_in(self, language: str = "en") -> str:
        """The title in `language`: "avril–juin 2023"."""
        return locales.period_label(self, language)


def parse_period(text: str) -> Period:
    text = text.strip()
    try:
        if m := _RANGE.fullmatch(text):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end < start:
                raise UsageError(f"period '{text}' ends before it starts")
            return Period(text, start, end)
        if m := _QUARTER.fullmatch(text):
            year, quarter = int(m[1]), int(m[2])
            return Period(text.upper(), date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            return Period(text, date(year, month, 1), _month_end(year, month))
        if m := _YEAR.fullmatch(text):
            return Period(text, date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    except ValueError:
        pass
    raise UsageError(f"'{text}' is not a period; write {FORMS}")


def quarter_of(day: date) -> Period:
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def format_date(day: date, language: str = "en") -> str:
    return locales.format_date(day, language)


def date_range(start: date, end: date | None = None, language: str = "en") -> str:
    """ "24 April 2023", "24–28 April 2023", "24 April – 12 May 2023"."""
    return locales.format_date_range(start, end, language)
