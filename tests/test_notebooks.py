"""The notebooks run as they are (as in JupyterLab) and expose their parameters."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import papermill
import pytest

from bulletin.notebooks import NOTEBOOKS

NAMES = ["newsletter", "donor_report"]


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_is_tagged_and_documented(name):
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    inferred = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {"root", "period", "figures_path"} <= set(inferred)
    assert all(p["help"] for p in inferred.values()), "every parameter says what it is"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", NAMES)
def test_runs_with_its_defaults_on_the_sample_content(name, tmp_path):
    """What a person gets by opening it in JupyterLab and running all cells."""
    executed = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(executed),
                               cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
                               extra_arguments=["--IPKernelApp.log_level=ERROR"])
    notebook = nbformat.read(executed, as_version=4)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = json.dumps([o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in outputs],
                      ensure_ascii=False)
    assert "April–June 2023" in text  # the default period, computed from the sample content
    assert "activities" in text


def test_help_notebook_lists_parameters():
    result = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook",
                             str(NOTEBOOKS / "donor_report.ipynb")],
                            capture_output=True, text=True, check=True)
    for name in ("root", "award", "period", "figures_path"):
        assert f"  {name}: str" in result.stdout
