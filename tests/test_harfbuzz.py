"""Without HarfBuzz-Subset WeasyPrint still works: tests do not fail, builds say so once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from bulletin import harfbuzz
from support import AWARD_A, run_build, write_report_root

# Loaded at start-up by every Python given this folder on PYTHONPATH (the
# build, its kernel, its workers): the library cannot be opened, as on a
# machine without libharfbuzz-subset0.
HIDE_HARFBUZZ_SUBSET = textwrap.dedent("""\
    import cffi.api

    _dlopen = cffi.api.FFI.dlopen

    def dlopen(self, name, *args, **kwargs):
        if "harfbuzz-subset" in str(name):
            raise OSError(f"{name}: hidden by the test")
        return _dlopen(self, name, *args, **kwargs)

    cffi.api.FFI.dlopen = dlopen
""")


@pytest.fixture
def without_harfbuzz_subset(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(HIDE_HARFBUZZ_SUBSET)
    return {**os.environ, "PYTHONPATH": str(folder)}


def test_the_notice_names_the_package_to_install():
    assert "sudo apt-get install libharfbuzz-subset0" in harfbuzz.NOTICE
    assert harfbuzz.notice() is (None if harfbuzz.AVAILABLE else harfbuzz.NOTICE)


def test_weasyprints_per_font_notice_is_dropped():
    import logging

    keep = harfbuzz._DropFontToolsNotice()
    record = logging.LogRecord("weasyprint", logging.WARNING, __file__, 1,
                               'Using fontTools instead of HarfBuzz-Subset for font "%s". ...',
                               ("Noto Sans",), None)
    assert not keep.filter(record)
    record.msg = "Ignored `margin: 1furlong`"
    assert keep.filter(record)


def test_importing_the_pdf_stage_raises_no_warning_without_the_library(without_harfbuzz_subset):
    """`make test` turns warnings into errors: a missing optional library must not be one."""
    done = subprocess.run([sys.executable, "-W", "error", "-c",
                           "import bulletin.pdf, bulletin.harfbuzz as h; print(h.AVAILABLE)"],
                          env=without_harfbuzz_subset, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "False\n"  # the library really was hidden
    assert done.stderr == ""


@pytest.mark.slow
def test_a_build_without_the_library_says_so_once(tmp_path, without_harfbuzz_subset, monkeypatch):
    root = write_report_root(tmp_path / "root")
    for key, value in without_harfbuzz_subset.items():
        monkeypatch.setenv(key, value)
    done = run_build("report", "--award", AWARD_A, "--period", "2023-Q2", "--root", root,
                     "--out", tmp_path / "out", "--issued", "2023-07-15")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "reports" / AWARD_A / "2023-Q2" / "report.pdf").exists()
    assert done.stderr.count("HarfBuzz") == 1
    assert f"warning: {harfbuzz.NOTICE}\n" in done.stderr
