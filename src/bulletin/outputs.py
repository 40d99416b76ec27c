"""Writing outputs atomically: a reader never sees half a file, nor half a build.

A build stages its files in a scratch folder beside its output folder and
moves them into place only when everything has been made; a failure leaves
the previous outputs as they were.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; moved into place only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Keep the suffix: some writers (papermill) choose the format by it.
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=target.suffix)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write(target: Path, data: str | bytes) -> Path:
    with atomic_path(target) as temporary:
        if isinstance(data, str):
            temporary.write_text(data, encoding="utf-8")
        else:
            temporary.write_bytes(data)
    return Path(target)


@dataclass(frozen=True)
class Built:
    """What a build made, and what it warns about."""

    folder: Path
    files: list[Path]
    warnings: list[str]


class Staging:
    """`with Staging(folder) as stage:` write to `stage.path(name)`; all land together."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        # On the same file system as the folder, so moving a file is atomic.
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.", dir=self.folder.parent))

    def path(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        try:
            if error_type is None:
                for source in sorted(self.root.rglob("*")):
                    if source.is_file() and not source.name.startswith("."):
                        target = self.folder / source.relative_to(self.root)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(source, target)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
