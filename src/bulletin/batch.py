"""Many outputs at once: every award's report, or a whole period's outputs.

Each output is a function of the content and its parameters, so they build
in parallel worker processes; each worker keeps its imports (WeasyPrint,
the templates) for the next job. One failing output does not stop the
others; the summary names each failure.

Workers die with the build: the kernel sends them SIGKILL when their parent
dies (even by kill -9), and Ctrl-C reaches only the parent, which stops them
and ends quietly; their notebook kernels follow them (notebooks.py).
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import kernels
from .errors import BulletinError, ContentError, Problem
from .outputs import Built, clear_staging_of
from .periods import Period
from .project import Project


@dataclass(frozen=True)
class Job:
    kind: str  # "newsletter" or "report"
    award: str | None = None

    @property
    def name(self) -> str:
        return self.award or self.kind


@dataclass(frozen=True)
class Settings:
    """What every output of one build shares."""

    root: Path
    out: Path
    cache: Path
    period: Period
    issued: date | None = None  # a report's date of issue
    web_url: str | None = None  # where the newsletter edition is published
    force: bool = False  # build outputs that are up to date (manifest.py)


def _newsletter(job: Job, settings: Settings) -> Built:
    from .newsletter import build_newsletter

    return build_newsletter(settings.root, settings.period, settings.out, settings.cache,
                            settings.web_url)


def _report(job: Job, settings: Settings) -> Built:
    from .report import build_report

    return build_report(settings.root, job.award, settings.period, settings.out, settings.cache,
                        settings.issued)


# Each kind of output and how it is built: a new kind is one function and one entry here.
OUTPUTS = {"newsletter": _newsletter, "report": _report}


@dataclass(frozen=True)
class Outcome:
    job: Job
    built: Built | None
    problems: tuple[Problem, ...] = ()

    @property
    def error(self) -> str | None:
        """The problems as the command line prints them (a message without a file, alone)."""
        lines = [str(p) if p.path else p.message for p in self.problems]
        return "\n".join(lines) or None


def report_jobs(project: Project, period: Period) -> list[Job]:
    """One report for every award with activities in the period."""
    numbers = {n for a in project.activities_in(period) for n in a.award if n in project.awards}
    return [Job("report", n) for n in sorted(numbers)]


def longest_first(project: Project, period: Period, jobs: list[Job]) -> list[Job]:
    """The order to start `jobs` in: the newsletter, then reports by their rows and
    stories in the period, so that the last to start is a short one and no worker
    is left building a long report alone while the others have nothing to do."""
    size: dict[str, int] = {}
    for activity in project.activities_in(period):
        for number in activity.award:
            size[number] = size.get(number, 0) + 1
    for story in project.stories_in(period):
        for number in project.awards_of(story):
            size[number] = size.get(number, 0) + 10  # a story and its photo fill about a page
    return sorted(jobs, key=lambda job: (job.kind != "newsletter", -size.get(job.award, 0), job.name))


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_jobs(jobs: list[Job], root: Path, period: Period, out: Path, cache: Path,
             workers: int, console: Console, issued: date | None = None,
             web_url: str | None = None, executor: Executor | None = None) -> list[Outcome]:
    """Build `jobs` in a local process pool of `workers`, or on `executor` (any
    concurrent.futures.Executor, such as a Dask cluster's: cluster.py), which the caller owns."""
    outcomes = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    if executor is None:
        kernels.lifecycle._share()  # the workers' kernel server, if the build has not started it yet
        _import_renderers(jobs)
    pool = executor or ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))),
                                           initializer=_worker_started, initargs=(os.getpid(),))
    futures: dict = {}
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(f"building {period.label}", total=len(jobs))
            settings = Settings(root, out, cache, period, issued, web_url)
            futures = {pool.submit(_run, job, settings): job for job in jobs}
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                mark = "[green]built[/]" if outcome.built else "[red]failed[/]"
                progress.console.print(f"{mark} {outcome.job.name}", highlight=False)
                progress.advance(task)
    except BaseException:  # Ctrl-C above all: stop the workers now, not after their jobs
        if executor is None:
            _stop(pool, out)
            kernels.lifecycle._unshare(now=True)
        else:  # another machine's workers are not ours to kill: drop what has not started
            for future in futures:
                future.cancel()
        raise
    if executor is None:
        pool.shutdown()
        kernels.lifecycle._unshare()
    return sorted(outcomes, key=lambda o: (o.job.kind, o.job.name))


def _import_renderers(jobs: list[Job]) -> None:
    """Import what builds the outputs (WeasyPrint, openpyxl, the templates' helpers) once,
    here, before the workers are forked: each starts with them, instead of every worker
    importing them again (1.3 CPU-seconds each) while the batch starts."""
    import importlib

    for kind in {job.kind for job in jobs}:
        importlib.import_module(f"bulletin.{kind}")
    for module in ("bulletin.publish", "bulletin.spreadsheet"):
        importlib.import_module(module)


def _stop(pool: ProcessPoolExecutor, out: Path) -> None:
    # The pool has no public way to end running jobs; its processes are killed
    # so that a half-built output is never moved into place, and what they had
    # begun to write is removed.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    clear_staging_of(out, {p.pid for p in processes})


def _worker_started(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle; die when the parent dies;
    connect to the batch's kernel server ahead of the first notebook (kernels.join_shared)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    kernels.join_shared(parent)


def _run(job: Job, settings: Settings) -> Outcome:
    """In a worker process: build one output; turn any failure into problems."""
    try:
        return Outcome(job, OUTPUTS[job.kind](job, settings))
    except ContentError as exc:
        return Outcome(job, None, tuple(exc.problems))
    except BulletinError as exc:
        return Outcome(job, None, (Problem("", None, str(exc)),))
    except Exception as exc:  # a bug: still report it and let the other jobs finish
        return Outcome(job, None, (Problem("", None, f"unexpected {type(exc).__name__}: {exc}"),))
