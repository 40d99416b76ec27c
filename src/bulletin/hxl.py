"""A report's activities as an HXL table: activities.hxl.csv beside report.pdf.

Humanitarian coordination exchanges tables tagged with HXL hashtags
(hxlstandard.org): a header row for people, then a row of hashtags that tools
such as HDX and libhxl read whatever the headers say. The rows are the report's
activities table, one per activity, with the people as the report counts them (a
co-funded activity's share for this award, as its table and workbook print it).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .outputs import write
from .periods import Period
from .project import Project

if TYPE_CHECKING:  # its type only: the build hands over the payload the notebook made
    from .payload import ReportPayload

FILE = "activities.hxl.csv"
# header, hashtag: the order of the columns
COLUMNS = (
    ("Activity ID", "#activity+id"),
    ("Activity", "#activity+name"),
    ("Type", "#activity+type"),
    ("Start", "#date+start"),
    ("End", "#date+end"),
    ("District", "#adm1+name"),
    ("District code", "#adm1+code"),
    ("Theme", "#sector+name"),
    ("DAC sector", "#sector+code"),
    ("Award", "#activity+award"),
    ("Donor", "#org+funder"),
    ("Co-funded with", "#activity+award+cofunding"),
    ("Share of the award (%)", "#indicator+share+pct"),
    ("Women and girls", "#reached+f"),
    ("Men and boys", "#reached+m"),
    ("Not counted by sex", "#reached+sex_unknown"),
    ("People reached", "#reached+total"),
)


def write_activities(project: Project, award: str, period: Period, figures: ReportPayload,
                     target: Path) -> Path:
    return write(Path(target), activities_table(project, award, period, figures))


def activities_table(project: Project, award: str, period: Period, figures: ReportPayload) -> str:
    from .iati import DEFAULT_SECTOR

    site, grant = project.site, project.awards[award]
    donor = project.donors[grant.donor].name
    sectors = site.iati.sectors if site.iati else {}
    codes = {d.name: d.code or "" for d in project.places.districts}
    # the row's theme, from the reading the payload was counted from
    themes = {a.id: a.theme for a in project.activities_in(period, award)}
    out = io.StringIO()
    table = csv.writer(out, lineterminator="\n")
    table.writerows([[header for header, _ in COLUMNS], [tag for _, tag in COLUMNS]])
    for row in figures.activities:
        theme = themes.get(row.id, "")
        table.writerow([
            row.id, row.title, row.type or "", row.start.isoformat(), row.end.isoformat(),
            "; ".join(row.districts), "; ".join(c for d in row.districts if (c := codes.get(d))),
            site.themes.get(theme, theme), sectors.get(theme, DEFAULT_SECTOR) if theme else "",
            award, donor, "; ".join(row.co_funded_with), _blank(row.share),
            _blank(row.female), _blank(row.male), _blank(row.not_split), _blank(row.people)])
    return out.getvalue()


def _blank(value) -> str:
    """An empty cell for no value (not counted), a number as the report prints it."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
