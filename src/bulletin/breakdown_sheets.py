"""The breakdown sheets of a report's workbook: activities and people by district,
by type of activity and by month, as the report's tables give them
(`figures.breakdown`, typed as payload.BreakdownRow)."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from . import locales
from .locales import N_
from .sheet_style import MONTH, WHOLE, dress

# after the first column, the group's name or month
FIGURES = [(N_("Activities"), 11), (N_("Participants"), 13), (N_("Female"), 10), (N_("Male"), 10),
           (N_("Not counted by sex"), 14), (N_("Activity IDs"), 60)]
REPORT_BREAKDOWNS = (  # (sheet, first column's header, payload.ReportPayload field)
    (N_("By district"), N_("District"), "by_district"),
    (N_("By type"), N_("Type"), "by_type"),
    (N_("By month"), N_("Month"), "by_month"),
)


def report_breakdowns(figures, language: str = "en") -> list[tuple[str, str, list]]:
    """The `breakdowns` of `spreadsheet.write_activities` from a payload.ReportPayload,
    named in `language`."""
    _ = locales.gettext(language)
    return [(_(sheet), _(header), getattr(figures, field)) for sheet, header, field in REPORT_BREAKDOWNS]


def _first(row):
    """The group's name, or the month as a date (its first day) that a spreadsheet can sort."""
    month = getattr(row, "month", None)
    if month:
        year, number = month.split("-")
        return date(int(year), int(number), 1)
    return row.label


def add_breakdowns(book, breakdowns: Sequence[tuple[str, str, list]], language: str = "en") -> None:
    """A sheet per breakdown that has rows; an activity in two districts counts in each."""
    _ = locales.gettext(language)
    for title, header, rows in breakdowns:
        if not rows:
            continue
        sheet = book.create_sheet(title)
        columns = [(header, 24), *((_(name), width) for name, width in FIGURES)]
        sheet.append([name for name, _ in columns])
        for row in rows:
            sheet.append([_first(row), row.activities, row.people, row.female, row.male,
                          row.not_counted, ", ".join(row.ids)])
        dress(sheet, columns)
        for cells in sheet.iter_rows(min_row=2):
            if isinstance(cells[0].value, date):
                cells[0].number_format = MONTH
            for cell in cells[1:6]:
                cell.number_format = WHOLE
