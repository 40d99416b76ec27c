"""The "Indicators" sheet of a report's workbook: the progress table, cell for cell."""

from __future__ import annotations

from typing import Sequence

from . import locales
from .locales import N_
from .progress_rule import baseline_text
from .results import IndicatorRow
from .sheet_style import PERCENT, dress, number, number_format

COLUMNS = [  # (header, width)
    (N_("Level"), 36), (N_("Indicator"), 12), (N_("Statement"), 48), (N_("Unit"), 12),
    (N_("Baseline"), 10), (N_("Target"), 10), (N_("This period"), 12), (N_("To date"), 10),
    (N_("%% of target"), 11), (N_("Status"), 13), (N_("Sources this period"), 30),
    (N_("Sources to date"), 30),
]
INDICATORS_SHEET = N_("Indicators")
_PERCENT_COLUMN = 8  # the index of "% of target"


def row_cells(row: IndicatorRow, language: str = "en") -> list:
    """A row's cells; a level on the wrong side of its baseline says so in words, as the
    report does, rather than as a number."""
    share = baseline_text(row, language) if row.short_of_baseline else row.percent
    return [row.level, row.id, row.statement, row.unit, number(row.baseline), number(row.target),
            number(row.period), number(row.to_date), share, locales.gettext(language)(row.status),
            ", ".join(row.period_ids), ", ".join(row.to_date_ids)]


def add_indicators(book, rows: Sequence[IndicatorRow], rule: str, language: str = "en") -> None:
    """Append the sheet to `book` (nothing when the award has no results framework)."""
    if not rows:
        return
    _ = locales.gettext(language)
    columns = [(_(header) % {}, width) for header, width in COLUMNS]  # "%%": see locales.N_
    sheet = book.create_sheet(_(INDICATORS_SHEET))
    sheet.append([header for header, _width in columns])
    for row in rows:
        sheet.append(row_cells(row, language))
    sheet.append([])
    sheet.append([rule])
    dress(sheet, columns)
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in cells[4:8]:
            cell.number_format = number_format(cell.value) or cell.number_format
        cells[_PERCENT_COLUMN].number_format = PERCENT
