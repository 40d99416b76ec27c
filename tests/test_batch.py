"""`build.py reports` and `build.py all`: many outputs in parallel worker processes.

Content: conftest's REPORT_ACTIVITIES. In 2023-Q2 awards A (SSITIP20GR0006)
and B (NL-MHP-2022-017) have activities, award C (EU-LAB-2021-002) has none
(its only activity is in 2023-Q1). Stories: two in 2023-Q2, one in 2023-Q3,
none later, although award A has an activity in 2023-Q4.

Each command runs once, as a subprocess (`python build.py ...`, as scripts
call it), in a module-scoped fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import AWARD_A, AWARD_B, AWARD_C, report_pdf_text, run_build, write_report_root

REPORT_FILES = ("report.pdf", "report.html", "activities.xlsx", "report.docx", "report.ipynb",
                "report.ipynb.html", "activities.hxl.csv")  # no iati-activity.xml: the root has no `iati`
NEWSLETTER_FILES = ("newsletter.pdf", "index.html", "email.html", "email.txt", "email.eml", "newsletter.ipynb",
                    "newsletter.ipynb.html")
# `check` decodes every photo and logo, so a broken image no longer reaches a build.
# A root's own report template that fails only for award B does, as a template
# author's mistake would.
FAILING_TEMPLATE = (Path(__file__).resolve().parents[1] / "templates" / "report.html.j2").read_text(
    encoding="utf-8").replace("{% block body %}", "{% block body %}{% if award.number == "
                              '"NL-MHP-2022-017" %}{{ no_such_figure }}{% endif %}', 1)


class Run:
    """One `python build.py ARGS --root ROOT --out OUT --jobs 2`."""

    def __init__(self, root: Path, out: Path, *args: str):
        self.root, self.out = root, out
        self.result = run_build(*args, "--root", root, "--out", out, "--jobs", "2")
        self.stderr = self.result.stderr.splitlines()

    def folders(self, kind: str) -> dict[str, list[str]]:
        """reports: award -> its period folders; newsletter: {"": period folders}
        (beside them the archive's index.html and feed.xml)."""
        base = self.out / kind
        if kind == "newsletter":
            return {"": sorted(p.name for p in base.iterdir() if p.is_dir())} if base.exists() else {}
        return {a.name: sorted(p.name for p in a.iterdir()) for a in base.iterdir()} \
            if base.exists() else {}


@pytest.fixture(scope="module")
def reports_q2(report_root, tmp_path_factory) -> Run:
    # the same date of issue as the single report it is compared with
    return Run(report_root, tmp_path_factory.mktemp("reports-q2"), "reports", "--period", "2023-Q2",
               "--issued", "2023-07-15")


@pytest.fixture(scope="module")
def reports_one_failing(tmp_path_factory) -> Run:
    root = write_report_root(tmp_path_factory.mktemp("corrupt-logo"),
                             {"templates/report.html.j2": FAILING_TEMPLATE})
    return Run(root, tmp_path_factory.mktemp("reports-failing"), "reports", "--period", "2023-Q2")


@pytest.fixture(scope="module")
def all_q2(report_root, tmp_path_factory) -> Run:
    return Run(report_root, tmp_path_factory.mktemp("all-q2"), "all", "--period", "2023-Q2")


@pytest.fixture(scope="module")
def all_latest(report_root, tmp_path_factory) -> Run:
    return Run(report_root, tmp_path_factory.mktemp("all-latest"), "all")


def assert_report(folder: Path) -> None:
    for name in REPORT_FILES:
        assert (folder / name).is_file() and (folder / name).stat().st_size > 0, folder / name


# --- reports ------------------------------------------------------------------


def test_reports_builds_one_report_per_funded_award(reports_q2):
    assert reports_q2.result.returncode == 0, reports_q2.result.stderr
    assert reports_q2.folders("reports") == {AWARD_A: ["2023-Q2"], AWARD_B: ["2023-Q2"]}
    assert AWARD_C not in reports_q2.folders("reports")
    assert not (reports_q2.out / "newsletter").exists()
    for award in (AWARD_A, AWARD_B):
        assert_report(reports_q2.out / "reports" / award / "2023-Q2")


def test_reports_prints_every_file_and_a_summary(reports_q2):
    expected = [str(reports_q2.out / "reports" / award / "2023-Q2" / name)
                for award in (AWARD_B, AWARD_A) for name in REPORT_FILES]
    assert sorted(reports_q2.result.stdout.splitlines()) == sorted(expected)
    assert reports_q2.stderr[-1] == "2023-Q2: 2 built, 0 failed"
    assert not [line for line in reports_q2.stderr if "error" in line]


def test_reports_of_clean_content_warn_of_nothing(reports_q2):
    assert [line for line in reports_q2.stderr if "warning" in line] == []


def test_the_shared_activity_counts_for_both_awards(reports_q2):
    a = report_pdf_text(reports_q2.out / "reports" / AWARD_A / "2023-Q2" / "report.pdf")
    b = report_pdf_text(reports_q2.out / "reports" / AWARD_B / "2023-Q2" / "report.pdf")
    assert "LAB-2023-001" in a and "LAB-2023-001" in b
    for activity in ("HLT-2023-003", "HLT-2023-009"):
        assert activity in b and activity not in a
    for activity in ("TIP-2023-014", "TIP-2023-020", "TIP-2023-021", "TIP-2023-022"):
        assert activity in a and activity not in b
    for other in ("TIP-2023-099", "HLT-2023-031", "LAB-2023-005", "TIP-2023-030", "TIP-2023-040"):
        assert other not in a and other not in b


def test_award_b_report_figures_and_wording(reports_q2):
    text = report_pdf_text(reports_q2.out / "reports" / AWARD_B / "2023-Q2" / "report.pdf")
    assert "Healthy Mobility in the Southern Highlands" in text
    assert "Government of the Netherlands" in text
    # HLT-2023-003 412 (251 + 161), 5 days, Qacha's Nek; HLT-2023-009 8 + 4, 2 days,
    # Leribe; LAB-2023-001 20 (10 + 10), 1 day, Maseru.
    # people 412 + 12 + 20 = 444; women 269, men 175; 269 / 444 = 61 %; days 8.
    assert ("Activities held (3), districts reached, days of activity "
            "HLT-2023-003, HLT-2023-009, LAB-2023-001") in text
    assert "People reached (444) HLT-2023-003, HLT-2023-009, LAB-2023-001" in text
    assert "Women and girls (269), men and boys (175)" in text
    assert "61% of those counted by sex" in text
    assert "Leribe, Maseru, Qacha's Nek" in text
    assert "not counted by sex (" not in text.lower()  # everyone was counted by sex
    wording = text.split("Acknowledgement", 1)[1].split("Annex: sources of the figures", 1)[0]
    assert wording.strip() == ('This activity was supported by the Government of the Netherlands '
                               'under the "Healthy Mobility in the Southern Highlands".')
    assert "Mobile clinics reach the highlands" in text  # its story, via HLT-2023-003
    assert "District committees step up the national referral mechanism" not in text


def test_a_report_built_in_a_batch_reads_as_one_built_alone(reports_q2, report_build):
    assert report_build.result.returncode == 0, report_build.result.stderr
    alone = report_pdf_text(report_build.folder / "report.pdf")
    batch = report_pdf_text(reports_q2.out / "reports" / AWARD_A / "2023-Q2" / "report.pdf")
    assert batch == alone


# --- one report fails -------------------------------------------------------------


def test_one_failing_report_does_not_stop_the_others(reports_one_failing):
    run = reports_one_failing
    assert run.result.returncode == 1
    assert_report(run.out / "reports" / AWARD_A / "2023-Q2")
    failed = run.out / "reports" / AWARD_B / "2023-Q2"
    assert not (failed / "report.pdf").exists()
    assert not (failed / "report.html").exists()
    assert run.result.stdout.splitlines() == [
        str(run.out / "reports" / AWARD_A / "2023-Q2" / name) for name in REPORT_FILES]


def test_the_failure_is_named_and_counted(reports_one_failing):
    lines = reports_one_failing.stderr
    assert f"error: {AWARD_B} failed:" in lines
    reason = lines[lines.index(f"error: {AWARD_B} failed:") + 1]
    assert "no_such_figure" in reason
    assert lines[-1] == "2023-Q2: 1 built, 1 failed"
    assert not [line for line in lines if AWARD_A in line and "fail" in line]


def test_the_failure_line_names_the_file_relative_to_the_root(reports_one_failing):
    """`path:line: error: message`, the path relative to the project root as in every
    other problem (errors.Problem), not wherever the root happens to be."""
    lines = reports_one_failing.stderr
    reason = lines[lines.index(f"error: {AWARD_B} failed:") + 1]
    assert reason.startswith("templates/report.html.j2: error: "), reason


# --- all ------------------------------------------------------------------------


def test_all_with_a_period_builds_the_newsletter_and_every_report(all_q2):
    assert all_q2.result.returncode == 0, all_q2.result.stderr
    assert all_q2.folders("newsletter") == {"": ["2023-Q2"]}
    for name in NEWSLETTER_FILES:
        assert (all_q2.out / "newsletter" / "2023-Q2" / name).is_file(), name
    assert all_q2.folders("reports") == {AWARD_A: ["2023-Q2"], AWARD_B: ["2023-Q2"]}
    for award in (AWARD_A, AWARD_B):
        assert_report(all_q2.out / "reports" / award / "2023-Q2")
    assert all_q2.stderr[-1] == "2023-Q2: 3 built, 0 failed"


def test_all_without_a_period_takes_the_latest_quarter_with_stories(all_latest):
    # 2023-Q3 (the story of 15 August), not 2023-Q4 (an activity but no story)
    assert all_latest.result.returncode == 0, all_latest.result.stderr
    assert all_latest.folders("newsletter") == {"": ["2023-Q3"]}
    for name in NEWSLETTER_FILES:
        assert (all_latest.out / "newsletter" / "2023-Q3" / name).is_file(), name
    assert all_latest.folders("reports") == {AWARD_A: ["2023-Q3"]}
    folder = all_latest.out / "reports" / AWARD_A / "2023-Q3"
    assert_report(folder)
    assert all_latest.stderr[-1] == "2023-Q3: 2 built, 0 failed"
    text = report_pdf_text(folder / "report.pdf")
    assert "July–September 2023" in text
    assert "TIP-2023-030" in text and "TIP-2023-014" not in text and "TIP-2023-040" not in text
    assert "A shelter opens its doors in Maseru" in text


# --- refusals (no build) --------------------------------------------------------


def test_reports_for_a_period_nothing_is_funded_in(report_root, run_cli, tmp_path):
    code, out, err = run_cli("reports", "--period", "2022", "--root", report_root,
                             "--out", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["error: no award has activities in 2022 (2022)"]
    assert not (tmp_path / "out").exists()
    # the kernel server started ahead of a batch is ended with the command, not at exit
    from bulletin.kernels import lifecycle

    assert lifecycle._shared is None


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_of_one_or_more(report_root, run_cli, tmp_path, jobs):
    code, _, err = run_cli("reports", "--period", "2023-Q2", "--jobs", jobs,
                           "--root", report_root, "--out", tmp_path / "out")
    assert code == 2
    assert f"'{jobs}' is not a whole number of 1 or more" in err
    assert not (tmp_path / "out").exists()


def test_all_without_stories_needs_a_period(make_root, run_cli, tmp_path):
    root = make_root({"content/stories/referral-committees.md": None,
                      "content/stories/mobile-clinic.md": None,
                      # the activity that named a story no longer has one to name
                      "content/activities.csv": "id,title,start,district,theme\n"
                                                "X-1,A meeting,2023-05-01,Maseru,tip\n"})
    code, out, err = run_cli("all", "--root", root, "--out", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["error: no stories yet: pass --period"]
    assert not (tmp_path / "out").exists()


# --- one kernel server for the workers ----------------------------------------------------------

def _processes() -> dict[int, tuple[int, str]]:
    """Every living process: pid -> (parent pid, command line)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        if fields[0] != "Z":
            found[int(stat.parent.name)] = (int(fields[1]), command)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_workers_share_one_kernel_server_and_leave_nothing_behind(report_root, tmp_path):
    """The server imports ipykernel, pandas and matplotlib once per batch: the workers get
    servers forked from it, and start none of their own."""
    import subprocess
    import sys
    import time

    from support import REPO

    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "all", "--period", "2023-Q2",
                                  "--root", report_root, "--out", tmp_path / "out", "--jobs", "2"],
                                 stdout=subprocess.DEVNULL, stderr=stderr)
    servers_of_the_build, polls_as_build, servers_of_workers, seen = set(), {}, set(), {}
    while build.poll() is None:
        processes = _processes()
        seen.update(processes)
        for pid, (parent, command) in processes.items():
            if parent == build.pid and "bulletin.kernels.server" in command:
                servers_of_the_build.add(pid)
            elif parent == build.pid and "build.py" in command:
                polls_as_build[pid] = polls_as_build.get(pid, 0) + 1
        # a worker runs build.py's command for the whole batch; a child forked to exec
        # another program (ctypes looking for a library with gcc, as WeasyPrint's import
        # does) has build.py's command only for the instant before its exec
        workers = {pid for pid, polls in polls_as_build.items() if polls >= 5}
        servers_of_workers |= {pid for pid, (parent, command) in processes.items()
                               if parent in workers and "bulletin.kernels.server" in command}
        time.sleep(0.02)
    assert build.returncode == 0, log.read_text()
    assert len(workers) == 2 and len(servers_of_the_build) == 1, (workers, servers_of_the_build)
    assert servers_of_workers == set()
    (server,) = servers_of_the_build
    started_by_it = {pid for pid, (parent, _) in seen.items() if parent == server}
    assert len(started_by_it) == 2  # one for each worker
    from support import gone_within

    assert gone_within(set(seen) & (started_by_it | servers_of_the_build), 10) == set()
