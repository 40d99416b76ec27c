"""The donor report's results sections, built from the sample content.

Every expected figure is counted here from content/activities.csv and
content/indicator_values.csv with the csv module, independently of
bulletin.results: the framework's filters are restated by hand below.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, poppler, report_pdf_text, run_build
from openpyxl import load_workbook

AWARD = "SSITIP20GR0006"
AWARD_START, AWARD_END = date(2020, 10, 1), date(2024, 9, 30)
Q3 = ("2023-07-01", "2023-09-30")
TO_DATE = ("2020-10-01", "2023-09-30")
# content/results/SSITIP20GR0006.yaml, restated: id -> (baseline, target, how it is counted)
FRAMEWORK = {
    "TIP-1a": (0, 1, ("values", "latest")),
    "TIP-1b": (20, 60, ("values", "latest")),
    "TIP-1.1a": (0, 120, ("participants", {"training"})),
    "TIP-1.1b": (0, 6, ("activities", {"training"})),
    "TIP-1.2a": (0, 850, ("participants", {"dialogue", "campaign"})),
    "TIP-1.2b": (0, 10, ("districts", None)),
}


def activity_rows(start: str, end: str, types) -> list[dict]:
    with open(REPO / "content" / "activities.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f)
                if AWARD in r["award"].split(";") and start <= r["start"] <= end
                and (types is None or r["type"] in types)]


def district_of() -> dict[str, str]:
    places = yaml.safe_load((REPO / "content" / "places.yaml").read_text(encoding="utf-8"))["districts"]
    names = {}
    for district, entry in places.items():
        entry = entry or {}
        for name in [district, *entry.get("aliases", []), *entry.get("towns", [])]:
            names[name] = district
    return names


def count(measure: str, rows: list[dict]) -> int:
    if measure == "activities":
        return len(rows)
    if measure == "districts":
        names = district_of()
        return len({names[p.strip()] for r in rows for p in r["district"].split(";")})
    people = 0
    for r in rows:
        if r["participants"]:
            people += int(r["participants"])
        elif r["female"] and r["male"]:
            people += int(r["female"]) + int(r["male"])
    return people


def reported(indicator: str, start: str, end: str) -> float | None:
    """The latest value in the values sheet for a period inside start..end (quarters only here)."""
    quarter_start = {"Q1": "01-01", "Q2": "04-01", "Q3": "07-01", "Q4": "10-01"}
    with open(REPO / "content" / "indicator_values.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["indicator"] == indicator
                and start <= f"{r['period'][:4]}-{quarter_start[r['period'][5:]]}" <= end]
    return float(rows[-1]["value"]) if rows else None


def expected_rows() -> dict[str, list[str]]:
    elapsed = ((date(2023, 9, 30) - AWARD_START).days + 1) / ((AWARD_END - AWARD_START).days + 1)
    table = {}
    for indicator, (baseline, target, (measure, types)) in FRAMEWORK.items():
        if measure == "values":
            now, total = reported(indicator, *Q3), reported(indicator, *TO_DATE)
        else:
            now = count(measure, activity_rows(*Q3, types))
            total = count(measure, activity_rows(*TO_DATE, types))
        # a level (reported by hand as its latest value) is measured from its baseline
        share = (total - baseline) / (target - baseline) if measure == "values" else total / target
        status = "achieved" if total >= target else "on track" if share >= elapsed else "behind"
        table[indicator] = [str(baseline), str(target), f"{now:g}", f"{total:g}",
                            f"{share * 100:.0f}%", status]
    return table


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("results-report")
    result = run_build("report", "--award", AWARD, "--period", "2023-Q3", "--root", REPO,
                       "--out", out, "--issued", "2023-10-05")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return out / "reports" / AWARD / "2023-Q3"


@pytest.fixture(scope="module")
def page(built) -> BeautifulSoup:
    return BeautifulSoup((built / "report.html").read_text(encoding="utf-8"), "html.parser")


def table_rows(page: BeautifulSoup) -> dict[str, list[str]]:
    rows = {}
    for tr in page.select("table.progress-table tr.indicator"):
        cells = [td.get_text(" ", strip=True).replace("\u202f", "") for td in tr.find_all("td")]
        rows[cells[0].split()[0]] = cells[1:]
    return rows


def test_the_hand_count_fixture_is_not_trivial():
    # Q3 differs from "to date" (Q2 is in the sample too), and both kinds of status occur
    table = expected_rows()
    assert any(row[2] != row[3] for row in table.values())
    assert {row[5] for row in table.values()} >= {"achieved", "behind"}


def test_progress_table_matches_a_hand_count(page):
    assert table_rows(page) == expected_rows()


def test_a_share_is_measured_from_its_baseline(page):
    # TIP-1b: councillors who can name three signs, from 20% to 41% against 60%: (41 - 20) / (60 - 20),
    # where 41 / 60 would print 68%
    assert table_rows(page)["TIP-1b"][3:5] == ["41", "52%"]
    note = page.select_one("section#progress p.note").get_text(" ", strip=True)
    assert ("% of target: for a count, the value to date divided by the target; for a level reported "
            "as its latest value (TIP-1a, TIP-1b), the way gone from the baseline to the target: "
            "(value to date – baseline) ÷ (target – baseline).") in note


def test_progress_table_in_the_pdf(built):
    # -layout keeps a table row on one line: the id, the statement's first words, then the figures
    layout = poppler("pdftotext", "-layout", built / "report.pdf", "-")
    lines: dict[str, str] = {}
    for line in layout.splitlines():
        if line.strip().startswith("TIP-1"):
            lines.setdefault(line.split()[0], " ".join(line.split()))  # the table comes before the annex
    for indicator, cells in expected_rows().items():
        assert lines[indicator].endswith(" " + " ".join(cells)), (indicator, lines[indicator])
    text = report_pdf_text(built / "report.pdf")
    assert "Progress against indicators" in text
    assert "Achieved: the value to date has reached the target." in text


def test_progress_chart_words_are_text_in_the_pdf(built):
    # the chart's words are set in the page's Noto Sans, so a reader can select and search
    # them; drawn as glyph outlines, they were not in the PDF's text at all
    text = report_pdf_text(built / "report.pdf")
    assert "Progress to date, % of the award's target" in text
    assert "time gone by" in text
    fonts = poppler("pdffonts", built / "report.pdf")
    assert not re.search(r"DejaVu", fonts), fonts  # no fallback face: Noto Sans was found


def test_status_rule_and_to_date_period_are_stated(page):
    note = page.select_one("section#progress p.note").get_text(" ", strip=True)
    assert "To date: 1 October 2020 (the award’s start) to 30 September 2023." in note
    assert "On track: % of target is at least the share of the award’s time gone by" in note


def test_indicators_sheet_equals_the_table(built, page):
    sheet = load_workbook(built / "activities.xlsx")["Indicators"]
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["Level", "Indicator", "Statement", "Unit", "Baseline", "Target",
                           "This period", "To date", "% of target", "Status"]
    sheet_rows = {}
    for cells in sheet.iter_rows(min_row=2, values_only=True):
        if cells[1]:
            baseline, target, now, total, share, status = cells[4:10]
            sheet_rows[cells[1]] = [f"{baseline:g}", f"{target:g}", f"{now:g}", f"{total:g}",
                                    f"{share * 100:.0f}%", status]
    assert sheet_rows == table_rows(page)


def test_sources_annex_traces_each_indicator(page, built):
    annex = page.select_one("section#sources")
    rows = {tr.find("td").get_text(strip=True).split()[0]:
            [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in annex.select("table.sources")[-1].select("tbody tr")}
    trained = sorted(r["id"] for r in activity_rows(*TO_DATE, {"training"}))
    assert rows["TIP-1.1a"][2] == ", ".join(trained)
    assert rows["TIP-1b"][2] == "content/indicator_values.csv:5"  # the latest row: 2023-Q3


def test_annex_links_the_notebooks_html_copy(built, page):
    link = page.select_one("section#sources a[href='report.ipynb.html']")
    assert link is not None
    copy = (built / "report.ipynb.html").read_text(encoding="utf-8")
    assert "Progress against indicators" in copy and "TIP-1.1a" in copy
    assert "<script" not in copy  # static: nothing fetched from a CDN
    assert "report.ipynb.html" in report_pdf_text(built / "report.pdf")


def test_key_figures_since_the_award_started(page):
    figures = {div.dt.get_text(strip=True): div.dd.get_text(strip=True).replace("\u202f", "")
               for div in page.select("section#key-figures-to-date dl div")}
    rows = activity_rows(*TO_DATE, None)
    assert figures["Activities held"] == str(len(rows))
    assert figures["People reached"] == str(count("participants", rows))


def test_narrative_sections_in_order(page):
    titles = [s.h2.get_text(strip=True) for s in page.select("section.narrative")]
    assert titles == ["Summary", "Challenges", "Lessons learnt", "Next steps"]


def test_the_narrative_ends_with_who_prepared_it(page, built):
    """prepared_by, from the narrative's front matter, in the last section, escaped."""
    import yaml

    source = (REPO / "content" / "reports" / AWARD / "2023-Q3.md").read_text(encoding="utf-8")
    prepared = yaml.safe_load(source.split("---")[1])["prepared_by"]
    line = page.select("section.narrative")[-1].select_one("p.prepared-by").get_text(strip=True)
    assert line == f"Prepared by {prepared}"
    assert len(page.select("p.prepared-by")) == 1
    assert line in " ".join(report_pdf_text(built / "report.pdf").split())
