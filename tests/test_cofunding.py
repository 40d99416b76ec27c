"""Co-funded activities (issue 19, item 4): shares in the award cell, each award's
report counting its part, and every report saying so.

The sample content has one co-funded row, BRD-2023-007 (26 people, 12 women and
14 men) of SINLEC22CA0031 and SSITIP20GR0006, with no shares: counted in full in
both reports. A copy of the sample gives it shares 60/40; the small root of
tests/support.py gives its co-funded row LAB-2023-001 (20 people, 10 and 10) shares.
The builds at the end are slow (conftest.SLOW_TESTS).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, make_root_at, read, report_pdf_text, run_build, write
from openpyxl import load_workbook

from bulletin import cofunding, payload
from bulletin.check import check
from bulletin.periods import parse_period
from bulletin.award_shares import award_cell

BORDER, TIP = "SINLEC22CA0031", "SSITIP20GR0006"
CO_FUNDED = "BRD-2023-007"
SAMPLE_CELL = f"{BORDER};{TIP},training,26,12,14"
Q2 = parse_period("2023-Q2")


def sample_copy(folder: Path, cell: str | None = None) -> Path:
    """The repository's content and images in `folder`, the co-funded row's award cell
    replaced by `cell`."""
    for name in ("content", "images"):
        shutil.copytree(REPO / name, folder / name)
    if cell is not None:
        text = read(folder, "content/activities.csv")
        assert text.count(SAMPLE_CELL) == 1
        write(folder, "content/activities.csv", text.replace(SAMPLE_CELL, f"{cell},training,26,12,14"))
    return folder


def loaded(root: Path):
    project, problems = check(root)
    assert not [p for p in problems if p.is_error], problems
    return project


def row_of(rows, ident=CO_FUNDED):
    (found,) = [r for r in rows if (r["id"] if isinstance(r, dict) else r.id) == ident]
    return found


# --- the award cell -------------------------------------------------------------------

@pytest.mark.parametrize("cell, numbers, shares", [
    ("A", ("A",), ()),
    ("A;B", ("A", "B"), ()),
    ("A:60;B:40", ("A", "B"), (60.0, 40.0)),
    (" A : 60 ; B:40% ", ("A", "B"), (60.0, 40.0)),
    ("A:33.3;B:33.3;C:33.4", ("A", "B", "C"), (33.3, 33.3, 33.4)),
    ("A:100", ("A",), (100.0,)),
])
def test_the_award_cell_gives_numbers_and_shares(cell, numbers, shares):
    assert award_cell(cell) == (numbers, shares)


def test_the_sample_row_is_read_with_its_shares(tmp_path):
    plain = loaded(sample_copy(tmp_path / "plain"))
    shared = loaded(sample_copy(tmp_path / "shared", f"{BORDER}:60;{TIP}:40"))
    for project, shares in ((plain, ()), (shared, (60.0, 40.0))):
        activity = row_of([a.model_dump() for a in project.activities])
        assert activity["award"] == (BORDER, TIP)  # every reader of `award` sees numbers
        assert activity["shares"] == shares


# --- counting ---------------------------------------------------------------------------

@pytest.mark.parametrize("total, shares, parts", [
    (26, [60, 40], [16, 10]),
    (12, [60, 40], [7, 5]),
    (14, [60, 40], [8, 6]),
    (1, [50, 50], [1, 0]),  # a tie goes to the award written first
    (3, [50, 50], [2, 1]),
    (10, [33.3, 33.3, 33.4], [3, 3, 4]),
    (100, [33.3, 33.3, 33.4], [33, 33, 34]),
    (0, [60, 40], [0, 0]),
])
def test_apportion_adds_up_to_the_whole(total, shares, parts):
    assert cofunding.apportion(total, shares) == parts
    assert sum(parts) == total


def test_a_report_counts_its_share_of_the_sample_row(tmp_path):
    project = loaded(sample_copy(tmp_path, f"{BORDER}:60;{TIP}:40"))
    parts = {}
    for award, other, share in ((BORDER, TIP, 60.0), (TIP, BORDER, 40.0)):
        snap = payload.snapshot(project, Q2, award)
        row = row_of(snap.activities)
        assert (row["co_funded_with"], row["share"]) == ([other], share)
        assert row_of(snap.to_date)["participants"] == row["participants"]  # the indicators' rows too
        parts[award] = (row["participants"], row["female"], row["male"])
        assert row["female"] + row["male"] == row["participants"]
        (listed,) = [r for r in payload.activity_rows(snap.records(), award) if r.id == CO_FUNDED]
        assert (listed.people, listed.co_funded_with, listed.share) == (row["participants"], [other], share)
    assert parts[BORDER][0] == 16 and parts[TIP][0] == 10
    assert [parts[BORDER][i] + parts[TIP][i] for i in range(3)] == [26, 12, 14]
    for i, whole in ((1, 12), (2, 14)):  # each award's women and men within a person of its share
        assert abs(parts[BORDER][i] - whole * 0.6) < 1 + 1e-9 and abs(parts[TIP][i] - whole * 0.4) < 1 + 1e-9
    # the edition counts it once, in full
    assert row_of(payload.snapshot(project, Q2).activities)["participants"] == 26


def test_without_shares_both_reports_count_it_in_full_and_name_the_other(tmp_path):
    project = loaded(sample_copy(tmp_path))
    for award, other in ((BORDER, TIP), (TIP, BORDER)):
        snap = payload.snapshot(project, Q2, award)
        row = row_of(snap.activities)
        assert (row["participants"], row["female"], row["male"]) == (26, 12, 14)
        assert (row["co_funded_with"], row["share"]) == ([other], None)
        (listed,) = [r for r in payload.activity_rows(snap.records(), award) if r.id == CO_FUNDED]
        assert (listed.people, listed.co_funded_with, listed.share) == (26, [other], None)
        others = [r for r in payload.activity_rows(snap.records(), award) if r.id != CO_FUNDED]
        assert all(r.co_funded_with == [] and r.share is None for r in others)


def test_the_split_never_exceeds_the_awards_people(tmp_path):
    # 1 woman and 1 man at 50/50: rounded apart, both would go to the first award
    root = make_root_at(tmp_path / "root")
    write(root, "content/activities.csv", read(root, "content/activities.csv").replace(
        "SSITIP20GR0006;NL-MHP-2022-017,dialogue,20,10,10",
        "SSITIP20GR0006:50;NL-MHP-2022-017:50,dialogue,2,1,1"))
    project = loaded(root)
    rows = [row_of(payload.snapshot(project, Q2, a).activities, "LAB-2023-001")
            for a in ("SSITIP20GR0006", "NL-MHP-2022-017")]
    assert [(r["participants"], r["female"], r["male"]) for r in rows] == [(1, 1, 0), (1, 0, 1)]


# --- saying so ----------------------------------------------------------------------------

def rows_for(tmp_path, cell: str, award: str):
    project = loaded(sample_copy(tmp_path, cell))
    return payload.activity_rows(payload.snapshot(project, Q2, award).records(), award)


DONORS = {BORDER: "United States Department of State", TIP: "United States Department of State"}


def test_the_note_says_how_a_co_funded_activity_counts(tmp_path):
    full = cofunding.note(rows_for(tmp_path / "a", f"{BORDER};{TIP}", BORDER), DONORS, summarised=False)
    assert full == (f"1 activity is co-funded with another award: {TIP} (United States Department of "
                    f"State). {CO_FUNDED} counts in full here and in each co-funding award’s report, "
                    "so those reports count the same people too.")
    shared = cofunding.note(rows_for(tmp_path / "b", f"{BORDER}:60;{TIP}:40", TIP), DONORS, summarised=True)
    assert shared.startswith(f"1 activity is co-funded with another award: {BORDER} (United States")
    assert "1 of them counts this award’s share of the people" in shared and CO_FUNDED not in shared
    assert cofunding.described([TIP], 60.0, DONORS) == \
        f"Co-funded with {TIP} (United States Department of State), 60% counted here."
    assert cofunding.described([TIP, "X-1"], None, DONORS) == \
        f"Co-funded with {TIP} (United States Department of State), X-1, counted in full."
    assert cofunding.note([r for r in rows_for(tmp_path / "c", None, BORDER) if r.id != CO_FUNDED],
                          DONORS, summarised=False) is None


def test_the_workbook_has_the_co_funding_columns(tmp_path):
    from bulletin.spreadsheet import write_activities

    rows = rows_for(tmp_path, f"{BORDER}:60;{TIP}:40", BORDER)
    path = write_activities(rows, tmp_path / "activities.xlsx", "t", donors=DONORS)
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    table = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    row = row_of([{**r, "id": r["ID"]} for r in table])
    assert (row["Participants"], row["Co-funded with"], row["Share (%)"]) == \
        (16, f"{TIP} (United States Department of State)", 60)
    assert all(r["Co-funded with"] is None and r["Share (%)"] is None
               for r in table if r["ID"] not in (CO_FUNDED, "Total"))


# --- end to end (slow) -----------------------------------------------------------------------

AWARD_TIP, AWARD_NL = "SSITIP20GR0006", "NL-MHP-2022-017"


@pytest.fixture(scope="module")
def shared_reports(tmp_path_factory):
    """Both awards' reports of the small root, its co-funded row given shares 70/30."""
    root = make_root_at(tmp_path_factory.mktemp("cofund") / "root")
    text = read(root, "content/activities.csv")
    write(root, "content/activities.csv", text.replace(
        f"{AWARD_TIP};{AWARD_NL},dialogue,20,10,10", f"{AWARD_TIP}:70;{AWARD_NL}:30,dialogue,20,10,10"))
    out = tmp_path_factory.mktemp("cofund-out")
    done = run_build("reports", "--period", "2023-Q2", "--root", root, "--out", out, "--issued", "2023-07-15")
    assert done.returncode == 0, done.stderr
    return {award: out / "reports" / award / "2023-Q2" for award in (AWARD_TIP, AWARD_NL)}


@pytest.mark.parametrize("award, other, donor, share, people", [
    (AWARD_TIP, AWARD_NL, "Government of the Netherlands", "70%", 14),
    (AWARD_NL, AWARD_TIP, "United States Department of State", "30%", 6),
])
def test_report_says_the_activity_is_co_funded(shared_reports, award, other, donor, share, people):
    folder = shared_reports[award]
    text = report_pdf_text(folder / "report.pdf")
    assert (f"1 activity is co-funded with another award: {other} ({donor}). "
            f"LAB-2023-001 ({share}) counts this award’s share of the people") in text
    assert f"Co-funded with {other} ({donor}), {share} counted here." in text
    sheet = load_workbook(folder / "activities.xlsx").worksheets[0]
    header = [c.value for c in sheet[1]]
    (row,) = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=2)
              if r[0].value == "LAB-2023-001"]
    assert (row["Participants"], row["Co-funded with"], row["Share (%)"]) == (people, f"{other} ({donor})",
                                                                           int(share[:-1]))
    assert row["Female"] + row["Male"] == people
