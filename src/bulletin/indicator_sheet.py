"""The "Indicators" sheet of a report's workbook: the progress table, cell for cell."""

from __future__ import annotations

from typing import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .results import IndicatorRow

COLUMNS = [  # (header, width)
    ("Level", 36), ("Indicator", 12), ("Statement", 48), ("Unit", 12), ("Baseline", 10),
    ("Target", 10), ("This period", 12), ("To date", 10), ("% of target", 11), ("Status", 13),
    ("Sources this period", 30), ("Sources to date", 30),
]
_HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")


def _number(value: float | None):
    """Whole numbers as integers, as the report prints them; nothing reported stays empty."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def row_cells(row: IndicatorRow) -> list:
    return [row.level, row.id, row.statement, row.unit, _number(row.baseline), _number(row.target),
            _number(row.period), _number(row.to_date), row.percent, row.status,
            ", ".join(row.period_ids), ", ".join(row.to_date_ids)]


def add_indicators(book, rows: Sequence[IndicatorRow], rule: str) -> None:
    """Append the sheet to `book` (nothing when the award has no results framework)."""
    if not rows:
        return
    sheet = book.create_sheet("Indicators")
    sheet.append([header for header, _ in COLUMNS])
    for row in rows:
        sheet.append(row_cells(row))
    sheet.append([])
    sheet.append([rule])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for cells in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        cells[8].number_format = "0%"
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # text from content files, never a formula
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
