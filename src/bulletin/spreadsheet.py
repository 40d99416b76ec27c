"""The activities annex of a donor report as an .xlsx workbook (openpyxl).

Participants are the people reached (Activity.people), so the totals row
matches the report's figures. Cell text comes from many hands: text that starts like a formula
(`= + - @`) is stored as text, never evaluated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .indicator_sheet import add_indicators
from .outputs import atomic_path
from .schema import Activity

COLUMNS = [  # (header, width)
    ("ID", 16), ("Activity", 48), ("Start", 12), ("End", 12), ("Districts", 24),
    ("Type", 12), ("Participants", 13), ("Female", 10), ("Male", 10),
]
_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")


def _row(activity: Activity) -> list:
    return [activity.id, activity.title, activity.start, activity.end or activity.start,
            "; ".join(activity.districts), activity.type, activity.people,
            activity.female, activity.male]


def write_activities(activities: Sequence[Activity], target: Path, title: str,
                     indicators: Sequence = (), rule: str = "") -> Path:
    """The activities sheet, and an Indicators sheet where the award has a results framework."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Activities"
    sheet.append([header for header, _ in COLUMNS])
    for activity in activities:
        sheet.append(_row(activity))
    totals = [sum(getattr(a, field) or 0 for a in activities)
              for field in ("people", "female", "male")]
    sheet.append(["Total", f"{len(activities)} activities", None, None, None, None, *totals])

    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
                cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
                cell.quotePrefix = True
        for cell in row[2:4]:
            cell.number_format = "yyyy-mm-dd"
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row - 1}"
    book.properties.title = title
    add_indicators(book, indicators, rule)
    with atomic_path(target) as temporary:
        book.save(temporary)
    return target
