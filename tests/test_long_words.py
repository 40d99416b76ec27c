"""A word longer than its column wraps inside the column: in print, on the web and in the email.

The tiny root's two stories get a 408-letter word in their titles and a
198-letter word in their photos' captions (the donor report shows the second
among its highlights), and one of award A's activities a 150-letter word in
its title. The PDFs are read back with
`pdftotext -bbox-layout`: every word lies inside the page's text area (A4,
18 mm side margins) and on no other word. The web edition, the email, the
archive and the report's web page are opened in Debian's Chromium at a
phone's and a desktop's width: nothing is wider than the window.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from support import (AWARD_A, REPORT_ACTIVITIES, STORY_CLINIC, STORY_REFERRAL, poppler, run_build,
                     write_report_root)

TITLE_WORD = "Sehlabathebe" * 34  # 408 letters, no place to break
HEADER_WORD = "Mafeteng" * 51  # 408: the second story's, which a running header repeats
CAPTION_WORD = "Qachasnek" * 22  # 198
ACTIVITY_WORD = "Hlotse" * 25  # 150
PERIOD = "2023-Q2"
NEWSLETTER = f"newsletter/{PERIOD}"
REPORT = f"reports/{AWARD_A}/{PERIOD}"
FILES = {
    "content/stories/mobile-clinic.md": STORY_CLINIC
    .replace("title: Mobile clinics reach the highlands", f"title: Mobile clinics reach {TITLE_WORD}")
    .replace("caption: A nurse screens a herder in Sehlabathebe.",
             f"caption: A nurse screens a herder in {CAPTION_WORD}."),
    "content/stories/referral-committees.md": STORY_REFERRAL
    .replace("title: District committees step up the national referral mechanism",
             f"title: District committees of {HEADER_WORD}")
    .replace("caption: Committee members with district stakeholders in Thaba-Tseka.",
             f"caption: Committee members in {CAPTION_WORD}."),
    "content/activities.csv": REPORT_ACTIVITIES.replace(
        "Community dialogue on safe migration", f"Community dialogue in {ACTIVITY_WORD}"),
}

MM = 72 / 25.4  # points
MARGIN, TOP = 18 * MM, 20 * MM  # the side margins of the text area; the running header above TOP


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The edition and award A's report of the root with the long words: OUT."""
    top = tmp_path_factory.mktemp("long-words")
    root, out = write_report_root(top / "root", FILES), top / "out"
    for args in (["newsletter"], ["report", "--award", AWARD_A, "--issued", "2023-07-15"]):
        done = run_build(*args, "--period", PERIOD, "--root", root, "--out", out)
        assert done.returncode == 0, done.stderr
    return out


# --- print -------------------------------------------------------------------------------------

def words(pdf: Path) -> list[tuple[int, float, list[tuple[str, tuple[float, float, float, float]]]]]:
    """Each page's number, width and words, each with its box (xMin, yMin, xMax, yMax) in points."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    document = ElementTree.fromstring(poppler("pdftotext", "-bbox-layout", pdf, "-"))
    pages = []
    for number, page in enumerate(document.iter(f"{xhtml}page"), start=1):
        found = [(w.text, tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in page.iter(f"{xhtml}word")]
        pages.append((number, float(page.get("width")), found))
    return pages


def misplaced(pdf: Path, *, header: bool) -> list[str]:
    """Words of the page body (or of the running header, above TOP) outside the text area's
    width or over another word: a word that ran out of its column runs into the next one."""
    problems = []
    for number, width, found in words(pdf):
        found = [(text, box) for text, box in found if (box[3] <= TOP) == header]
        for text, (x0, _, x1, _) in found:
            if x0 < MARGIN - 1 or x1 > width - MARGIN + 1:
                problems.append(f"page {number}: {text[:30]} at {x0 / MM:.1f}-{x1 / MM:.1f} mm")
        # the boxes, a quarter of their height off the top and bottom: lines may touch
        boxes = [(text, x0, y0 + (y1 - y0) / 4, x1, y1 - (y1 - y0) / 4) for text, (x0, y0, x1, y1) in found]
        for i, (a, ax0, ay0, ax1, ay1) in enumerate(boxes):
            for b, bx0, by0, bx1, by1 in boxes[i + 1:]:
                if ax0 + .5 < bx1 and bx0 + .5 < ax1 and ay0 < by1 and by0 < ay1:
                    problems.append(f"page {number}: {a[:30]} over {b[:30]}")
    return problems


@pytest.mark.parametrize("pdf, shown", [
    pytest.param(f"{NEWSLETTER}/newsletter.pdf", (TITLE_WORD, HEADER_WORD, CAPTION_WORD), id="newsletter"),
    pytest.param(f"{REPORT}/report.pdf", (ACTIVITY_WORD, HEADER_WORD, CAPTION_WORD), id="report")])
def test_in_print_a_long_word_is_broken_inside_its_column(built, pdf, shown):
    found = [text for _, _, page in words(built / pdf) for text, _ in page]
    for word in shown:
        assert sum(word[:8] in text for text in found) >= 2, f"{word[:8]}... is printed, in pieces"
    assert misplaced(built / pdf, header=False) == []


def test_in_print_a_long_title_in_the_running_header_stays_in_the_text_area(built):
    """The second story's headline starts after page 1, so a page's running header repeats it."""
    pdf = built / NEWSLETTER / "newsletter.pdf"
    assert any(HEADER_WORD[:8] in text for _, _, found in words(pdf) for text, (*_, y1) in found if y1 <= TOP)
    assert misplaced(pdf, header=True) == []


def test_in_print_the_reports_running_header_stays_in_the_text_area(built):
    assert misplaced(built / REPORT / "report.pdf", header=True) == []


# --- web and email, in Chromium ------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
PAGES = {"web": f"{NEWSLETTER}/index.html", "email": f"{NEWSLETTER}/email.html",
         "archive": "newsletter/index.html", "report": f"{REPORT}/report.html"}
# what each page shows of the long words
SHOWN = {"web": (TITLE_WORD, HEADER_WORD, CAPTION_WORD), "email": (TITLE_WORD, HEADER_WORD, CAPTION_WORD),
         "archive": (), "report": (ACTIVITY_WORD, HEADER_WORD, CAPTION_WORD)}


@pytest.fixture
def open_page(browser, built):
    contexts = []

    def open_at(name: str, width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto((built / PAGES[name]).as_uri(), wait_until="load")
        return page

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium "
                    "(apt-get install chromium; scripts/system-deps.sh does)")
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_on_screen_nothing_is_wider_than_the_window(open_page, name, width):
    page = open_page(name, width)
    text = page.inner_text("body")
    assert all(word in text for word in SHOWN[name]), "the long words are on the page, whole"
    assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") <= [width, width]
    # nor is any element cut off at the right edge; a report's wide table scrolls in its own box on a phone
    wide = page.evaluate("""w => [...document.body.querySelectorAll('*')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5
                     && getComputedStyle(e).display !== 'none' && !e.closest('.table-scroll'))
        .map(e => e.tagName + '.' + e.className)""", width)
    assert wide == []
    # ...but no cell of it is wider than that box: the long word wraps inside its column
    cells = page.evaluate("""() => [...document.querySelectorAll('.table-scroll td')]
        .filter(td => td.getBoundingClientRect().width > td.closest('.table-scroll').clientWidth)
        .map(td => td.textContent.slice(0, 30))""")
    assert cells == []
