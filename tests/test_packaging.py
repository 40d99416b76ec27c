"""A self-contained package: the wheel carries templates, fonts and notebooks, and a
fresh environment's `bulletin` starts and builds an office from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # not from the repository: there `-m build` would find build.py first
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
                          cwd=out, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    [built] = out.glob("bulletin-*.whl")
    return built


def test_the_wheel_carries_templates_fonts_and_notebooks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (REPO / "templates").glob("*") if p.is_file()}
    fonts = {p.name for p in (REPO / "templates" / "fonts").glob("*")}
    notebooks = {p.name for p in (REPO / "notebooks").glob("*.ipynb")}
    assert templates and fonts and notebooks
    assert {f"bulletin/templates/{n}" for n in templates} <= names
    assert {f"bulletin/templates/fonts/{n}" for n in fonts} <= names
    assert {f"bulletin/notebook_files/{n}" for n in notebooks} <= names
    # the labels' catalogs, compiled: a French edition from an installed package
    assert {f"bulletin/locale/{language}/LC_MESSAGES/bulletin.{kind}"
            for language in ("en", "fr", "pt") for kind in ("po", "mo")} <= names
    assert "bulletin/cli.py" in names and "bulletin/resources.py" in names
    assert "bulletin/kernels/server.py" in names and "bulletin/kernels/manager.py" in names
    # nothing of the checkout's own content or tests
    assert not [n for n in names if n.startswith(("content/", "tests/", "images/"))]


def test_a_fresh_environment_builds_a_new_office_from_any_folder(wheel, tmp_path):
    """`pip install` into a new venv, then `bulletin init` and `bulletin all`, outside the repository."""
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies come from this run's environment (no download); only the
    # wheel is installed. .pth files there are not read, so the editable
    # bulletin of the checkout stays out of sight.
    site = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True).strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{env_dir / 'bin'}:{env['PATH']}"
    # the borrowed dependencies' data files too (nbconvert's HTML templates), as a real
    # `pip install` would have put them in the new environment's share/jupyter
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")

    def bulletin(*args) -> subprocess.CompletedProcess:
        return subprocess.run(["bulletin", *args], cwd=work, env=env, capture_output=True, text=True,
                              timeout=600)

    where = subprocess.run([python, "-c", "import bulletin.resources as r; print(r.TEMPLATES)"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr

    done = bulletin("init", "office", "--office", "IOM Lesotho")
    assert done.returncode == 0, done.stderr
    done = bulletin("check", "--root", "office")
    assert done.returncode == 0, done.stderr
    done = bulletin("all", "--root", "office", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert list((work / "office" / "build" / "newsletter").glob("*/newsletter.pdf"))
    assert list((work / "office" / "build" / "reports").glob("*/*/report.pdf"))
    assert "Traceback" not in done.stderr
