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


def white_bands(pdf: str | Path, dpi: int = DPI, margins: dict | None = None) -> list[float]:
    """The tallest full-width white band inside the text area of each page, in mm."""
    margins = {**MARGINS_MM, **(margins or {})}
    with tempfile.TemporaryDirectory(prefix="page-fill-") as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), f"{folder}/page"],
                       check=True, capture_output=True)
        pages = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [_tallest_band(Image.open(page), dpi, margins) for page in pages]


def _tallest_band(page: Image.Image, dpi: int, margins: dict) -> float:
    px_per_mm = dpi / 25.4
    pixels = np.asarray(page.convert("L"))
    height, width = pixels.shape
    top, bottom = round(margins["top"] * px_per_mm), height - round(margins["bottom"] * px_per_mm)
    left, right = round(margins["left"] * px_per_mm), width - round(margins["right"] * px_per_mm)
    blank = (pixels[top:bottom, left:right] >= WHITE).all(axis=1)
    tallest = run = 0
    for row_is_blank in blank:
        run = run + 1 if row_is_blank else 0
        tallest = max(tallest, run)
    return round(tallest / px_per_mm, 1)


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
