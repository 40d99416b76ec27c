"""How every table sheet of a report's workbook is dressed: a filled, frozen header
row, column widths, number formats, and a print set-up a donor can print from
(landscape, one page wide, the header row repeated on every page).

Cell text comes from many hands: text that starts like a formula (`= + - @`) is
stored as text, never evaluated.
"""

from __future__ import annotations

from typing import Sequence

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

WHOLE = "#,##0"
DECIMAL = "#,##0.0"
PERCENT = "0%"
DATE = "yyyy-mm-dd"
MONTH = "mmm yyyy"
HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
FORMULA_START = ("=", "+", "-", "@")


def number(value: float | None):
    """Whole numbers as integers, as the report prints them; nothing reported stays empty."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def number_format(value) -> str | None:
    """The format of a figure: whole numbers with thousands separated, others to one decimal."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return WHOLE if float(value).is_integer() else DECIMAL


def dress(sheet, columns: Sequence[tuple[str, int]]) -> None:
    """Style the header row and fix the print set-up of a table sheet whose first row is
    `columns`' headers."""
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    sheet.print_title_rows = "1:1"  # the header row on every printed page
    keep_text(sheet)


def print_setup(sheet) -> None:
    """Landscape, scaled to one page wide, as many pages tall as it takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def keep_text(sheet) -> None:
    """Text that starts like a formula stays text, also when someone edits the cell."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
                cell.quotePrefix = True
