"""The web edition, the email and the archive in a real browser: Debian's Chromium.

The sample quarter is built once and served from 127.0.0.1; requests for its
web address (newsletter.web_url in the sample's site.yaml) are answered from
the built folder, as the published site would answer them, and any other
request is refused and counted. At phone, email and desktop widths nothing
may be wider than the screen, every image must load, every photo show its
credit, and the console stay clean. Screenshots are kept under
build/test-artifacts/browser/ for a person to look at.

Playwright drives the system browser (never a downloaded one); where
/usr/bin/chromium is missing these tests are skipped, saying why. .ci/run
installs it, so CI runs them.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import run_main

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "build" / "test-artifacts" / "browser"
PERIOD = "2023-Q2"
WEB_URL = f"https://example.org/lesotho/news/{PERIOD}/"  # content/site.yaml's pattern, filled in
WIDTHS = (375, 600, 1280)
# page -> (path under OUT, the folder its requests must stay in)
PAGES = {
    "web": (f"newsletter/{PERIOD}/index.html", f"newsletter/{PERIOD}/"),
    "email": (f"newsletter/{PERIOD}/email.html", f"newsletter/{PERIOD}/"),
    "archive": ("newsletter/index.html", "newsletter/"),
}

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium "
                       "(apt-get install chromium; .ci/run does)"),
    pytest.mark.skipif(sync_playwright is None, reason="Playwright is not installed "
                       "(pip install -e '.[test]')"),
]

# Each photo with the credit shown beside it, per page: (photo selector, credit of a photo).
CREDITS = {
    "web": ("figure.photo img", "img => img.closest('figure').querySelector('.credit')"),
    "email": ("img.photo", "img => img.nextElementSibling.querySelector('.credit')"),
    "archive": (".editions img", "img => img.nextElementSibling"),
}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample quarter built into OUT, OUT served on 127.0.0.1: (base URL, OUT)."""
    out = tmp_path_factory.mktemp("browser") / "out"
    code, _, stderr = run_main("newsletter", "--period", PERIOD, "--root", REPO, "--out", out)
    assert code == 0, stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()
    server.server_close()


class Visit:
    """One page at one width, with everything it asked for and complained about."""

    def __init__(self, browser, base: str, out: Path, name: str, width: int, scheme: str = "light"):
        path, home = PAGES[name]
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.route("**/*", lambda route: self._answer(route, base + home, out))
        self.page.goto(base + path, wait_until="load")
        # anything loaded lazily further down
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        self.page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = f"{name}-{width}.png" if scheme == "light" else f"{name}-{width}-{scheme}.png"
        self.page.screenshot(path=str(ARTIFACTS / shot), full_page=True)

    def _answer(self, route, home: str, out: Path) -> None:
        url = route.request.url.split("#")[0]
        if url.startswith(home):
            route.continue_()
        elif url.startswith(WEB_URL):  # the published edition, answered from the built folder
            route.fulfill(path=str(out / "newsletter" / PERIOD / url.removeprefix(WEB_URL)))
        else:
            self.outside.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def visits(browser, served):
    base, out = served
    made = {(name, width): Visit(browser, base, out, name, width) for name in PAGES for width in WIDTHS}
    yield made
    for visit in made.values():
        visit.close()


CASES = [pytest.param(name, width, id=f"{name}-{width}") for name in PAGES for width in WIDTHS]


@pytest.mark.parametrize("name, width", CASES)
def test_nothing_is_wider_than_the_screen(visits, name, width):
    page = visits[name, width].page
    scroll, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= viewport == width
    # nor is any element cut off at the right edge (overflow hidden would hide it from scrollWidth)
    wide = page.evaluate("""w => [...document.body.querySelectorAll('*')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5
                     && getComputedStyle(e).display !== 'none')
        .map(e => e.tagName + '.' + e.className)""", width)
    assert wide == []


@pytest.mark.parametrize("name, width", CASES)
def test_every_image_loads(visits, name, width):
    page = visits[name, width].page
    images = page.evaluate("[...document.images].map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])")
    assert images, "the page shows photos"
    assert [src for src, loaded in images if not loaded] == []


@pytest.mark.parametrize("name, width", CASES)
def test_every_photo_shows_its_credit(visits, name, width):
    page = visits[name, width].page
    photos, credit_of = CREDITS[name]
    credits = page.eval_on_selector_all(photos, f"""imgs => imgs.map({credit_of}).map(c => c && [
        c.textContent.trim(), c.getBoundingClientRect().width > 0,
        c.getBoundingClientRect().right <= window.innerWidth + 0.5])""")
    # the sample's consents (content/consent.csv) keep one photo out of the web edition and
    # two out of the email: 6 and 5 of its photos are shown
    assert len(credits) >= {"archive": 1, "email": 5}.get(name, 6)
    for credit in credits:
        assert credit is not None
        text, shown, inside = credit
        assert text.startswith("© ") and shown and inside, credit


@pytest.mark.parametrize("name, width", CASES)
def test_no_request_leaves_the_edition_and_the_console_is_clean(visits, name, width):
    visit = visits[name, width]
    assert visit.outside == []
    assert visit.errors == []
    assert (ARTIFACTS / f"{name}-{width}.png").stat().st_size > 1000


def test_the_email_at_375_px_is_one_column(visits):
    page = visits["email", 375].page
    lefts = page.eval_on_selector_all("td.story", "cells => cells.map(c => c.getBoundingClientRect().left)")
    assert len(lefts) >= 6 and len(set(lefts)) == 1
    widths = page.eval_on_selector_all("img.photo", "imgs => imgs.map(i => i.getBoundingClientRect().width)")
    assert all(w <= 375 - 2 * 20 + 0.5 for w in widths)  # the photo within the story's padding


def _luminance(css: str) -> float:
    """Relative luminance (WCAG 2) of a computed `rgb(r, g, b)` colour."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", css)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_email_text_stays_readable_in_light_and_dark_mode(browser, served, scheme):
    visit = Visit(browser, *served, "email", 375, scheme)
    try:
        sheet = visit.page.eval_on_selector(".sheet", "e => getComputedStyle(e).backgroundColor")
        for selector in ("td.story", "h2 a.headline", "p.caption", "p.wording", "a.more"):
            colour = visit.page.eval_on_selector(selector, "e => getComputedStyle(e).color")
            assert _contrast(colour, sheet) >= 4.5, (scheme, selector, colour, sheet)
        assert (_luminance(sheet) < 0.1) == (scheme == "dark")
        assert visit.errors == [] and visit.outside == []
    finally:
        visit.close()
