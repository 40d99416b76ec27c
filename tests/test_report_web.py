"""A donor report's web page (report.html) in a real browser: Debian's Chromium.

The sample's counter-trafficking report for 2023-Q3 holds every section a
report can have (progress against indicators, the figures since the award
started, the narrative, the sources annex). At phone and desktop widths the
page never scrolls sideways: a table wider than a phone scrolls inside its
own box, and the cover's logos shrink. The progress table's status colours
come from the brand's custom properties, so `brand:` in site.yaml reaches them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_main

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
AWARD, PERIOD = "SSITIP20GR0006", "2023-Q3"
WIDTHS = (375, 1280)

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium "
                       "(apt-get install chromium; .ci/run does)"),
    pytest.mark.skipif(sync_playwright is None, reason="Playwright is not installed "
                       "(pip install -e '.[test]')"),
]


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-web")
    code, _, stderr = run_main("report", "--award", AWARD, "--period", PERIOD, "--root", REPO,
                               "--out", out, "--issued", "2023-10-15")
    assert code == 0, stderr
    return out / "reports" / AWARD / PERIOD / "report.html"


@pytest.fixture
def open_page(browser, report_html):
    contexts = []

    def open_at(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(report_html.as_uri(), wait_until="load")
        return page

    yield open_at
    for context in contexts:
        context.close()


def test_the_report_has_every_section(report_html):
    html = report_html.read_text(encoding="utf-8")
    for section in ('id="progress"', 'id="key-figures-to-date"', 'id="narrative-1"', 'id="sources"'):
        assert section in html, section


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_the_screen(open_page, width):
    page = open_page(width)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width
    # nothing sticks out at the right edge either, but what scrolls inside its own box
    wide = page.evaluate("""w => [...document.body.querySelectorAll('*')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5
                     && getComputedStyle(e).display !== 'none' && !e.closest('.table-scroll'))
        .map(e => e.tagName + '.' + e.className)""", width)
    assert wide == []


def test_on_a_phone_the_wide_tables_scroll_in_their_own_box(open_page):
    page = open_page(375)
    boxes = page.eval_on_selector_all(".table-scroll", """boxes => boxes.map(b => [
        b.querySelector('table').className, b.getBoundingClientRect().right,
        b.scrollWidth > b.clientWidth, getComputedStyle(b).overflowX])""")
    assert any(name == "data progress-table" for name, *_ in boxes)
    for name, right, scrolls, overflow in boxes:
        assert right <= 375 and overflow == "auto", name
    # the progress table keeps readable columns rather than squeezing its figures together
    assert [scrolls for name, _, scrolls, _ in boxes if name == "data progress-table"] == [True]


def test_a_keyboard_scrolls_the_wide_tables_on_a_phone(open_page):
    """Each scrolling box is a named region a keyboard can reach (tabindex) and scroll."""
    page = open_page(375)
    boxes = page.eval_on_selector_all(".table-scroll", """boxes => boxes.map(b => [
        b.tabIndex, b.getAttribute('role'), b.getAttribute('aria-label')])""")
    assert boxes and all(index == 0 and role == "region" and label for index, role, label in boxes)
    labels = [label for _, _, label in boxes]
    assert len(set(labels)) == len(labels)  # each names its own table
    box = page.locator(".table-scroll:has(table.progress-table)")
    box.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Progress against indicators"
    before = box.evaluate("b => b.scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=2000)
    assert box.evaluate("b => b.scrollLeft") > before


def test_progress_status_colours_follow_the_brand(open_page):
    """A brand colour set in site.yaml becomes --brand-primary/--brand-accent; the statuses use them."""
    page = open_page(1280)
    before = page.eval_on_selector("td.status-behind", "td => getComputedStyle(td).color")
    page.add_style_tag(content=":root { --brand-primary: #7a1f5c; --brand-accent: #2d5016; }")
    achieved = page.eval_on_selector("td.status-achieved, td.status-on-track",
                                     "td => getComputedStyle(td).color")
    behind = page.eval_on_selector("td.status-behind", "td => getComputedStyle(td).color")
    assert achieved == "rgb(122, 31, 92)"
    assert behind == "rgb(45, 80, 22)" != before
