"""The preview's print view: the edition's PDF rendered on request, with WeasyPrint's warnings."""

from __future__ import annotations

import threading
from contextlib import contextmanager
import urllib.error
import urllib.request

import pytest

from bulletin.serve import make_server

from conftest import normalise, poppler


@contextmanager
def serving(root, cache):
    """The preview of `root`, running: its address."""
    server, _ = make_server(root, cache, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def preview(root, tmp_path):
    with serving(root, tmp_path / "cache") as address:
        yield address


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def test_the_edition_page_links_to_its_print_view_and_pdf(preview):
    status, _, page = get(preview + "/edition/2023-Q2/")
    assert status == 200
    assert b'href="print"' in page and b'href="newsletter.pdf"' in page


def test_the_pdf_link_returns_the_print_edition(preview, tmp_path):
    # the link as the page writes it, resolved against the page's own address
    status, kind, pdf = get(preview + "/edition/2023-Q2/newsletter.pdf")
    assert (status, kind) == (200, "application/pdf")
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "preview.pdf").write_bytes(pdf)
    text = normalise(poppler("pdftotext", tmp_path / "preview.pdf", "-"))
    assert "IOM Lesotho Newsletter" in text and "April–June 2023" in text
    assert "Mobile clinics reach the highlands" in text


def test_the_print_view_shows_the_pdf_and_weasyprints_warnings(preview):
    status, _, page = get(preview + "/edition/2023-Q2/print")
    assert status == 200
    text = page.decode("utf-8")
    assert "Print edition – April–June 2023" in text
    assert '<iframe class="print-pages" src="newsletter.pdf"' in text
    assert "WeasyPrint had no warnings." in text


def test_a_bad_period_has_no_pdf(preview):
    status, _, _ = get(preview + "/edition/2023-Q9/newsletter.pdf")
    assert status == 404


def test_the_print_view_lists_what_weasyprint_warned_about(make_root, tmp_path):
    # A root's own print.css names a file outside what WeasyPrint may read.
    root = make_root({"templates/print.css": 'body { background: url("https://example.com/paper.png"); }\n'})
    with serving(root, tmp_path / "cache") as address:
        status, _, page = get(address + "/edition/2023-Q2/print")
    assert status == 200
    text = page.decode("utf-8")
    assert "WeasyPrint&#39;s warnings" in text or "WeasyPrint's warnings" in text
    items = text[text.index('<ul class="pdf-warnings">'):].split("</ul>")[0]
    assert "https://example.com/paper.png" in items


def test_the_preview_prints_in_the_offices_own_font(make_root, tmp_path):
    """The preview renders its PDF as a build does (publish.print_pdf): WeasyPrint may
    read the root's fonts/, so the office's text font is the one embedded."""
    from bulletin.resources import FONTS
    from support import SITE

    site = SITE + "brand:\n  fonts:\n    text: fonts/Office-Text.ttf\n"
    root = make_root({"content/site.yaml": site,
                      "fonts/Office-Text.ttf": (FONTS / "NotoSans-Italic.ttf").read_bytes()})
    with serving(root, tmp_path / "cache") as address:
        status, _, pdf = get(address + "/edition/2023-Q2/newsletter.pdf")
    assert status == 200
    (tmp_path / "preview.pdf").write_bytes(pdf)
    fonts = poppler("pdffonts", tmp_path / "preview.pdf")
    assert "+Office-Text" in fonts and "Noto-Serif" not in fonts


def test_the_preview_lays_a_white_page_out_again_as_the_build_does(tmp_path):
    """A generated quarter whose first layout leaves a page white (scripts/varied.py, seed 23):
    the preview's PDF is the build's second layout (refit.py), page for page."""
    import subprocess
    import sys

    from support import REPO

    sys.path.insert(0, str(REPO / "scripts"))
    import varied
    from page_fill import white_bands

    root = tmp_path / "root"
    varied.generate(root, 23)
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "newsletter", "--period", varied.PERIOD,
                           "--root", str(root), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    built = tmp_path / "out" / "newsletter" / varied.PERIOD / "newsletter.pdf"
    with serving(root, tmp_path / "cache") as address:
        status, _, pdf = get(f"{address}/edition/{varied.PERIOD}/newsletter.pdf")
    assert status == 200
    (tmp_path / "preview.pdf").write_bytes(pdf)
    pages = [poppler("pdftotext", path, "-").split("\f") for path in (built, tmp_path / "preview.pdf")]
    assert pages[0] == pages[1]
    assert max(white_bands(tmp_path / "preview.pdf")[:-1]) <= 40
