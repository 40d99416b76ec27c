"""The HTML copy of an executed notebook (nbconvert), which a reviewer opens in a
browser without Jupyter: written by the kernel server (kernels/server.py) while the
build renders the PDF, or by the build itself (notebooks.py) when there is no server."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .resources import TEMPLATES


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

    notebook = nbformat.read(executed, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                data["text/html"] = _clean_output(data["text/html"])
    body, _ = _exporter().from_notebook_node(notebook, resources={"metadata": {"name": executed.stem}})
    # The template's scripts (MathJax, require.js, mermaid) come from a CDN and serve formulas and
    # widgets these notebooks do not have; without them the page is static and works offline.
    return _SCRIPT.sub("", body)


@functools.lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: it compiles its templates once, not once per notebook.

    templates/notebook.html.j2 is the lab page with our stylesheet in place of JupyterLab's;
    TEMPLATES is searched after nbconvert's own folders, so lab's base.html.j2 is not ours.
    """
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", embed_images=True, extra_template_paths=[str(TEMPLATES)],
                        template_file="notebook.html.j2")


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_OUTPUT_TAGS = {"table", "thead", "tbody", "tr", "th", "td", "div", "p", "span", "b", "strong", "em",
                "code", "pre", "br"}


def _clean_output(html: str | list) -> str:
    import nh3

    text = "".join(html) if isinstance(html, list) else html
    # pandas' border="1" goes too: an obsolete attribute (the page's stylesheet draws the rules)
    return nh3.clean(text, tags=_OUTPUT_TAGS, attributes={"*": {"class"}})
