"""content/sources.yaml: activity records from Kobo/ODK exports, CSV files and databases.

A tiny root whose four activities (support.ACTIVITIES) come from two sources: a
KoboToolbox-style export (`group/field` headers, `_uuid`, codes) and a CSV of
our own column names. Each bad-input test plants one mistake and reads the
exact line `check` prints; the sample comparison (second sample root,
tests/kobo_root.py) is at the end.
"""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).parent))
from kobo_root import REPO, make_kobo_root  # noqa: E402
from support import ACTIVITIES, STORY_CLINIC  # noqa: E402

CSV = "content/activities.csv"
SOURCES = "content/sources.yaml"
EXPORT = "content/kobo/log.xlsx"
MORE = "content/more.csv"
KOBO_HEADER = ["start", "activity/code", "activity/title", "activity/date_start", "activity/date_end",
               "location/district", "activity/theme", "funding/award", "activity/type", "attendance/total",
               "attendance/female", "attendance/male", "activity/partners", "activity/story", "_uuid",
               "_submission_time", "_index"]
UUID_1, UUID_2 = "a1b2c3d4-0001-4c43-9a51-5d1f0b7e0001", "a1b2c3d4-0002-4c43-9a51-5d1f0b7e0002"
KOBO_ROWS = [
    [datetime(2023, 4, 27, 8, 5), "TIP-2023-014", "Referral committee training", date(2023, 4, 24),
     date(2023, 4, 26), "Thaba-Tseka", "ct", "SSITIP20GR0006", "training", 27, 15, 12,
     "Ministry of Home Affairs;Department of Social Development", "referral-committees", UUID_1,
     datetime(2023, 4, 27, 9, 0), 1],
    [datetime(2023, 5, 13, 7, 0), "HLT-2023-003", "Mobile clinic outreach", date(2023, 5, 8), date(2023, 5, 12),
     "Qachas Nek", "mh", "NL-MHP-2022-017", "screening", 412, 251, 161, "Ministry of Health", None, UUID_2,
     datetime(2023, 5, 13, 9, 0), 2],
]
SPEC = """\
activities:
  - file: kobo/log.xlsx
    sheet: log
    columns:
      id: activity/code
      title: activity/title
      start: activity/date_start
      end: activity/date_end
      district: location/district
      theme: activity/theme
      award: funding/award
      type: activity/type
      participants: attendance/total
      female: attendance/female
      male: attendance/male
      partners: activity/partners
      story: activity/story
    values:
      theme: {ct: tip, mh: health}
  - file: more.csv
"""
MORE_CSV = "\n".join([ACTIVITIES.splitlines()[0], *ACTIVITIES.splitlines()[3:]]) + "\n"


def workbook(sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for ref in (merged or {}).get(title, []):
            sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sources_root(make_root, files: dict | None = None, rows: list[list] | None = None, spec: str = SPEC,
                 **more):
    return make_root({CSV: None, SOURCES: spec, MORE: MORE_CSV,
                      EXPORT: workbook({"log": [KOBO_HEADER, *(KOBO_ROWS if rows is None else rows)]}),
                      **(files or {})}, **more)


def errors_of(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


def warnings_of(lines: list[str]) -> list[str]:
    return [line for line in lines if ": warning: " in line]


def test_two_sources_read_as_the_csv_reads_them(make_root, check_root):
    from bulletin.project import load_project

    root = sources_root(make_root)
    code, lines, _ = check_root(root)
    assert code == 0 and errors_of(lines) == [] and warnings_of(lines) == [], lines
    read, _ = load_project(root)
    plain, _ = load_project(make_root())
    strip = lambda a: a.model_dump(exclude={"line", "origin", "uuid"})  # noqa: E731
    assert list(map(strip, read.activities)) == list(map(strip, plain.activities))
    assert [(a.origin, a.line, a.uuid) for a in read.activities] == [
        ("content/kobo/log.xlsx:log", 2, UUID_1), ("content/kobo/log.xlsx:log", 3, UUID_2),
        ("content/more.csv", 2, ""), ("content/more.csv", 3, "")]


def test_an_id_in_two_sources_names_both_places(make_root, check_root):
    more = MORE_CSV.replace("TIP-2023-015", "TIP-2023-014")
    code, lines, _ = check_root(sources_root(make_root, {MORE: more}))
    assert code == 1
    assert errors_of(lines) == [
        "content/more.csv:2: error: activity id 'TIP-2023-014' is also in content/kobo/log.xlsx:log:2 "
        f"(_uuid {UUID_1}); an id names one activity: keep it in one source, or give one of them another id"]


def test_a_mapped_column_missing_from_its_source_suggests_its_headers(make_root, check_root):
    spec = SPEC.replace("title: activity/title", "title: activity/titel")
    code, lines, _ = check_root(sources_root(make_root, spec=spec))
    assert code == 1
    assert errors_of(lines) == [
        "content/kobo/log.xlsx:log:1: error: column 'activity/titel' (our 'title', content/sources.yaml:2) "
        "is not in this source; did you mean 'activity/title'?"]


def test_a_code_without_a_mapping_suggests_the_mapped_ones(make_root, check_root):
    rows = [list(r) for r in KOBO_ROWS]
    rows[1][6] = "mhh"
    code, lines, _ = check_root(sources_root(make_root, rows=rows))
    assert code == 1
    assert errors_of(lines) == [
        "content/kobo/log.xlsx:log:3: error: 'mhh' in column 'activity/theme' has no mapping in values.theme "
        f"(content/sources.yaml:2); did you mean 'mh'? (_uuid {UUID_2})"]


def test_a_blank_under_merged_cells_names_the_range(make_root, check_root):
    rows = [list(r) for r in KOBO_ROWS]
    rows[1][7] = None  # the award, merged over both rows: only F2's value is in the file
    export = workbook({"log": [KOBO_HEADER, *rows]}, {"log": ["H2:H3"]})
    code, lines, _ = check_root(sources_root(make_root, {EXPORT: export}))
    assert code == 1
    assert errors_of(lines) == [
        "content/kobo/log.xlsx:log:3: error: column 'funding/award' is blank in rows 3, under the merged "
        "cells H2:H3: only H2 holds the value; unmerge the cells and fill the value into each row "
        f"(_uuid {UUID_2})"]


def test_a_blank_under_merged_cells_in_activities_xlsx(make_root, check_root):
    header = ACTIVITIES.splitlines()[0].split(",")
    rows = [line.split(",") for line in ACTIVITIES.splitlines()[1:3]]
    rows[1][5] = None  # theme
    rows[0][5] = "tip"
    code, lines, _ = check_root(make_root({CSV: None, "content/activities.xlsx": workbook(
        {"Sheet": [header, *rows]}, {"Sheet": ["F2:F3"]})}))
    assert code == 1
    assert "content/activities.xlsx:3: error: column 'theme' is blank in rows 3, under the merged cells " \
           "F2:F3: only F2 holds the value; unmerge the cells and fill the value into each row" in lines


def test_a_date_time_is_read_as_its_date_with_a_warning_naming_the_cell(make_root, check_root):
    from bulletin.project import load_project

    header = ACTIVITIES.splitlines()[0].split(",")
    rows = [line.split(",") for line in ACTIVITIES.splitlines()[1:]]
    rows[0][2] = datetime(2023, 4, 24, 9, 30)  # typed with its time in Excel
    rows[1][2] = datetime(2023, 5, 8)  # a date-time cell at midnight: a date, nothing to say
    root = make_root({CSV: None, "content/activities.xlsx": workbook({"Sheet": [header, *rows]})})
    code, lines, _ = check_root(root)
    assert code == 0
    assert warnings_of(lines) == [
        "content/activities.xlsx:2: warning: column 'start' holds a date and time (2023-04-24 09:30) in cell "
        "C2; read as the date 2023-04-24, the time of day is dropped"]
    project, _ = load_project(root)
    assert [a.start for a in project.activities][:2] == [date(2023, 4, 24), date(2023, 5, 8)]


def test_a_date_time_in_a_csv_source_is_read_as_its_date(make_root, check_root):
    more = MORE_CSV.replace("2023-05-16", "2023-05-16 14:45")
    code, lines, _ = check_root(sources_root(make_root, {MORE: more}))
    assert code == 0
    assert warnings_of(lines) == [
        "content/more.csv:2: warning: column 'start' holds a date and time (2023-05-16 14:45); read as the "
        "date 2023-05-16, the time of day is dropped"]


def test_a_formula_without_a_saved_value_in_a_source(make_root, check_root):
    rows = [list(r) for r in KOBO_ROWS]
    rows[0][9] = "=15+12"
    code, lines, _ = check_root(sources_root(make_root, rows=rows))
    assert code == 1
    assert errors_of(lines) == [
        "content/kobo/log.xlsx:log:2: error: column 'attendance/total' holds a formula (=15+12) without a "
        "saved value; open the file in Excel or LibreOffice and save it, or type the value "
        f"(_uuid {UUID_1})"]


def test_a_row_problem_carries_its_source_row_and_uuid(make_root, check_root):
    rows = [list(r) for r in KOBO_ROWS]
    rows[1][5] = "Qachas Nekk"
    code, lines, _ = check_root(sources_root(make_root, rows=rows))
    assert code == 1
    assert errors_of(lines) == [
        "content/kobo/log.xlsx:log:3: error: unknown place 'Qachas Nekk'; did you mean 'Qacha's Nek'? "
        f"(_uuid {UUID_2})"]


def test_an_unreachable_database_is_one_line_with_its_password_masked(make_root, check_root):
    spec = SPEC + ("  - url: postgresql+psycopg://reader:Pw-778@127.0.0.1:1/me\n"
                   "    query: SELECT * FROM activity_log\n")
    pytest.importorskip("psycopg")
    code, lines, out = check_root(sources_root(make_root, spec=spec))
    assert code == 1
    errors = errors_of(lines)
    assert len(errors) == 1 and errors[0].startswith(
        "postgresql+psycopg://reader:***@127.0.0.1:1/me: error: cannot read the database: "), lines
    assert "Pw-778" not in "\n".join(lines) + out and "Traceback" not in "\n".join(lines)


def test_a_missing_database_file_stops_the_build_and_nothing_is_published(make_root, run_cli, tmp_path):
    spec = SPEC + "  - url: sqlite:///content/record.db\n    query: SELECT * FROM log\n"
    root = sources_root(make_root, spec=spec, **{"content/records.db": b""})
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("report", "--award", "SSITIP20GR0006", "--period", "2023-Q2",
                                   "--root", root, "--out", out)
    assert code == 1
    assert errors_of(stderr.splitlines()) == [
        "sqlite:///content/record.db: error: no database file content/record.db; did you mean 'records.db'?"]
    assert stdout == "" and not (out / "reports").exists()
    assert not (root / "content" / "record.db").exists()  # SQLite was not left to create it


@pytest.mark.parametrize("entry, expected", [
    ("  - file: ../secret.csv\n",
     "content/sources.yaml:2: error: 'file' '../secret.csv' must be a path under content/ "
     "(kobo/activity_log.xlsx for content/kobo/activity_log.xlsx)"),
    ("  - file: mor.csv\n",
     "content/sources.yaml:2: error: 'file' 'mor.csv' not found in content/; did you mean 'more.csv'?"),
    ("  - file: more.csv\n    columns: {titel: title}\n",
     "content/sources.yaml:3: error: 'columns.titel' is not one of our columns; did you mean 'title'?"),
    ("  - url: sqlite:///content/x.db\n",
     "content/sources.yaml:2: error: a 'url' needs a 'query' (SELECT ... FROM ...)"),
    ("  - file: more.csv\n    url: sqlite:///content/x.db\n    query: SELECT 1\n",
     "content/sources.yaml:2: error: each source needs either 'file' (under content/) or 'url' with a "
     "'query', not both"),
], ids=["escapes-content", "not-found", "not-our-column", "no-query", "both"])
def test_a_wrong_source_entry_is_named_with_its_line(make_root, check_root, entry, expected):
    code, lines, _ = check_root(make_root({CSV: None, MORE: MORE_CSV, SOURCES: "activities:\n" + entry}))
    assert code == 1
    assert expected in errors_of(lines), lines


def test_an_unknown_key_of_a_source_is_a_warning_with_did_you_mean(make_root, check_root):
    code, lines, _ = check_root(make_root({CSV: None, MORE: ACTIVITIES, SOURCES: "activities:\n  - file: more.csv\n"
                                                                               "    colums: {}\n"}))
    assert code == 0, lines
    assert warnings_of(lines) == [
        "content/sources.yaml:3: warning: unknown key 'activities[0].colums'; did you mean 'columns'?"]


def test_select_multiple_choice_columns_and_a_repeat_group(make_root, check_root):
    """Districts as one 0/1 column per choice; participants summed from a repeat of days."""
    from bulletin.project import load_project

    header = ["activity/code", "activity/title", "activity/date_start", "activity/theme",
              "location/districts/maputsoe", "location/districts/roma", "location/districts/maseru",
              "_uuid", "_index"]
    main = [header, ["TIP-2023-015", "School awareness sessions", date(2023, 5, 16), "tip", 1, 1, 0, UUID_1, 1],
            ["LAB-2023-001", "Joint dialogue", date(2023, 6, 5), "labour", 0, 0, 1, UUID_2, 2]]
    days = [["days/attendees", "days/female", "_index", "_parent_index"], [120, 60, 1, 1], [110, 50, 2, 1],
            [20, None, 3, 2]]
    spec = """\
activities:
  - file: kobo/log.xlsx
    columns: {id: activity/code, title: activity/title, start: activity/date_start, theme: activity/theme,
              district: location/districts, participants: days/attendees}
    values:
      district: {maputsoe: Maputsoe, roma: Roma, maseru: Maseru}
"""
    root = make_root({CSV: None, SOURCES: spec, EXPORT: workbook({"log": main, "days": days}),
                      "content/stories/mobile-clinic.md": STORY_CLINIC.replace("activities: [HLT-2023-003]\n", ""),
                      "content/stories/referral-committees.md": None})
    code, lines, _ = check_root(root)
    assert errors_of(lines) == [], lines
    project, _ = load_project(root)
    assert [(a.id, a.district, a.participants) for a in project.activities] == [
        ("TIP-2023-015", ("Maputsoe", "Roma"), 230), ("LAB-2023-001", ("Maseru",), 20)]


def test_a_database_is_fingerprinted_by_its_rows_not_its_bytes(make_root):
    from bulletin.manifest import Hasher, common_inputs
    from bulletin.project import load_project

    spec = SPEC.replace("  - file: more.csv\n", "  - url: sqlite:///content/more.db\n"
                                                "    query: SELECT * FROM log ORDER BY id DESC\n")
    root = sources_root(make_root, spec=spec)
    db = root / "content" / "more.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE log (id TEXT, title TEXT, start TEXT, district TEXT, theme TEXT, "
                           "award TEXT, participants INTEGER)")
        connection.execute("INSERT INTO log VALUES ('LAB-2023-001', 'Joint dialogue', '2023-06-05', "
                           "'Maseru Bridge', 'labour', 'SSITIP20GR0006', 20)")
    connection.close()

    def inputs():
        project, problems = load_project(root)
        assert [p for p in problems if p.is_error] == []
        return common_inputs(project, Hasher(), "report")

    first = inputs()
    assert "content/more.db" not in first and "source:sqlite:///content/more.db" in first
    with sqlite3.connect(db) as connection:
        connection.execute("VACUUM")  # new bytes, the same rows
    connection.close()
    assert inputs() == first
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE log SET participants = 21")
    connection.close()
    assert inputs()["source:sqlite:///content/more.db"] != first["source:sqlite:///content/more.db"]


# --- the second sample root: a Kobo export and a SQLite database --------------------------------

def test_the_kobo_sample_reads_the_csv_samples_activities(tmp_path, check_root):
    from bulletin.activities import frame
    from bulletin.figures import key_figures
    from bulletin.periods import parse_period
    from bulletin.project import load_project

    root = make_kobo_root(tmp_path / "kobo")
    code, lines, _ = check_root(root)
    assert code == 0 and lines[:-1] == [], lines
    kobo, _ = load_project(root)
    sample, _ = load_project(REPO)
    strip = lambda a: a.model_dump(exclude={"line", "origin", "uuid"})  # noqa: E731
    assert sorted(map(strip, kobo.activities), key=lambda a: a["id"]) == \
        sorted(map(strip, sample.activities), key=lambda a: a["id"])
    assert {a.origin for a in kobo.activities} == {"content/kobo/activity_log.xlsx:activity_log",
                                                   "sqlite:///content/records.db"}
    for label in ("2023-Q2", "2023-Q3"):
        period = parse_period(label)
        for award in sample.awards:
            ours, theirs = kobo.activities_in(period, award), sample.activities_in(period, award)
            assert [a.id for a in ours] == [a.id for a in theirs]
            if theirs:
                assert key_figures(frame(ours)) == key_figures(frame(theirs))


def _sheets(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cells, without the review copy's "Read from" column."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        if rows and rows[0] and rows[0][-1] == "Read from":
            rows = [row[:-1] for row in rows]
        found[sheet.title] = rows
    return found


def test_the_kobo_samples_reports_equal_the_csv_samples(tmp_path, monkeypatch):
    """Figure for figure: the donor copies are the same files, byte for byte; the review
    copy's workbook holds the same cells beside its column saying where each row was read."""
    from support import run_build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    kobo = make_kobo_root(tmp_path / "kobo")
    builds = {}
    for name, root in (("csv", REPO), ("kobo", kobo)):
        for award, copies in (("SSITIP20GR0006", ((), ("--final",))), ("SINLEC22CA0031", (("--final",),))):
            for extra in copies:
                out = tmp_path / name / ("final" if extra else "review")
                done = run_build("report", "--award", award, "--period", "2023-Q2", "--issued", "2023-07-10",
                                 "--root", root, "--out", out, *extra)
                assert done.returncode == 0, done.stderr
                builds[name, award, bool(extra)] = out / "reports" / award / "2023-Q2"
    for award in ("SSITIP20GR0006", "SINLEC22CA0031"):
        for file in ("report.html", "report.pdf", "activities.xlsx", "report.docx"):
            assert (builds["kobo", award, True] / file).read_bytes() == \
                (builds["csv", award, True] / file).read_bytes(), (award, file)
    review = {name: builds[name, "SSITIP20GR0006", False] for name in ("csv", "kobo")}
    assert _sheets(review["kobo"] / "activities.xlsx") == _sheets(review["csv"] / "activities.xlsx")
    read_from = [row[-1] for row in _sheets_raw(review["kobo"] / "activities.xlsx")[1:-1]]
    assert read_from[0] == "content/kobo/activity_log.xlsx:activity_log:2 (_uuid 5d1f0001-0b7e-4c43-9a51-000000000001)"
    assert "sqlite:///content/records.db:6" in read_from
    text = (review["kobo"] / "report.html").read_text(encoding="utf-8")
    assert "Where each activity was read" in text and "5d1f0001-0b7e-4c43-9a51-000000000001" in text
    assert "Where each activity was read" not in (review["csv"] / "report.html").read_text(encoding="utf-8")
    # the donor copy names no source, row or _uuid in any of its files (the notebook's included)
    for path in (p for p in builds["kobo", "SSITIP20GR0006", True].rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert b"activity_log" not in data and b"records.db" not in data and b"5d1f0001" not in data, path


def _sheets_raw(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_a_kobo_csv_export_with_semicolons_is_read_as_it_comes(make_root, check_root):
    from bulletin.project import load_project

    export = ("start;end;activity/code;activity/title;activity/date_start;location/district;activity/theme;"
              "funding/award;attendance/female;attendance/male;_uuid;_submission_time;_index\n"
              "2023-06-20T08:01:00.000+02:00;2023-06-20T08:09:00.000+02:00;LAB-2023-001;Joint dialogue;"
              "2023-06-05;Maseru Bridge;lm;SSITIP20GR0006;10;10;" + UUID_1 + ";2023-06-20T06:10:00;1\n")
    spec = """\
activities:
  - file: kobo/log.csv
    columns: {id: activity/code, title: activity/title, start: activity/date_start,
              district: location/district, theme: activity/theme, award: funding/award,
              female: attendance/female, male: attendance/male}
    values: {theme: {lm: labour}}
"""
    root = make_root({CSV: None, SOURCES: spec, "content/kobo/log.csv": export,
                      "content/stories/mobile-clinic.md": STORY_CLINIC.replace("activities: [HLT-2023-003]\n", ""),
                      "content/stories/referral-committees.md": None})
    code, lines, _ = check_root(root)
    assert code == 0 and warnings_of(lines) == [], lines
    project, _ = load_project(root)
    # the form's own start (2023-06-20) is not the activity's; people are female + male
    assert [(a.id, a.start, a.theme, a.people, a.uuid) for a in project.activities] == [
        ("LAB-2023-001", date(2023, 6, 5), "labour", 20, UUID_1)]


def test_activities_csv_beside_sources_yaml_is_said_to_be_unread(make_root, check_root):
    code, lines, _ = check_root(sources_root(make_root, {CSV: ACTIVITIES}))
    assert code == 0
    assert warnings_of(lines) == [
        "content/activities.csv: warning: not read: content/sources.yaml lists where the activity records "
        "come from; add it there (- file: activities.csv) or remove it"]


def test_sources_yaml_that_is_not_yaml_is_one_error(make_root, check_root):
    code, lines, _ = check_root(sources_root(make_root, spec="activities: [file: x\n"))
    assert code == 1
    assert len(errors_of(lines)) == 1 and errors_of(lines)[0].startswith("content/sources.yaml:"), lines


@pytest.mark.parametrize("column, days_header, expected", [
    ("title: days/topic", ["days/topic", "_index", "_parent_index"],
     "content/kobo/log.xlsx:days:1: error: column 'days/topic' is on a repeat group's sheet: only a count "
     "(female, male, participants) can be summed from it"),
    ("participants: days/attendees", ["days/attendees", "_index"],
     "content/kobo/log.xlsx:days:1: error: column 'days/attendees' is on another sheet, without "
     "_parent_index to join it to its submission"),
], ids=["not-a-count", "no-parent-index"])
def test_a_repeat_group_that_cannot_be_summed_is_named(make_root, check_root, column, days_header, expected):
    spec = SPEC.replace("participants: attendance/total", column.replace("title:", "participants:")) \
        if column.startswith("participants") else SPEC.replace("title: activity/title", column)
    export = workbook({"log": [KOBO_HEADER, *KOBO_ROWS], "days": [days_header, ["x", 1, 1][:len(days_header)]]})
    code, lines, _ = check_root(sources_root(make_root, {EXPORT: export}, spec=spec))
    assert code == 1
    assert errors_of(lines) == [expected], lines


def test_a_required_column_no_source_column_gives_is_named(make_root, check_root):
    more = ACTIVITIES.replace("title,", "titel,", 1)
    code, lines, _ = check_root(make_root({CSV: None, MORE: more, SOURCES: "activities:\n  - file: more.csv\n"}))
    assert code == 1
    assert errors_of(lines) == [
        "content/more.csv:1: error: no column gives our required 'title': name the source's under 'columns:' "
        "(content/sources.yaml:2), as title: COLUMN; did you mean 'titel'?"]


@pytest.mark.parametrize("entry, server", [
    ("  - url: postgresql://reader@db.example.org/me\n    query: SELECT 1\n", True),
    ("  - url: 'mysql+pymysql://reader@db/me'\n    query: SELECT 1\n", True),
    ("  - {url: postgresql://reader@db/me, query: SELECT 1}\n", True),
    ("  - url: sqlite:///content/records.db\n    query: SELECT 1\n", False),
    ("  - file: more.csv\n", False),
])
def test_a_database_server_is_never_replayed_from_the_stamp(tmp_path, entry, server):
    """Its rows can change with no file of the root touched (stamp.py sees only files)."""
    from bulletin import stamp

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sources.yaml").write_text("activities:\n" + entry, encoding="utf-8")
    assert stamp.database_server(tmp_path) is server
    assert stamp.database_server(tmp_path / "elsewhere") is False


def test_an_unchanged_database_is_not_built_again(tmp_path, run_cli):
    """The SQLite file rewritten with the same rows (VACUUM): up to date; a row changed:
    its award's report is built again."""
    root = make_kobo_root(tmp_path / "kobo")
    out = tmp_path / "out"
    args = ("report", "--award", "SINLEC22CA0031", "--period", "2023-Q2", "--issued", "2023-07-10",
            "--root", root, "--out", out)
    code, _, err = run_cli(*args)
    assert code == 0, err
    with sqlite3.connect(root / "content" / "records.db") as db:
        db.execute("VACUUM")
    db.close()
    code, _, err = run_cli(*args)
    assert code == 0 and f"up to date: {out / 'reports' / 'SINLEC22CA0031' / '2023-Q2'}" in err, err
    with sqlite3.connect(root / "content" / "records.db") as db:
        db.execute("UPDATE activity_log SET participants = 31 WHERE code = 'BRD-2023-005'")
    db.close()
    code, _, err = run_cli(*args)
    assert code == 0 and "up to date" not in err, err
    from openpyxl import load_workbook

    rows = load_workbook(out / "reports" / "SINLEC22CA0031" / "2023-Q2" / "activities.xlsx").active
    assert any(row[0] == "BRD-2023-005" and row[6] == 31 for row in rows.iter_rows(values_only=True))
