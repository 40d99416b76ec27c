"""A donor report for one award and period: PDF, web page, spreadsheet, notebook.

    check -> notebook (figures, charts) -> views -> HTML (web, print) -> files
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Mapping

from . import (cofunding, consent, hxl, iati, locales, manifest, notebooks, payload, progress_view,
               refit)
from .brand import recolour
from .check import load_checked
from .errors import ContentError, Problem
from .issuing import date_of_issue
from .locales import N_
from .names import did_you_mean, folder_name
from .outputs import Built, Staging, build_time
from .periods import Period
from .project import Project
from .progress_view import NOTEBOOK_HTML, PROGRESS_CHART, indicator_rows, progress_context
from .results_check import missing_narrative
from .render import Media, forget_photo
from .views import story_view, wording
from .languages import localise, main_language
from .editions import translation_inputs

if TYPE_CHECKING:
    from .engine import Settings

# A report lists its activities one by one up to this many, a few pages of the table;
# beyond it, it summarises them (by month, type and district, with totals) and names the
# workbook, which lists every one: no donor reads a hundred-page list (issue 17).
LISTED_ACTIVITIES = 60
WORKBOOK = "activities.xlsx"
WORD = "report.docx"


@dataclass(frozen=True)
class Report:
    """One award's report of a period: one per award with activities in the period."""

    award: str
    language: str | None = None  # --lang; None: the donor's `language`, else the main one
    kind: ClassVar[str] = "report"
    notebook: ClassVar[str] = "donor_report"  # notebooks/donor_report.ipynb
    charts: ClassVar[bool] = True  # its notebook draws them: its kernel server warms matplotlib
    # iati.FILE only where site.yaml has `iati` (IATI requires the organisation's identifier)
    files: ClassVar[tuple[str, ...]] = ("report.pdf", "report.html", WORKBOOK, WORD, "report.ipynb",
                                        NOTEBOOK_HTML, iati.FILE, hxl.FILE)
    # what a batch says of a period without one: alone, and with other kinds
    absent: ClassVar[str] = "no award has activities in {label} ({title})"
    lacking: ClassVar[str] = "no funded activities"

    @property
    def name(self) -> str:
        return self.award

    @classmethod
    def named(cls, award: str | None = None, language: str | None = None) -> "Report":
        return cls(award or "", language)

    @classmethod
    def every(cls, project: Project, period: Period, language: str | None = None) -> list["Report"]:
        numbers = {n for a in project.activities_in(period) for n in a.award if n in project.awards}
        return [cls(n, language) for n in sorted(numbers)]

    def language_of(self, project: Project) -> str:
        """The language the report is written in: --lang, the donor's, or the main one."""
        grant = project.awards.get(self.award)
        donor = project.donors.get(grant.donor) if grant else None
        return self.language or (donor.language if donor else None) or main_language(project)

    def folder(self, project: Project, period: Period, out: Path) -> Path:
        # the award as written names it in the report; its folder is a safe name
        return Path(out) / "reports" / folder_name(self.award, project.awards) / period.label

    def problems(self, project: Project, period: Period) -> list[Problem]:
        """A clear message instead of an empty report."""
        if self.award not in project.awards:
            return [Problem("content/awards.yaml", None, f"unknown award '{self.award}'"
                                                         f"{did_you_mean(self.award, project.awards)}")]
        if not project.activities_in(period, self.award):
            return [Problem(project.activities_file, None,
                            f"award {self.award} has no activities in {period.label} "
                            f"({period.title}); no report to make")]
        return []

    def snapshot(self, project: Project, period: Period) -> payload.Snapshot:
        return payload.snapshot(project, period, self.award)

    def weight(self, project: Project, period: Period) -> int:
        """Its rows and stories in the period (a story and its photo fill about a page),
        so that a batch starts the long reports first (engine.longest_first)."""
        stories = [s for s in project.stories_in(period) if self.award in project.awards_of(s)]
        return len(project.activities_in(period, self.award)) + 10 * len(stories)

    def inputs(self, project: Project, period: Period, settings: Settings,
               hasher: manifest.Hasher) -> dict[str, str]:
        """What the report is made from, beyond what every output is (manifest.common_inputs)."""
        stories = self._stories(project, period)
        inputs = manifest.story_inputs(project, stories, hasher)
        inputs["activities:snapshot"] = manifest.json_hash(
            self.snapshot(project, period).model_dump(mode="json"))
        grant = project.awards.get(self.award)
        donor = project.donors.get(grant.donor) if grant else None
        if donor and donor.report_template and (project.root / donor.report_template).is_file():
            inputs[donor.report_template] = hasher.file(project.root / donor.report_template)
        for folder in {self.award, folder_name(self.award, project.awards)}:
            for path in sorted((project.root / "content" / "reports" / folder).glob("*")):
                inputs[path.relative_to(project.root).as_posix()] = hasher.file(path)
        # the default date of issue is today while the period lasts: a new day is a new cover
        language = self.language_of(project)
        inputs.update(translation_inputs(project, stories, language if language != main_language(project)
                                         else None, hasher))
        inputs["parameters"] = manifest.json_hash({
            **({"language": language} if language != main_language(project) else {}),
            "output": "report", "period": period.label, "award": self.award,
            "issued": date_of_issue(period, settings.issued).day.isoformat(),
            **({"final": True} if settings.final else {})})
        inputs.update(consent.fingerprint(project, stories, consent.REPORT,
                                          date_of_issue(period, settings.issued).day,
                                          consent.build_day()))
        return inputs

    def _stories(self, project: Project, period: Period) -> list:
        """The period's stories the award paid for: its highlights."""
        return [s for s in project.stories_in(period) if self.award in project.awards_of(s)]

    def build(self, settings: Settings) -> Built:
        """Build the report; `settings.issued` is the cover's date of issue
        (default: issuing.date_of_issue)."""
        root, period, award, issued = settings.root, settings.period, self.award, settings.issued
        project, problems = load_checked(root)
        if missing := self.problems(project, period):
            raise ContentError(missing)
        project = localise(project, self.language_of(project))
        folder = self.folder(project, period, settings.out)
        with Staging(folder) as stage:
            # One reading for every output: the notebook counts from what this build read.
            # a donor copy's notebook names no folder of this machine: run again from
            # the project root, it reads the content there
            hide = root.resolve() if settings.final else None
            notebook = notebooks.start(self.notebook, {"root": "." if hide else str(root.resolve()),
                                                       "award": award, "period": period.label},
                                       stage, "report.ipynb", self.snapshot(project, period),
                                       payload.ReportPayload, hide=hide)
            # WeasyPrint and openpyxl load while the kernel counts
            from .publish import publish
            from .spreadsheet import write_report_workbook
            from .word_report import write_report

            figures, language = notebook.result(), project.site.language
            if language != main_language(project):  # the statements as this language has them
                figures = progress_view.in_language(figures, project, award, language)
            write_report_workbook(project, award, period, figures, stage.path(WORKBOOK), issued,
                                  indicator_rows(figures, settings.final),
                                  award_donors(project, figures.activities),
                                  [] if settings.final else origins(project, figures.activities),
                                  language=language)
            write_report(project, award, period, figures, issued, stage.path(WORD),
                         final=settings.final, language=language)
            _open_data(project, award, period, figures, issued, stage)
            _, pdf_warnings = publish(project, "report.html.j2",
                                      lambda media, moves={}: context(project, award, period, figures,
                                                                      media, issued, settings.final,
                                                                      language, moves),
                                      stage, settings.cache, pdf="report.pdf", html="report.html",
                                      refit=refit.REPORT_MM)
        missing = missing_narrative(project, award, period.label)
        problems = [*problems, missing] if missing else problems
        if project.site.iati is None:  # an earlier build's, from keys since removed
            (folder / iati.FILE).unlink(missing_ok=True)
        day, now = date_of_issue(period, issued).day, consent.build_day()
        problems += consent.held(project, self._stories(project, period), consent.REPORT, day, now)
        for file in consent.withdrawn_photos(project, self._stories(project, period), now):
            forget_photo(root, settings.cache, file)
        return Built(folder, [folder / name for name in self.files if (folder / name).is_file()],
                     [str(p) for p in problems] + pdf_warnings)


def _open_data(project: Project, award: str, period: Period, figures: payload.ReportPayload,
               issued: date | None, stage: Staging) -> None:
    """The award's IATI activity (when site.yaml names the organisation) and its HXL table,
    from the figures the PDF prints."""
    if project.site.iati is not None:
        iati.write_activity(project, award, period, figures, build_time(issued), stage.path(iati.FILE))
    hxl.write_activities(project, award, period, figures, stage.path(hxl.FILE))


def context(project: Project, award: str, period: Period, figures: payload.ReportPayload,
            media: Media, issued: date | None, final: bool = False, language: str = "en",
            moves: Mapping[str, int] = {}) -> dict:
    """What the report's template is given; `final`: the donor copy, else a review copy;
    the sentences made here in `language` (the template's labels are the environment's);
    `moves`: the print layout's second look at a white page (refit.py)."""
    language = locales.Language(language, project.root)  # the office's catalog, if it has one
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
        # a donor is given the date, not why
        "issued_note": "" if final or not day_of_issue.note else locales.gettext(language)(day_of_issue.note),
        "theme": project.site.themes.get(grant.theme or "", grant.theme),
        "key": figures.key.model_dump(),
        # titles in English, translated by the template (`_(title)`)
        "breakdowns": [(N_("District"), "district", _rows(figures.by_district)),
                       (N_("Type of activity"), "type", _capitalised(_rows(figures.by_type), "type")),
                       (N_("Month"), "label", _rows(figures.by_month))],
        # the notebook draws in the default palette; the office's colours go in here
        "charts": _moved_down([{**c.model_dump(),
                                "src": media.chart(recolour(c.svg, project.site.brand)) if c.svg else None,
                                "key": f"chart-{i}", "fit_mm": moves.get(f"chart-{i}")}
                               for i, c in enumerate(figures.charts, start=1)], moves),
        **_co_funding(project, figures, language),
        "origins": [] if final else origins(project, figures.activities),
        "totals": _totals(figures.activities),
        **_listing(figures),
        # a donor report shows only the photos whose consents cover donor reports on its date
        "highlights": [_highlight(project, consent.gated(project.consent, s, "donor", day_of_issue.day,
                                                         consent.build_day()), media, award, language,
                                  moves)
                       for s in stories],
        "wording": wording(project, award),
        **progress_context(project, award, period, figures, media, final, language,
                           moves.get(PROGRESS_CHART), bool(moves.get(f"{PROGRESS_CHART}/lift"))),
    }


def origins(project: Project, rows) -> list[dict]:
    """Where each of the rows' activities was read, when content/sources.yaml lists
    the sources: for a review copy's annex and workbook, never a donor copy's."""
    read = {a.id: a for a in project.activities if a.origin}
    return [{"id": r.id, "source": read[r.id].origin, "row": read[r.id].line, "uuid": read[r.id].uuid}
            for r in rows if r.id in read]


def _listing(figures: payload.ReportPayload) -> dict:
    """Whether the activities are listed or summarised, and where the workbook lists them."""
    from .spreadsheet import ACTIVITIES_SHEET

    return {"summarised": len(figures.activities) > LISTED_ACTIVITIES, "listed": LISTED_ACTIVITIES,
            "workbook": WORKBOOK, "workbook_sheet": ACTIVITIES_SHEET}


def award_donors(project: Project, rows) -> dict[str, str]:
    """The donor's name of each award the rows' co-funded activities name."""
    numbers = {n for r in rows for n in r.co_funded_with}
    return {n: project.donors[a.donor].name for n in sorted(numbers)
            if (a := project.awards.get(n)) and a.donor in project.donors}


def _co_funding(project: Project, figures: payload.ReportPayload, language: str = "en") -> dict:
    """The activities, each co-funded one with the sentence its table row prints, and the
    note under the key figures (None: no activity is co-funded)."""
    donors = award_donors(project, figures.activities)
    rows = [{**row.model_dump(),
             "co_funding": cofunding.described(row.co_funded_with, row.share, donors, language)
             if row.co_funded_with else None} for row in figures.activities]
    summarised = len(figures.activities) > LISTED_ACTIVITIES
    return {"activities": rows, "award_donors": donors,
            "co_funding_note": cofunding.note(figures.activities, donors, summarised, language)}


def _moved_down(charts: list[dict], moves: Mapping[str, int]) -> list[dict]:
    """The breakdown charts, each set as many places further down as refit.py asked: a chart
    too tall for a page's foot lets the next, perhaps smaller, one take it."""
    for chart in [c for c in charts if moves.get(f"{c['key']}/down")]:
        at = charts.index(chart)
        charts.insert(min(at + moves[f"{chart['key']}/down"], len(charts) - 1), charts.pop(at))
    return charts


def _rows(rows) -> list[dict]:
    return [row.model_dump() for row in rows]


def _highlight(project: Project, story, media: Media, award: str, language: str = "en",
               moves: Mapping[str, int] = {}):
    """A story the award paid for, without this award's wording: the report prints it
    once, in its own section; a co-funding donor's wording stays with the story."""
    view = story_view(project, story, media, moves, language=language)
    return replace(view, wording=[w for w in view.wording if w.award != award])


def _capitalised(rows: list[dict], field: str) -> list[dict]:
    """Activity types are written in lower case ("training"); a report prints them as names."""
    return [{**row, field: row[field][:1].upper() + row[field][1:]} for row in rows]


def _totals(rows) -> dict:
    """The activities table's totals row, summed as the spreadsheet's: people not counted
    by sex add to people only."""
    return {field: sum(getattr(r, field) or 0 for r in rows) for field in ("people", "female", "male")}
