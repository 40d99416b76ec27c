"""`--executor dask`: a batch built on a Dask cluster makes the same files as the local pool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import AWARD_A, REPO, poppler, write_report_root

distributed = pytest.importorskip(
    "distributed", reason="Dask's distributed is not installed (pip install '.[test]' or '.[dask]')")


def _build(root: Path, out: Path, *more: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), "all", "--period", "2023-Q2",
                           "--root", str(root), "--out", str(out), "--jobs", "2", *more],
                          capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})})


def _files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".uptodate"))


@pytest.mark.slow
def test_a_dask_cluster_builds_the_same_outputs_as_the_local_pool(tmp_path):
    root = write_report_root(tmp_path / "root")
    local = _build(root, tmp_path / "local")
    assert local.returncode == 0, local.stderr

    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        # the scheduler through the environment variable, as a deployment would set it
        on_dask = _build(root, tmp_path / "dask", "--executor", "dask",
                         env={"BULLETIN_DASK_SCHEDULER": cluster.scheduler_address})
    assert on_dask.returncode == 0, on_dask.stderr
    assert "2023-Q2: 3 built, 0 failed" in on_dask.stderr

    assert _files(tmp_path / "dask") == _files(tmp_path / "local")
    assert [line.replace(str(tmp_path / "dask"), "OUT") for line in on_dask.stdout.splitlines()] == \
        [line.replace(str(tmp_path / "local"), "OUT") for line in local.stdout.splitlines()]
    for name in _files(tmp_path / "local"):
        a, b = tmp_path / "local" / name, tmp_path / "dask" / name
        if name.endswith(".pdf"):
            assert poppler("pdftotext", a, "-") == poppler("pdftotext", b, "-"), name
        elif name.endswith((".txt", ".json")):
            assert a.read_bytes() == b.read_bytes(), name
    assert (tmp_path / "dask" / ".manifests" / "reports" / AWARD_A / "2023-Q2" / "manifest.json").is_file()


def test_dask_without_a_scheduler_is_a_usage_error(tmp_path, monkeypatch, run_cli):
    monkeypatch.delenv("BULLETIN_DASK_SCHEDULER", raising=False)
    root = write_report_root(tmp_path / "root")
    code, out, err = run_cli("reports", "--period", "2023-Q2", "--root", root,
                             "--out", tmp_path / "out", "--executor", "dask")
    assert code == 2
    assert "--scheduler tcp://HOST:8786" in err and "BULLETIN_DASK_SCHEDULER" in err
    assert out == ""
