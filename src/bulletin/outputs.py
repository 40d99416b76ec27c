"""Writing outputs atomically: a reader never sees half a file, nor half a build.

A build stages its files in a scratch folder beside its output folder and
moves them into place only when everything has been made; a failure leaves
the previous outputs as they were. A staging folder is named for the process
that made it, so a build killed outright (kill -9) leaves one that the next
build clears, while a build running at the same time keeps its own.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from . import interrupts


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


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a moment (UTC), when it is set: reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).replace(tzinfo=None)
    return None


def build_time(fallback: date | None = None) -> datetime:
    """The moment a build stamps into its files (UTC): SOURCE_DATE_EPOCH when set
    (reproducible builds), else `fallback` (a report's date of issue), else now."""
    moment = source_date()
    if moment is not None:
        return moment
    if fallback is not None:
        return datetime(fallback.year, fallback.month, fallback.day)
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


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
        _clear_stale(self.folder)
        # On the same file system as the folder, so moving a file is atomic.
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.{os.getpid()}.",
                                          dir=self.folder.parent))
        self._unfinished: list[Callable[[], None]] = []

    def before_landing(self, finish: Callable[[], None]) -> None:
        """`finish` completes a file another process writes into the stage; it runs
        (and may raise) before anything lands."""
        self._unfinished.append(finish)

    def path(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        try:
            for finish in self._unfinished:
                # even after an error: a file still being written must be done before
                # the stage is removed
                try:
                    finish()
                except Exception:
                    if error_type is None:
                        raise
            if error_type is None:
                interrupts.check()  # Ctrl-C while the files were made: none of them lands
                with interrupts.deferred():
                    self._land()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _land(self) -> None:
        # a name starting with "." is the build's own (temporary files, scratch
        # folders), never published
        staged = [s for s in sorted(self.root.rglob("*")) if s.is_file() and not any(
            part.startswith(".") for part in s.relative_to(self.root).parts)]
        for source in staged:
            target = self.folder / source.relative_to(self.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        self._prune({s.relative_to(self.root) for s in staged})

    def _prune(self, staged: set[Path]) -> None:
        """A subfolder this build wrote (images/, fonts/) holds only what it wrote:
        a photo withdrawn from a story (consent revoked) must not stay published."""
        for folder in {p.parts[0] for p in staged if len(p.parts) > 1}:
            for old in (self.folder / folder).rglob("*"):
                if old.is_file() and old.relative_to(self.folder) not in staged:
                    old.unlink(missing_ok=True)


_STAGING = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+")


def _clear_stale(folder: Path) -> None:
    """Remove the staging folders of builds of `folder` whose process is gone."""
    for path in folder.parent.glob(f".{glob.escape(folder.name)}.*"):
        match = _STAGING.fullmatch(path.name)
        if path.is_dir() and match and match["name"] == folder.name \
                and not _alive(int(match["pid"]), path):
            shutil.rmtree(path, ignore_errors=True)


def clear_staging_of(out: Path, pids: set[int]) -> None:
    """Remove the staging folders under `out` (OUT/newsletter/.P.*, OUT/reports/AWARD/.P.*)
    of the processes `pids`, which have ended: workers stopped by Ctrl-C."""
    for path in [*out.glob("*/.*"), *out.glob("*/*/.*")]:
        match = _STAGING.fullmatch(path.name)
        if match and int(match["pid"]) in pids and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int, staging: Path) -> bool:
    """Whether the process that made `staging` still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:  # Linux tells more: a killed worker may linger as a zombie, and pids are reused
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        if fields[0] == "Z":
            return False
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        started = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
        # a process started after the folder was last changed did not make it
        return started <= staging.stat().st_mtime + 2
    except (OSError, IndexError, ValueError, StopIteration):
        return True
