"""A source's table turned into our columns, as KoboToolbox and ODK export it.

An export keeps the form's shape: `group/field` headers (or the questions'
labels, as the source's `columns:` names them), system columns (`_uuid`,
`_submission_time`, `_index`...), a `select_multiple` answer as space-separated
choice codes or as one 0/1 column per choice (`group/field/choice`), and each
repeat group on a sheet of its own whose rows point at their submission by
`_parent_index`. `to_ours` reads all of that into rows of our column names,
mapping the source's codes through `values:`, and names every problem with
the source and its row, and the row's `_uuid` when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import Problem
from .names import did_you_mean, fold
from .schema import ACTIVITY_COLUMNS, REQUIRED_COLUMNS
from .sheets import Row, Sheet

# Columns holding several names (`;` between them, as in activities.csv): a
# select_multiple answer fills them
LISTS = frozenset({"district", "partners", "award"})
COUNTS = frozenset({"participants", "female", "male"})  # summed over a repeat group's rows
DATES = frozenset({"start", "end"})
# where each export keeps a submission's own identifier
UUID_COLUMNS = ("_uuid", "meta/instanceID", "instanceID", "meta-instanceID", "KEY")
# Kobo's form metadata `start` and `end` are when the form was filled in, not the activity:
# in an export (it has a `_uuid`) they are ours only when `columns:` says so
_METADATA = frozenset({"start", "end"})
_CHOSEN = frozenset({"1", "1.0", "true", "True", "TRUE", "yes"})
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


@dataclass
class Table:
    """A source read as text: its name in messages (`content/kobo/log.xlsx:log`), its
    header and rows, and the workbook's other sheets (repeat groups)."""

    name: str
    header: list[str]
    rows: list[Row]
    others: list[Sheet] = field(default_factory=list)
    header_line: int | None = 1  # None: a query's result has no line of its own


@dataclass
class Mapping:
    """What `content/sources.yaml` says of one source: our column -> the source's, and
    per column of ours, the source's codes -> ours."""

    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    where: str  # "content/sources.yaml:7", for messages that send the reader there


def to_ours(table: Table, mapping: Mapping) -> tuple[list[str], list[Row], list[str], list[Problem]]:
    """Our header, the rows in it, each row's `_uuid` ("" without one), and the problems."""
    problems: list[Problem] = []
    found: dict[str, list[str | None]] = {}
    columns = wanted(table.header, mapping.columns)
    headers = [h for h in table.header if h]
    for ours in REQUIRED_COLUMNS:
        if ours not in columns:
            problems.append(Problem(table.name, table.header_line, f"no column gives our required '{ours}': "
                                    f"name the source's under 'columns:' ({mapping.where}), as {ours}: "
                                    f"COLUMN{did_you_mean(ours, headers)}"))
    for ours, theirs in columns.items():
        cells = _column(table, ours, theirs, mapping, problems)
        if cells is not None:
            found[ours] = cells
    uuids = _uuids(table)
    for ours, cells in found.items():
        if ours in mapping.values:
            problems += _mapped(table, ours, cells, mapping, uuids)
        if ours in DATES:
            problems += _dates(table, ours, cells, mapping, uuids)
    header = list(found)
    rows = [(line, [found[c][i] for c in header]) for i, (line, _) in enumerate(table.rows)]
    return header, rows, uuids, problems


def wanted(header: list[str], columns: dict[str, str]) -> dict[str, str]:
    """Our column -> the source's: as `columns:` says, else a column of the same name."""
    found = dict(columns)
    export = any(c in header for c in UUID_COLUMNS)
    for column in ACTIVITY_COLUMNS:
        if column not in found and column in header and not (export and column in _METADATA):
            found[column] = column
    return found


def find(header: list[str], theirs: str) -> int | None:
    """Where the source's column `theirs` is: by its name, then whatever its case and
    spacing, then by a `group/field` header's last part when one header ends so."""
    if theirs in header:
        return header.index(theirs)
    folded = [i for i, h in enumerate(header) if fold(h) == fold(theirs)]
    if len(folded) == 1:
        return folded[0]
    last = [i for i, h in enumerate(header) if h.rsplit("/", 1)[-1] == theirs]
    return last[0] if len(last) == 1 else None


def _column(table: Table, ours: str, theirs: str, mapping: Mapping,
            problems: list[Problem]) -> list[str | None] | None:
    """The cells of our column `ours`, one per row of the table, or None (a problem said why)."""
    index = find(table.header, theirs)
    if index is not None:
        return [cells[index] if index < len(cells) else None for _, cells in table.rows]
    if ours in LISTS and (chosen := _choices(table, theirs)) is not None:
        return chosen
    sheet = next((s for s in table.others if find(s.header, theirs) is not None), None)
    if sheet is not None:
        return _repeat(table, sheet, ours, theirs, problems)
    headers = [h for h in table.header if h]
    problems.append(Problem(table.name, table.header_line,
                            f"column '{theirs}' (our '{ours}', {mapping.where}) is not in this "
                            f"source{did_you_mean(theirs, headers)}"))
    return None


def _choices(table: Table, theirs: str) -> list[str | None] | None:
    """A select_multiple exported as one 0/1 column per choice (`group/field/choice`):
    each row's chosen codes, space-separated as Kobo writes them in one column."""
    prefix = theirs.rstrip("/") + "/"
    choices = [(i, h[len(prefix):]) for i, h in enumerate(table.header) if h.startswith(prefix)]
    if not choices:
        return None
    return [" ".join(code for i, code in choices if i < len(cells) and cells[i] in _CHOSEN) or None
            for _, cells in table.rows]


def _repeat(table: Table, sheet: Sheet, ours: str, theirs: str,
            problems: list[Problem]) -> list[str | None] | None:
    """A count on a repeat group's sheet (a row per training day), summed per submission:
    the repeat's `_parent_index` is the submission's `_index`."""
    where = f"{table.name.rsplit(':', 1)[0]}:{sheet.title}"
    if ours not in COUNTS:
        problems.append(Problem(where, 1, f"column '{theirs}' is on a repeat group's sheet: only a "
                                          f"count ({', '.join(sorted(COUNTS))}) can be summed from it"))
        return None
    parent, own = find(sheet.header, "_parent_index"), find(table.header, "_index")
    if parent is None or own is None:
        missing = "_parent_index" if parent is None else f"_index in {table.name}"
        problems.append(Problem(where, 1, f"column '{theirs}' is on another sheet, without "
                                          f"{missing} to join it to its submission"))
        return None
    return _sums(table, sheet, find(sheet.header, theirs), parent, own, where, problems)


def _sums(table: Table, sheet: Sheet, index: int, parent: int, own: int, where: str,
          problems: list[Problem]) -> list[str | None]:
    sums: dict[str, int] = {}
    for line, cells in sheet.rows:
        value, key = _cell(cells, index), _cell(cells, parent)
        if value is None or key is None:
            continue
        try:
            number = float(value)
        except ValueError:
            problems.append(Problem(where, line, f"'{sheet.header[index]}' must be a whole number, not '{value}'"))
            continue
        sums[key] = sums.get(key, 0) + int(number)
    return [str(sums[k]) if (k := _cell(cells, own)) in sums else None for _, cells in table.rows]


def _cell(cells: list[str | None], index: int) -> str | None:
    value = cells[index] if index < len(cells) else None
    return value.removesuffix(".0") if value else None  # an index read from a number cell


def _uuids(table: Table) -> list[str]:
    for column in UUID_COLUMNS:
        if column in table.header:
            index = table.header.index(column)
            return [(_cell(cells, index) or "").removeprefix("uuid:") for _, cells in table.rows]
    return [""] * len(table.rows)


def _mapped(table: Table, ours: str, cells: list[str | None], mapping: Mapping,
            uuids: list[str]) -> list[Problem]:
    """Map the column's codes in place through `values:`; a code neither mapped nor
    already ours is a problem (it would otherwise be read as it is, silently)."""
    codes = mapping.values[ours]
    known = set(codes.values())
    problems, seen = [], set()
    for i, cell in enumerate(cells):
        if not cell:
            continue
        names = []
        for token in _tokens(cell, ours, codes):
            if token in codes or token in known:
                names.append(codes.get(token, token))
            elif (table.rows[i][0], token) not in seen:
                seen.add((table.rows[i][0], token))
                problems.append(Problem(table.name, table.rows[i][0], with_uuid(
                    f"'{token}' in column '{mapping.columns.get(ours, ours)}' has no mapping in values.{ours} "
                    f"({mapping.where}){did_you_mean(token, codes)}", uuids[i])))
        cells[i] = "; ".join(names)
    return problems


def _tokens(cell: str, ours: str, codes: dict[str, str]) -> list[str]:
    """A cell's codes: one, or for a list column each of its `;`-separated names, a
    name that is not a code being split at spaces as a select_multiple answer."""
    if ours not in LISTS:
        return [cell.strip()]
    tokens = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        tokens += part.split() if part not in codes else [part]
    return tokens


def _dates(table: Table, ours: str, cells: list[str | None], mapping: Mapping,
           uuids: list[str]) -> list[Problem]:
    """A date-time's date (a CSV or a database holds `2023-05-04 09:30`); a warning
    when that drops a time of day."""
    problems = []
    for i, cell in enumerate(cells):
        match = _DATE_TIME.fullmatch(cell.strip()) if cell else None
        if match:
            cells[i] = match[1]
            if any(int(part or 0) for part in match.group(2, 3, 4)):
                problems.append(Problem(table.name, table.rows[i][0], with_uuid(
                    f"column '{mapping.columns.get(ours, ours)}' holds a date and time ({cell.strip()}); "
                    f"read as the date {match[1]}, the time of day is dropped", uuids[i]), "warning"))
    return problems


def with_uuid(message: str, uuid: str) -> str:
    """A row's problem, with the submission's `_uuid` that finds it in Kobo or ODK."""
    return f"{message} (_uuid {uuid})" if uuid else message
