"""What a donor report's results sections show: figures since the award started,
the progress table and its chart, the narrative, and the notebook's HTML copy.

Takes the notebook's `key_to_date` and `indicators` figures as the payload typed
them (payload.Indicators), so the template, the spreadsheet and the tests see one
shape.
"""

from __future__ import annotations

from .payload import ReportPayload
from .narrative import Narrative, narrative_file
from .periods import Period
from .project import Project
from .render import Media
from .progress_rule import status_rule
from .results import VALUES, IndicatorRow, award_window

NOTEBOOK_HTML = "report.ipynb.html"


REPORTED = "a value reported by the office"  # a values-sheet row, as a donor copy names it


def indicator_rows(figures: ReportPayload, final: bool = False) -> list[IndicatorRow]:
    """The progress rows; in a donor copy (`final`) each traced to activity ids only, a
    value from the values sheet named as reported, not by its file and line."""
    rows = list(figures.indicators.rows)
    if not final:
        return rows
    return [row.model_copy(update={"period_ids": _donor_ids(row.period_ids),
                                   "to_date_ids": _donor_ids(row.to_date_ids)}) for row in rows]


def _donor_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(REPORTED if VALUES in i else i for i in ids))


def narrative_of(project: Project, award: str, period: Period) -> Narrative | None:
    return project.narratives.get(narrative_file(award, period.label))


def progress_context(project: Project, award: str, period: Period, figures: ReportPayload,
                     media: Media, final: bool = False, language: str = "en") -> dict:
    indicators = figures.indicators
    chart = indicators.chart
    return {
        "key_to_date": figures.key_to_date.model_dump() if figures.key_to_date else None,
        "since": award_window(project.awards[award].start, period),
        "progress": indicator_rows(figures, final),
        "progress_framework": indicators.framework,
        "progress_rule": status_rule(indicators.rows, language),
        "progress_chart": {**chart.model_dump(), "src": media.chart(chart.svg)} if chart else None,
        "narrative": narrative_of(project, award, period),
        "notebook_html": NOTEBOOK_HTML,
        "final": final,
    }
