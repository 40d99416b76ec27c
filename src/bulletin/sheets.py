"""Reading an .xlsx sheet as rows of text, saying what Excel hides from a reader.

What a person sees in Excel and what the file holds differ in three ways that
would change the figures without a word, so each is a problem naming the cell:
a blank under merged cells (only the range's first cell holds the value), a
formula never calculated (the file holds no value for it), and a date-time
(read as its date; a warning when a time of day is dropped). Kobo and ODK
exports keep repeat groups on sheets of their own, so a workbook is read
whole: `read_book` gives every sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from .errors import Problem

Row = tuple[int, list[str | None]]  # (the row's number in the sheet, its cells in the header's order)
FORMULA_FIX = "open the file in Excel or LibreOffice and save it, or type the value"


class Unreadable(Exception):
    """The file is not a workbook, or lacks the sheet asked for."""


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    # the merged ranges that span rows, as (first column, first row, last column, last row, "A2:A4")
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    # what a cell hides: (row, column index, severity, text), a formula without a saved value
    # or a date-time read as its date; said only of the columns read (sheet_problems)
    notes: list[tuple[int, int, str, str]] = field(default_factory=list)


def read_book(path: Path) -> list[Sheet]:
    """Every sheet of the workbook, in order."""
    from openpyxl import load_workbook  # only spreadsheets pay for the import

    try:
        # Twice: the values Excel saved, and the formulas, to tell an empty cell from
        # a formula nobody has calculated (a file written by a script, never opened).
        book = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        return [_sheet(values, written) for values, written in zip(book.worksheets, formulas.worksheets)]
    except Exception as exc:  # a sheet's XML damaged past its first rows: openpyxl, ElementTree
        raise Unreadable(f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    finally:
        book.close()
        formulas.close()


def pick(sheets: list[Sheet], title: str | None) -> Sheet:
    """The sheet named `title`, or the first."""
    from .names import did_you_mean

    if title is None:
        if not sheets:
            raise Unreadable("the workbook has no sheet")
        return sheets[0]
    for sheet in sheets:
        if sheet.title == title:
            return sheet
    titles = [s.title for s in sheets]
    raise Unreadable(f"no sheet '{title}'{did_you_mean(title, titles)} (its sheets: {', '.join(titles)})")


def _sheet(book_sheet, formula_sheet) -> Sheet:
    lines = book_sheet.iter_rows(values_only=True)
    written = formula_sheet.iter_rows(values_only=True)
    sheet = Sheet(book_sheet.title, [_text(c) or "" for c in next(lines, ())])
    next(written, None)
    for number, (cells, sources) in enumerate(zip(lines, written), start=2):
        for index, (value, source) in enumerate(zip(cells, sources)):
            if value is None and isinstance(source, str) and source.startswith("="):
                sheet.notes.append((number, index, "error", f"holds a formula ({source}) without a "
                                                            f"saved value; {FORMULA_FIX}"))
            elif isinstance(value, datetime) and value.time() != time():
                sheet.notes.append((number, index, "warning",
                                    f"holds a date and time ({value:%Y-%m-%d %H:%M}) in cell {{cell}}; "
                                    f"read as the "
                                    f"date {value.date()}, the time of day is dropped"))
        if any(c not in (None, "") for c in cells):
            sheet.rows.append((number, [_text(c) for c in cells]))
    sheet.merged = list(_merged_ranges(book_sheet))
    return sheet


def _merged_ranges(worksheet):
    """The merged ranges spanning rows. A read-only sheet does not list them (openpyxl
    reads them only in its slow full mode), so they are read from the sheet's XML."""
    from openpyxl.utils import range_boundaries

    source = worksheet._get_source()  # openpyxl 3.1's read-only sheet: its XML stream
    try:
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                ref = element.get("ref")
                first_column, first_row, last_column, last_row = range_boundaries(ref)
                if last_row > first_row:
                    yield first_column, first_row, last_column, last_row, ref
            element.clear()
    finally:
        source.close()


def _text(value: Any) -> str | None:
    """A spreadsheet cell as the text a CSV would hold; a date-time as its date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_name(index: int, row: int) -> str:
    """The cell's name as Excel shows it: column `index` (from 0) of `row`, "C14"."""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(index + 1)}{row}"


def sheet_problems(sheet: Sheet, name: str, read: set[int]) -> list[Problem]:
    """The notes and merged-cell blanks of the columns read (`read`, by index), as problems
    of `name` (the file, or file:sheet)."""
    header = sheet.header
    problems = [Problem(name, row, f"column '{header[index]}' " + text.replace("{cell}", cell_name(index, row)),
                        severity)
                for row, index, severity, text in sheet.notes if index in read]
    present = {number: cells for number, cells in sheet.rows}
    for first_column, first_row, last_column, last_row, ref in sheet.merged:
        for index in range(first_column - 1, last_column):
            if index not in read:
                continue
            blank = [r for r in range(max(first_row + 1, 2), last_row + 1)
                     if r in present and (index >= len(present[r]) or present[r][index] in (None, ""))]
            if blank:
                problems.append(Problem(name, blank[0], f"column '{header[index]}' is blank in rows "
                                        f"{_span(blank)}, under the merged cells {ref}: only {ref.split(':')[0]} "
                                        "holds the value; unmerge the cells and fill the value into each row"))
    return problems


def _span(rows: list[int]) -> str:
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]} to {rows[-1]}"
