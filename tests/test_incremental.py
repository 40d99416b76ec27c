"""Incremental builds (manifest.py, stamp.py): what is up to date is skipped, an edit
rebuilds exactly the outputs that depend on it, --force rebuilds.

The first tests look at the plans on the sample content of both quarters, without
building; the last builds the tiny root for real and reads the outputs back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import AWARD_A, AWARD_B, copy_sample, edit, poppler, write_report_root

from bulletin import manifest
from bulletin.engine import Settings, make_plan
from bulletin.kinds import Newsletter, Report
from bulletin.periods import parse_period

PERIODS = ("2023-Q2", "2023-Q3")


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_sample(tmp_path / "sample")


def _jobs(project):
    """Every output of both quarters: (period label, job)."""
    return [(label, job) for label in PERIODS
            for job in [Newsletter(), *Report.every(project, parse_period(label))]]


def _plan(project, job, label: str, out: Path, force: bool = False):
    settings = Settings(project.root, out, out / ".cache", parse_period(label), "all", force=force)
    return make_plan(project, [job], settings)


def _record_all(root: Path, out: Path) -> None:
    """Manifests as a build leaves them, beside a stand-in output file."""
    project = manifest.loaded(root)
    for label, job in _jobs(project):
        plan = _plan(project, job, label, out)
        folder = plan.folders[job]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "out.pdf").write_text("stand-in")
        plan.fingerprints[job].record(folder, out, [folder / "out.pdf"])


def _stale(root: Path, out: Path, force: bool = False) -> set[str]:
    project = manifest.loaded(root)
    stale = set()
    for label, job in _jobs(project):
        plan = _plan(project, job, label, out, force)
        stale |= {plan.folders[j].relative_to(out).as_posix() for j in plan.stale}
    return stale


def test_nothing_changed_nothing_stale_and_force_makes_all_stale(sample, tmp_path):
    out = tmp_path / "out"
    _record_all(sample, out)
    assert _stale(sample, out) == set()
    everything = _stale(sample, out, force=True)
    assert "newsletter/2023-Q2" in everything and "newsletter/2023-Q3" in everything
    assert len(everything) == len(_jobs(manifest.loaded(sample)))


def test_an_edited_story_rebuilds_its_newsletter_and_its_awards_reports_only(sample, tmp_path):
    out = tmp_path / "out"
    _record_all(sample, out)
    story = "content/stories/2023-05-mobile-clinic-highlands.md"
    text = (sample / story).read_text(encoding="utf-8")
    (sample / story).write_text(text + "\nA sentence added after the build.\n", encoding="utf-8")
    project = manifest.loaded(sample)
    [edited] = [s for s in project.stories if s.slug == "2023-05-mobile-clinic-highlands"]
    awards = project.awards_of(edited)
    assert awards, "the sample story should be funded, or this test shows nothing"
    expected = {"newsletter/2023-Q2"} | {f"reports/{a}/2023-Q2" for a in awards}
    assert _stale(sample, out) == expected


def test_an_edited_activity_row_rebuilds_its_awards_reports_and_its_newsletter(sample, tmp_path):
    out = tmp_path / "out"
    _record_all(sample, out)
    rows = (sample / "content/activities.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    at = {name: i for i, name in enumerate(header)}
    # a row of one award, in Q2, with a plain participants count
    line = next(i for i, row in enumerate(rows[1:], 1)
                if '"' not in row and row.split(",")[at["start"]].startswith("2023-0")
                and row.split(",")[at["start"]][5:7] in ("04", "05", "06")
                and ";" not in row.split(",")[at["award"]] and row.split(",")[at["award"]]
                and row.split(",")[at["participants"]].isdigit())
    cells = rows[line].split(",")
    award = cells[at["award"]]
    cells[at["participants"]] = str(int(cells[at["participants"]]) + 1)
    rows[line] = ",".join(cells)
    (sample / "content/activities.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    stale = _stale(sample, out)
    # required: the award's report of the period and the newsletter counting the row
    assert {f"reports/{award}/2023-Q2", "newsletter/2023-Q2"} <= stale
    # allowed besides: the award's later report (its figures since the award started)
    # and the newsletter of a story that tells the activity; nothing of another award
    assert stale <= {f"reports/{award}/2023-Q2", f"reports/{award}/2023-Q3",
                     "newsletter/2023-Q2", "newsletter/2023-Q3"}


def test_a_new_list_address_rebuilds_the_editions_whose_email_it_addresses(sample, tmp_path):
    out = tmp_path / "out"
    _record_all(sample, out)
    edit(sample, "content/site.yaml", "  thanks:", "  list_address: news@lists.example.org\n  thanks:")
    assert {"newsletter/2023-Q2", "newsletter/2023-Q3"} <= _stale(sample, out)


def test_a_missing_output_file_is_not_up_to_date(sample, tmp_path):
    out = tmp_path / "out"
    _record_all(sample, out)
    (out / "newsletter/2023-Q3/out.pdf").unlink()
    assert _stale(sample, out) == {"newsletter/2023-Q3"}


# real builds ---------------------------------------------------------------------

NO_HEAVY_IMPORTS = """\
import sys
from bulletin.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("pandas", "weasyprint", "papermill", "matplotlib", "nbclient")
               if m in sys.modules)
server = sys.modules.get("bulletin.kernels.lifecycle")
if server is not None and (server._client or server._shared):  # its imports cost a core
    heavy.append("the kernel server")
import os, pathlib
if pathlib.Path(f"/proc/self/task/{os.getpid()}/children").read_text().split():
    heavy.append("a process left running")  # a kernel server started ahead, never ended
print("IMPORTED", heavy, file=sys.stderr)
sys.exit(code)
"""


def _cli(*args) -> subprocess.CompletedProcess:
    """The command in a fresh process that says which heavy modules it imported."""
    return subprocess.run([sys.executable, "-c", NO_HEAVY_IMPORTS, *map(str, args)],
                          capture_output=True, text=True, timeout=600, check=False)


def _mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns
            for p in out.rglob("*") if p.is_file() and not p.relative_to(out).parts[0].startswith(".")}


def _changed(before: dict[str, int], out: Path) -> set[str]:
    """The outputs with a file written since `before`: newsletter/P or reports/AWARD."""
    after = _mtimes(out)
    return {"/".join(name.split("/")[:2]) for name, stamp in after.items()
            if before.get(name) != stamp and name.count("/") >= 2}


@pytest.mark.slow
def test_builds_skip_what_is_up_to_date_and_rebuild_exactly_what_an_edit_touches(tmp_path):
    root = write_report_root(tmp_path / "root")
    out = tmp_path / "out"
    args = ("all", "--root", root, "--out", out, "--period", "2023-Q2", "--jobs", "2")

    first = _cli(*args)
    assert first.returncode == 0, first.stderr
    assert "2023-Q2: 3 built, 0 failed" in first.stderr
    for folder in ("newsletter/2023-Q2", f"reports/{AWARD_A}/2023-Q2", f"reports/{AWARD_B}/2023-Q2"):
        recorded = json.loads((out / ".manifests" / folder / "manifest.json").read_text())
        assert "content/stories/mobile-clinic.md" in recorded["inputs"] or AWARD_A in folder
        assert all((out / folder / name).is_file() for name in recorded["files"])
    before = _mtimes(out)

    # nothing changed: said, the files listed as before, nothing written, no heavy import
    again = _cli(*args)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert again.stderr.count("up to date: ") == 3
    assert "IMPORTED []" in again.stderr
    assert _changed(before, out) == set()

    # a story saved again unchanged: the manifests are read (no replay), still nothing to do
    story = root / "content/stories/mobile-clinic.md"
    story.write_bytes(story.read_bytes())
    touched = _cli(*args)
    assert touched.stderr.count("up to date: ") == 3 and "IMPORTED []" in touched.stderr
    assert touched.stdout == first.stdout

    # one story edited: its newsletter and its award's report, nothing else
    story.write_text(story.read_text(encoding="utf-8") + "\nNine villages were reached in one week.\n",
                     encoding="utf-8")
    edited = _cli(*args)
    assert edited.returncode == 0, edited.stderr
    assert _changed(before, out) == {"newsletter/2023-Q2", f"reports/{AWARD_B}"}
    assert f"up to date: {out / 'reports' / AWARD_A / '2023-Q2'}" in edited.stderr
    assert "2023-Q2: 2 built, 0 failed, 1 up to date" in edited.stderr

    # one activity row edited (AWARD_A only, no story): that report and the newsletter's figures
    before = _mtimes(out)
    edit(root, "content/activities.csv", "Hlotse,tip,SSITIP20GR0006,meeting,,6,3",
         "Hlotse,tip,SSITIP20GR0006,meeting,,7,3")
    row = _cli(*args)
    assert row.returncode == 0, row.stderr
    assert _changed(before, out) == {"newsletter/2023-Q2", f"reports/{AWARD_A}"}
    from openpyxl import load_workbook
    sheet = load_workbook(out / "reports" / AWARD_A / "2023-Q2" / "activities.xlsx").active
    assert any("TIP-2023-022" in row and 7 in row for row in sheet.iter_rows(values_only=True))

    # --force: built again although up to date
    before = _mtimes(out)
    single = ("report", "--award", AWARD_B, "--period", "2023-Q2", "--root", root, "--out", out)
    assert "up to date: " in _cli(*single).stderr
    forced = _cli(*single, "--force")
    assert forced.returncode == 0 and "up to date" not in forced.stderr
    assert _changed(before, out) == {f"reports/{AWARD_B}"}
    newsletter = poppler("pdftotext", out / "newsletter" / "2023-Q2" / "newsletter.pdf", "-")
    assert "Nine villages were reached" in " ".join(newsletter.split())


def test_a_report_saved_unchanged_is_up_to_date_and_its_kernel_server_stopped(tmp_path):
    """A changed stamp starts the kernel server ahead of the plan (cli._single); when the
    plan finds nothing to build, the server is stopped at once, not left importing."""
    from conftest import run_main

    from bulletin import kernels

    root = write_report_root(tmp_path / "root")
    out = tmp_path / "out"
    args = ("report", "--award", AWARD_A, "--period", "2023-Q2", "--root", root, "--out", out)
    code, first, err = run_main(*args)
    assert code == 0, err
    story = next((root / "content" / "stories").rglob("*.md"))
    story.write_bytes(story.read_bytes())  # saved again, unchanged: the stamp changes
    code, again, err = run_main(*args)
    assert code == 0, err
    assert f"up to date: {out / 'reports' / AWARD_A / '2023-Q2'}" in err
    assert again == first
    assert kernels.running() is None
