"""A command's last up-to-date answer, replayed while no input file has been touched.

Deciding that outputs are up to date from their manifests (manifest.py)
means reading the content, and reading the content means importing pydantic
and parsing every YAML file: most of a second. When not one file under the
root's content/, images/, templates/, fonts/ and locale/, nor the package's code,
templates and notebooks, has changed size or modification time since a
command last found (or made) all its outputs up to date, its answer is
replayed from `OUT/.uptodate.json`, at the cost of a few hundred `stat`s
(filetree.digest, which the caller passes as `inputs`).

Any doubt falls through to the manifests: a touched file, a manifest
rewritten since (another command built the folder with other parameters),
an output file gone, another day (a report's default date of issue may be
today). This module imports the standard library only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

from .outputs import write

STAMPS = ".uptodate.json"


def key(command: str, root: Path, out: Path, **parameters) -> str:
    """What the answer depends on besides the files: the command and its parameters."""
    data = {"command": command, "root": str(Path(root).resolve()), "out": str(Path(out).resolve()),
            "today": date.today().isoformat(),
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
            **{k: str(v) for k, v in parameters.items()}}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


# `url:` in block or flow style ({url: ...}); any doubt reads the content again
_DATABASE_URL = re.compile(r"\burl['\"]?\s*:\s*['\"]?([A-Za-z0-9+]*)")


def database_server(root: Path) -> bool:
    """Whether content/sources.yaml reads a database other than a SQLite file: its rows
    can change with no file of the root touched, so no answer is replayed."""
    try:
        text = (Path(root) / "content" / "sources.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return any(not scheme.startswith("sqlite") for scheme in _DATABASE_URL.findall(text))


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def replay(out: Path, command_key: str, inputs: str) -> tuple[list[Path], list[str], str] | None:
    """The folders, files and summary line of an answer still valid, or None to look properly."""
    from .manifest import manifest_path, read

    try:
        entry = json.loads((Path(out) / STAMPS).read_text(encoding="utf-8")).get(command_key)
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(entry, dict) or entry.get("inputs") != inputs:
        return None
    folders, files = [], []
    for folder, manifest in entry.get("folders", {}).items():
        folder = Path(folder)
        if _digest(manifest_path(folder, out)) != manifest:
            return None
        names = (read(folder, out) or {}).get("files", [])
        if not all((folder / name).is_file() for name in names):
            return None
        folders.append(folder)
        files += [folder / name for name in names]
    return (folders, [str(f) for f in files], str(entry.get("summary", ""))) if folders else None


def remember(out: Path, command_key: str, inputs: str, folders: list[Path], summary: str = "") -> None:
    """Keep the answer of a command whose outputs are all up to date now."""
    from .manifest import manifest_path

    path = Path(out) / STAMPS
    try:
        stamps = json.loads(path.read_text(encoding="utf-8"))
        stamps = stamps if isinstance(stamps, dict) else {}
    except (OSError, ValueError):
        stamps = {}
    stamps[command_key] = {"inputs": inputs, "summary": summary,
                           "folders": {str(f): _digest(manifest_path(f, out)) for f in folders}}
    write(path, json.dumps(stamps, indent=1) + "\n")
