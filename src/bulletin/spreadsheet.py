"""The activities annex of a donor report as an .xlsx workbook (openpyxl).

Rows and totals follow the counting rules of `payload.counted`: participants
are the people reached, female and male are filled in only for a row counted
by sex, and the totals row is the report's key figures, so the spreadsheet
and the report cannot disagree. Cell text comes from many hands: text that starts like a formula
(`= + - @`) is stored as text, never evaluated.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import cofunding
from .indicator_sheet import add_indicators
from .outputs import build_time, write
from .payload import ActivityRow, KeyFigures, activity_rows
from .schema import Activity

COLUMNS = [  # (header, width)
    ("ID", 16), ("Activity", 48), ("Start", 12), ("End", 12), ("Districts", 24),
    ("Type", 12), ("Participants", 13), ("Female", 10), ("Male", 10),
    ("Co-funded with", 34), ("Share (%)", 10),
]
ACTIVITIES_SHEET = "Activities"  # a summarised report names it
_FORMULA_START = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")


def _row(row: ActivityRow, donors: dict[str, str]) -> list:
    # a co-funded row counted in full says so in words: a blank share would read as unknown
    share = None if not row.co_funded_with else "in full" if row.share is None \
        else int(row.share) if float(row.share).is_integer() else row.share
    return [row.id, row.title, row.start, row.end, "; ".join(row.districts), row.type,
            row.people, row.female, row.male, cofunding.funders(row.co_funded_with, donors) or None, share]


def write_activities(activities: Sequence[ActivityRow | Activity], target: Path, title: str,
                     totals: KeyFigures | None = None, issued: date | None = None,
                     indicators: Sequence = (), rule: str = "", donors: dict[str, str] | None = None) -> Path:
    """The workbook of `activities`, and an Indicators sheet where the award has a results
    framework; `totals` are the report's key figures when it has them; `donors` name the
    donor of each award a co-funded row names (report.award_donors).

    The file is dated `outputs.build_time(issued)`, so a rebuild is byte-identical."""
    rows = [a for a in activities if isinstance(a, ActivityRow)] \
        + activity_rows([a for a in activities if isinstance(a, Activity)])
    book = Workbook()
    sheet = book.active
    sheet.title = ACTIVITIES_SHEET
    sheet.append([header for header, _ in COLUMNS])
    for row in rows:
        sheet.append(_row(row, donors or {}))
    sums = [totals.people, totals.female, totals.male] if totals else \
        [sum(getattr(r, field) or 0 for r in rows) for field in ("people", "female", "male")]
    sheet.append(["Total", f"{len(rows)} activities", None, None, None, None, *sums, None, None])

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
    when = build_time(issued)
    book.properties.created = when
    buffer = io.BytesIO()
    book.save(buffer)
    return write(target, _dated(buffer.getvalue(), when))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _dated(xlsx: bytes, when: datetime) -> bytes:
    """The workbook with every date openpyxl stamps (its zip entries, the
    `modified` property it sets to now on saving) set to `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(entry.filename, date_time=max(when, datetime(1980, 1, 1)).timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()
