"""What a donor report's results sections show: figures since the award started,
the progress table and its chart, the narrative, and the notebook's HTML copy.

Takes the notebook's `key_to_date` and `indicators` figures as the payload typed
them (payload.Indicators), so the template, the spreadsheet and the tests see one
shape.
"""

from __future__ import annotations

from . import locales
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


def in_language(figures: ReportPayload, project: Project, award: str, language: str) -> ReportPayload:
    """The figures with each indicator's statement and level as `project` (localised for the
    report: languages.localise) writes them. The notebook reads the content in the main
    language; the figures themselves do not depend on it."""
    framework = project.results.frameworks.get(award)
    if framework is None or not figures.indicators.rows:
        return figures
    _ = locales.gettext(locales.Language(language, project.root))
    texts = {}
    for outcome in framework.outcomes:
        level = _("Outcome %(id)s: %(statement)s") % {"id": outcome.id, "statement": outcome.statement}
        texts.update({i.id: (level, i.statement) for i in outcome.indicators})
        for output in outcome.outputs:
            level = _("Output %(id)s: %(statement)s") % {"id": output.id, "statement": output.statement}
            texts.update({i.id: (level, i.statement) for i in output.indicators})
    rows = [row.model_copy(update=dict(zip(("level", "statement"), texts[row.id])))
            if row.id in texts else row for row in figures.indicators.rows]
    return figures.model_copy(update={"indicators": figures.indicators.model_copy(update={"rows": rows})})


def _donor_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(REPORTED if VALUES in i else i for i in ids))


def narrative_of(project: Project, award: str, period: Period) -> Narrative | None:
    return project.narratives.get(narrative_file(award, period.label))


PROGRESS_CHART = "chart-progress"  # its key to refit.py


def progress_context(project: Project, award: str, period: Period, figures: ReportPayload,
                     media: Media, final: bool = False, language: str = "en",
                     fit_mm: int | None = None, lifted: bool = False) -> dict:
    """`fit_mm`: the height the print layout draws the chart at, to fit a page; `lifted`: the
    chart is set before the notes under the table, not after them (refit.py)."""
    indicators = figures.indicators
    chart = indicators.chart
    return {
        "key_to_date": figures.key_to_date.model_dump() if figures.key_to_date else None,
        "since": award_window(project.awards[award].start, period),
        "progress": indicator_rows(figures, final),
        "progress_framework": indicators.framework,
        "progress_rule": status_rule(indicators.rows, language),
        "progress_chart": {**chart.model_dump(), "src": media.chart(chart.svg), "key": PROGRESS_CHART,
                           "fit_mm": fit_mm, "lifted": lifted} if chart else None,
        "narrative": narrative_of(project, award, period),
        "notebook_html": NOTEBOOK_HTML,
        "final": final,
    }
