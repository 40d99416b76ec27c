"""`make demo` stays true: the sample content builds a whole quarter cleanly."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWSLETTER_FILES = ["newsletter.pdf", "index.html", "email.html", "email.txt", "email.eml", "newsletter.ipynb",
                    "newsletter.ipynb.html"]
REPORT_FILES = ["report.pdf", "report.html", "activities.xlsx", "report.ipynb", "report.ipynb.html"]


def awards_active_in_q3() -> set[str]:
    with open(REPO / "content" / "activities.csv", encoding="utf-8") as rows:
        return {number.strip() for row in csv.DictReader(rows)
                if "2023-07-01" <= row["start"] <= "2023-09-30"
                for number in row["award"].split(";") if number.strip()}


def test_the_latest_sample_quarter_builds_without_a_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "all", "--root", str(REPO), "--out", str(tmp_path),
         "--jobs", "2", "--issued", "2023-10-05"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    # `all` without --period takes the latest quarter with stories: 2023-Q3
    assert [line for line in result.stderr.splitlines() if "warning" in line or "error" in line] == []
    assert result.stderr.splitlines()[-1] == f"2023-Q3: {1 + len(awards_active_in_q3())} built, 0 failed"
    folder = tmp_path / "newsletter" / "2023-Q3"
    assert all((folder / name).stat().st_size > 0 for name in NEWSLETTER_FILES)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(awards_active_in_q3())
    for award in awards_active_in_q3():
        folder = tmp_path / "reports" / award / "2023-Q3"
        assert all((folder / name).stat().st_size > 0 for name in REPORT_FILES), award
    printed = {Path(line) for line in result.stdout.splitlines()}
    assert len(printed) == len(NEWSLETTER_FILES) + len(REPORT_FILES) * len(awards_active_in_q3())
    assert all(path.exists() for path in printed)
