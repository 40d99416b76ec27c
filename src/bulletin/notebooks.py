"""Running the parameterised notebooks with papermill.

A notebook computes figures and hands them back as JSON (its
`figures_path` parameter); the build keeps the executed copy beside the
outputs so anyone can see how each figure was computed. The rendering
stays in the long-lived build process, which has its templates and
WeasyPrint loaded already.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .errors import BuildError
from .kernel import ThisPythonKernelManager
from .outputs import atomic_path
from .resources import NOTEBOOKS

KERNEL = "python3"


def run(name: str, parameters: dict, executed: Path) -> dict:
    """Execute notebooks/<name>.ipynb; keep the executed copy at `executed`; return its figures."""
    import papermill  # imported when a notebook runs, not for `check`

    source = NOTEBOOKS / f"{name}.ipynb"
    with tempfile.TemporaryDirectory(prefix="bulletin-") as scratch:
        figures = Path(scratch) / "figures.json"
        with atomic_path(executed) as temporary:
            try:
                papermill.execute_notebook(
                    str(source), str(temporary),
                    parameters={**parameters, "figures_path": str(figures)},
                    kernel_name=KERNEL, cwd=str(NOTEBOOKS),
                    # the build's own Python and bulletin, not whatever "python3" names
                    kernel_manager_class=ThisPythonKernelManager,
                    progress_bar=False, log_output=False, report_mode=False,
                    # the kernel only talks to this process; keep its notices off the terminal
                    extra_arguments=["--IPKernelApp.log_level=ERROR"],
                )
            except papermill.PapermillExecutionError as exc:
                raise BuildError(f"notebooks/{name}.ipynb failed in cell {exc.exec_count}: "
                                 f"{exc.ename}: {exc.evalue}") from None
        if not figures.exists():
            raise BuildError(f"notebooks/{name}.ipynb ran but saved no figures")
        return json.loads(figures.read_text(encoding="utf-8"))
