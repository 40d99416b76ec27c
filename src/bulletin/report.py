"""A donor report for one award and period: PDF, web page, spreadsheet, notebook.

    check -> notebook (figures, charts) -> views -> HTML (web, print) -> files
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

from . import notebooks
from .brand import recolour
from .check import load_checked
from .errors import ContentError, Problem
from .issuing import date_of_issue
from .names import did_you_mean
from .outputs import Built, Staging
from .periods import Period
from .project import Project
from .progress_view import NOTEBOOK_HTML, indicator_rows, progress_context
from .results import STATUS_RULE
from .results_check import missing_narrative
from .publish import publish
from .render import Media
from .spreadsheet import write_activities
from .views import story_view, wording


def build_report(root: Path, award: str, period: Period, out: Path, cache: Path,
                 issued: date | None = None) -> Built:
    """Build one award's report; `issued` is the cover's date of issue (default: issuing.date_of_issue)."""
    project, problems = load_checked(root)
    _require(project, award, period)
    folder = out / "reports" / award / period.label
    with Staging(folder) as stage:
        figures = notebooks.run("donor_report", {"root": str(root.resolve()), "award": award,
                                                 "period": period.label}, stage.path("report.ipynb"))
        write_activities(project.activities_in(period, award), stage.path("activities.xlsx"),
                         f"{award} activities, {period.title}", indicator_rows(figures), STATUS_RULE)
        _, pdf_warnings = publish(project, "report.html.j2",
                                  lambda media: _context(project, award, period, figures, media, issued),
                                  stage, cache, pdf="report.pdf", html="report.html")
    files = [folder / n for n in ("report.pdf", "report.html", "activities.xlsx", "report.ipynb",
                                  NOTEBOOK_HTML)]
    missing = missing_narrative(project, award, period.label, root)
    problems = [*problems, missing] if missing else problems
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
    day_of_issue = date_of_issue(period, issued)
    stories = [s for s in project.stories_in(period) if award in project.awards_of(s)]
    return {
        "site": project.site,
        "award": grant,
        "donor": donor,
        "donor_logo": media.logo(donor.logo) if donor.logo else None,
        "office_logo": media.logo(project.site.logo) if project.site.logo else None,
        "period": period,
        "issued": day_of_issue.day,
        "issued_note": day_of_issue.note,
        "theme": project.site.themes.get(grant.theme or "", grant.theme),
        "key": figures["key"],
        "breakdowns": [("District", "district", figures["by_district"]),
                       ("Type of activity", "type", figures["by_type"]),
                       ("Month", "label", figures["by_month"])],
        # the notebook draws in the default palette; the office's colours go in here
        "charts": [{**c, "src": _data_url(recolour(c["svg"], project.site.brand))}
                   for c in figures["charts"]],
        "activities": project.activities_in(period, award),
        "highlights": [story_view(project, s, media) for s in stories],
        "wording": wording(project, award),
        **progress_context(project, award, period, figures),
    }


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
