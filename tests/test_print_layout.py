"""Print pages a donor would accept: the sample editions and reports, measured.

Builds the sample's two quarters (newsletters and every report of 2023-Q2 and
2023-Q3, two of them with progress against indicators, the figures since the
award started and a narrative) once, then reads the PDFs for real: page fill
(scripts/page_fill.py, the tallest full-width white band inside the text area
of each page), page 1's text, headings and table rows left at a page's foot,
running headers, the tagged-PDF structure and outline with pypdf, the
activities table against the spreadsheet, and credits as printed.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import page_white_bands, pdf_page_texts, normalise, white_beside_photos
from openpyxl import load_workbook
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
NEWSLETTER_MAX_BAND_MM = 40  # every page but the last
REPORT_MAX_BAND_MM = 60  # every page but the cover and the last


def sample_stories(quarter: tuple[str, str]) -> list[dict]:
    stories = []
    for path in sorted((REPO / "content" / "stories").glob("*.md")):
        if "." in path.stem:  # a translation (NAME.fr.md), not a story
            continue
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if quarter[0] <= str(meta["date"]) <= quarter[1]:
            stories.append({"slug": path.stem, **meta})
    # the featured story leads, then by date (as printed)
    return sorted(stories, key=lambda s: (not s.get("featured", False), str(s["date"]), s["title"]))


Q2, Q3 = ("2023-04-01", "2023-06-30"), ("2023-07-01", "2023-09-30")


def awards_in(quarter: tuple[str, str]) -> list[str]:
    with open(REPO / "content" / "activities.csv", encoding="utf-8") as rows:
        return sorted({n.strip() for row in csv.DictReader(rows) if quarter[0] <= row["start"] <= quarter[1]
                       for n in row["award"].split(";") if n.strip()})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("print-layout")
    for period in ("2023-Q2", "2023-Q3"):
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "all", "--period", period, "--root", str(REPO),
             "--out", str(out), "--jobs", "2", "--issued", "2023-10-05"],
            capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr
    return out


def newsletter(built: Path, period: str, language: str = "") -> Path:
    """The period's edition; with `language`, its translated edition (in a folder of that name)."""
    return built / "newsletter" / period / language / "newsletter.pdf"


# every sample edition: each quarter, in English and French
EDITIONS = [(period, language) for period in ("2023-Q2", "2023-Q3") for language in ("", "fr")]


def reports(built: Path) -> list[Path]:
    """Every sample report of 2023-Q2 and 2023-Q3."""
    return [built / "reports" / award / period / "report.pdf"
            for period, quarter in (("2023-Q2", Q2), ("2023-Q3", Q3)) for award in awards_in(quarter)]


# --- the sample has the cases the layout must handle --------------------------


def test_the_sample_has_an_eight_story_quarter_with_the_hard_cases():
    stories = sample_stories(Q3)
    assert len(stories) == 8
    photos = [p for s in stories for p in s.get("photos", [])]
    # a credit naming the organisation and a year, but no photographer
    assert any(p["credit"] == "IOM 2023" for p in photos)
    from PIL import Image, ImageOps

    shapes = set()
    for photo in photos:
        with Image.open(REPO / "images" / photo["file"]) as img:
            width, height = ImageOps.exif_transpose(img).size
        shapes.add("portrait" if height > width else "landscape")
    assert shapes == {"portrait", "landscape"}


# --- page fill -----------------------------------------------------------------


@pytest.mark.parametrize("period, language", EDITIONS)
def test_newsletter_pages_have_no_hole_but_the_last(built, period, language):
    bands = page_white_bands(newsletter(built, period, language))
    assert all(band <= NEWSLETTER_MAX_BAND_MM for band in bands[:-1]), bands


@pytest.mark.parametrize("period, language", EDITIONS)
def test_no_photo_leaves_more_than_a_few_lines_white_beside_it(built, period, language):
    # the 85 mm portraits of both quarters stood beside 46-77 mm of white, before refit.py
    # moved them down a paragraph or set them smaller; the French Q3 edition's stood beside
    # 31 mm until its story's last photo was drawn shorter first
    placed = white_beside_photos(newsletter(built, period, language))
    assert sum(map(len, placed)) >= 5  # the photos set in a column were found
    holes = [(page, round(white)) for page, photos in enumerate(placed, start=1)
             for _, white in photos if white > 20]
    assert holes == []


def test_reports_have_no_hole_but_on_the_cover_and_the_last_page(built):
    for pdf in reports(built):
        bands = page_white_bands(pdf)
        assert all(band <= REPORT_MAX_BAND_MM for band in bands[1:-1]), (pdf.parent.parent.name, bands)


def test_the_page_fill_measure_sees_a_hole(tmp_path):
    """The measure itself can fail: a page with text at the top only has a tall band."""
    from weasyprint import HTML

    pdf = tmp_path / "holes.pdf"
    HTML(string="<style>@page { size: A4; margin: 20mm 18mm 18mm }</style>"
                "<p>Some text at the top.</p><p style='break-before: page'>" + "Full page. " * 900
                + "</p>").write_pdf(pdf)
    bands = page_white_bands(pdf)
    assert bands[0] > 200  # an A4 text area is 259 mm tall
    assert bands[1] < 10


def test_an_eight_story_edition_takes_the_pages_its_content_needs(built):
    """Every page of text before the last is full; the edition takes 9 pages (it took 13)."""
    pdf = newsletter(built, "2023-Q3")
    pages = len(PdfReader(pdf).pages)
    bands = page_white_bands(pdf)
    # the content: the text area is 259 mm tall; holes add up to less than one page
    assert sum(bands[:-1]) < 259, bands
    assert pages <= 9, pages


# --- page 1 --------------------------------------------------------------------


@pytest.mark.parametrize("period,quarter", [("2023-Q2", Q2), ("2023-Q3", Q3)])
def test_page_one_has_masthead_lead_story_contents_and_numbers(built, period, quarter):
    pdf = newsletter(built, period)
    front = normalise(pdf_page_texts(pdf, body_only=True)[0])
    stories = sample_stories(quarter)
    lead = stories[0]
    assert "IOM Lesotho Newsletter" in front
    assert lead["title"] in front
    assert lead["photos"][0]["caption"] in front  # the lead photo, with its caption
    assert "In this issue" in front and "In numbers" in front
    for story in stories:  # the whole contents
        assert story["title"] in front, story["title"]
    assert "people reached" in front and "districts reached" in front
    # the lead photo is drawn on page 1
    images = subprocess.run(["pdfimages", "-list", "-f", "1", "-l", "1", str(pdf)],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len([line for line in images if " image " in line]) >= 2  # the office logo and the photo


# --- accessible PDF --------------------------------------------------------------


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def test_newsletter_pdf_is_tagged_with_language_title_and_a_bookmark_per_story(built):
    reader = PdfReader(newsletter(built, "2023-Q3"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "IOM Lesotho Newsletter – July–September 2023"
    titles = outline_titles(reader)
    for story in sample_stories(Q3):
        assert titles.count(story["title"]) == 1, story["title"]


def test_report_pdf_is_tagged_with_a_bookmark_per_section(built):
    for pdf in reports(built):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]) is True
        assert root["/Lang"] == "en"
        assert reader.metadata.title.startswith(pdf.parent.parent.name)
        titles = outline_titles(reader)
        for section in ("Key figures", "Since the award started", "Activities", "Breakdowns",
                        "Acknowledgement", "Annex: sources of the figures"):
            assert section in titles, (pdf, section, titles)
        award, period = pdf.parent.parent.name, pdf.parent.name
        if has_results(award):
            for section in ("Progress against indicators", *narrative_titles(award, period)):
                assert titles.count(section) == 1, (pdf, section, titles)


# --- running headers --------------------------------------------------------------


def header_texts(pdf: Path) -> list[str]:
    """The running header of each page: the top margin's text."""
    texts = []
    for page in range(1, len(PdfReader(pdf).pages) + 1):
        texts.append(subprocess.run(
            ["pdftotext", "-raw", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0", "-W", "595",
             "-H", "50", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    return [normalise(t) for t in texts]


def test_running_headers_name_the_back_page_and_the_annex(built):
    headers = header_texts(newsletter(built, "2023-Q2"))
    # the back page of 2023-Q2 is a page of its own: its header names it, not the last story
    assert headers[-1].endswith("About us"), headers[-1]
    stories = [s["title"] for s in sample_stories(Q2) + sample_stories(Q3)]
    for pdf in reports(built):
        headers = header_texts(pdf)
        # the annex follows the acknowledgement: the last page starts in one or the other
        assert headers[-1].endswith(("Annex: sources of the figures", "Acknowledgement")), (pdf, headers[-1])
        assert not any(title in headers[-1] for title in stories), (pdf, headers[-1])


# --- headings are never the last thing on a page ------------------------------------


def narrative_titles(award: str, period: str) -> list[str]:
    """The section titles of the sample's narrative for a report (content/reports/AWARD/PERIOD.md)."""
    path = REPO / "content" / "reports" / award / f"{period}.md"
    if not path.exists():
        return []
    return [line.lstrip("#").strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("## ")]


def has_results(award: str) -> bool:
    return (REPO / "content" / "results" / f"{award}.yaml").exists()


# the results framework's sections (issue 12) too, and every narrative title of the sample
HEADINGS = ("Key figures", "Activities", "Breakdowns", "Highlights", "Acknowledgement",
            "Annex: sources of the figures", "By district", "By type of activity", "By month",
            "Since the award started", "Progress against indicators", "Indicators",
            *{title for path in (REPO / "content" / "reports").glob("*/*.md")
              for title in narrative_titles(path.parent.name, path.stem)})
# an outcome's or output's row in the progress table leads its indicators
LEVEL_ROW = re.compile(r"^(Outcome|Output) [\d.]+: ")


def test_no_report_heading_is_the_last_thing_on_a_page(built):
    for pdf in reports(built):
        for number, text in enumerate(pdf_page_texts(pdf, body_only=True), start=1):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            assert lines and lines[-1] not in HEADINGS, (pdf, number, lines[-3:])
            assert not LEVEL_ROW.match(lines[-1]), (pdf, number, lines[-3:])


def test_the_sample_reports_have_the_results_sections_the_layout_must_handle(built):
    """The sample holds what these tests read: progress tables and narratives in both quarters."""
    with_results = [pdf for pdf in reports(built) if has_results(pdf.parent.parent.name)]
    assert {pdf.parent.name for pdf in with_results} == {"2023-Q2", "2023-Q3"}
    assert all(narrative_titles(pdf.parent.parent.name, pdf.parent.name) for pdf in with_results)


def test_the_annex_notes_never_stand_alone_on_a_page(built):
    """The annex's closing notes take the last rows of its table with them to a new page."""
    for pdf in reports(built):
        pages = pdf_page_texts(pdf, body_only=True)
        page = next(text for text in pages if "How each figure was computed" in text)
        before = normalise(page.split("Since the award started: the")[0].split("How each figure")[0])
        assert before, (pdf, normalise(page)[:200])


def test_every_section_heading_that_opens_a_page_names_it_in_the_running_header(built):
    for pdf in reports(built):
        headers = header_texts(pdf)
        for number, text in enumerate(pdf_page_texts(pdf, body_only=True)[1:], start=1):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            captions = ("By district", "By type of activity", "By month", "Indicators")
            if lines and lines[0] in HEADINGS and lines[0] not in captions:
                assert headers[number].endswith(lines[0]), (pdf, number + 1, headers[number], lines[0])


def test_no_story_headline_is_the_last_thing_on_a_page(built):
    """A headline followed by nothing but its dateline ends no page."""
    for period, quarter in (("2023-Q2", Q2), ("2023-Q3", Q3)):
        titles = [s["title"] for s in sample_stories(quarter)]
        for number, text in enumerate(pdf_page_texts(newsletter(built, period), body_only=True), start=1):
            # list bullets are drawn after the text: leave them out
            lines = [line for line in text.splitlines() if line.strip() not in ("", "•")]
            tail = normalise(" ".join(lines[-6:]))
            for title in titles:
                if title in tail:
                    after = tail[tail.index(title) + len(title):]
                    assert len(after) > 80, (period, number, title, after)


def test_donor_wording_never_opens_a_page_away_from_its_story(built):
    """The donor sentences end their story: a page may not start with them."""
    donors = yaml.safe_load((REPO / "content" / "donors.yaml").read_text(encoding="utf-8"))
    # each acknowledgement's opening words, before its first {placeholder}, where long enough to tell
    # (in English, as the English editions print them: the sample gives each in English and French)
    openings = [o for o in (normalise(d["acknowledgement"]["en"].split("{")[0])[:30] for d in donors.values())
                if len(o) >= 20]
    for period in ("2023-Q2", "2023-Q3"):
        for number, text in enumerate(pdf_page_texts(newsletter(built, period), body_only=True), start=1):
            first = normalise(" ".join(line for line in text.splitlines() if line.strip())[:200])
            assert not any(first.startswith(opening) for opening in openings), (period, number, first)


# --- credits, breakdowns, totals -------------------------------------------------------


def test_no_credit_is_printed_doubled(built):
    text = normalise(" ".join(pdf_page_texts(newsletter(built, "2023-Q3"))))
    credits = re.findall(r"© [^©]*?(?= [A-Z][a-z]|$)", text)
    assert "A returned farm worker and his sister after a counselling session in Qacha's Nek. © IOM 2023" in text
    assert "IOM 2023/IOM 2023" not in text
    assert not [c for c in credits if re.search(r"(IOM \d{4}).*\1", c)], credits
    web = (built / "newsletter" / "2023-Q3" / "index.html").read_text(encoding="utf-8")
    assert "© IOM 2023</span>" in web and "IOM 2023/IOM 2023" not in web


def test_breakdown_rows_add_up_and_never_print_zero_for_uncounted_people(built):
    from bs4 import BeautifulSoup

    for pdf in reports(built):
        html = BeautifulSoup((pdf.parent / "report.html").read_text(encoding="utf-8"), "html.parser")
        number = lambda text: 0 if text == "–" else int(re.sub(r"\D", "", text))  # noqa: E731
        for table in html.select("table.breakdown"):
            assert [th.get_text(strip=True) for th in table.select("thead th")][-1] == "Not counted by sex"
            for tr in table.select("tbody tr"):
                cells = [td.get_text(strip=True) for td in tr.find_all("td")]
                people, women, men, unsplit = cells[2:]
                assert number(women) + number(men) + number(unsplit) == number(people), cells
                if number(women) + number(men) == 0:
                    assert (women, men) == ("–", "–"), cells


def test_the_pdf_activities_totals_equal_the_spreadsheet(built):
    for pdf in reports(built):
        sheet = load_workbook(pdf.parent / "activities.xlsx").active
        total = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Total"][0]
        expected = " ".join(f"{value:,}".replace(",", "\u202f") for value in total[6:9])
        text = normalise(" ".join(pdf_page_texts(pdf)))
        assert f"Total, {sheet.max_row - 2} activities" in text, pdf
        assert text.count("Total, ") == 1, pdf  # once, under the last row: never repeated per page
        assert normalise(expected) in text, (pdf, expected)
