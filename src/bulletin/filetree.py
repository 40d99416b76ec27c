"""One digest of the size and modification time of every input file.

The root's content/, images/, templates/ and fonts/, and the package's code,
templates and notebooks: when the digest is unchanged, no input has been
touched. stamp.py keys a command's last up-to-date answer on it; project.py
and check.py key the root they read last on it.

A leaf: it imports the standard library and `resources` only, so any module
may use it without an import cycle.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .resources import NOTEBOOKS, TEMPLATES

_PACKAGE = Path(__file__).resolve().parent
_ROOT_INPUTS = ("content", "images", "templates", "fonts", "locale")  # locale/: its own labels


def digest(root: Path) -> str:
    """Size and modification time of every input file, as one digest."""
    found = hashlib.sha256()
    folders = [Path(root) / name for name in _ROOT_INPUTS] + [_PACKAGE, TEMPLATES, NOTEBOOKS]
    for folder in folders:
        found.update(f"\0{folder}\0".encode())
        for path, stat in sorted(_walk(folder)):
            found.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return found.hexdigest()


def _walk(folder: Path):
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(Path(entry.path))
        elif entry.is_file(follow_symlinks=True):
            yield entry.path, entry.stat()
