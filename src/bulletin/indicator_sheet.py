"""The "Indicators" sheet of a report's workbook: the progress table, cell for cell."""

from __future__ import annotations

from typing import Sequence

from .progress_rule import baseline_text
from .results import IndicatorRow
from .sheet_style import PERCENT, dress, number, number_format

COLUMNS = [  # (header, width)
    ("Level", 36), ("Indicator", 12), ("Statement", 48), ("Unit", 12), ("Baseline", 10),
    ("Target", 10), ("This period", 12), ("To date", 10), ("% of target", 11), ("Status", 13),
    ("Sources this period", 30), ("Sources to date", 30),
]
INDICATORS_SHEET = "Indicators"
_PERCENT_COLUMN = 8  # the index of "% of target"


def row_cells(row: IndicatorRow) -> list:
    """A row's cells; a level on the wrong side of its baseline says so in words, as the
    report does, rather than as a number."""
    share = baseline_text(row) if row.short_of_baseline else row.percent
    return [row.level, row.id, row.statement, row.unit, number(row.baseline), number(row.target),
            number(row.period), number(row.to_date), share, row.status,
            ", ".join(row.period_ids), ", ".join(row.to_date_ids)]


def add_indicators(book, rows: Sequence[IndicatorRow], rule: str) -> None:
    """Append the sheet to `book` (nothing when the award has no results framework)."""
    if not rows:
        return
    sheet = book.create_sheet(INDICATORS_SHEET)
    sheet.append([header for header, _ in COLUMNS])
    for row in rows:
        sheet.append(row_cells(row))
    sheet.append([])
    sheet.append([rule])
    dress(sheet, COLUMNS)
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in cells[4:8]:
            cell.number_format = number_format(cell.value) or cell.number_format
        cells[_PERCENT_COLUMN].number_format = PERCENT
