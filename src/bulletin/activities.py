"""Activity records from activities.csv or activities.xlsx (first sheet).

Both formats become the same rows of text with their line numbers, then one
schema validates them, column by column: each distinct cell once (cells.py).
`frame` gives the notebooks a pandas DataFrame.
"""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path
from typing import Callable, Iterator

from .cells import ABSENT, INVALID, Cells
from .errors import Problem
from .names import did_you_mean
from .award_shares import award_cell
from .schema import ACTIVITY_COLUMNS, REQUIRED_COLUMNS, Activity, validate
from .sources import CsvError, Yaml, csv_rows, read_text

from .sheets import Row  # (line, its cells in the header's order)


def read_activities(path: Path, name: str, districts_of: Callable[[tuple[str, ...]], tuple[str, ...]]
                    = lambda places: ()) -> tuple[list[Activity], set[str], list[Problem]]:
    """Read and validate every row: the valid activities, every id the file
    declares (valid row or not), and the problems, naming each row's line.
    `districts_of` resolves a row's places (the gazetteer's) into its `districts`."""
    try:
        header, rows, problems = _READERS[path.suffix.lower()](path, name)
    except _Unreadable as exc:
        return [], set(), [Problem(name, None, str(exc))]
    return activities_from(header, rows, name, districts_of, problems + list(_check_header(header, name)))


def activities_from(header: list[str], rows: list[Row], name: str, districts_of,
                    problems: list[Problem]) -> tuple[list[Activity], set[str], list[Problem]]:
    """The activities of rows already read (`header` in our column names), as
    `read_activities` gives them; `problems` are the reading's, so far."""
    columns = _columns(header, rows)
    declared = {text for text in map(_text, columns.get("id", ())) if text}
    if any(p.is_error for p in problems):
        return [], declared, problems
    activities, found = _activities(columns, [line for line, _ in rows], name, districts_of)
    return activities, declared, problems + found


def _columns(header: list[str], rows: list[Row]) -> dict[str, tuple[str | None, ...]]:
    """The cells of each known column, as read (None where a row is short of it).

    A sheet is read column by column: a column holds few distinct values, each
    validated once (cells.py). A column named twice keeps its last, as a row's
    mapping would (`_check_header` says it is an error)."""
    found = list(zip_longest(*(cells for _, cells in rows), fillvalue=None)) if rows else []
    empty = (None,) * len(rows)
    return {column: found[i] if i < len(found) else empty
            for i, column in enumerate(header) if column in _COLUMNS}


def _text(cell: str | None) -> str:
    """A cell's text as the schema reads it: stripped, "" when empty."""
    return "" if cell is None else cell.strip()


def _activities(texts: dict[str, tuple[str | None, ...]], lines: list[int], name: str,
                districts_of) -> tuple[list[Activity], list[Problem]]:
    cells = Cells(Activity)
    columns = list(texts)
    values = [cells.column(column, texts[column]) for column in columns]
    wrong = {i for column in values if INVALID in column
             for i, value in enumerate(column) if value is INVALID}
    activities, problems = [], []
    shares = _Shares(texts.get("award", ()))
    for i, (line, row) in enumerate(zip(lines, zip(*values))):
        if i not in wrong:  # the common case: every cell valid
            given = {column: value for column, value in zip(columns, row) if value is not ABSENT}
            given["line"], given["districts"] = line, districts_of(given["district"])
            if found := shares(i):
                given["shares"] = found
            activities.append(cells.record(given))
            continue
        # A row with a problem is validated whole, for the schema's own messages.
        raw = {column: _text(texts[column][i]) for column in columns if _text(texts[column][i])}
        # One "line" for every column: a row is one line of the file.
        activity, found = validate(Activity, raw, Yaml(raw, {(): line}, []), (), name)
        problems += found
        if activity is not None:
            districts = districts_of(activity.district)
            activities.append(activity.model_copy(update={"line": line, "districts": districts,
                                                          "shares": shares(i)}))
    return activities, problems


class _Shares:
    """The shares of each row's `award` cell (schema.award_cell), once per distinct
    cell: the cell is one field of the sheet, its numbers and shares two of the record."""

    def __init__(self, cells: tuple[str | None, ...]):
        self._cells, self._seen = cells, {}

    def __call__(self, i: int) -> tuple[float, ...]:
        cell = self._cells[i] if self._cells else None
        if not cell or ":" not in cell:  # most rows: one award, or several counted in full
            return ()
        if cell not in self._seen:
            try:
                self._seen[cell] = award_cell(cell.strip())[1]
            except ValueError:  # the row's problem is reported with its award column
                self._seen[cell] = ()
        return self._seen[cell]


_COLUMNS = frozenset(ACTIVITY_COLUMNS)


class _Unreadable(Exception):
    pass


_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _read_csv(path: Path, name: str) -> tuple[list[str], list[Row], list[Problem]]:
    text = read_text(path, name)
    first = text.content.split("\n", 1)[0]
    if "," not in first:
        for separator, words in _SEPARATORS.items():
            if first.count(separator) >= 2:  # a European Excel, or a tab-separated export
                raise _Unreadable(f"line 1: the columns are separated by {words}, not commas; "
                                  "save the sheet as CSV with commas (or as activities.xlsx)")
    try:
        header, found = csv_rows(text.content)
    except CsvError as exc:
        raise _Unreadable(f"line {exc.line}: not valid CSV: {exc.message}") from None
    return header, found, text.problems


def _read_xlsx(path: Path, name: str) -> tuple[list[str], list[Row], list[Problem]]:
    from .sheets import Unreadable, read_book, sheet_problems

    try:
        sheet = read_book(path)[0]
    except (Unreadable, IndexError) as exc:
        raise _Unreadable(str(exc) or "the workbook has no sheet") from None
    read = {i for i, column in enumerate(sheet.header) if column in _COLUMNS}
    return sheet.header, sheet.rows, sheet_problems(sheet, name, read)


def _check_header(header: list[str], name: str) -> Iterator[Problem]:
    positions: dict[str, list[int]] = {}
    for index, column in enumerate(header, start=1):
        if column:
            positions.setdefault(column, []).append(index)
    for column, where in positions.items():
        if len(where) > 1:  # otherwise the last one would silently win
            times = "twice" if len(where) == 2 else f"{len(where)} times"
            places = ", ".join(map(str, where[:-1])) + f" and {where[-1]}"
            yield Problem(name, 1, f"column '{column}' appears {times} (columns {places}); keep one")
    for column in header:
        if column and column not in ACTIVITY_COLUMNS:
            yield Problem(name, 1, f"unknown column '{column}'{did_you_mean(column, ACTIVITY_COLUMNS)}",
                          "warning")
    for column in REQUIRED_COLUMNS:
        if column not in header:
            yield Problem(name, 1, f"missing required column '{column}'")


_READERS = {".csv": _read_csv, ".xlsx": _read_xlsx}
ACTIVITY_FILES = tuple(f"activities{suffix}" for suffix in _READERS)


def frame(activities):
    """The activities as a pandas DataFrame, one row each, for the notebooks.

    `districts` and `awards` hold lists; counts are nullable integers;
    `people` and `split` follow `Activity.people` and `Activity.split`.
    """
    import pandas as pd  # heavy: only the figures need it

    columns = ["id", "title", "start", "end", "districts", "theme", "awards", "type",
               "participants", "female", "male", "people", "split", "partners", "story", "line"]
    df = pd.DataFrame(
        [[a.id, a.title, a.start, a.end or a.start, list(a.districts), a.theme, list(a.award),
          a.type or "other", a.participants, a.female, a.male, a.people, a.split,
          list(a.partners), a.story, a.line]
         for a in activities],
        columns=columns,
    )
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    for column in ("participants", "female", "male", "people"):
        df[column] = df[column].astype("Int64")
    df["split"] = df["split"].astype(bool)
    return df
