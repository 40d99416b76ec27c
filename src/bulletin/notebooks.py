"""Running the parameterised notebooks with papermill.

The build hands a notebook what it read (a `payload.Snapshot`, parameter
`snapshot_path`); the notebook computes the figures from it and hands them
back as a typed payload (`figures_path`). The build keeps the executed copy
beside the outputs so anyone can see how each figure was computed, with an
HTML copy (nbconvert) that a reviewer opens in a browser without Jupyter.
The rendering stays in the long-lived build process, which has its templates
and WeasyPrint loaded already.
"""

from __future__ import annotations

import os
import threading
from datetime import timezone
from pathlib import Path
from typing import Callable, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import interrupts, kernels
from .errors import BuildError
from .notebook_html import html_copy, notebook_html
from .outputs import Staging, atomic_path, source_date, write
from .payload import Snapshot, load
from .resources import NOTEBOOKS

KERNEL = "python3"
# Parameters that name the build's scratch files: blanked in the executed copy,
# which then reads the content itself when someone runs it again.
HAND_OVER = ("snapshot_path", "figures_path")

P = TypeVar("P", bound=BaseModel)


class Running(Generic[P]):
    """A notebook running in a thread of this process, its kernel in another process:
    the build does what needs no figures (its own imports, above all) meanwhile."""

    def __init__(self, call: Callable[[], P]):
        self._done = threading.Event()
        self._value: P | None = None
        self._error: BaseException | None = None
        # a daemon: Ctrl-C ends the build at once, and the kernel with it
        threading.Thread(target=self._run, args=(call,), name="notebook", daemon=True).start()

    def _run(self, call: Callable[[], P]) -> None:
        try:
            self._value = call()
        except BaseException as exc:  # raised again where the figures are wanted
            self._error = exc
        finally:
            _close_event_loop()
            self._done.set()

    def result(self) -> P:
        interrupts.wait(self._done)  # Ctrl-C is honoured while the kernel counts
        if self._error is not None:
            raise self._error
        return self._value


def _close_event_loop() -> None:
    """nbclient gave this thread an event loop of its own; the thread ends, so must it."""
    import asyncio

    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:  # none was made
        return
    loop.close()
    asyncio.set_event_loop(None)


def start(name: str, parameters: dict, stage: Staging, executed: str, reading: Snapshot,
          kind: type[P], hide: Path | None = None) -> Running[P]:
    """`run`, started: `.result()` waits for the figures."""
    return Running(lambda: run(name, parameters, stage, executed, reading, kind, hide))


def run(name: str, parameters: dict, stage: Staging, executed: str, reading: Snapshot,
        kind: type[P], hide: Path | None = None) -> P:
    """Execute notebooks/<name>.ipynb on `reading`; stage the executed copy as `executed`,
    and its HTML copy beside it; return the figures it handed back, as a `kind`.
    `hide`: a folder (the root) no copy may name, nor any other path of this machine:
    the kernel then runs in a scratch folder, and the copies name none (a donor copy)."""
    import papermill  # imported when a notebook runs, not for `check`

    from .kernels.manager import ForkedKernelManager, ThisPythonKernelManager

    # the build's kernel server (kernels.KernelServer); none: kernels are spawned
    server = kernels.running()
    source = NOTEBOOKS / f"{name}.ipynb"
    executed = stage.path(executed)
    # inside the stage (names starting with "." never land): removed with it however
    # the build ends, or by the next build after a kill -9. Absolute: the kernel runs
    # in notebooks/, and OUT may be relative.
    scratch = stage.path(f".{name}.scratch").resolve()
    scratch.mkdir()
    figures = scratch / "figures.json"
    snapshot = reading.save(scratch / "snapshot.json")
    with atomic_path(executed) as temporary:
        try:
            papermill.execute_notebook(
                str(source), str(temporary),
                parameters={**parameters, "snapshot_path": str(snapshot),
                            "figures_path": str(figures)},
                # the kernel starts in notebooks/, as in JupyterLab; papermill's own
                # `cwd` would change this whole process's directory, under other threads
                kernel_name=KERNEL, resources={"metadata": {"path": str(scratch if hide else NOTEBOOKS)}},
                # the build's own Python and bulletin, not whatever "python3" names
                kernel_manager_class=ForkedKernelManager if server else ThisPythonKernelManager,
                progress_bar=False, log_output=False, report_mode=False,
                # the kernel only talks to this process; keep its notices off the
                # terminal (a cell's error comes back through papermill; jupyter_client
                # interrupts the kernel as it shuts it down, which ipykernel logs as an
                # ERROR), and end it when this process ends, however it ends
                extra_arguments=[kernels.KERNEL_ARGS[0],
                                 f"--IPKernelApp.parent_handle={os.getpid()}"],
                # no copy saved after each cell: the executed copy is written once, at the end
                request_save_on_cell_execute=False,
                # the notebook has run and saved its figures: nothing in the kernel is
                # left to keep, so it is ended at once, not asked and waited for
                shutdown_kernel="immediate",
            )
        except papermill.PapermillExecutionError as exc:
            raise BuildError(f"notebooks/{name}.ipynb failed in cell {exc.exec_count}: "
                             f"{exc.ename}: {exc.evalue}") from None
        _forget_scratch(temporary, executed.name)
        if hide is not None:
            _name_no_path(temporary, [hide, scratch, stage.root, stage.folder, NOTEBOOKS,
                                      Path(__file__).parent, Path.home()])
    _stage_html_copy(server, stage, executed, name)
    if not figures.exists():
        raise BuildError(f"notebooks/{name}.ipynb ran but saved no figures")
    try:
        return load(kind, figures)
    except ValidationError as exc:
        raise BuildError(f"notebooks/{name}.ipynb handed back figures the build cannot use: "
                         f"{exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}") from None


def _stage_html_copy(server, stage: Staging, executed: Path, name: str) -> None:
    """The HTML copy is written by the fork server while this process renders the PDF;
    the stage waits for it before its files land. Without a server, it is written here."""
    def here() -> None:
        write(html_copy(executed), notebook_html(executed))

    try:
        reply = server.html_copy(executed, html_copy(executed)) if server else None
    except kernels.ServerGone:
        reply = None
    if reply is None:
        here()
        return

    def finish() -> None:
        try:
            error = reply.result().get("error")
        except kernels.ServerGone:
            here()
            return
        if error:
            raise BuildError(f"notebooks/{name}.ipynb: the HTML copy failed: {error}")
    stage.before_landing(finish)


def _forget_scratch(path: Path, final_name: str) -> None:
    """The executed copy must not point at scratch files that are gone after the build,
    and differs from a rebuild's only in its timings (none, with SOURCE_DATE_EPOCH)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill draws a random id; a rebuild keeps it
            lines = [f'{line.split("=", 1)[0].rstrip()} = ""'
                     if line.split("=", 1)[0].strip() in HAND_OVER else line
                     for line in cell.source.split("\n")]
            cell.source = "\n".join([f"# {' and '.join(HAND_OVER)} named the build's scratch files, "
                                      "gone after it: run again, this reads the content", *lines])
    papermill_meta = notebook.metadata.get("papermill", {})
    for key in HAND_OVER:
        if key in papermill_meta.get("parameters", {}):
            papermill_meta["parameters"][key] = ""
    if "output_path" in papermill_meta:
        papermill_meta["output_path"] = final_name
    _fix_timings(notebook)
    nbformat.write(notebook, path)


def _name_no_path(path: Path, folders: list[Path]) -> None:
    """Every mention of `folders` in the executed copy (the injected parameters,
    papermill's input path, a warning's file name) made neutral: the longest first,
    so a folder inside another reads as its own name."""
    import json

    text = path.read_text(encoding="utf-8")
    neutral = {Path(NOTEBOOKS).resolve(): "notebooks", Path(__file__).parent.resolve(): "bulletin",
               Path.home().resolve(): "~"}
    for folder in sorted({Path(f).resolve() for f in folders}, key=lambda f: -len(str(f))):
        for form in (str(folder), json.dumps(str(folder))[1:-1]):
            text = text.replace(form, neutral.get(folder, "."))
    path.write_text(text, encoding="utf-8")


def _fix_timings(notebook) -> None:
    """With SOURCE_DATE_EPOCH set, every time papermill and nbclient write into the
    executed copy is that moment and every duration 0: a rebuild is byte-identical,
    and so is its HTML copy. Without it the copy keeps the real timings."""
    moment = source_date()
    if moment is None:
        return
    # each in the form its writer uses: papermill's with an offset, nbclient's with a Z
    papermill_time = moment.replace(tzinfo=timezone.utc).isoformat()
    client_time = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    timed = [notebook.metadata.get("papermill", {}),
             *(cell.metadata.get("papermill", {}) for cell in notebook.cells)]
    for metadata in timed:
        for key in ("start_time", "end_time"):
            if metadata.get(key):
                metadata[key] = papermill_time
        if metadata.get("duration") is not None:
            metadata["duration"] = 0
    for cell in notebook.cells:
        execution = cell.metadata.get("execution", {})
        for key in execution:
            execution[key] = client_time
