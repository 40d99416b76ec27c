"""`make demo` stays true: the sample content builds a whole quarter cleanly, and
built again into another folder with SOURCE_DATE_EPOCH set, gives the same bytes."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import differing_files

REPO = Path(__file__).resolve().parents[1]
EPOCH = {"SOURCE_DATE_EPOCH": "1696464000"}  # 2023-10-05, the date of issue below
NEWSLETTER_FILES = ["newsletter.pdf", "index.html", "email.html", "email.txt", "email.eml", "newsletter.ipynb",
                    "newsletter.ipynb.html"]
REPORT_FILES = ["report.pdf", "report.html", "activities.xlsx", "report.docx", "report.ipynb",
                "report.ipynb.html", "iati-activity.xml", "activities.hxl.csv"]


def awards_active_in_q3() -> set[str]:
    with open(REPO / "content" / "activities.csv", encoding="utf-8") as rows:
        return {number.strip() for row in csv.DictReader(rows)
                if "2023-07-01" <= row["start"] <= "2023-09-30"
                for number in row["award"].split(";") if number.strip()}


def build_all(out: Path, *period: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "all", *period, "--root", str(REPO), "--out", str(out),
         "--jobs", "2", "--issued", "2023-10-05"],
        capture_output=True, text=True, timeout=600, env={**os.environ, **EPOCH})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo")
    return out, build_all(out)


def test_the_latest_sample_quarter_builds_without_a_warning(built):
    out, result = built
    # `all` without --period takes the latest quarter with stories: 2023-Q3
    assert [line for line in result.stderr.splitlines() if "warning" in line or "error" in line] == []
    # the sample office publishes in English and French: an edition in each (the French in fr/)
    assert result.stderr.splitlines()[-1] == f"2023-Q3: {2 + len(awards_active_in_q3())} built, 0 failed"
    for folder in (out / "newsletter" / "2023-Q3", out / "newsletter" / "2023-Q3" / "fr"):
        assert all((folder / name).stat().st_size > 0 for name in NEWSLETTER_FILES)
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(awards_active_in_q3())
    for award in awards_active_in_q3():
        folder = out / "reports" / award / "2023-Q3"
        assert all((folder / name).stat().st_size > 0 for name in REPORT_FILES), award
    printed = {Path(line) for line in result.stdout.splitlines()}
    assert len(printed) == 2 * len(NEWSLETTER_FILES) + len(REPORT_FILES) * len(awards_active_in_q3())
    assert all(path.exists() for path in printed)


def test_a_rebuild_in_another_folder_is_byte_identical_in_every_file(built, tmp_path):
    first, _ = built
    # the quarter named, as `make demo` names it: the same outputs as the latest quarter's
    build_all(tmp_path, "--period", "2023-Q3")
    assert (tmp_path / "newsletter" / "2023-Q3" / "email.eml").is_file()
    assert len(list((tmp_path / "reports").glob("*/2023-Q3/report.ipynb"))) == len(awards_active_in_q3())
    # every output (PDFs, pages, email.eml, spreadsheets, executed notebooks and their HTML
    # copies, the archive and feed), the photos' cache and the manifests
    assert differing_files(first, tmp_path) == []
