"""Running the parameterised notebooks with papermill.

A notebook computes figures and hands them back as JSON (its
`figures_path` parameter); the build keeps the executed copy beside the
outputs so anyone can see how each figure was computed, with an HTML copy
(nbconvert) that a reviewer opens in a browser without Jupyter. The rendering
stays in the long-lived build process, which has its templates and
WeasyPrint loaded already.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from .errors import BuildError
from .kernel import ThisPythonKernelManager
from .outputs import atomic_path, write
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
        write(html_copy(executed), notebook_html(executed))
        if not figures.exists():
            raise BuildError(f"notebooks/{name}.ipynb ran but saved no figures")
        return json.loads(figures.read_text(encoding="utf-8"))


def html_copy(executed: Path) -> Path:
    """Where the HTML copy of an executed notebook goes: `report.ipynb` -> `report.ipynb.html`."""
    return executed.with_name(executed.name + ".html")


def notebook_html(executed: Path) -> str:
    """The executed notebook as one self-contained page: code, outputs and charts.

    The notebooks' own Markdown is ours; their HTML outputs (pandas tables of
    content written by many hands) are cleaned with nh3, as stories are, since
    nbconvert's own sanitiser also escapes headings and table heads. No script
    is kept, so the page reads the same offline, years later, in an auditor's
    browser.
    """
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                data["text/html"] = _clean_output(data["text/html"])
    exporter = HTMLExporter(template_name="lab", embed_images=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": executed.stem}})
    # The template's scripts (MathJax, require.js, mermaid) come from a CDN and serve formulas and
    # widgets these notebooks do not have; without them the page is static and works offline.
    return _SCRIPT.sub("", body)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_OUTPUT_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "div", "p", "span", "b", "strong", "em",
                "code", "pre", "br"}


def _clean_output(html: str | list) -> str:
    import nh3

    text = "".join(html) if isinstance(html, list) else html
    return nh3.clean(text, tags=_OUTPUT_TAGS, attributes={"*": {"class"}, "table": {"border"}})
