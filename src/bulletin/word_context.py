"""The donor report's context: the names a Word template is filled with.

One dictionary of plain values (numbers as numbers, texts as plain text,
dates as text such as "1 April 2023"), built from what a report build has:
the project, the award, the period, the notebook's figures and the date of
issue. Its names are the contract of shared/report-context.md, documented in
docs/word-reports.md; a donor's own template (donors.yaml `report_template`)
and the built-in report.docx use the same names.

A missing number (nobody counted the people of an activity, nothing reported
for an indicator) is None, which the Word filling prints as nothing
(word_report.py), never "None" in a donor's form.

`charts` holds pictures (word_charts.Picture) or "" where there is nothing to
draw; word_report turns each picture into an image for the template it fills.
`sample_context()` has every name, with one row in every list: `check` tries
a donor's template against it before any build.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import nh3

from . import locales, markdown
from .issuing import date_of_issue
from .narrative import Narrative, narrative_file
from .periods import Period, date_range, format_date
from .project import Project
from .views import wording

if TYPE_CHECKING:  # check.py imports this module for sample_context; payload imports check
    from .payload import KeyFigures, ReportPayload

def report_context(project: Project, award: str, period: Period, figures: ReportPayload,
                   issued: date | None, *, final: bool = False, charts: dict | None = None,
                   language: str = "en") -> dict:
    """The context of `award`'s report of `period`; `charts` from word_charts.report_charts;
    dates, the period and the tables' titles in `language`."""
    def day(value: date) -> str:
        return format_date(value, language)

    grant = project.awards[award]
    donor = project.donors[grant.donor]
    words = wording(project, award)
    records = {a.id: a for a in project.activities_in(period, award)}
    stories = [s for s in project.stories_in(period) if award in project.awards_of(s)]
    return {
        "office": project.site.office,
        "organisation": project.site.organisation,
        "donor": {"key": grant.donor, "name": donor.name},
        "award": {"number": award, "project": grant.project,
                  "theme": project.site.themes.get(grant.theme or "", grant.theme or ""),
                  "start": day(grant.start), "end": day(grant.end)},
        "period": {"label": period.title_in(language), "code": period.label,
                   "start": day(period.start), "end": day(period.end)},
        "issued": day(date_of_issue(period, issued).day),
        "final": final,
        "figures": key_figures(figures.key),
        "to_date": key_figures(figures.key_to_date),
        "indicators": [indicator(row, language) for row in figures.indicators.rows],
        "activities": [activity(row, records.get(row.id), award, language) for row in figures.activities],
        "breakdowns": breakdowns(figures, language),
        "narrative": narrative(project.narratives.get(narrative_file(award, period.label))),
        "stories": [{"title": s.title, "summary": s.summary or "",
                     "date": date_range(s.date, s.end, language),
                     "place": ", ".join(s.places)} for s in stories],
        "wording": {"acknowledgement": words.acknowledgement, "disclaimer": words.disclaimer or ""},
        "charts": charts or {"by_district": "", "by_district_alt": "", "progress": "",
                             "progress_alt": ""},
    }


def key_figures(key: KeyFigures | None) -> dict[str, Any]:
    """`figures` or `to_date`; all zero for an award without figures to date."""
    if key is None:
        return {"activities": 0, "participants": 0, "female": 0, "male": 0, "not_by_sex": 0,
                "districts": 0, "days": 0, "district_names": []}
    return {"activities": key.activities, "participants": key.people, "female": key.female,
            "male": key.male, "not_by_sex": key.not_disaggregated, "districts": len(key.districts),
            "days": key.days, "district_names": list(key.districts)}


def indicator(row, language: str = "en") -> dict[str, Any]:
    """A row of the progress table (results.IndicatorRow)."""
    level = row.level.split(":", 1)[0].strip()  # "Output 1.2: statement" -> "Output 1.2"
    return {"level": level, "id": row.id, "statement": row.statement, "unit": row.unit,
            "baseline": _number(row.baseline), "target": _number(row.target),
            "this_period": _number(row.period), "to_date": _number(row.to_date),
            "percent": None if row.percent is None else _number(round(row.percent * 100, 1)),
            # as the PDF's table prints it: "35%", "–", or "below baseline" where percent is 0
            "percent_text": row.text("percent", language), "status": row.status}


def activity(row, record, award: str, language: str = "en") -> dict[str, Any]:
    """A row of the activities table; `record` (schema.Activity) names its other awards."""
    others = [n for n in (record.award if record else ()) if n != award]
    return {"id": row.id, "title": row.title, "start": format_date(row.start, language),
            "end": format_date(row.end, language), "place": ", ".join(row.districts), "type": row.type or "",
            "participants": row.people, "female": row.female, "male": row.male,
            "co_funded_with": others}


def breakdowns(figures: ReportPayload, language: str = "en") -> list[dict[str, Any]]:
    """The tables by district, type of activity and month, as the PDF prints them."""
    _ = locales.gettext(language)
    tables = [(_("District"), "district", figures.by_district),
              (_("Type of activity"), "type", figures.by_type), (_("Month"), "label", figures.by_month)]
    return [{"title": title, "rows": [
        {"label": _capitalised(str(getattr(r, field))), "activities": r.activities,
         "participants": r.people, "female": r.female, "male": r.male, "not_by_sex": r.not_counted}
        for r in rows]} for title, field, rows in tables]


def narrative(found: Narrative | None) -> list[dict[str, Any]]:
    sections = []
    for section in found.sections if found else ():
        paragraphs = plain_paragraphs(section.body)
        sections.append({"heading": section.title, "text": "\n\n".join(paragraphs),
                         "paragraphs": paragraphs})
    return sections


def plain_paragraphs(body: str) -> list[str]:
    """Markdown as plain paragraphs: one per paragraph, one per list item ("• item")."""
    paragraphs = []
    for block in markdown.to_blocks(body):
        if block.startswith(("<ul", "<ol")):
            paragraphs += ["• " + _plain(item) for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
        else:
            paragraphs.append(_plain(block))
    return [p for p in paragraphs if p.strip("• ")]


def _plain(markup: str) -> str:
    return " ".join(html.unescape(nh3.clean(markup, tags=set())).split())


def _number(value: float | None) -> int | float | None:
    """20.0 as 20: a template printing `{{ i.target }}` shows what the framework says."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def sample_context() -> dict:
    """Every name of the context, with one row in every list, for checking a template."""
    figures = {"activities": 5, "participants": 96, "female": 31, "male": 25, "not_by_sex": 40,
               "districts": 2, "days": 9, "district_names": ["Maseru", "Leribe"]}
    return {
        "office": "Office", "organisation": "Organisation",
        "donor": {"key": "donor", "name": "Donor"},
        "award": {"number": "AWARD-1", "project": "Project", "theme": "Theme",
                  "start": "1 October 2020", "end": "30 September 2024"},
        "period": {"label": "April–June 2023", "code": "2023-Q2",
                   "start": "1 April 2023", "end": "30 June 2023"},
        "issued": "1 July 2023", "final": False,
        "figures": figures, "to_date": dict(figures),
        "indicators": [{"level": "Outcome 1", "id": "1.1", "statement": "Statement", "unit": "people",
                        "baseline": 0, "target": 100, "this_period": 10, "to_date": 50,
                        "percent": 50, "percent_text": "50%", "status": "on track"}],
        "activities": [{"id": "A-1", "title": "Title", "start": "1 April 2023", "end": "2 April 2023",
                        "place": "Maseru", "type": "training", "participants": 20, "female": 10,
                        "male": 10, "co_funded_with": ["AWARD-2"]}],
        "breakdowns": [{"title": "District", "rows": [
            {"label": "Maseru", "activities": 1, "participants": 20, "female": 10, "male": 10,
             "not_by_sex": 0}]}],
        "narrative": [{"heading": "Summary", "text": "Text.", "paragraphs": ["Text."]}],
        "stories": [{"title": "Title", "summary": "Summary", "date": "1 April 2023", "place": "Maseru"}],
        "wording": {"acknowledgement": "Acknowledgement.", "disclaimer": "Disclaimer."},
        "charts": {"by_district": "", "by_district_alt": "Chart.", "progress": "",
                   "progress_alt": "Chart."},
    }
