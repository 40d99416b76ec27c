"""A report for an award with more activities than a report lists (report.LISTED_ACTIVITIES).

A generated root (benchmarks/generate.py) with one award and about twice that many activities
in 2023-Q3, built once with `build.py report`. The PDF and the web page sum the activities up
by district, type and month instead of listing them, say that the workbook lists every one,
and name no activity in the sources annex, an indicator's included; every row and total of the
summary tables is checked against the workbook's own rows, read back with openpyxl.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from support import REPO, pdf_page_texts, pdf_pages, report_pdf_text, run_build

# benchmarks/generate.py, as test_generate loads it: benchmarks/ is no package
_spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
_generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generate)
generate = _generate.generate

PERIOD = "2023-Q3"
# One indicator that counts every activity of the award: more than a report lists.
FRAMEWORK = """\
award: {award}
outcomes:
  - id: "1"
    statement: Border agencies screen travellers
    indicators:
      - id: BRD-1a
        statement: Activities held with border agencies
        unit: activities
        target: 1000
        measure: activities
"""
HEADER = "Activities People Women Men Not counted by sex"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from bulletin.check import load_checked
    from bulletin.periods import parse_period
    from bulletin.report import LISTED_ACTIVITIES

    # 160 rows with one award put about three in four of them in the period: twice the limit,
    # and a build of seconds
    root = generate(tmp_path_factory.mktemp("large") / "root", awards=1, activities=160, stories=2,
                    period=PERIOD)
    [award] = [line[:-1] for line in (root / "content" / "awards.yaml").read_text().splitlines()
               if line.endswith(":") and not line.startswith(" ")]
    (root / "content" / "results").mkdir()
    (root / "content" / "results" / f"{award}.yaml").write_text(FRAMEWORK.format(award=award))
    project, problems = load_checked(root)
    assert not problems, problems
    count = len(project.activities_in(parse_period(PERIOD), award))
    assert count > LISTED_ACTIVITIES * 1.5, count
    out = tmp_path_factory.mktemp("large-out")
    result = run_build("report", "--award", award, "--period", PERIOD, "--root", root, "--out", out,
                       "--issued", "2023-10-01")
    assert result.returncode == 0, result.stderr
    folder = out / "reports" / award / PERIOD
    return {"folder": folder, "count": count, "award": award, "project": project}


@pytest.fixture(scope="module")
def workbook(large) -> list[dict]:
    """The rows of the workbook's Activities sheet, its Total row left out."""
    book = load_workbook(large["folder"] / "activities.xlsx", read_only=True)
    rows = list(book["Activities"].iter_rows(values_only=True))
    book.close()
    header, *activities, total = rows
    assert total[0] == "Total"
    return [dict(zip(header, row)) for row in activities]


def figures(rows: list[dict]) -> tuple:
    """(activities, people, women, men, not counted by sex) of workbook rows, as the report
    counts them: a row gives female and male only when counted by sex."""
    people = sum(r["Participants"] or 0 for r in rows)
    female, male = sum(r["Female"] or 0 for r in rows), sum(r["Male"] or 0 for r in rows)
    return len(rows), people, female, male, people - female - male


def summary_table(raw: str, caption: str) -> dict[str, tuple]:
    """The rows of one summary table of the PDF (pdftotext -raw: one line a row, numbers
    without their thin spaces), by label; a dash reads as 0."""
    lines = raw.split(f"\n{caption}\n", 1)[1].splitlines()
    rows = {}
    for line in lines[1:]:
        if line.endswith(HEADER):  # the head, repeated where a table goes on to a new page
            continue
        found = re.fullmatch(r"(.+?)((?: (?:\d+|–)){5})", line)
        assert found, (caption, line)
        rows[found[1]] = tuple(0 if n == "–" else int(n) for n in found[2].split())
        if line.startswith("Total"):
            return rows
    raise AssertionError(f"no total row under {caption}")


@pytest.fixture(scope="module")
def raw(large) -> str:
    return "\n".join(pdf_page_texts(large["folder"] / "report.pdf", body_only=True))


def test_the_workbook_lists_every_activity_of_the_period(large, workbook):
    from bulletin.periods import parse_period

    expected = [a.id for a in large["project"].activities_in(parse_period(PERIOD), large["award"])]
    assert sorted(r["ID"] for r in workbook) == sorted(expected)


def test_the_pdf_says_the_list_is_summarised_and_where_it_is(large):
    text = report_pdf_text(large["folder"] / "report.pdf")
    count = large["count"]
    assert (f"The {count} activities of July–September 2023 are too many to list here: the tables "
            "below sum them up by district, type of activity and month.") in text
    assert (f"The full list of the {count} activities, with each one’s dates, place and people "
            "reached, is in the workbook activities.xlsx beside this report, sheet “Activities”.") in text


def test_no_activity_is_listed_in_the_pdf_and_it_stays_short(large, workbook):
    text = report_pdf_text(large["folder"] / "report.pdf")
    listed = [r["ID"] for r in workbook if r["ID"] in text]
    assert not listed, f"{len(listed)} activity ids printed, e.g. {listed[:3]}"
    assert f"With {large['count']} activities, this annex counts the activities behind each figure" in text
    # listed, its 114 activities took 11 pages and their ids 2 more (20 pages in all, 7 now)
    assert pdf_pages(large["folder"] / "report.pdf") <= 8


@pytest.mark.parametrize("caption,label", [
    ("By month", lambda r: r["Start"].strftime("%b %Y")),
    ("By type of activity", lambda r: r["Type"].capitalize()),
])
def test_summary_rows_and_total_are_the_workbooks(raw, workbook, caption, label):
    table = summary_table(raw, caption)
    total = table.pop("Total")
    assert total == figures(workbook)
    assert table == {name: figures([r for r in workbook if label(r) == name])
                     for name in sorted({label(r) for r in workbook})}
    # the rows add up to the total: each activity is in one month, of one type
    assert tuple(map(sum, zip(*table.values()))) == total


def test_by_district_counts_an_activity_in_each_of_its_districts_and_once_in_the_total(raw, workbook):
    table = summary_table(raw, "By district")
    assert table.pop("Total, each activity once") == figures(workbook)
    districts = Counter(d for r in workbook for d in r["Districts"].split("; "))
    assert set(table) == set(districts)
    for district in districts:
        assert table[district] == figures([r for r in workbook if district in r["Districts"].split("; ")])


def test_the_web_page_summarises_too_and_links_the_workbook(large, workbook):
    html = BeautifulSoup((large["folder"] / "report.html").read_text(encoding="utf-8"), "html.parser")
    activities = html.select_one("#activities")
    assert activities.select("table") == []
    assert activities.select_one("a[href='activities.xlsx']").get_text() == "activities.xlsx"
    assert f"The full list of the {large['count']} activities" in activities.get_text()
    totals = [[cell.get_text() for cell in row.select("td")] for row in html.select("#breakdowns tfoot tr")]
    n, people, female, male, unsplit = figures(workbook)
    as_printed = [f"{v:,}".replace(",", "\u202f") for v in (n, people, female, male, unsplit)]
    assert totals == [as_printed] * 3
    page = html.get_text()
    assert not [r["ID"] for r in workbook if r["ID"] in page]


def test_an_indicator_counted_from_more_activities_than_a_report_lists_points_to_its_sheet(large):
    book = load_workbook(large["folder"] / "activities.xlsx", read_only=True)
    header, indicator, *_ = book["Indicators"].iter_rows(values_only=True)
    book.close()
    row = dict(zip(header, indicator))
    ids = {column: row[column].split(", ") for column in ("Sources this period", "Sources to date")}
    assert len(ids["Sources this period"]) == large["count"]
    assert len(ids["Sources to date"]) > large["count"]
    text = report_pdf_text(large["folder"] / "report.pdf")
    for column, listed in ids.items():
        assert (f"{len(listed)} activities: the Indicators sheet of activities.xlsx, column “{column}”"
                in text), column
