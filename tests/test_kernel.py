"""The notebooks' kernel is the build's own Python, importing the build's own bulletin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import bulletin
from bulletin.kernels import manager as kernel
from bulletin.resources import NOTEBOOKS


def test_the_build_kernel_is_this_python_with_this_bulletin_first():
    spec = kernel.ThisPythonKernelManager(kernel_name="python3").kernel_spec
    assert spec.argv[0] == sys.executable
    assert spec.argv[1:3] == ["-m", "ipykernel_launcher"]
    first = spec.env["PYTHONPATH"].split(":")[0]
    assert Path(first) == Path(bulletin.__file__).resolve().parents[1]


def test_install_registers_the_kernel_for_jupyterlab(tmp_path):
    folder = kernel.install(prefix=str(tmp_path))
    assert folder == tmp_path / "share" / "jupyter" / "kernels" / "bulletin"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    assert spec["display_name"] == "Python (bulletin)"
    assert "env" not in spec  # an installed environment finds its own bulletin


@pytest.mark.slow
def test_the_donor_report_runs_all_cells_on_the_lab_kernel(tmp_path, monkeypatch):
    """What `make lab` offers: the kernel "bulletin", the notebook as committed, Run All."""
    import nbformat  # here, not at the top: the fast lane need not pay for importing them
    import papermill

    kernel.install(prefix=str(tmp_path / "prefix"))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "prefix" / "share" / "jupyter"))
    executed = tmp_path / "donor_report.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "donor_report.ipynb"), str(executed), cwd=str(NOTEBOOKS),
                               kernel_name="bulletin", progress_bar=False,
                               extra_arguments=["--IPKernelApp.log_level=ERROR"])
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = json.dumps([o.get("text", "") for o in outputs], ensure_ascii=False)
    assert "SSITIP20GR0006 (United States Department of State), April–June 2023" in shown


def test_a_kernel_being_shut_down_is_not_interrupted_first():
    """The interrupt jupyter_client sends before a shutdown printed a spurious
    "KeyboardInterrupt caught in kernel" after builds that went well."""
    import asyncio

    manager = kernel.ThisPythonKernelManager(kernel_name="python3")
    with pytest.raises(RuntimeError, match="No kernel is running"):
        asyncio.run(manager._async_interrupt_kernel())  # no kernel: it would have tried
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())  # skipped


def test_the_client_nbclient_waits_on_is_the_prompt_one():
    """nbclient calls `kc.wait_for_ready`, a name jupyter_client binds to its own method
    when the class is made: the override must be bound to that name too."""
    for manager in (kernel.ThisPythonKernelManager, kernel.ForkedKernelManager):
        client = manager(kernel_name="python3").client()
        assert isinstance(client, kernel.ReadyClient)
        assert type(client).wait_for_ready is kernel.ReadyClient._async_wait_for_ready


def _imports(path: Path, module: str) -> set[str]:
    """The bulletin modules `module` (at `path`) imports, anywhere in it."""
    import ast

    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            named = ".".join(p for p in (base, node.module or "") if p)
            found |= {named} | {f"{named}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("bulletin.")}


def test_notebooks_the_kernel_server_and_the_html_copy_import_each_other_in_no_cycle():
    """The HTML copy is a leaf both import; the kernel server never imports what runs notebooks."""
    source = Path(bulletin.__file__).parent
    files = {"bulletin.notebooks": source / "notebooks.py",
             "bulletin.notebook_html": source / "notebook_html.py",
             **{("bulletin.kernels" if p.stem == "__init__" else f"bulletin.kernels.{p.stem}"): p
                for p in (source / "kernels").glob("*.py")}}
    graph = {module: _imports(path, module) & set(files) for module, path in files.items()}
    assert graph["bulletin.notebook_html"] == set()
    assert not [m for m in graph if m.startswith("bulletin.kernels") and "bulletin.notebooks" in graph[m]]

    def cycle_from(module, trail):
        if module in trail:
            return trail[trail.index(module):] + [module]
        return next((c for m in graph[module] if (c := cycle_from(m, trail + [module]))), None)

    assert not [c for m in graph if (c := cycle_from(m, []))]
