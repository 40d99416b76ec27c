"""The build: from a command's settings to its outputs, in one readable function.

    replay the last answer -> plan from the manifests -> check -> run -> record -> remember

`build()` is all a command calls. It replays the command's last answer while
no input file has been touched (stamp.py); otherwise it reads the content,
asks each output's manifest whether it is up to date (manifest.py), checks
the content once, and builds the rest: a single output in this process, a
batch in a local pool of worker processes or on a Dask cluster. Each output
built is recorded in its manifest; a command whose outputs are all up to
date is remembered for the next replay.

The engine owns the build's kernel server (kernels/) in one `with` block:
started as the build starts, so its imports run while the content is read;
ended when nothing needs building, when the build ends, or at once on Ctrl-C
(interrupts.py: a signal is a flag the build checks between its steps and in
its waits; the result is exit 130 and nothing half written).

Many outputs at once: each output is a function of the content and its
parameters, so they build in parallel worker processes, each keeping its
imports (WeasyPrint, the templates) for the next one. One failing output does
not stop the others; the summary names each failure. Workers die with the
build: the kernel sends them SIGKILL when their parent dies (even by kill -9),
and Ctrl-C reaches only the parent, which stops them and ends quietly.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from . import filetree, interrupts, kernels, stamp
from .errors import BulletinError, ContentError, Problem, UsageError
from .outputs import Built, clear_staging_of
from .periods import Period

if TYPE_CHECKING:  # the content's modules import pydantic: only once a build is certain
    from .kinds import Output
    from .manifest import Fingerprint
    from .project import Project


@dataclass(frozen=True)
class Settings:
    """What a command asks of the build, and what every output of it shares."""

    root: Path
    out: Path
    cache: Path  # prepared photos
    period: Period | None  # None: the latest quarter with stories
    command: str  # as typed: the remembered answer's key (stamp.py)
    single: str | None = None  # the kind of the one output the command names ...
    award: str | None = None  # ... and its award
    kinds: tuple[str, ...] = ()  # or a batch: every output of these kinds (none named: all)
    issued: date | None = None  # a report's date of issue
    final: bool = False  # a report's donor copy; without it, a review copy
    web_url: str | None = None  # where the newsletter edition is published
    language: str | None = None  # --lang: one language (editions: default every one; reports: the donor's)
    force: bool = False  # build outputs that are up to date
    jobs: int = os.cpu_count() or 1  # a batch's worker processes
    executor: str = "local"  # "local" or "dask"
    scheduler: str | None = None  # the Dask cluster's scheduler


@dataclass(frozen=True)
class Outcome:
    output: Output
    built: Built | None
    problems: tuple[Problem, ...] = ()

    @property
    def error(self) -> str | None:
        """The problems as the command line prints them (a message without a file, alone)."""
        lines = [str(p) if p.path else p.message for p in self.problems]
        return "\n".join(lines) or None


@dataclass(frozen=True)
class Result:
    outcomes: list[Outcome]  # what was built, or failed, in kind and name order
    summary: str = ""  # a batch's last line ("2023-Q2: 2 built, 0 failed, 1 up to date")
    built: bool = True  # anything was built (else: all up to date)


class Screen(Protocol):
    """Where the build tells what it does (the command line: cli.py)."""

    def up_to_date(self, folder: Path, files: list[Path]) -> None: ...

    def running(self, label: str, total: int) -> AbstractContextManager[Callable[[Outcome], None]]:
        """A batch starts; the callable is called as each output ends."""


@dataclass(frozen=True)
class Plan:
    """The outputs to build, the ones up to date, and each one's fingerprint and folder."""

    stale: list[Output]
    fresh: list[Output]
    fingerprints: dict[Output, Fingerprint]
    folders: dict[Output, Path]


def build(settings: Settings, screen: Screen) -> Result:
    """Build what `settings` asks for; raises BulletinError (Interrupted on Ctrl-C)."""
    with interrupts.handled():
        tree = filetree.digest(settings.root)  # before reading: an edit meanwhile is seen next time
        replayed = _replay(settings, tree, screen)
        if replayed is not None:
            return replayed
        with _kernel_server(settings) as server:
            interrupts.on_interrupt(server.interrupt)
            project, settings, outputs = _read(settings)
            plan = make_plan(project, outputs, settings) if project is not None else None
            for output in plan.fresh if plan else []:
                screen.up_to_date(plan.folders[output], _recorded(plan.folders[output], settings))
            if plan is not None and not plan.stale:
                server.cancel()  # saved unchanged, or edited back: nothing to build after all
                _remember(settings, tree, plan)
                return Result([], _summary(settings, [], plan), built=False)
            interrupts.check()
            outcomes = _run(plan.stale if plan else outputs, settings, screen)
        _record(plan, outcomes, settings)
        summary = _summary(settings, outcomes, plan)
        if plan is not None and not any(o.error for o in outcomes):
            _remember(settings, tree, plan)
        interrupts.check()  # a signal after the last step: the build still ends as interrupted
        return Result(outcomes, summary)


def _replay(settings: Settings, tree: str, screen: Screen) -> Result | None:
    """Nothing touched since this command last found its outputs up to date: say so
    again without reading the content (stamp.py)."""
    if settings.force or stamp.database_server(settings.root):
        return None
    answer = stamp.replay(settings.out, _key(settings), tree)
    if answer is None:
        return None
    folders, files, summary = answer
    for folder in folders:
        screen.up_to_date(folder, [Path(f) for f in files if Path(f).parent == folder
                                   or folder in Path(f).parents])
    return Result([], summary, built=False)


def _key(settings: Settings) -> str:
    period = settings.period.label if settings.period else None
    return stamp.key(settings.command, settings.root, settings.out, period=period,
                     award=settings.award, issued=settings.issued, web_url=settings.web_url,
                     final=settings.final, **({"language": settings.language} if settings.language else {}))


def _remember(settings: Settings, tree: str, plan: Plan) -> None:
    """The answer the command gives while nothing is touched: all its outputs up to date."""
    folders = list(plan.folders.values())
    summary = "" if settings.single else \
        f"{settings.period.label}: 0 built, 0 failed, {len(folders)} up to date"
    stamp.remember(settings.out, _key(settings), tree, folders, summary)


class _NoServer(nullcontext):
    """A Dask cluster's build: its workers start kernels of their own."""

    def __enter__(self) -> "_NoServer":
        return self

    def cancel(self) -> None:
        pass

    def interrupt(self) -> None:
        pass


def _kernel_server(settings: Settings) -> kernels.KernelServer | _NoServer:
    """Started now, ahead of need: something changed since this command last ran (else
    it was replayed), so a build is likely. A single output's own; a local batch's,
    shared by its workers; none for a Dask cluster, whose workers start kernels of
    their own."""
    if settings.single:
        from .kinds import KINDS

        kind = KINDS[settings.single]
        return kernels.KernelServer(only=kind.notebook, charts=kind.charts)
    return kernels.KernelServer(shared=True) if settings.executor != "dask" else _NoServer()


def _read(settings: Settings) -> tuple[Project | None, Settings, list[Output]]:
    """The content as read (None: a single output's build reports why it cannot be read),
    the period, and the outputs asked for."""
    from .kinds import selected
    from .manifest import loaded

    project = loaded(settings.root)
    if settings.single:
        outputs = selected(settings, project, settings.period)
        if project is not None and outputs[0].problems(project, settings.period):
            project = None  # its build says why, after check's problems
        return project, settings, outputs
    if project is None:  # check's full report instead
        from .check import load_checked

        project = load_checked(settings.root)[0]
    settings = replace(settings, period=settings.period or _latest(project))
    outputs = selected(settings, project, settings.period)
    if not outputs:
        raise UsageError(_nothing_to_build(settings))
    return project, settings, outputs


def _latest(project: Project) -> Period:
    from .periods import quarter_of

    if not project.stories:
        raise UsageError("no stories yet: pass --period")
    return quarter_of(max(s.date for s in project.stories))


def _nothing_to_build(settings: Settings) -> str:
    from .kinds import KINDS

    kinds = [KINDS[name] for name in settings.kinds or KINDS]
    period = settings.period
    if len(kinds) == 1:
        return kinds[0].absent.format(label=period.label, title=period.title)
    return f"nothing to build for {period.label}: " + " and ".join(k.lacking for k in kinds)


def make_plan(project: Project, outputs: list[Output], settings: Settings) -> Plan:
    """Which of `outputs` need building: those whose inputs differ from their manifest's."""
    from .manifest import Fingerprint, Hasher, common_inputs

    hasher = Hasher()
    stale, fresh, fingerprints, folders = [], [], {}, {}
    for output in outputs:
        folder = folders[output] = output.folder(project, settings.period, settings.out)
        fingerprints[output] = Fingerprint({
            **common_inputs(project, hasher, output.notebook),
            **output.inputs(project, settings.period, settings, hasher)})
        changed = settings.force or fingerprints[output].changes(folder, settings.out)
        (stale if changed else fresh).append(output)
    return Plan(stale, fresh, fingerprints, folders)


def _recorded(folder: Path, settings: Settings) -> list[Path]:
    from .manifest import recorded_files

    return recorded_files(folder, settings.out)


def _run(outputs: list[Output], settings: Settings, screen: Screen) -> list[Outcome]:
    """Build `outputs`: a single output here, where its problems are raised as they come;
    a batch on the local pool or a Dask cluster, each failure kept as an outcome."""
    if settings.single:
        return [Outcome(output, output.build(settings)) for output in outputs]
    from .check import load_checked
    from .kinds import longest_first

    project, _ = load_checked(settings.root)  # once, here: not once per worker
    interrupts.check()
    outputs = longest_first(project, settings.period, outputs)
    if settings.executor == "dask":
        from .cluster import dask_executor, scheduler_address

        with dask_executor(scheduler_address(settings.scheduler)) as executor:
            outcomes = _collect(executor, outputs, settings, screen)
    else:
        outcomes = _in_pool(outputs, settings, screen)
    return sorted(outcomes, key=lambda o: (o.output.kind, o.output.name))


def _in_pool(outputs: list[Output], settings: Settings, screen: Screen) -> list[Outcome]:
    _import_renderers(outputs)
    pool = ProcessPoolExecutor(max_workers=max(1, min(settings.jobs, len(outputs))),
                               initializer=_worker_started, initargs=(os.getpid(),))
    try:
        outcomes = _collect(pool, outputs, settings, screen)
    except BaseException:  # Ctrl-C above all: stop the workers now, not after their outputs
        _stop(pool, settings.out)
        raise
    pool.shutdown()
    return outcomes


def _collect(executor: Executor, outputs: list[Output], settings: Settings,
             screen: Screen) -> list[Outcome]:
    """Send `outputs` to `executor` and gather their outcomes, watching for Ctrl-C."""
    futures = [executor.submit(_in_worker, output, settings) for output in outputs]
    outcomes = []
    try:
        with screen.running(f"building {settings.period.label}", len(outputs)) as ended:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                interrupts.check()
                for future in done:
                    outcomes.append(future.result())
                    ended(outcomes[-1])
    except BaseException:
        # A cluster's workers are not ours to stop: what has not started is dropped. The
        # local pool's are stopped by _in_pool (a future cancelled here would trip the
        # pool's own clean-up as its workers end).
        if not isinstance(executor, ProcessPoolExecutor):
            for future in futures:
                future.cancel()
        raise
    return outcomes


def _import_renderers(outputs: list[Output]) -> None:
    """Import what builds the outputs (WeasyPrint, openpyxl, the templates' helpers) once,
    here, before the workers are forked: each starts with them, instead of every worker
    importing them again (1.3 CPU-seconds each) while the batch starts."""
    import importlib

    for module in ("bulletin.publish", "bulletin.spreadsheet"):
        importlib.import_module(module)


def _stop(pool: ProcessPoolExecutor, out: Path) -> None:
    # The pool has no public way to end running jobs; its processes are stopped so
    # that a half-built output is never moved into place, and what they had begun
    # to write is removed. SIGTERM first: a worker moving an output into place
    # finishes that (outputs.Staging defers signals), so none lands in half.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=2)
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    clear_staging_of(out, {p.pid for p in processes})


def _worker_started(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle, and SIGTERM (the parent stopping
    it: _stop) ends it at once, not the parent's handler it was forked with; die when
    the parent dies; connect to the batch's kernel server ahead of the first notebook."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    kernels.join_shared(parent)


def _in_worker(output: Output, settings: Settings) -> Outcome:
    """In a worker process: build one output; turn any failure into problems."""
    try:
        return Outcome(output, output.build(settings))
    except ContentError as exc:
        return Outcome(output, None, tuple(exc.problems))
    except BulletinError as exc:
        return Outcome(output, None, (Problem("", None, str(exc)),))
    except Exception as exc:  # a bug: still report it and let the other outputs finish
        return Outcome(output, None, (Problem("", None, f"unexpected {type(exc).__name__}: {exc}"),))


def _record(plan: Plan | None, outcomes: list[Outcome], settings: Settings) -> None:
    """Each output built gets its manifest, once it is in place."""
    for outcome in outcomes:
        if plan is not None and outcome.built:
            plan.fingerprints[outcome.output].record(outcome.built.folder, settings.out,
                                                     outcome.built.files)


def _summary(settings: Settings, outcomes: list[Outcome], plan: Plan | None) -> str:
    """A batch's last line; a single output has none."""
    if settings.single:
        return ""
    failed = sum(1 for o in outcomes if o.error)
    fresh = f", {len(plan.fresh)} up to date" if plan and plan.fresh else ""
    return f"{settings.period.label}: {len(outcomes) - failed} built, {failed} failed{fresh}"
