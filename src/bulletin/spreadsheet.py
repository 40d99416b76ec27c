"""The activities annex of a donor report as an .xlsx workbook (openpyxl), made to
be opened, read and printed by a donor: a sheet per table (activities, indicators,
the breakdowns), each dressed by sheet_style, and an About sheet that explains it.

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

from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import cofunding, locales
from .about_sheet import About, add_about
from .breakdown_sheets import add_breakdowns
from .indicator_sheet import add_indicators
from .locales import N_
from .outputs import build_time, write
from .payload import ActivityRow, KeyFigures, activity_rows
from .schema import Activity
from .sheet_style import DATE, WHOLE, dress

COLUMNS = [  # (header, width); translated where written
    (N_("ID"), 16), (N_("Activity"), 48), (N_("Start"), 12), (N_("End"), 12), (N_("Districts"), 24),
    (N_("Type"), 12), (N_("Participants"), 13), (N_("Female"), 10), (N_("Male"), 10),
    (N_("Co-funded with"), 34), (N_("Share (%%)"), 10),
]
ACTIVITIES_SHEET = N_("Activities")  # a summarised report names it
READ_FROM = (N_("Read from"), 56)  # a review copy's column: where each activity was read (report.origins)


def _row(row: ActivityRow, donors: dict[str, str], language: str = "en") -> list:
    _ = locales.gettext(language)
    # a co-funded row counted in full says so in words: a blank share would read as unknown
    share = None if not row.co_funded_with else _("in full") if row.share is None \
        else int(row.share) if float(row.share).is_integer() else row.share
    return [row.id, row.title, row.start, row.end, "; ".join(row.districts), row.type,
            row.people, row.female, row.male, cofunding.funders(row.co_funded_with, donors) or None, share]


def write_activities(activities: Sequence[ActivityRow | Activity], target: Path, title: str,
                     totals: KeyFigures | None = None, issued: date | None = None,
                     indicators: Sequence = (), rule: str = "", breakdowns: Sequence = (),
                     about: About | None = None, donors: dict[str, str] | None = None,
                     origins: list | None = None, language: str = "en") -> Path:
    """The workbook of `activities`, and an Indicators sheet where the award has a results
    framework; `totals` are the report's key figures when it has them; `breakdowns` are
    (sheet name, column header, payload.BreakdownRow list); `about` names the office,
    award and period, and adds the About sheet; `donors` name the donor of each award
    a co-funded row names (report.award_donors); `origins` (report.origins) add a column
    saying where each activity was read; sheets, headers and notes in `language`.

    The file is dated `outputs.build_time(issued)`, so a rebuild is byte-identical."""
    rows = [a for a in activities if isinstance(a, ActivityRow)] \
        + activity_rows([a for a in activities if isinstance(a, Activity)])
    book = Workbook()
    _activities_sheet(book.active, rows, totals, donors, origins, language)
    book.properties.title = title
    add_indicators(book, indicators, rule, language)
    add_breakdowns(book, breakdowns, language)
    if about is not None:
        book.properties.creator = book.properties.lastModifiedBy = about.office
        add_about(book, about, title, rule if indicators else "", language)
    when = build_time(issued)
    book.properties.created = when
    buffer = io.BytesIO()
    book.save(buffer)
    company = about.organisation if about is not None else ""
    return write(target, _dated(buffer.getvalue(), when, company))


def write_report_workbook(project, award: str, period, figures, target: Path,
                          issued: date | None, indicators: list | None = None,
                          donors: dict[str, str] | None = None, origins: list | None = None,
                          language: str = "en") -> Path:
    """A donor report's workbook: `project` a project.Project, `period` a periods.Period,
    `figures` the notebook's payload.ReportPayload, `issued` the date of issue asked for;
    `indicators`: the progress rows as this copy names their sources (default: the figures');
    `origins`: where each activity was read (report.origins), for a review copy."""
    from .breakdown_sheets import report_breakdowns
    from .issuing import date_of_issue
    from .progress_rule import status_rule

    language = locales.Language(language, project.root)  # the office's catalog, if it has one
    _ = locales.gettext(language)
    grant, site = project.awards[award], project.site
    about = About(office=site.office, organisation=site.organisation, award=award,
                  project=grant.project, donor=project.donors[grant.donor].name,
                  period=period.title_in(language),
                  start=period.start, end=period.end, award_start=grant.start, award_end=grant.end,
                  issued=date_of_issue(period, issued).day)
    rows = list(figures.indicators.rows) if indicators is None else indicators
    title = _("%(award)s activities, %(period)s") % {"award": award, "period": period.title_in(language)}
    return write_activities(figures.activities, target, title, totals=figures.key, issued=issued,
                            indicators=rows, rule=status_rule(rows, language),
                            breakdowns=report_breakdowns(figures, language), about=about, donors=donors,
                            origins=origins, language=language)


def _activities_sheet(sheet, rows: list[ActivityRow], totals: KeyFigures | None,
                      donors: dict[str, str] | None = None, origins: list | None = None,
                      language: str = "en") -> None:
    _, n_ = locales.gettext(language), locales.ngettext(language)
    read = {o["id"]: _read_from(o) for o in origins or ()}
    columns = [(_(header) % {}, width) for header, width in (
        [*COLUMNS, READ_FROM] if read else COLUMNS)]  # "%%": a label's literal %
    sheet.title = _(ACTIVITIES_SHEET)
    sheet.append([header for header, _width in columns])
    for row in rows:
        sheet.append(_row(row, donors or {}, language) + ([read.get(row.id)] if read else []))
    sums = [totals.people, totals.female, totals.male] if totals else \
        [sum(getattr(r, field) or 0 for r in rows) for field in ("people", "female", "male")]
    count = n_("%(num)s activity", "%(num)s activities", len(rows)) % {"num": len(rows)}
    sheet.append([_("Total"), count, None, None, None, None, *sums, None, None])
    dress(sheet, columns)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:4]:
            cell.number_format = DATE
        for cell in row[6:9]:
            cell.number_format = WHOLE
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{sheet.max_row - 1}"


def _read_from(origin: dict) -> str:
    """`content/kobo/log.xlsx:log:14 (_uuid ...)`, as `check` names the row."""
    uuid = f" (_uuid {origin['uuid']})" if origin["uuid"] else ""
    return f"{origin['source']}:{origin['row']}{uuid}"


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _dated(xlsx: bytes, when: datetime, company: str = "") -> bytes:
    """The workbook with every date openpyxl stamps (its zip entries, the
    `modified` property it sets to now on saving) set to `when`, and the
    `company` property, which openpyxl cannot write, set."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            if entry.filename == "docProps/app.xml" and company:
                data = data.replace(b"</Properties>",
                                    f"<Company>{escape(company)}</Company></Properties>".encode())
            info = zipfile.ZipInfo(entry.filename, date_time=max(when, datetime(1980, 1, 1)).timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()
