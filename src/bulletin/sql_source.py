"""Activity records from a database: a SQLAlchemy URL and a query, read with pandas.

A SQLite file is named relative to the project root (`sqlite:///content/me.db`)
and opened read-only: SQLite would otherwise create an empty database where a
path is mistyped, a change to the content. A URL is only ever shown with its
password masked (SQLAlchemy's own rendering), in messages and in the
manifests alike. A database that cannot be read is one line naming it, never
a traceback.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from datetime import date, datetime, time
from pathlib import Path

from .kobo import Table


class SourceError(Exception):
    """The database cannot be read: the message is one line, password masked."""


def shown(url: str) -> str:
    """The URL as messages and manifests name it: its password masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # not a URL SQLAlchemy can read: whatever follows the scheme's "user:" is hidden
        head, _, tail = url.partition("://")
        return f"{head}://***@{tail.rsplit('@', 1)[-1]}" if "@" in tail else url


def sqlite_file(url: str, root: Path) -> Path | None:
    """The file of a SQLite URL, relative to the project root; None for another database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database)
    return path if path.is_absolute() else root / path


def read(url: str, query: str, root: Path) -> Table:
    """The query's result as a table of text, named by the masked URL; rows are
    numbered from 1, as the result's rows."""
    import pandas as pd
    from sqlalchemy import text

    name = shown(url)
    try:
        engine = _engine(url, root)
    except SourceError:
        raise
    except Exception as exc:  # an unknown dialect, a driver not installed
        raise SourceError(_reason(exc, url)) from None
    try:
        with engine.connect() as connection:
            frame = pd.read_sql(text(query), connection)
    except Exception as exc:  # the server unreachable, a refused login, a wrong query
        raise SourceError(_reason(exc, url)) from None
    finally:
        engine.dispose()
    header = [str(c) for c in frame.columns]
    rows = [(number, [_text(v) for v in values])
            for number, values in enumerate(frame.itertuples(index=False, name=None), start=1)]
    return Table(name, header, rows, header_line=None)


def _engine(url: str, root: Path):
    from sqlalchemy import create_engine

    path = sqlite_file(url, root)
    if path is None:
        return create_engine(url)
    if not path.is_file():
        from .names import did_you_mean

        shown_path = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        near = [p.name for p in path.parent.glob("*") if p.is_file()] if path.parent.is_dir() else []
        raise SourceError(f"no database file {shown_path}{did_you_mean(path.name, near)}")
    # read-only, by SQLite's URI: nothing the build does can write to the content
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro",
                                                                       uri=True))


def _reason(exc: Exception, url: str) -> str:
    """The driver's first line, with the URL's password masked wherever it appears."""
    from sqlalchemy.engine import make_url

    original = getattr(exc, "orig", None) or exc
    message = (str(original).strip().splitlines() or [type(original).__name__])[0]
    try:
        password = make_url(url).password
    except Exception:
        password = None
    if password:
        message = message.replace(str(password), "***")
    return f"cannot read the database: {message}"


def _text(value) -> str | None:
    """A database value as the text a CSV would hold; a midnight timestamp as its date."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value.__class__.__name__ == "NaTType":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def digest(table: Table) -> str:
    """The fingerprint of a query's result: an unchanged database is not built again."""
    data = json.dumps([table.header, [cells for _, cells in table.rows]], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
