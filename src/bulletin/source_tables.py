"""One source of content/sources.yaml read as a table of text (kobo.Table).

A CSV file as activities.csv is read, an .xlsx sheet with what Excel hides
said (sheets.py), a database's query (sql_source.py). A source that cannot be
read at all raises SourceError: one line naming it, and the build stops.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .kobo import Table, find, wanted
from .sheets import Unreadable, pick, read_book, sheet_problems
from .sources import CsvError, csv_rows, read_text


class SourceError(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def table_of(root: Path, source) -> tuple[Table, list[Problem], str]:
    """The source's table, the problems of reading it, and the fingerprint of a
    database's rows ("" for a file: its bytes are an input of every output)."""
    if source.url is not None:
        from . import sql_source

        try:
            table = sql_source.read(source.url, source.query, root)
        except sql_source.SourceError as exc:
            raise SourceError(sql_source.shown(source.url), str(exc)) from None
        return table, [], sql_source.digest(table)
    path = root / "content" / source.file
    name = f"content/{Path(source.file).as_posix()}"
    if path.suffix.lower() == ".csv":
        return (*_csv(path, name), "")
    return (*_xlsx(path, name, source.sheet, dict(source.columns)), "")


def _csv(path: Path, name: str) -> tuple[Table, list[Problem]]:
    text = read_text(path, name)
    first = text.content.split("\n", 1)[0]
    # KoboToolbox exports CSV with semicolons unless told otherwise: read it as it comes
    delimiter = ";" if "," not in first and ";" in first else ","
    try:
        header, rows = csv_rows(text.content, delimiter)
    except CsvError as exc:
        raise SourceError(name, f"line {exc.line}: not valid CSV: {exc.message}") from None
    return Table(name, header, rows), list(text.problems)


def _xlsx(path: Path, name: str, title: str | None, columns: dict[str, str]) -> tuple[Table, list[Problem]]:
    try:
        sheets = read_book(path)
        sheet = pick(sheets, title)
    except Unreadable as exc:
        raise SourceError(name, str(exc)) from None
    named = f"{name}:{sheet.title}"
    # what Excel hides is said of the columns read: ours, or mapped to ours
    mapped = set(wanted(sheet.header, columns).values())
    read = {i for c in mapped if (i := find(sheet.header, c)) is not None}
    read |= {i for i, h in enumerate(sheet.header) if any(h.startswith(c.rstrip("/") + "/") for c in mapped)}
    problems = sheet_problems(sheet, named, read)
    others = [s for s in sheets if s is not sheet]
    for other in others:
        problems += sheet_problems(other, f"{name}:{other.title}",
                                   {i for c in mapped if (i := find(other.header, c)) is not None})
    return Table(named, sheet.header, sheet.rows, others), problems
