"""content/sources.yaml: where activity records come from, when not activities.csv.

A list of sources under `activities:`, merged in order: a file under content/
(CSV or XLSX, a Kobo or ODK export as it comes, `sheet:` to pick one) or a
database (a SQLAlchemy `url` and a `query`), each with `columns:` (our column:
the source's) and `values:` (per column of ours, the source's codes: ours).
Every activity keeps where it was read (`Activity.origin`, `line`, `uuid`);
each problem names its source and row. A database's rows are fingerprinted
(`digests`) so an unchanged database is not built again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import field_validator

from .activities import activities_from
from .errors import Problem
from .kobo import Mapping, Table, to_ours, with_uuid
from .names import did_you_mean
from .schema import ACTIVITY_COLUMNS, Activity, Record, validate
from .sources import Yaml, load_yaml

SPEC = "content/sources.yaml"
SUFFIXES = (".csv", ".xlsx")


class ActivitySource(Record):
    """One entry of `activities:` in content/sources.yaml."""

    file: str | None = None
    sheet: str | None = None
    url: str | None = None
    query: str | None = None
    columns: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}

    @field_validator("values", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        # YAML reads `{1: tip, yes: health}` with numbers and booleans for keys
        if isinstance(value, dict):
            return {k: {_code(c): _code(n) for c, n in v.items()} if isinstance(v, dict) else v
                    for k, v in value.items()}
        return value


def _code(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float)) else value


@dataclass
class Read:
    """What the sources gave: activities, every id declared, problems, fingerprints."""

    activities: list[Activity] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # "source:<masked url>" -> hash of its rows
    unread: list[str] = field(default_factory=list)  # the sources that could not be read at all
    spec: Yaml | None = None


def read_sources(root: Path, districts_of) -> Read:
    """Read content/sources.yaml and every source it lists."""
    spec = load_yaml(root / SPEC, SPEC)
    read = Read(problems=list(spec.problems), spec=spec)
    entries = spec.data.get("activities") if isinstance(spec.data, dict) else None
    if not isinstance(entries, list) or not entries:
        read.unread.append(SPEC)
        if any(p.is_error for p in spec.problems):  # not YAML: that error says it all
            return read
        read.problems.append(Problem(SPEC, spec.line(("activities",)), "'activities' must be a list "
                                     "of sources (each a 'file' under content/, or a 'url' and a 'query')"))
        return read
    if isinstance(spec.data, dict):
        for key in spec.data:
            if key != "activities":
                read.problems.append(Problem(SPEC, spec.line((key,)), f"unknown key '{key}'"
                                             f"{did_you_mean(key, ['activities'])}", "warning"))
    for index, raw in enumerate(entries):
        source, found = validate(ActivitySource, raw, spec, ("activities", index), SPEC)
        found += _spec_problems(source, spec, index, root) if source else []
        read.problems += found
        if source is not None and not any(p.is_error for p in found):
            _read_one(root, source, spec, index, districts_of, read)
        else:  # its ids are unknown, not wrong
            read.unread.append(f"{SPEC}:{spec.line(('activities', index))}")
    return read


def _spec_problems(source: ActivitySource, spec: Yaml, index: int, root: Path) -> list[Problem]:
    """What the entry says wrong, before reading its source."""
    line = lambda *key: spec.line(("activities", index, *key))  # noqa: E731
    problems = []
    if (source.file is None) == (source.url is None):
        problems.append(Problem(SPEC, line(), "each source needs either 'file' (under content/) "
                                              "or 'url' with a 'query', not both"))
    elif source.url is not None and not source.query:
        problems.append(Problem(SPEC, line("url"), "a 'url' needs a 'query' (SELECT ... FROM ...)"))
    elif source.file is not None:
        problems += _file_problems(source, root, line("file"))
    for ours in [*source.columns, *source.values]:
        if ours not in ACTIVITY_COLUMNS:
            key = "columns" if ours in source.columns else "values"
            problems.append(Problem(SPEC, line(key, ours), f"'{key}.{ours}' is not one of our columns"
                                                           f"{did_you_mean(ours, ACTIVITY_COLUMNS)}"))
    return problems


def _file_problems(source: ActivitySource, root: Path, line: int | None) -> list[Problem]:
    content = (root / "content").resolve()
    path = (content / source.file).resolve()
    if Path(source.file).is_absolute() or not path.is_relative_to(content):
        return [Problem(SPEC, line, f"'file' {source.file!r} must be a path under content/ "
                                    "(kobo/activity_log.xlsx for content/kobo/activity_log.xlsx)")]
    if path.suffix.lower() not in SUFFIXES:
        return [Problem(SPEC, line, f"'file' {source.file!r} must be a .csv or .xlsx file")]
    if not path.is_file():
        known = [p.relative_to(content).as_posix() for p in content.rglob("*") if p.suffix.lower() in SUFFIXES]
        return [Problem(SPEC, line, f"'file' {source.file!r} not found in content/{did_you_mean(source.file, known)}")]
    if source.sheet is not None and path.suffix.lower() != ".xlsx":
        return [Problem(SPEC, line, "'sheet' is for an .xlsx file; a CSV file has one table")]
    return []


def _read_one(root: Path, source: ActivitySource, spec: Yaml, index: int, districts_of, read: Read) -> None:
    from .source_tables import SourceError, table_of

    key = ("activities", index)
    try:
        table, problems, digest = table_of(root, source)
    except SourceError as exc:
        read.problems.append(Problem(exc.name, None, str(exc)))
        read.unread.append(exc.name)
        return
    if digest:
        read.digests[f"source:{table.name}"] = digest
    header, rows, uuids, found = to_ours(table, Mapping(dict(source.columns), {
        k: dict(v) for k, v in source.values.items()}, f"{SPEC}:{spec.line(key)}"))
    problems += found
    activities, declared, found = activities_from(header, rows, table.name, districts_of, problems)
    by_line = {line: uuid for (line, _), uuid in zip(rows, uuids) if uuid}
    read.problems += [_named(p, by_line) for p in found]
    read.declared |= declared
    read.activities += [a.model_copy(update={"origin": table.name, "uuid": by_line.get(a.line, "")})
                        for a in activities]


def _named(problem: Problem, uuids: dict[int, str]) -> Problem:
    """A row's problem with its `_uuid` (once)."""
    uuid = uuids.get(problem.line or 0, "")
    if not uuid or "(_uuid " in problem.message:
        return problem
    return Problem(problem.path, problem.line, with_uuid(problem.message, uuid), problem.severity)
