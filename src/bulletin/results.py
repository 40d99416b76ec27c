"""Results frameworks: each award's indicators, their targets, and where their values come from.

    content/results/*.yaml        one framework per award (outcomes, outputs, indicators)
    content/indicator_values.csv  values reported by hand (a law adopted, a survey's percentage)

An indicator with a `measure` is computed from the activity records (see
`indicator_table`); one without is reported by hand in the values sheet.
`load_results` reads both files into immutable records and collects every
problem, naming file and line, as the rest of the content does; `load_project`
calls it once, and everything else takes `Project.results`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from .errors import Problem, UsageError
from .names import did_you_mean
from .periods import Period, parse_period
from . import locales
from .locales import N_
from .progress_rule import STATUS_RULE, baseline_text, measured  # noqa: F401 - the notebook prints results.STATUS_RULE
from .schema import LocalText, OptText, Record, Text, TextList, _text, validate
from .sources import CsvError, Yaml, csv_rows, load_yaml, read_text

# under project.py's CONTENT, spelt out: project.py reads these files (load_results)
# into the Project, so this module cannot import it
RESULTS = "content/results"
VALUES = "content/indicator_values.csv"
VALUE_COLUMNS = ("indicator", "period", "value", "note", "source")
# measure -> how the report names it
MEASURES = {
    "participants": "people reached",
    "female": "women and girls reached",
    "male": "men and boys reached",
    "activities": "activities held",
    "districts": "districts reached",
    "days": "days of activity",
}
DISAGGREGATIONS = ("sex", "district")
TO_DATE = ("sum", "latest")
_YEAR = re.compile(r"\d{4}")


def _number(value: Any) -> float:
    text = _text(value)
    try:
        number = float(text.replace(",", "").removesuffix("%"))
    except ValueError:
        raise PydanticCustomError("number", "'{value}' is not a number", {"value": text}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise PydanticCustomError("number", "'{value}' is not a number", {"value": text})
    return number


def _choice(options: tuple[str, ...] | dict):
    def check(value: Any) -> str:
        text = _text(value)
        if text not in options:
            raise PydanticCustomError(
                "choice", "'{value}' is not one of {options}{hint}",
                {"value": text, "options": ", ".join(options), "hint": did_you_mean(text, options)})
        return text
    return check


def _yearly(value: Any) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PydanticCustomError("yearly", "must map a year to its target, as `2023: 120`")
    for year in value:
        if not _YEAR.fullmatch(str(year)):
            raise PydanticCustomError("yearly", "'{year}' is not a year (write 2023: 120)", {"year": year})
    return {str(year): _number(target) for year, target in value.items()}


Number = Annotated[float, BeforeValidator(_number)]
OptNumber = Annotated[float | None, BeforeValidator(lambda v: None if v in (None, "") else _number(v))]
Measure = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _choice(MEASURES)(v))]
Disaggregation = Annotated[tuple[str, ...], BeforeValidator(
    lambda v: tuple(_choice(DISAGGREGATIONS)(d) for d in (v if isinstance(v, list) else [v] if v else [])))]
ToDate = Annotated[str, BeforeValidator(_choice(TO_DATE))]
Yearly = Annotated[dict[str, float], BeforeValidator(_yearly)]


class Filter(Record):
    """Which activity records an indicator counts (all of the award's when empty)."""

    theme: TextList = ()
    type: TextList = ()
    district: TextList = ()


class Indicator(Record):
    id: Text
    statement: LocalText
    unit: Text
    baseline: Number = 0
    target: Number
    targets: Yearly = {}  # optional targets per year, e.g. {"2023": 120}
    disaggregation: Disaggregation = ()
    measure: Measure = None  # computed from the activity records; None: reported by hand
    filter: Filter = Filter()
    to_date: ToDate = "latest"  # a hand-reported value to date: the latest one, or the sum

    @property
    def computed(self) -> bool:
        return self.measure is not None

    @property
    def from_baseline(self) -> bool:
        """A level (a share, a rate: the latest value reported), measured from its baseline;
        a count adds up from nothing (progress_rule)."""
        return not self.computed and self.to_date == "latest"


class Output(Record):
    id: Text
    statement: LocalText
    indicators: tuple[Indicator, ...] = ()


class Outcome(Record):
    id: Text
    statement: LocalText
    indicators: tuple[Indicator, ...] = ()
    outputs: tuple[Output, ...] = ()


class Framework(Record):
    injected = ("file",)
    file: str = ""
    award: Text
    outcomes: tuple[Outcome, ...]

    def indicators(self) -> list[tuple[str, Indicator, tuple]]:
        """Every indicator, in reading order, with its level and its key path in the file."""
        found = []
        for i, outcome in enumerate(self.outcomes):
            for k, indicator in enumerate(outcome.indicators):
                found.append((f"Outcome {outcome.id}: {outcome.statement}", indicator,
                              ("outcomes", i, "indicators", k)))
            for j, output in enumerate(outcome.outputs):
                for k, indicator in enumerate(output.indicators):
                    found.append((f"Output {output.id}: {output.statement}", indicator,
                                  ("outcomes", i, "outputs", j, "indicators", k)))
        return found


class Value(Record):
    """One row of the values sheet."""

    injected = ("line", "start", "end")
    line: int = 0
    start: date = date.min  # the row's period, as dates
    end: date = date.min
    indicator: Text
    period: Text
    value: Number
    note: OptText = None
    source: OptText = None


@dataclass(frozen=True)
class Results:
    frameworks: dict[str, Framework] = field(default_factory=dict)  # award -> framework
    values: tuple[Value, ...] = ()
    sources: dict[str, Yaml] = field(default_factory=dict, repr=False, compare=False)

    def declared_indicators(self) -> set[str]:
        """Every indicator id the framework files name, valid or not, so that a value for
        an indicator in a framework with a mistake is not also reported as unknown."""
        found = set()

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("id"), str) and "statement" in node and "unit" in node:
                    found.add(node["id"])
                for child in node.values():
                    walk(child)
            elif isinstance(node, list):
                for child in node:
                    walk(child)

        for name, source in self.sources.items():
            walk(source.data)
        return found

    def declared_awards(self) -> dict[str, tuple[str, int | None]]:
        """file -> (award, line) as written, valid framework or not."""
        return {name: (source.data["award"], source.line(("award",))) for name, source in self.sources.items()
                if isinstance(source.data, dict) and isinstance(source.data.get("award"), str)}

    def line(self, file: str, *path) -> int | None:
        source = self.sources.get(file)
        return source.line(path) if source else None

    def indicator(self, indicator_id: str) -> tuple[Framework, Indicator, tuple] | None:
        for framework in self.frameworks.values():
            for _, indicator, path in framework.indicators():
                if indicator.id == indicator_id:
                    return framework, indicator, path
        return None


def load_results(root: Path) -> tuple[Results, list[Problem]]:
    """Every results framework and the values sheet; an absent folder or sheet is no problem."""
    root = Path(root)
    problems: list[Problem] = []
    sources: dict[str, Yaml] = {}
    frameworks: dict[str, Framework] = {}
    folder = root / RESULTS
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = f"{RESULTS}/{path.name}"
        source = sources[name] = load_yaml(path, name)
        problems += source.problems
        if source.data is None and source.problems:
            continue
        framework, found = validate(Framework, source.data, source, (), name)
        problems += found
        if framework is None:
            continue
        if framework.award in frameworks:
            problems.append(Problem(name, source.line(("award",)),
                                    f"award '{framework.award}' already has a results framework "
                                    f"({frameworks[framework.award].file}); keep one"))
            continue
        frameworks[framework.award] = framework.model_copy(update={"file": name})
    values = _read_values(root, problems) if (root / VALUES).exists() else ()
    return Results(frameworks, values, sources), problems


def _read_values(root: Path, problems: list[Problem]) -> tuple[Value, ...]:
    text = read_text(root / VALUES, VALUES)
    problems += text.problems
    try:
        header, found = csv_rows(text.content)
    except CsvError as exc:
        problems.append(Problem(VALUES, exc.line, f"not valid CSV: {exc.message}"))
        return ()
    rows = [(line, dict(zip(header, (c.strip() for c in cells)))) for line, cells in found]
    for column in header:
        if column and column not in VALUE_COLUMNS:
            problems.append(Problem(VALUES, 1, f"unknown column '{column}'"
                                               f"{did_you_mean(column, VALUE_COLUMNS)}", "warning"))
    missing = [c for c in ("indicator", "period", "value") if c not in header]
    if missing:
        problems += [Problem(VALUES, 1, f"missing required column '{c}'") for c in missing]
        return ()
    values = []
    for line, row in rows:
        raw = {k: v for k, v in row.items() if k in VALUE_COLUMNS and v}
        value, found = validate(Value, raw, Yaml(raw, {(): line}, []), (), VALUES)
        problems += found
        if value is None:
            continue
        try:
            period = parse_period(value.period)
        except UsageError as exc:
            problems.append(Problem(VALUES, line, str(exc)))
            continue
        values.append(value.model_copy(update={"line": line, "start": period.start, "end": period.end}))
    return tuple(values)


# The progress table ------------------------------------------------------------

class IndicatorRow(Record):
    """One line of the progress table, with the records behind its figures."""

    # a row of the notebook's payload (payload.Indicators), which refuses unknown keys
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    level: str  # "Outcome 1: statement", "Output 1.2: statement"
    statement: str
    unit: str
    source: str  # "activities" or "values"
    measure: str | None
    baseline: float
    target: float
    year_target: float | None  # the target for the period's year, where the framework sets one
    period: float | None  # None: nothing reported for the period
    to_date: float | None
    percent: float | None  # how far to the target, by progress_rule.measured; never negative
    status: str  # "achieved", "on track", "behind", "not reported"
    from_baseline: bool = False  # a level: percent is the way gone from the baseline to the target
    short_of_baseline: bool = False  # a level on the wrong side of its baseline (percent 0)
    period_ids: tuple[str, ...] = ()  # activity ids, or values-sheet rows as "content/indicator_values.csv:4"
    to_date_ids: tuple[str, ...] = ()
    period_split: dict[str, float] = {}  # by sex or district, where asked for
    to_date_split: dict[str, float] = {}
    notes: tuple[str, ...] = ()

    def text(self, name: str, language: str = "en") -> str:
        """A figure as the table prints it (`period` that nobody reported reads "not reported")."""
        value = getattr(self, name)
        if value is None and name in ("period", "to_date"):
            return locales.gettext(language)("not reported")
        if name == "percent" and self.short_of_baseline:
            return baseline_text(self, language)
        return locales.format_percent(value, language) if name == "percent" else show(value, language)

    def split_text(self, name: str, language: str = "en") -> str:
        """"women and girls 46 · men and boys 38" for `period_split` or `to_date_split`."""
        _ = locales.gettext(language)  # a district's name is itself
        return " · ".join(f"{_(key)} {show(value, language)}" for key, value in getattr(self, name).items())

    @property
    def statement_line(self) -> str:
        return f"{self.id} {self.statement} ({self.unit})"


def award_window(award_start: date, period: Period) -> Period:
    """From the award's start to the period's end: what "to date" covers."""
    return Period(f"{award_start}..{period.end}", award_start, period.end)


def indicator_table(framework: Framework, df, values: tuple[Value, ...], period: Period,
                    award_start: date, award_end: date, gazetteer=None) -> list[IndicatorRow]:
    """Every indicator's value this period and to date.

    `df` is the award's activities from its start to the period's end
    (`activities.frame`), so the period's rows are a slice of it.
    """
    elapsed = _elapsed(award_start, award_end, period.end)
    rows = []
    for level, indicator, _ in framework.indicators():
        if indicator.computed:
            row = _computed(indicator, _filtered(df, indicator.filter, gazetteer), period)
        else:
            row = _reported(indicator, values, period, award_start)
        rows.append(_finish(indicator, level, row, period, elapsed))
    return rows


def _elapsed(start: date, end: date, at: date) -> float:
    total = (end - start).days + 1
    return min(max(((at - start).days + 1) / total, 0.0), 1.0) if total > 0 else 1.0


def _filtered(df, chosen: Filter, gazetteer):
    keep = df["id"].notna()
    if chosen.theme:
        keep &= df["theme"].isin(chosen.theme)
    if chosen.type:
        keep &= df["type"].isin(chosen.type)
    if chosen.district:
        wanted = ({gazetteer.district_of(d) or d for d in chosen.district} if gazetteer
                  else set(chosen.district))
        keep &= df["districts"].map(lambda ds: bool(wanted & set(ds)))
    return df[keep]


def _measure(df, measure: str) -> tuple[float, list[str]]:
    """A measure over some activity rows, and the ids of the rows it counted."""
    if measure == "activities":
        return len(df), sorted(df["id"])
    if measure == "districts":
        return len({d for ds in df["districts"] for d in ds}), sorted(df["id"])
    if measure == "days":
        days = (df["end"] - df["start"]).dt.days + 1
        return int(days.sum()), sorted(df["id"])
    if measure == "participants":
        counted = df[df["people"].notna()]
        return int(counted["people"].sum()), sorted(counted["id"])
    counted = df[df["split"]]  # female or male: only rows counted by sex
    return int(counted[measure].sum()), sorted(counted["id"])


def _split(df, indicator: Indicator) -> dict[str, float]:
    """The disaggregations an indicator asks for, of people (or activities) counted."""
    split: dict[str, float] = {}
    people = indicator.measure in ("participants", "female", "male")
    if "sex" in indicator.disaggregation and people:
        by_sex = df[df["split"]]
        split[N_("women and girls")] = int(by_sex["female"].sum())
        split[N_("men and boys")] = int(by_sex["male"].sum())
        unsplit = df[~df["split"] & df["people"].notna()]
        if len(unsplit):
            split[N_("not counted by sex")] = int(unsplit["people"].sum())
    if "district" in indicator.disaggregation:
        exploded = df.explode("districts")
        for district, group in exploded.groupby("districts", sort=True):
            split[str(district)] = (_measure(group, indicator.measure)[0] if indicator.measure != "districts"
                                    else len(group))
    return split


def _computed(indicator: Indicator, df, period: Period) -> dict:
    start, end = str(period.start), str(period.end)
    in_period = df[(df["start"] >= start) & (df["start"] <= end)]
    now, now_ids = _measure(in_period, indicator.measure)
    total, total_ids = _measure(df, indicator.measure)
    return {"source": "activities", "period": now, "to_date": total,
            "period_ids": now_ids, "to_date_ids": total_ids,
            "period_split": _split(in_period, indicator), "to_date_split": _split(df, indicator)}


def _reported(indicator: Indicator, values: tuple[Value, ...], period: Period, award_start: date) -> dict:
    mine = sorted((v for v in values if v.indicator == indicator.id), key=lambda v: (v.end, v.line))
    now = [v for v in mine if period.start <= v.start and v.end <= period.end]
    total = [v for v in mine if award_start <= v.start and v.end <= period.end]

    def combine(chosen):
        if not chosen:
            return None
        return sum(v.value for v in chosen) if indicator.to_date == "sum" else chosen[-1].value

    def rows(chosen):
        chosen = chosen if indicator.to_date == "sum" else chosen[-1:]
        return [f"{VALUES}:{v.line}" for v in chosen]

    return {"source": "values", "period": combine(now), "to_date": combine(total),
            "period_ids": rows(now), "to_date_ids": rows(total),
            "notes": [f"{v.period}: {v.note}" + (f" (source: {v.source})" if v.source else "")
                      if v.note else f"{v.period}: source: {v.source}"
                      for v in (total if indicator.to_date == "sum" else total[-1:]) if v.note or v.source]}


def _finish(indicator: Indicator, level: str, row: dict, period: Period, elapsed: float) -> IndicatorRow:
    done = measured(row["to_date"], indicator.baseline, indicator.target, elapsed, indicator.from_baseline)
    return IndicatorRow(
        id=indicator.id, level=level, statement=indicator.statement, unit=indicator.unit,
        measure=indicator.measure, baseline=indicator.baseline, target=indicator.target,
        year_target=indicator.targets.get(str(period.end.year)),
        percent=round(done.percent, 3) if done.percent is not None else None, status=done.status,
        from_baseline=indicator.from_baseline, short_of_baseline=done.short_of_baseline, **row)


def show(number: float | None, language: str = "en") -> str:
    """A figure as printed: whole numbers without a decimal point."""
    if number is None:
        return "–"
    if language != "en":  # "12,5", "1 598"
        whole = float(number).is_integer()
        return locales.format_number(int(number) if whole else round(number, 1), language)
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", "\u202f")
    return f"{number:,.1f}".replace(",", "\u202f")


def framework_of(project, award: str) -> tuple[Framework | None, tuple[Value, ...]]:
    """The award's results framework, its filters' places resolved to districts, and the
    values-sheet rows of its indicators: what a report's snapshot carries to the notebook.
    `project` is a `project.Project` (not imported: it imports this module)."""
    results = project.results
    framework = results.frameworks.get(award)
    if framework is None:
        return None, ()
    ids = {indicator.id for _, indicator, _ in framework.indicators()}
    resolved = framework.model_dump(mode="json")
    for outcome in resolved["outcomes"]:
        for indicator in [*outcome["indicators"], *(i for o in outcome["outputs"] for i in o["indicators"])]:
            chosen = indicator["filter"]
            chosen["district"] = [project.places.district_of(d) or d for d in chosen["district"]]
    return (Framework.model_validate(resolved),
            tuple(v for v in results.values if v.indicator in ids))


def progress(reading, df_to_date) -> dict:
    """What the notebook hands the build: the award's progress table, JSON-ready.

    `reading` is the build's `payload.Snapshot` of the report; `df_to_date` is
    `activities.frame` of the award's activities from its start to the period's
    end. An award without a framework has no table.
    """
    from .periods import parse_period

    if reading.framework is None:
        return {"framework": None, "rows": []}
    framework = Framework.model_validate(reading.framework)
    values = tuple(Value.model_validate(v) for v in reading.values)
    period = parse_period(reading.period)
    rows = indicator_table(framework, df_to_date, values, period, reading.award_start, reading.award_end)
    return {"framework": framework.file,
            "elapsed": round(_elapsed(reading.award_start, reading.award_end, period.end), 3),
            "rows": [row.model_dump(mode="json") for row in rows]}
