"""What an output was made from, so that an unchanged output is not made again.

Each output folder (`OUT/newsletter/P/`, `OUT/reports/AWARD/P/`) gets a
manifest once it is built, beside it in `OUT/.manifests/` (the same path
under it, then `manifest.json`): the content hash of every input it was
made from, by name, and the files it holds. The next build computes the same
names and hashes from the content as it is now; when they agree the output
is up to date and is not built again.

An output's inputs, from a project loaded without `check`:

- the story files it shows (the period's stories; for a report, those of
  its award), and the activity rows it counts: the notebook's snapshot
  (payload.snapshot) is hashed, so exactly the rows the figures read;
- the photos of those stories, the office and donor logos, the root's own
  fonts/ and templates/;
- a report's narratives (content/reports/AWARD/);
- the rows of content/consent.csv that let its photos in, and which photos it
  holds back (consent.fingerprint), not the register whole;
- the other content files (site, donors, awards, places, results), whole:
  they are small and say how every output reads;
- the package's templates, fonts, notebook and code, and its version;
- its parameters: period, award, the report's date of issue, the edition's
  web address and SOURCE_DATE_EPOCH.

Stories and activities are hashed one by one so that editing a story
rebuilds only the newsletter of its period and the reports of its awards.

Nothing here imports pandas, WeasyPrint or papermill: a build where nothing
changed costs a reading of the content and some hashing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .outputs import write

if TYPE_CHECKING:  # the project's modules import pydantic: only when an output is looked at
    from .project import Project

CONTENT, IMAGES = "content", "images"  # as project.py names them

MANIFESTS = ".manifests"  # OUT/.manifests/newsletter/P/manifest.json, .../reports/AWARD/P/...
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Fingerprint:
    """The inputs of one output, name -> sha256."""

    inputs: dict[str, str]

    def changes(self, folder: Path, out: Path) -> list[str]:
        """The inputs that differ from the ones `folder`'s output was made from;
        empty when it is up to date. A missing output or manifest is one change."""
        recorded = read(folder, out)
        if recorded is None:
            return ["no record of a previous build"]
        if any(not (folder / name).is_file() for name in recorded.get("files", [])):
            return ["an output file is missing"]
        before = recorded.get("inputs", {})
        return sorted({k for k in before.keys() | self.inputs.keys()
                       if before.get(k) != self.inputs.get(k)})

    def record(self, folder: Path, out: Path, files: list[Path]) -> Path:
        """Write the manifest once the output is in place (atomically, like the output)."""
        data = {"format": FORMAT, "inputs": dict(sorted(self.inputs.items())),
                "files": [Path(f).relative_to(folder).as_posix() for f in files]}
        path = manifest_path(folder, out)
        path.parent.mkdir(parents=True, exist_ok=True)
        return write(path, json.dumps(data, indent=1) + "\n")


def manifest_path(folder: Path, out: Path) -> Path:
    """Where the manifest of the output in `folder` is: under OUT/.manifests/, not in the
    folder, which is published as it is (a web server would serve a manifest there)."""
    return Path(out) / MANIFESTS / Path(folder).relative_to(out) / "manifest.json"


def read(folder: Path, out: Path) -> dict | None:
    try:
        data = json.loads(manifest_path(folder, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def recorded_files(folder: Path, out: Path) -> list[Path]:
    """The files an up-to-date output holds, as the build listed them."""
    return [Path(folder) / name for name in (read(folder, out) or {}).get("files", [])]


class Hasher:
    """Hashes files once per run: the package's templates and code, shared content
    files, a logo on every report, are read once however many outputs name them."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}

    def file(self, path: Path) -> str:
        path = Path(path)
        if path not in self._files:
            try:
                self._files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:  # missing: check says so when the output is built
                self._files[path] = "missing"
        return self._files[path]

    def tree(self, folder: Path, pattern: str = "*") -> str:
        """One hash for every file under `folder` (names and contents)."""
        digest = hashlib.sha256()
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
                if "__pycache__" in path.parts:
                    continue
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(self.file(path).encode())
        return digest.hexdigest()


def text_hash(value) -> str:
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).hexdigest()


def json_hash(value) -> str:
    return text_hash(json.dumps(value, sort_keys=True, default=str))


def common_inputs(project: Project, hasher: Hasher, notebook: str) -> dict[str, str]:
    """What every output is made from: the shared content files, the package, the root's
    fonts and templates, the logos, SOURCE_DATE_EPOCH; `notebook` is the output's."""
    from .activities import ACTIVITY_FILES
    from .locales import CATALOGS
    from .resources import NOTEBOOKS, TEMPLATES

    root = project.root
    content = root / CONTENT
    # stories, activity rows and report narratives are hashed per output, not whole
    # (the consent register too: consent.fingerprint hashes the rows each output's photos need)
    own = {content / "stories", content / "reports", content / "consent.csv",
           *(content / name for name in ACTIVITY_FILES), *_database_files(project)}
    inputs = {}
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        if not any(path == o or o in path.parents for o in own):
            inputs[path.relative_to(root).as_posix()] = hasher.file(path)
    # a database's fingerprint is the rows its query read, not its file's bytes
    inputs.update(project.source_digests)
    inputs.update({
        "package:version": text_hash(_version()),
        "package:code": hasher.tree(_PACKAGE, "*.py"),
        "package:templates": hasher.tree(TEMPLATES),
        f"package:notebook:{notebook}": hasher.file(NOTEBOOKS / f"{notebook}.ipynb"),
        "root:templates/": hasher.tree(root / "templates"),
        "root:fonts/": hasher.tree(root / "fonts"),
        # the labels' catalogs: the package's and an office's own (locales.py)
        "package:locale": hasher.tree(CATALOGS),
        "root:locale/": hasher.tree(root / "locale"),
        "env:SOURCE_DATE_EPOCH": text_hash(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
    })
    logos = [project.site.logo if project.site else None,
             *(d.logo for d in project.donors.values())]
    for logo in filter(None, logos):
        inputs[f"{IMAGES}/{logo}"] = hasher.file(project.images / logo)
    return inputs


def _database_files(project: Project) -> list[Path]:
    """The SQLite files content/sources.yaml reads (their rows are fingerprinted instead)."""
    if not project.source_digests:
        return []
    from .sql_source import sqlite_file

    files = (sqlite_file(key.removeprefix("source:"), project.root) for key in project.source_digests)
    return [path for path in files if path is not None]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bulletin")
    except PackageNotFoundError:  # src/ on sys.path without an install (benchmarks)
        return "unknown"


def story_inputs(project: Project, stories, hasher: Hasher) -> dict[str, str]:
    """Each of `stories`: its file, its photos, and the activities it tells."""
    inputs = {}
    for story in stories:
        inputs[project.story_path(story)] = hasher.file(project.root / project.story_path(story))
        for photo in story.photos:
            inputs[f"{IMAGES}/{photo.file}"] = hasher.file(project.images / photo.file)
        # the activities a story tells name its awards (and may lie outside the period)
        rows = [a.model_dump(mode="json") for a in project.activities_of(story)]
        inputs[f"{project.story_path(story)}:activities"] = json_hash(rows)
    return inputs


def loaded(root: Path) -> Project | None:
    """The project as read, without `check`'s cross-file rules (which decode every
    photo); None when a file cannot be read, so that the build reports it."""
    from .project import load_project

    project, problems = load_project(Path(root))
    return None if any(p.is_error for p in problems) or project.site is None else project
