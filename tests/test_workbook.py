"""The workbook as a donor opens it (spreadsheet.write_activities with its About facts):
properties, a sheet per table, print set-up, frozen header, number formats, the About
sheet's explanations, and the same bytes from two writes. Read back with openpyxl."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from bulletin.about_sheet import About
from bulletin.payload import ActivityRow, DistrictRow, MonthRow, TypeRow
from bulletin.progress_rule import status_rule
from bulletin.results import IndicatorRow
from bulletin.spreadsheet import write_activities

ABOUT = About(office="=Office of Maseru", organisation="Migration & Co <Ltd>", award="AWD-1",
              project="A project", donor="A donor", period="April–June 2023", start=date(2023, 4, 1),
              end=date(2023, 6, 30), award_start=date(2022, 1, 1), award_end=date(2024, 12, 31),
              issued=date(2023, 7, 5))
ACTIVITIES = [  # one counted by sex, one not (12 people), one without attendance
    ActivityRow(id="A-1", title="Training", start=date(2023, 4, 3), end=date(2023, 4, 5),
                districts=["Maseru", "Berea"], type="training", people=1500, female=800, male=700,
                not_split=None),
    ActivityRow(id="A-2", title="Meeting", start=date(2023, 5, 2), end=date(2023, 5, 2),
                districts=["Maseru"], type="meeting", people=12, female=None, male=None, not_split=12),
    ActivityRow(id="A-3", title="Visit", start=date(2023, 5, 9), end=date(2023, 5, 9),
                districts=["Berea"], type="visit", people=None, female=None, male=None, not_split=None),
]
SHARED = dict(activities=1, female=800, male=700)
BREAKDOWNS = [
    ("By district", "District", [
        DistrictRow(label="Berea", district="Berea", people=1500, ids=["A-1", "A-3"], not_counted=0,
                    **{**SHARED, "activities": 2}),
        DistrictRow(label="Maseru", district="Maseru", people=1512, ids=["A-1", "A-2"], not_counted=12,
                    **{**SHARED, "activities": 2})]),
    ("By type", "Type", [TypeRow(label="training", type="training", people=1500, ids=["A-1"],
                                 not_counted=0, **SHARED)]),
    ("By month", "Month", [MonthRow(label="Apr 2023", month="2023-04", people=1500, ids=["A-1"],
                                    not_counted=0, **SHARED)]),
]


def indicator(id_, baseline, target, to_date, percent, short=False, level=True) -> IndicatorRow:
    return IndicatorRow(id=id_, level="Outcome 1: x", statement="s", unit="%", source="values",
                        measure=None, baseline=baseline, target=target, year_target=None,
                        period=to_date, to_date=to_date, percent=percent, status="behind",
                        from_baseline=level, short_of_baseline=short)


INDICATORS = [indicator("SHARE", 20, 60, 34, 0.35), indicator("LOW", 20, 60, 10, 0.0, short=True),
              indicator("KITS", 0, 40, 12.5, 0.312, level=False)]
TABLES = ["Activities", "Indicators", "By district", "By type", "By month"]


def write(path):
    return write_activities(ACTIVITIES, path, "AWD-1 activities, April–June 2023",
                            issued=date(2023, 7, 5), indicators=INDICATORS,
                            rule=status_rule(INDICATORS), breakdowns=BREAKDOWNS, about=ABOUT)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return write(tmp_path_factory.mktemp("workbook") / "activities.xlsx")


@pytest.fixture(scope="module")
def book(path):
    return load_workbook(path)


def test_author_and_company_are_the_office_not_openpyxl(book, path):
    assert book.properties.creator == "=Office of Maseru"
    assert book.properties.lastModifiedBy == "=Office of Maseru"
    app = zipfile.ZipFile(path).read("docProps/app.xml").decode()
    assert "<Company>Migration &amp; Co &lt;Ltd&gt;</Company>" in app  # escaped, still valid XML
    assert "openpyxl" not in zipfile.ZipFile(path).read("docProps/core.xml").decode()


def test_a_sheet_per_table_then_about(book):
    assert book.sheetnames == [*TABLES, "About"]
    assert book.active.title == "Activities"


@pytest.mark.parametrize("name", TABLES)
def test_every_table_prints_landscape_one_page_wide_with_its_header_on_each_page(book, name):
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert all(cell.font.b for cell in sheet[1])


def test_number_formats(book):
    activities = book["Activities"]
    assert activities["C2"].is_date and activities["C2"].number_format == "yyyy-mm-dd"
    assert (activities["G2"].value, activities["G2"].number_format) == (1500, "#,##0")
    assert activities["G4"].value is None  # not reported stays blank, not 0
    indicators = {row[1].value: row for row in book["Indicators"].iter_rows(min_row=2, max_row=4)}
    assert (indicators["SHARE"][8].value, indicators["SHARE"][8].number_format) == (0.35, "0%")
    assert indicators["LOW"][8].value == "below baseline"  # in words, never a negative share
    assert (indicators["KITS"][7].value, indicators["KITS"][7].number_format) == (12.5, "#,##0.0")
    assert indicators["KITS"][5].number_format == "#,##0"
    month = book["By month"]["A2"]
    assert month.is_date and month.value == datetime(2023, 4, 1) and month.number_format == "mmm yyyy"
    district = [c.value for c in book["By district"][3]]
    assert district == ["Maseru", 2, 1512, 800, 700, 12, "A-1, A-2"]
    assert all(c.number_format == "#,##0" for c in book["By district"][3][1:6])


def test_about_explains_the_workbook(book):
    about = book["About"]
    rows = {row[0].value: row[1] for row in about.iter_rows(min_row=2) if row[0].value}
    assert about["A1"].value == "AWD-1 activities, April–June 2023"
    assert rows["Prepared by"].value == "=Office of Maseru, Migration & Co <Ltd>"
    assert rows["Prepared by"].data_type == "s"  # text from site.yaml, never a formula
    assert rows["Award"].value == "AWD-1: A project" and rows["Donor"].value == "A donor"
    assert rows["Period"].value == "April–June 2023"
    assert rows["Issued"].value == datetime(2023, 7, 5) and rows["Issued"].number_format == "d mmmm yyyy"
    assert [k for k in rows if k.startswith("Sheet: ")] == [f"Sheet: {name}" for name in TABLES]
    assert "not reported: it is not a zero" in rows["Blank cells"].value
    assert "Participants − Female − Male" in rows["Not counted by sex"].value
    assert "counts in full" in rows["Co-funded activities"].value
    assert rows["% of target"].value == status_rule(INDICATORS)
    assert about.page_setup.orientation == "landscape"


def test_no_about_without_its_facts(tmp_path):
    book = load_workbook(write_activities(ACTIVITIES, tmp_path / "a.xlsx", "t"))
    assert book.sheetnames == ["Activities"]


def test_two_writes_with_source_date_epoch_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write(tmp_path / "one.xlsx").read_bytes()
    second = write(tmp_path / "two.xlsx").read_bytes()
    assert first == second
    core = zipfile.ZipFile(tmp_path / "one.xlsx").read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:\w+[^>]*>([^<]*)<", core) == ["2023-11-14T22:13:20Z"] * 2
