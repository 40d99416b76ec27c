"""A donor report for one award and period: PDF, web page, spreadsheet, notebook.

    check -> notebook (figures, charts) -> views -> HTML (web, print) -> files
"""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import notebooks
from .check import load_checked
from .errors import ContentError, Problem
from .names import did_you_mean
from .outputs import Built, Staging
from .periods import Period
from .project import Project
from .publish import publish
from .render import Media
from .spreadsheet import write_activities
from .views import story_view, wording


def build_report(root: Path, award: str, period: Period, out: Path, cache: Path,
                 issued: date | None = None) -> Built:
    """Build one award's report; `issued` is the cover's date of issue (default: today)."""
    project, problems = load_checked(root)
    _require(project, award, period)
    folder = out / "reports" / award / period.label
    with Staging(folder) as stage:
        figures = notebooks.run("donor_report", {"root": str(root.resolve()), "award": award,
                                                 "period": period.label}, stage.path("report.ipynb"))
        write_activities(project.activities_in(period, award), stage.path("activities.xlsx"),
                         f"{award} activities, {period.title}")
        _, pdf_warnings = publish(project, "report.html.j2",
                                  lambda media: _context(project, award, period, figures, media, issued),
                                  stage, cache, pdf="report.pdf", html="report.html")
    files = [folder / n for n in ("report.pdf", "report.html", "activities.xlsx", "report.ipynb")]
    return Built(folder, files, [str(p) for p in problems] + pdf_warnings)


def _require(project: Project, award: str, period: Period) -> None:
    """A clear message instead of an empty report."""
    if award not in project.awards:
        raise ContentError([Problem("content/awards.yaml", None,
                                    f"unknown award '{award}'{did_you_mean(award, project.awards)}")])
    if not project.activities_in(period, award):
        raise ContentError([Problem(project.activities_file, None,
                                    f"award {award} has no activities in {period.label} "
                                    f"({period.title}); no report to make")])


def _context(project: Project, award: str, period: Period, figures: dict, media: Media,
             issued: date | None) -> dict:
    grant = project.awards[award]
    donor = project.donors[grant.donor]
    stories = [s for s in project.stories_in(period) if award in project.awards_of(s)]
    activities = project.activities_in(period, award)
    return {
        "site": project.site,
        "award": grant,
        "donor": donor,
        "donor_logo": media.logo(donor.logo) if donor.logo else None,
        "office_logo": media.logo(project.site.logo) if project.site.logo else None,
        "period": period,
        "issued": issued or date.today(),
        "theme": project.site.themes.get(grant.theme or "", grant.theme),
        "key": figures["key"],
        "breakdowns": [("District", "district", figures["by_district"]),
                       ("Type of activity", "type", _capitalised(figures["by_type"], "type")),
                       ("Month", "label", figures["by_month"])],
        "charts": [{**c, "src": _data_url(c["svg"]) if c["svg"] else None} for c in figures["charts"]],
        "activities": activities,
        "totals": _totals(activities),
        "highlights": [_highlight(project, s, media, award) for s in stories],
        "wording": wording(project, award),
    }


def _highlight(project: Project, story, media: Media, award: str):
    """A story the award paid for, without this award's wording: the report prints it
    once, in its own section; a co-funding donor's wording stays with the story."""
    view = story_view(project, story, media)
    return replace(view, wording=[w for w in view.wording if w.award != award])


def _capitalised(rows: list[dict], field: str) -> list[dict]:
    """Activity types are written in lower case ("training"); a report prints them as names."""
    return [{**row, field: row[field][:1].upper() + row[field][1:]} for row in rows]


def _totals(activities) -> dict:
    """The activities table's totals row, summed as the spreadsheet's (blank counts as 0)."""
    return {field: sum(getattr(a, field) or 0 for a in activities) for field in ("people", "female", "male")}


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
