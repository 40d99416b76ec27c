"""The figures hand-over between the build and its notebooks, typed once.

A build reads the content once. It writes what it read for one output (the
period's activities and stories) as a `Snapshot`; the notebook computes its
figures from that snapshot, never from a second reading of the files, and
hands them back as a `ReportPayload` or `NewsletterPayload`. The PDF, the web
page, the spreadsheet and the executed notebook therefore show the figures
of one reading: saving activities.csv during a build cannot make them
disagree.

The counting rules live here too (`counted`), on top of `Activity.people`
and `Activity.split`: a row counts by sex only when both female and male are
given; otherwise its people are "not counted by sex", in every output. A
report counts a co-funded activity's people in full, or by its award's share
where the sheet gives shares (cofunding.py); an edition counts each in full.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict

from . import cofunding
from .outputs import write
from .results import IndicatorRow
from .schema import Activity


class _Model(BaseModel):
    # Unknown keys are refused: every figure that crosses from the notebook to the
    # build is named here, so a misspelt or forgotten one fails where it is made
    # instead of travelling on unseen.
    model_config = ConfigDict(frozen=True, extra="forbid")


# counting rules ------------------------------------------------------------------

class Counted(_Model):
    """One activity's people as every output counts them."""

    people: int | None  # participants, or female + male where only the split is given
    female: int | None  # only when both female and male are given
    male: int | None
    not_split: int | None  # people not counted by sex


def counted(activity: Activity) -> Counted:
    split = activity.split
    people = activity.people
    return Counted(people=people,
                   female=activity.female if split else None,
                   male=activity.male if split else None,
                   not_split=None if split or people is None else people)


class ActivityRow(_Model):
    """A row of a report's activities table and of its spreadsheet."""

    id: str
    title: str
    start: date
    end: date
    districts: list[str]
    type: str | None
    people: int | None
    female: int | None
    male: int | None
    not_split: int | None
    co_funded_with: list[str] = []  # the activity's other awards, in its cell's order
    share: float | None = None  # this award's share in percent; None: counted in full


def activity_rows(activities: Sequence[Activity], award: str | None = None) -> list[ActivityRow]:
    """The rows of `award`'s report (its co-funding said), or of no award's."""
    rows = []
    for a in activities:
        others, share = cofunding.co_funding(a, award) if award else ([], None)
        rows.append(ActivityRow(id=a.id, title=a.title, start=a.start, end=a.end or a.start,
                                districts=list(a.districts or a.district), type=a.type,
                                **counted(a).model_dump(), co_funded_with=others, share=share))
    return rows


# what the build read -------------------------------------------------------------

class StoryEntry(_Model):
    slug: str
    title: str
    date: date
    theme: str
    featured: bool
    districts: list[str]
    awards: list[str]


class Snapshot(_Model):
    """The part of one reading of the content that an output's figures come from."""

    period: str  # as on the command line
    title: str  # the period in words
    language: str = "en"  # of the charts' words (docs/translations.md)
    award: str | None = None
    donor: str | None = None  # the award's donor, by name
    themes: dict[str, str] = {}
    # Activity records, as JSON; in a report's, a co-funded row holds the award's part
    # of its people and says `co_funded_with` (its other awards) and `share` (None: in full)
    activities: list[dict[str, Any]]
    stories: list[StoryEntry] = []  # in print order
    # A report's results: the award's dates, its activities from its start to the
    # period's end, its results framework (districts resolved) and values-sheet rows.
    award_start: date | None = None
    award_end: date | None = None
    to_date: list[dict[str, Any]] = []
    framework: dict[str, Any] | None = None
    values: list[dict[str, Any]] = []

    def records(self) -> tuple[Activity, ...]:
        return tuple(_activity(raw) for raw in self.activities)

    def records_to_date(self) -> tuple[Activity, ...]:
        return tuple(_activity(raw) for raw in self.to_date)

    def save(self, path: str | Path) -> Path:
        return write(Path(path), self.model_dump_json(indent=1))

    @classmethod
    def load(cls, path: str | Path) -> "Snapshot":
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


def snapshot(project, period, award: str | None = None) -> Snapshot:
    """What an output of `period` (and `award`) uses from a loaded project."""
    grant = project.awards.get(award) if award else None
    stories = project.stories_in(period)
    results = _results(project, period, award, grant) if grant else {}
    return Snapshot(
        period=period.label, title=period.title, award=award,
        # a project localised for one output (languages.localise) says its language
        language=getattr(project.site, "language", None) or "en",
        donor=project.donors[grant.donor].name if grant and grant.donor in project.donors else None,
        themes=dict(project.site.themes) if project.site else {},
        activities=_counted_for(project.activities_in(period, award), award),
        stories=[StoryEntry(slug=s.slug, title=s.title, date=s.date, theme=s.theme,
                            featured=s.featured, districts=list(s.districts),
                            awards=list(project.awards_of(s))) for s in stories],
        **results,
    )


def _results(project, period, award: str, grant) -> dict[str, Any]:
    from . import results

    window = results.award_window(grant.start, period)
    framework, values = results.framework_of(project, award)
    return {"award_start": grant.start, "award_end": grant.end,
            "to_date": _counted_for(project.activities_in(window, award), award),
            "framework": framework.model_dump(mode="json") if framework else None,
            "values": [v.model_dump(mode="json") for v in values]}


def _counted_for(activities: Sequence[Activity], award: str | None) -> list[dict[str, Any]]:
    """The rows an output counts, as JSON: for an award's report, each co-funded one
    with the award's part of its people (cofunding.part_of), its other awards and the
    share; for an edition, every row in full."""
    if not award:
        return [a.model_dump(mode="json") for a in activities]
    rows = []
    for activity in activities:
        others, share = cofunding.co_funding(activity, award)
        rows.append({**cofunding.part_of(activity, award).model_dump(mode="json"),
                     "co_funded_with": others, "share": share})
    return rows


def reading(root: str | Path, period: str, award: str | None = None,
            snapshot_path: str | Path = "") -> Snapshot:
    """The build's snapshot when it passed one; otherwise the content under `root`,
    read now (a notebook opened by hand in JupyterLab)."""
    from . import locales

    if snapshot_path:
        found = Snapshot.load(snapshot_path)
    else:
        from .check import load_checked
        from .periods import parse_period

        project, _ = load_checked(Path(root))
        found = snapshot(project, parse_period(period), award)
    # the charts' words read the office's own catalog (locale/) over the package's
    return found.model_copy(update={"language": locales.Language(found.language, root)})


def _activity(raw: dict[str, Any]) -> Activity:
    """An Activity back from its JSON form; it was validated when the build read it."""
    fields = dict(raw)
    for name in ("start", "end"):
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    for name in ("district", "districts", "award", "partners", "shares"):
        fields[name] = tuple(fields.get(name) or ())
    return Activity.model_construct(**fields)


# what the notebook hands back ----------------------------------------------------

class KeyFigures(_Model):
    activities: int
    people: int
    female: int
    male: int
    female_share: float | None
    not_disaggregated: int
    no_attendance: int
    districts: list[str]
    days: int
    sources: dict[str, list[str]]


class BreakdownRow(_Model):
    label: str
    activities: int
    people: int | None
    female: int
    male: int
    ids: list[str]


# One row model per breakdown (figures.breakdown): after the shared fields, the value
# it is grouped by and the people not counted by sex, in that order (the notebook's
# tables show the columns in field order).

class DistrictRow(BreakdownRow):
    district: str
    not_counted: int


class TypeRow(BreakdownRow):
    type: str
    not_counted: int


class MonthRow(BreakdownRow):
    month: str  # 2023-04; `label` is "Apr 2023"
    not_counted: int


class Chart(_Model):
    title: str
    svg: str | None  # None: a single category, told in a sentence (alt) instead of a chart
    alt: str


class Indicators(_Model):
    """The progress table of a report (results.progress) and its chart; empty for an
    award without a results framework."""

    framework: str | None = None  # the framework's file
    elapsed: float | None = None  # the share of the award's time gone by at the period's end
    rows: list[IndicatorRow] = []
    chart: Chart | None = None  # None: no indicator has a value to date


class ReportPayload(_Model):
    award: str
    period: str
    key: KeyFigures
    by_district: list[DistrictRow]
    by_type: list[TypeRow]
    by_month: list[MonthRow]
    charts: list[Chart] = []
    activities: list[ActivityRow]
    # from the award's start to the period's end, and the results framework's table
    key_to_date: KeyFigures | None = None
    indicators: Indicators = Indicators()


class ThemeRow(BreakdownRow):
    name: str  # the theme's printed name
    theme: str  # its key
    not_counted: int


class NewsletterNumbers(KeyFigures):
    themes: list[ThemeRow]


class NewsletterPayload(_Model):
    period: str
    title: str
    stories: list[str]  # slugs, in print order
    numbers: NewsletterNumbers


def report_payload(reading: Snapshot) -> ReportPayload:
    """A report's figures and charts from what the build read (the notebook calls this)."""
    from . import activities, figures, locales

    records = reading.records()
    result = figures.report_figures(activities.frame(records))
    if reading.language != "en":  # figures name a month as English does ("Apr 2023")
        result["by_month"] = [{**row, "label": locales.short_month(row["month"], reading.language)}
                              for row in result["by_month"]]
    result["charts"] = report_charts(result, reading.language)
    return ReportPayload(award=reading.award or "", period=reading.period,
                         activities=activity_rows(records, reading.award), **result, **results_payload(reading))


def results_payload(reading: Snapshot) -> dict[str, Any]:
    """The figures since the award started and the progress table with its chart."""
    from . import activities, figures, indicator_chart, results

    if reading.award_start is None:
        return {}
    to_date = activities.frame(reading.records_to_date())
    indicators = results.progress(reading, to_date)
    indicators["chart"] = indicator_chart.to_date_against_target(
        indicators["rows"], indicators.get("elapsed", 0), reading.language)
    return {"key_to_date": figures.key_figures(to_date), "indicators": indicators}


def report_charts(result: dict, language: str = "en") -> list[dict]:
    """By district first: word_charts.report_charts draws that one for Word."""
    from . import charts, locales

    _ = locales.gettext(language)
    return [
        charts.people_by(result["by_district"], "district", _("People reached by district"), language),
        charts.activities_by(result["by_month"], "label", _("Activities by month"), language),
        charts.people_by(result["by_type"], "type", _("People reached by type of activity"), language),
    ]


def newsletter_payload(reading: Snapshot) -> NewsletterPayload:
    """An edition's figures from what the build read (the notebook calls this)."""
    from . import activities, figures

    numbers = figures.newsletter_figures(activities.frame(reading.records()), reading.themes)
    return NewsletterPayload(period=reading.period, title=reading.title,
                             stories=[s.slug for s in reading.stories], numbers=numbers)


def save(payload: BaseModel, path: str | Path) -> Path:
    """Hand a payload to the build as JSON."""
    return write(Path(path), payload.model_dump_json(indent=1))


def load(kind: type[BaseModel], path: str | Path):
    return kind.model_validate_json(Path(path).read_text(encoding="utf-8"))
