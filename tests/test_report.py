"""`build.py report`: one award's donor report, built once (conftest `report_build`).

The content is conftest's REPORT_ACTIVITIES. Award A (SSITIP20GR0006) in
2023-Q2 has five activities; every figure below is worked out by hand:

    id            start..end               districts              type      part.  F   M
    TIP-2023-014  24-26 Apr    3 days      Thaba-Tseka            training  27    15  12
    TIP-2023-020  10 May       1 day       Leribe (Maputsoe)      workshop  40     -   -   no sex split
    TIP-2023-021  30 May-1 Jun 3 days      Maseru (Roma),         visit      -     -   -   no counts
                                           Qacha's Nek
    TIP-2023-022  14 Jun       1 day       Leribe (Hlotse)        meeting    -     6   3   split only
    LAB-2023-001   5 Jun       1 day       Maseru (Maseru Bridge) dialogue  20    10  10   also award B

    people 27 + 40 + 9 + 20 = 96; women 15 + 6 + 10 = 31; men 12 + 3 + 10 = 25;
    share 31 / 56 = 55%; not counted by sex 40; districts 4; days 3+1+3+1+1 = 9.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import AWARD_A, AWARD_B, poppler, report_pdf_text
from PIL import Image

A_IDS = ["LAB-2023-001", "TIP-2023-014", "TIP-2023-020", "TIP-2023-021", "TIP-2023-022"]
NOT_A_IN_Q2 = [
    "HLT-2023-003", "HLT-2023-009",  # award B only
    "TIP-2023-099",  # no award
    "HLT-2023-031", "LAB-2023-005",  # 2023-Q1
    "TIP-2023-030", "TIP-2023-040",  # award A, but 2023-Q3 and 2023-Q4
]
ACKNOWLEDGEMENT = ("The support to this activity was provided by the United States Department "
                   "of State, under the terms of Award No. SSITIP20GR0006.")
DISCLAIMER = ("The opinions expressed herein are those of the author(s) and do not necessarily "
              "reflect the views of the United States Department of State.")
PROJECT = "Supporting Lesotho in Trafficking in Persons Prevention and Protection"
KEY_FIGURES = {  # label as printed -> value as printed
    "Activities held": "5",
    "People reached": "96",
    "Women and girls": "31",
    "Men and boys": "25",
    "Districts reached": "4",
    "Days of activity": "9",
}
DISTRICTS = "Leribe, Maseru, Qacha's Nek, Thaba-Tseka"
# Each row of the sources annex: the figure, then the ids behind it.
ANNEX = [
    ("Activities held (5), districts reached, days of activity", A_IDS),
    ("People reached (96)", ["LAB-2023-001", "TIP-2023-014", "TIP-2023-020", "TIP-2023-022"]),
    ("Women and girls (31), men and boys (25)", ["LAB-2023-001", "TIP-2023-014", "TIP-2023-022"]),
    ("Not counted by sex (40)", ["TIP-2023-020"]),
    ("District: Leribe", ["TIP-2023-020", "TIP-2023-022"]),
    ("District: Maseru", ["LAB-2023-001", "TIP-2023-021"]),
    ("District: Qacha's Nek", ["TIP-2023-021"]),
    ("District: Thaba-Tseka", ["TIP-2023-014"]),
    ("Type of activity: Dialogue", ["LAB-2023-001"]),
    ("Type of activity: Meeting", ["TIP-2023-022"]),
    ("Type of activity: Training", ["TIP-2023-014"]),
    ("Type of activity: Visit", ["TIP-2023-021"]),
    ("Type of activity: Workshop", ["TIP-2023-020"]),
    ("Month: Apr 2023", ["TIP-2023-014"]),
    ("Month: May 2023", ["TIP-2023-020", "TIP-2023-021"]),
    ("Month: Jun 2023", ["LAB-2023-001", "TIP-2023-022"]),
]


@pytest.fixture(scope="module")
def built(report_build):
    result = report_build.result
    assert result.returncode == 0, result.stderr
    return report_build


@pytest.fixture(scope="module")
def text(built) -> str:
    return report_pdf_text(built.folder / "report.pdf")


@pytest.fixture(scope="module")
def html(built) -> BeautifulSoup:
    return BeautifulSoup((built.folder / "report.html").read_text(encoding="utf-8"), "html.parser")


def section(text: str, start: str, end: str) -> str:
    assert text.count(start) >= 1 and end in text.split(start, 1)[1], (start, end)
    return text.split(start, 1)[1].split(end, 1)[0]


# --- the build ----------------------------------------------------------------


def test_exit_status_and_files(built):
    result = built.result
    assert result.returncode == 0
    # the tiny root's site.yaml has no `iati`: no iati-activity.xml (test_open_data.py)
    names = ("report.pdf", "report.html", "activities.xlsx", "report.docx", "report.ipynb", "report.ipynb.html",
             "activities.hxl.csv")
    assert result.stdout.splitlines() == [str(built.folder / n) for n in names]
    for name in names:
        assert (built.folder / name).is_file() and (built.folder / name).stat().st_size > 0, name


def test_clean_content_builds_without_a_warning(built):
    # check found nothing, so anything on stderr is the build's own (e.g. WeasyPrint's)
    assert built.result.stderr.splitlines() == []


def test_nothing_is_written_into_the_root(built):
    assert not (built.root / "build").exists()
    assert sorted(p.name for p in built.root.iterdir()) == ["content", "images"]


def test_pdf_is_a_titled_a4_document(built):
    import subprocess

    info = subprocess.run(["pdfinfo", str(built.folder / "report.pdf")], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE)
    assert re.search(r"^Title:\s+SSITIP20GR0006 – report to the United States Department of "
                     r"State, April–June 2023$", info, re.MULTILINE)


# --- the PDF's text -------------------------------------------------------------


def test_cover_names_award_project_donor_and_period(text):
    cover = section(text, "DONOR REPORT", "Key figures")
    assert "COUNTER-TRAFFICKING" in cover  # the award's theme, printed name
    assert PROJECT in cover
    assert "Award SSITIP20GR0006" in cover
    assert "Donor United States Department of State" in cover
    assert "Reporting period April–June 2023" in cover
    assert "Award period 1 October 2020 – 30 September 2024" in cover
    assert "International Organization for Migration, IOM Lesotho" in cover
    assert "Date of issue 15 July 2023" in cover  # --issued, so a rebuild is identical


def test_every_activity_of_the_award_in_the_period_and_no_other(text):
    for activity in A_IDS:
        assert activity in text, activity
    for activity in NOT_A_IN_Q2:
        assert activity not in text, activity


def test_activity_table_rows(text):
    table = section(text, "Activities ID Activity", "Breakdowns")
    assert table.count("TIP-2023-") + table.count("LAB-2023-") == 5
    assert "TIP-2023-014 Referral committee training 24–26 April 2023 Thaba-Tseka Training" in table
    assert "TIP-2023-021" in table and "30 May – 1 June 2023 Maseru, Qacha's Nek Visit" in table
    # the totals row sums as the spreadsheet does: 27 + 40 + 9 + 20 people, 15 + 6 + 10 women, 12 + 3 + 10 men
    assert "Total, 5 activities" in table and " 9 6 3 96 31 25 " in table
    # a formula-like title is printed as the text it is
    assert '=HYPERLINK("http://' in table


def test_key_figures_in_the_pdf(text):
    panel = section(text, "Key figures", "Since the award started")
    for label in KEY_FIGURES:
        assert label in panel, label
    assert "55% of those counted by sex" in panel
    assert DISTRICTS in panel
    # Labels and values are laid out in a grid, so compare the numbers as a
    # multiset: the six figures, the share, and the three notes' numbers (40, 1, 1).
    numbers = re.findall(r"(?<![\w-])\d+%?(?![\w-])", panel)
    assert sorted(numbers) == sorted([*KEY_FIGURES.values(), "55%", "40", "1", "1"])
    # LAB-2023-001 is co-funded, without shares
    assert ("1 activity is co-funded with another award: NL-MHP-2022-017 (Government of the "
            "Netherlands). LAB-2023-001 counts in full here and in each co-funding award’s report, "
            "so those reports count the same people too.") in panel


def test_not_counted_by_sex_and_no_attendance_notes(text):
    assert ("40 of the people reached were not counted by sex (TIP-2023-020); they are in the "
            "total but in neither the women’s nor the men’s figure.") in text
    assert "1 activity has no attendance recorded (TIP-2023-021)." in text


def test_breakdown_tables(text):
    tables = section(text, "Breakdowns", "An activity held in several districts counts in each")
    # activities, people, women, men, not counted by sex: a dash where nobody was counted, never 0
    for row in ("Leribe 2 49 6 3 40", "Maseru 2 20 10 10 –", "Qacha's Nek 1 – – – –",
                "Thaba-Tseka 1 27 15 12 –",
                "Dialogue 1 20 10 10 –", "Meeting 1 9 6 3 –", "Training 1 27 15 12 –", "Visit 1 – – – –",
                "Workshop 1 40 – – 40",
                "Apr 2023 1 27 15 12 –", "May 2023 2 40 – – 40", "Jun 2023 2 29 16 13 –"):
        assert row in tables, row
    assert " 0 " not in tables


def test_chart_words_are_text_just_above_their_caption(built):
    # A chart's words are set in the page's Noto Sans: the tick labels and axis label of
    # "Activities by month" are words of the PDF, drawn in the chart right above its caption.
    # (As glyph outlines they were not text at all.)
    bbox = poppler("pdftotext", "-bbox", built.folder / "report.pdf", "-")
    for page in bbox.split("<page ")[1:]:
        words = [(float(top), float(bottom), word) for top, bottom, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)]
        captions = [i for i in range(len(words) - 2)
                    if [w for _, _, w in words[i:i + 3]] == ["Activities", "by", "month"]]
        if captions:
            break
    else:
        pytest.fail("no caption 'Activities by month' in the PDF")
    caption_top = words[captions[0]][0]
    # the chart is ~160 pt tall; its ticks and axis label sit in the 140 pt above the caption
    chart = [w for top, bottom, w in words if caption_top - 140 < top and bottom <= caption_top]
    assert chart.count("2023") == 3 and {"Apr", "May", "Jun", "Activities"} <= set(chart), chart


def test_donor_wording_word_for_word(text):
    wording = section(text, "Acknowledgement", "Annex: sources of the figures")
    assert wording.strip() == f"{ACKNOWLEDGEMENT} {DISCLAIMER}"
    assert "{" not in text and "}" not in text  # no placeholder left unfilled


def test_linked_story_is_a_highlight_the_other_awards_story_is_not(text):
    highlights = section(text, "Highlights", "Acknowledgement")
    assert "District committees step up the national referral mechanism" in highlights
    assert "24–26 April 2023 · Thaba-Tseka" in highlights
    assert ("Committee members with district stakeholders in Thaba-Tseka. "
            "© IOM 2023/Tsepo Molefi") in highlights
    assert "Members of the district referral committee met for three days." in highlights
    # the award's wording is printed once, in its own section, not after the story
    assert ACKNOWLEDGEMENT not in highlights and DISCLAIMER not in highlights
    assert text.count(ACKNOWLEDGEMENT) == 1
    # award B's story (HLT-2023-003) and the 2023-Q3 story are not in this report
    assert "Mobile clinics reach the highlands" not in text
    assert "A shelter opens its doors in Maseru" not in text


def test_sources_annex_traces_every_figure(text):
    annex = text.split("Annex: sources of the figures", 1)[1]
    assert annex.startswith(" Figure Activities behind it ")
    for figure, ids in ANNEX:
        assert f"{figure} {', '.join(ids)}" in annex, figure


def test_every_breakdown_row_has_its_ids_in_the_annex(html):
    """Within the report itself: each row of each breakdown table is traceable,
    by as many ids as the row counts activities."""
    annex = {}
    for tr in html.select("#sources tbody tr"):
        figure, ids = (td.get_text(" ", strip=True) for td in tr.find_all("td"))
        annex[figure] = ids.split(", ")
    tables = html.select("#breakdowns table.breakdown")
    assert [t.caption.get_text(strip=True) for t in tables] == [
        "By district", "By type of activity", "By month"]
    rows = 0
    for table in tables:
        title = table.select_one("thead th").get_text(strip=True)
        for tr in table.select("tbody tr"):
            cells = [td.get_text(strip=True) for td in tr.find_all("td")]
            ids = annex[f"{title}: {cells[0]}"]
            assert len(ids) == int(cells[1]) and set(ids) <= set(A_IDS), cells
            rows += 1
    assert rows == 4 + 5 + 3


def injected_parameters(nb: dict) -> dict:
    cells = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1
    values = {}
    for line in "".join(cells[0]["source"]).splitlines():
        if "=" in line and not line.startswith("#"):
            name, value = line.split("=", 1)
            values[name.strip()] = json.loads(value.strip())
    return values


# --- the notebook ---------------------------------------------------------------


def test_executed_notebook_has_parameters_and_outputs(built):
    nb = json.loads((built.folder / "report.ipynb").read_text(encoding="utf-8"))
    params = injected_parameters(nb)
    assert params["award"] == AWARD_A
    assert params["period"] == "2023-Q2"
    assert Path(params["root"]) == built.root.resolve()
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in code)
    outputs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    streams = "".join("".join(o["text"]) for o in outputs if o["output_type"] == "stream")
    assert "SSITIP20GR0006 (United States Department of State), April–June 2023: 5 activities" in streams
    svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) == 3
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert tables, "the activity and breakdown tables are shown"


# --- the web page ---------------------------------------------------------------


def test_web_page_key_figures_pair_label_and_value(html):
    panel = html.find(id="key-figures")
    pairs = {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
             for div in panel.select("dl.figures > div")}
    assert pairs == KEY_FIGURES
    assert "55% of those counted by sex" in panel.get_text(" ", strip=True)


def test_web_page_images_exist_with_their_sizes(built, html):
    images = html.find_all("img")
    files = [img for img in images if not img["src"].startswith("data:")]
    # the donor logo and the story's photo
    assert {img["alt"] for img in files} == {
        "United States Department of State",
        "Twenty people standing in two rows outside a district office."}
    for img in files:
        path = built.folder / img["src"]
        assert not Path(img["src"]).is_absolute() and path.is_file(), img["src"]
        with Image.open(path) as picture:
            assert picture.size == (int(img["width"]), int(img["height"])), img["src"]
    for font in re.findall(r'url\("([^"]+)"\)', str(html.style)):
        assert (built.folder / font).is_file(), font
    # the web page is self-contained: nothing points into the build machine
    page = (built.folder / "report.html").read_text(encoding="utf-8")
    assert "file:" not in page and str(built.root) not in page and str(built.out) not in page


def test_web_page_charts_are_svg_data_urls_with_alt_text(html):
    charts = [img for img in html.find_all("img") if img["src"].startswith("data:")]
    assert len(charts) == 3
    prefix = "data:image/svg+xml;base64,"
    for img in charts:
        assert img["src"].startswith(prefix)
        svg = ET.fromstring(base64.b64decode(img["src"][len(prefix):]))
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        # an <img> cannot use the page's fonts/: the chart's words bring their Noto Sans along
        faces = [s.text for s in svg.iter("{http://www.w3.org/2000/svg}style") if "@font-face" in s.text]
        assert len(faces) == 1 and '"Noto Sans"' in faces[0] and "data:font/woff;" in faces[0]
        assert img["alt"].strip().startswith("Bar chart, ")
    alts = {img.find_next("figcaption").get_text(strip=True): img["alt"] for img in charts}
    assert set(alts) == {"People reached by district", "Activities by month",
                         "People reached by type of activity"}
    for district, people in (("Leribe", 49), ("Maseru", 20), ("Thaba-Tseka", 27)):
        assert f"{district}: {people} (" in alts["People reached by district"]
    assert alts["Activities by month"].endswith("Apr 2023: 1; May 2023: 2; Jun 2023: 2.")
    for kind, people in (("Dialogue", 20), ("Meeting", 9), ("Training", 27), ("Workshop", 40)):
        assert f"{kind}: {people} (" in alts["People reached by type of activity"]


def test_web_page_prints_a_formula_like_title_as_escaped_text(html):
    cells = [td.get_text() for td in html.select("#activities td")]
    assert '=HYPERLINK("http://example.org","click")' in cells


# --- refusals -------------------------------------------------------------------


def test_no_activities_in_the_period_is_a_clear_error(report_root, run_cli, tmp_path):
    code, out, err = run_cli("report", "--award", AWARD_B, "--period", "2023-Q3",
                             "--root", report_root, "--out", tmp_path / "out")
    assert code == 1
    assert err.splitlines() == [
        (f"content/activities.csv: error: award {AWARD_B} has no activities in 2023-Q3 "
         "(July–September 2023); no report to make")]
    assert out == ""
    assert not list((tmp_path / "out").rglob("report.pdf"))


def test_unknown_award_suggests_the_closest(report_root, run_cli, tmp_path):
    code, out, err = run_cli("report", "--award", "SSITIP20GR006", "--period", "2023-Q2",
                             "--root", report_root, "--out", tmp_path / "out")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "content/awards.yaml: error: unknown award 'SSITIP20GR006'; did you mean 'SSITIP20GR0006'?"]
    assert not (tmp_path / "out").exists()


def test_missing_award_is_wrong_usage(report_root, run_cli, tmp_path):
    code, out, err = run_cli("report", "--period", "2023-Q2", "--root", report_root,
                             "--out", tmp_path / "out")
    assert (code, out) == (2, "")
    assert "the following arguments are required: --award" in err
    assert not (tmp_path / "out").exists()


def test_bad_period_is_wrong_usage(report_root, run_cli, tmp_path):
    code, out, err = run_cli("report", "--award", AWARD_A, "--period", "2023-Q5",
                             "--root", report_root, "--out", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err.startswith("error: '2023-Q5' is not a period; write 2023-05 (a month)")
    assert not (tmp_path / "out").exists()
