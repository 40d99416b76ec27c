"""The activities annex as .xlsx: `spreadsheet.write_activities`, and the file a report ships.

Text that starts like a formula (= + - @) comes from many hands and must stay
text: a cell of type "s" and no <f> element anywhere in the sheet's XML.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from bulletin.activities import read_activities
from bulletin.spreadsheet import write_activities

HEADER = ["ID", "Activity", "Start", "End", "Districts", "Type", "Participants", "Female", "Male",
          "Co-funded with", "Share (%)"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FORMULA_TITLES = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=1+1"]

# id, title, start, end, district, type, participants, female, male
ROWS = [
    ("X-1", FORMULA_TITLES[0], "2023-04-03", "2023-04-05", "Maseru", "training", "30", "18", "12"),
    ("X-2", FORMULA_TITLES[1], "2023-04-20", "", "Leribe;Maseru", "workshop", "25", "", ""),
    ("X-3", FORMULA_TITLES[2], "2023-05-02", "2023-05-03", "Leribe", "training", "", "7", "5"),
    ("X-4", FORMULA_TITLES[3], "2023-05-15", "", "Berea", "", "", "", ""),
    ("X-5", FORMULA_TITLES[4], "2023-05-20", "", "Maseru", "visit", "10", "4", "6"),
    ("X-6", "An ordinary title", "2023-06-01", "", "Maseru", "visit", "1234", "600", "634"),
]
# Participants are the people reached: X-3 gives only the split, so 7 + 5 = 12.
# By hand: participants 30 + 25 + 12 + 10 + 1234 = 1311; female 18 + 7 + 4 + 600 = 629;
# male 12 + 5 + 6 + 634 = 657 (blank cells count as nothing).
PEOPLE = ["30", "25", "12", "", "10", "1234"]
TOTALS = [1311, 629, 657]


def activities(tmp_path):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "start", "end", "district", "theme", "type",
                     "participants", "female", "male"])
    for row in ROWS:
        writer.writerow([*row[:5], "tip", *row[5:]])
    path = tmp_path / "activities.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    records, _, problems = read_activities(path, "activities.csv")
    assert problems == []
    return [a.model_copy(update={"districts": a.district}) for a in records]


@pytest.fixture
def workbook_path(tmp_path):
    return write_activities(activities(tmp_path), tmp_path / "out" / "activities.xlsx",
                            "Test activities")


@pytest.fixture
def sheet(workbook_path):
    return load_workbook(workbook_path).worksheets[0]


def sheet_xml(path) -> ET.Element:
    with zipfile.ZipFile(path) as book:
        return ET.fromstring(book.read("xl/worksheets/sheet1.xml"))


def test_header_is_bold_filled_and_frozen(sheet, workbook_path):
    assert [c.value for c in sheet[1]] == HEADER
    for cell in sheet[1]:
        assert cell.font.b, cell.coordinate
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.endswith("0B4F8A")
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Activities"
    assert load_workbook(workbook_path).properties.title == "Test activities"


def test_one_row_per_activity_in_order(sheet):
    assert sheet.max_row == 1 + len(ROWS) + 1  # header, rows, totals
    assert [sheet.cell(r, 1).value for r in range(2, 2 + len(ROWS))] == [r[0] for r in ROWS]
    assert sheet["E3"].value == "Leribe; Maseru"
    assert sheet["F5"].value is None  # no type given


def test_dates_are_real_dates(sheet):
    for r, row in enumerate(ROWS, start=2):
        start, end = sheet.cell(r, 3), sheet.cell(r, 4)
        for cell in (start, end):
            assert cell.is_date and isinstance(cell.value, (date, datetime)), cell.coordinate
            assert "yy" in cell.number_format and "d" in cell.number_format
        assert start.value.date() == date.fromisoformat(row[2])
        # a one-day activity ends when it starts
        assert end.value.date() == date.fromisoformat(row[3] or row[2])


def test_counts_are_whole_numbers(sheet):
    for r, (row, people) in enumerate(zip(ROWS, PEOPLE), start=2):
        for c, text in zip((7, 8, 9), (people, *row[7:])):
            cell = sheet.cell(r, c)
            if text:
                assert type(cell.value) is int and cell.value == int(text), cell.coordinate
                assert cell.data_type == "n"
            else:
                assert cell.value is None, cell.coordinate


def test_totals_row(sheet):
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[:2] == ["Total", f"{len(ROWS)} activities"]
    assert last[6:9] == TOTALS
    assert all(type(v) is int for v in last[6:9])
    assert last[9:] == [None, None]  # co-funded with, share
    assert all(c.font.b for c in sheet[sheet.max_row])


def test_formula_like_titles_stay_text(sheet, workbook_path):
    titles = [sheet.cell(r, 2) for r in range(2, 2 + len(FORMULA_TITLES))]
    assert [c.value for c in titles] == FORMULA_TITLES
    for cell in titles:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        # and marked so that Excel keeps it text when someone edits the cell
        assert cell.quotePrefix, cell.coordinate
    assert not sheet["B7"].quotePrefix  # the ordinary title
    xml = sheet_xml(workbook_path)
    assert xml.findall(f".//{MAIN}f") == []
    assert b"<f>" not in zipfile.ZipFile(workbook_path).read("xl/worksheets/sheet1.xml")


def test_formula_like_titles_stay_text_even_when_read_back_as_data(workbook_path):
    # data_only=True returns cached values: a formula would come back empty
    sheet = load_workbook(workbook_path, data_only=True).worksheets[0]
    assert [sheet.cell(r, 2).value for r in range(2, 2 + len(FORMULA_TITLES))] == FORMULA_TITLES


# --- the report's own activities.xlsx -----------------------------------------


# Award A's five activities in 2023-Q2, in file order (conftest REPORT_ACTIVITIES).
# by date: LAB-2023-001 (5 June) before TIP-2023-022 (14 June)
REPORT_IDS = ["TIP-2023-014", "TIP-2023-020", "TIP-2023-021", "LAB-2023-001", "TIP-2023-022"]


@pytest.fixture(scope="module")
def report_xlsx(report_build):
    assert report_build.result.returncode == 0, report_build.result.stderr
    return report_build.folder / "activities.xlsx"


def test_report_spreadsheet(report_xlsx):
    book = load_workbook(report_xlsx)
    sheet = book.worksheets[0]
    assert book.properties.title == "SSITIP20GR0006 activities, April–June 2023"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows[:-1]] == REPORT_IDS
    # TIP-2023-021: two districts, the gazetteer's names; 30 May to 1 June
    tip21 = rows[2]
    assert tip21[4] == "Maseru; Qacha's Nek"
    assert (tip21[2], tip21[3]) == (datetime(2023, 5, 30), datetime(2023, 6, 1))
    assert sheet["C2"].is_date and sheet["D6"].is_date
    # participants (people reached) 27 + 40 + 20 + (6 + 3) = 96, as the report's figure;
    # female 15 + 10 + 6 = 31; male 12 + 10 + 3 = 25
    assert rows[-1] == ["Total", "5 activities", None, None, None, None, 96, 31, 25, None, None]
    # LAB-2023-001 is co-funded, without shares: counted in full, and said so
    (lab,) = [r for r in rows if r[0] == "LAB-2023-001"]
    assert lab[6:] == [20, 10, 10, "NL-MHP-2022-017 (Government of the Netherlands)", "in full"]
    assert all(r[9:] == [None, None] for r in rows if r[0] != "LAB-2023-001")


def test_report_spreadsheet_keeps_a_formula_title_as_text(report_xlsx):
    sheet = load_workbook(report_xlsx).worksheets[0]
    cell = sheet["B4"]
    assert sheet["A4"].value == "TIP-2023-021"
    assert cell.value == '=HYPERLINK("http://example.org","click")'
    assert cell.data_type == "s"
    assert sheet_xml(report_xlsx).findall(f".//{MAIN}f") == []


def test_report_workbook_is_the_offices_with_a_sheet_per_table_and_about(report_xlsx, report_build):
    import yaml

    site = yaml.safe_load((report_build.root / "content" / "site.yaml").read_text(encoding="utf-8"))
    book = load_workbook(report_xlsx)
    assert book.properties.creator == site["office"]
    app = zipfile.ZipFile(report_xlsx).read("docProps/app.xml").decode()
    assert f"<Company>{site['organisation']}</Company>" in app
    assert book.sheetnames[0] == "Activities" and book.sheetnames[-1] == "About"
    assert {"By district", "By type", "By month"} <= set(book.sheetnames)
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2) if row[0].value}
    assert about["Period"] == "April–June 2023"
    assert about["from"] == datetime(2023, 4, 1) and about["Award"].startswith("SSITIP20GR0006: ")
