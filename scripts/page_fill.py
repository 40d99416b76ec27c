#!/usr/bin/env python3
"""How full is each page of a PDF: the tallest full-width white band in its text area.

Run from the repository root::

    python scripts/page_fill.py build/newsletter/2023-Q3/newsletter.pdf [more.pdf ...]

A page is rendered with pdftoppm (poppler-utils) in grey; a pixel row counts
as white when every pixel across the text area is near white. The tallest
run of white rows, in mm, is what a reader sees as a hole: a story that
stops half-way down a page, a photo pushed to the next one. The text area
is the page less the print margins of templates/print.css, so the running
header and the page number do not count as content.

Tests use `white_bands()` to assert the sample editions fill their pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

# templates/print.css: @page { margin: 20mm 18mm 18mm 18mm }
MARGINS_MM = {"top": 20, "right": 18, "bottom": 18, "left": 18}
DPI = 50  # 0.5 mm per pixel row: fine enough for a 40 mm threshold, fast to render
WHITE = 245  # a row is blank if no pixel is darker than this (JPEG noise stays above)
A4_WIDTH_MM = 210
COLUMN_MM, GAP_MM = 84, 6  # src/bulletin/layout.py: COLUMN_WIDTH_MM; print.css: column-gap
LOGO_HEIGHT = 160  # src/bulletin/layout.py: logos are prepared this many pixels high
FRONT_TEXT_WIDTH_MM = 108  # src/bulletin/layout.py: page 1's lead story beside the side panel


def white_bands(pdf: str | Path, dpi: int = DPI, margins: dict | None = None) -> list[float]:
    """The tallest full-width white band inside the text area of each page, in mm."""
    margins = {**MARGINS_MM, **(margins or {})}
    with tempfile.TemporaryDirectory(prefix="page-fill-") as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), f"{folder}/page"],
                       check=True, capture_output=True)
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [_tallest_band(Image.open(page), dpi, margins) for page in pages]


def white_beside_panel(pdf: str | Path, dpi: int = DPI) -> float:
    """Page 1's tallest white band across the lead story's column, beside and under the side
    panel (templates/print.css: .front, 108 mm wide; layout.FRONT_TEXT_WIDTH_MM), in mm: a
    short lead story leaves it white when nothing follows its text there."""
    with tempfile.TemporaryDirectory(prefix="page-fill-") as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf),
                        f"{folder}/page"], check=True, capture_output=True)
        [page] = Path(folder).glob("page-*.png")
        right = A4_WIDTH_MM - MARGINS_MM["left"] - FRONT_TEXT_WIDTH_MM
        return _tallest_band(Image.open(page), dpi, {**MARGINS_MM, "right": right})


def white_beside_photos(pdf: str | Path, dpi: int = DPI,
                        margins: dict | None = None) -> list[list[tuple[float, float]]]:
    """For each page, each column photo's height and the tallest white run in the other
    column beside it, in mm: what a reader sees as a hole next to a photo.

    Photos and their places come from poppler's `pdftohtml -xml`; a photo narrower than
    half the text area is in a column, and the other column is the other half of the text
    area (templates/print.css: two columns, a 6 mm gap)."""
    margins = {**MARGINS_MM, **(margins or {})}
    with tempfile.TemporaryDirectory(prefix="page-fill-") as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), f"{folder}/page"],
                       check=True, capture_output=True)
        subprocess.run(["pdftohtml", "-xml", "-q", str(pdf), f"{folder}/pdf"], check=True, capture_output=True)
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        placed = _photos(Path(f"{folder}/pdf.xml").read_text(errors="replace"))
        return [[(height, _white_beside(Image.open(page), dpi, margins, top, height, left + width / 2))
                 for top, left, width, height in placed.get(number, [])]
                for number, page in enumerate(pages, start=1)]


def _photos(xml: str) -> dict[int, list[tuple[float, ...]]]:
    """Each page's photos set in a column: top, left, width, height in mm."""
    found = {}
    for page in re.finditer(r'<page number="(\d+)"[^>]*width="(\d+)">(.*?)</page>', xml, re.S):
        per_mm = int(page[2]) / A4_WIDTH_MM
        images = re.finditer(r'<image top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" src="([^"]+)"',
                             page[3])
        # wider than a column and its gap: a photo across the page, beside nothing; a logo
        # (prepared LOGO_HEIGHT pixels high) is not a photo
        found[int(page[1])] = [box for box, src in ((tuple(int(v) / per_mm for v in image.groups()[:4]),
                                                     image[5]) for image in images)
                               if box[2] <= COLUMN_MM + GAP_MM and _pixel_height(src) != LOGO_HEIGHT]
    return found


def _pixel_height(image: str) -> int:
    with Image.open(image) as opened:
        return opened.height


def _white_beside(page: Image.Image, dpi: int, margins: dict, top: float, height: float,
                  centre: float) -> float:
    px_per_mm = dpi / 25.4
    pixels = np.asarray(page.convert("L"))
    width_mm = pixels.shape[1] / px_per_mm
    left_column = margins["left"], margins["left"] + COLUMN_MM
    right_column = width_mm - margins["right"] - COLUMN_MM, width_mm - margins["right"]
    x0, x1 = right_column if centre < width_mm / 2 else left_column
    beside = pixels[round(top * px_per_mm):round((top + height) * px_per_mm),
                    round(x0 * px_per_mm):round(x1 * px_per_mm)]
    return round(_tallest_run((beside >= WHITE).all(axis=1)) / px_per_mm, 1)


def _tallest_run(blank) -> int:
    tallest = run = 0
    for row_is_blank in blank:
        run = run + 1 if row_is_blank else 0
        tallest = max(tallest, run)
    return tallest


def _tallest_band(page: Image.Image, dpi: int, margins: dict) -> float:
    px_per_mm = dpi / 25.4
    pixels = np.asarray(page.convert("L"))
    height, width = pixels.shape
    top, bottom = round(margins["top"] * px_per_mm), height - round(margins["bottom"] * px_per_mm)
    left, right = round(margins["left"] * px_per_mm), width - round(margins["right"] * px_per_mm)
    blank = (pixels[top:bottom, left:right] >= WHITE).all(axis=1)
    return round(_tallest_run(blank) / px_per_mm, 1)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python scripts/page_fill.py FILE.pdf [FILE.pdf ...]", file=sys.stderr)
        return 2
    for pdf in argv:
        bands = white_bands(pdf)
        print(f"{pdf}: {len(bands)} pages")
        for number, band in enumerate(bands, start=1):
            print(f"  page {number:2}: tallest white band {band:5.1f} mm")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
