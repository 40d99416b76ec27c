#!/usr/bin/env python3
"""The print layout's invariants, read from a PDF itself (issue 17).

    python scripts/layout_check.py newsletter.pdf [--kind report] [--heading TEXT ...]

Text comes from poppler's `pdftotext -bbox-layout` (every block, line and
word with its box), white space from the pages rendered to PNG
(scripts/page_fill.py), photos from `pdfimages -list`. What is checked:

- narrow text: no block of four or more lines narrower than 50 mm (text
  squeezed beside a photo or a panel);
- holes: no full-width white band over 40 mm on a newsletter page other than
  the last (60 mm in a report, whose cover is left out too);
- captions: every photo's caption (it ends with the credit, "©") on the
  photo's page: as many credits as photos on each page;
- headings: no heading is the last text of its column (no text under it in
  the same column of its page, a photo's caption included; its dateline is
  part of it);
- page 1 of a newsletter holds the masthead, the lead headline and its first
  words, the contents and the numbers;
- sharp photos: none printed below 150 ppi;
- white beside a photo: no photo set in a column with more than a few lines
  (BESIDE_MM) of white beside it, the tallest white run in the other column,
  read from the rendered page and the photos' places (`pdftohtml -xml`).

Measured, but not yet held as a fault: page 1's white beside the side panel,
the tallest band across the lead story's column (a short lead story).

`check(pdf, ...)` returns the figures and the list of faults; tests assert
the list is empty, `make layout-report` prints the figures of every seed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_fill import LOGO_HEIGHT, white_bands, white_beside_panel, white_beside_photos  # noqa: E402

MM = 72 / 25.4  # PDF points per millimetre
NARROW_MM, NARROW_LINES = 50, 4
BAND_MM = {"newsletter": 40, "report": 60}
MIN_PPI = 150
BESIDE_MM = 20  # four lines of 4.8 mm: white beside a photo a reader sees as a hole
HEADING_MIN_PT = 12.5  # a line's height: a 10.5 pt subheading's is 14 pt, the contents' 8 pt 11 pt
TEXT_TOP_MM, TEXT_BOTTOM_MM = 20, 297 - 18  # templates/print.css: @page margins
_NS = "{http://www.w3.org/1999/xhtml}"
# a story's dateline ("5 August 2023 · Maseru") belongs to its heading: it is not the text under it
_DATELINE = re.compile(r"^\d{1,2}(–\d{1,2})? (January|February|March|April|May|June|July|August|September|"
                       r"October|November|December)\b")


@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Report:
    pages: int = 0
    bands: list[float] = field(default_factory=list)
    narrow: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    front: list[str] = field(default_factory=list)
    min_ppi: int | None = None
    holes: list[str] = field(default_factory=list)
    # photos with more than BESIDE_MM white beside them, and how many photos were measured
    beside: list[str] = field(default_factory=list)
    photos: int = 0
    # a newsletter's page 1: the tallest white band across the lead story's column, beside and
    # under the side panel, in mm
    front_white: float | None = None

    @property
    def faults(self) -> list[str]:
        sharp = [] if self.min_ppi is None or self.min_ppi >= MIN_PPI else [f"a photo at {self.min_ppi} ppi"]
        return self.holes + self.narrow + self.captions + self.headings + self.front + sharp + self.beside


def read_text(pdf: Path) -> tuple[list[list[list[Line]]], float]:
    """Each page's blocks, each a list of lines; and the page width in points."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml, count=1)
    doc = ET.fromstring(xml)
    pages, width = [], 0.0
    for number, page in enumerate(doc.iter(f"{_NS}page"), start=1):
        width = float(page.get("width"))
        blocks = []
        for block in page.iter(f"{_NS}block"):
            blocks.append([Line(number, *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")),
                                [w.text or "" for w in line.iter(f"{_NS}word")])
                           for line in block.iter(f"{_NS}line")])
        pages.append(blocks)
    return pages, width


def check(pdf: str | Path, *, kind: str = "newsletter", headings: list[str] = (),
          front: list[str] = ()) -> Report:
    """Measure `pdf`; `headings` are texts that must never end a column, `front` texts
    page 1 must hold."""
    pdf = Path(pdf)
    pages, _ = read_text(pdf)
    report = Report(pages=len(pages), bands=white_bands(pdf))
    first = 1 if kind == "report" else 0  # a report's cover is designed with white space
    for number, band in enumerate(report.bands[first:-1], start=first + 1):
        if band > BAND_MM[kind]:
            report.holes.append(f"page {number}: a white band of {band:.0f} mm")
    report.narrow = list(_narrow_blocks(pages))
    report.headings = list(_headings_ending_a_column(pages, headings))
    page_one = _normal(" ".join(line.text for block in pages[0] for line in block)) if pages else ""
    report.front = [f"page 1 lacks {text!r}" for text in front if _normal(text) not in page_one]
    images = _images(pdf)
    report.captions = list(_captions_apart(pages, images))
    report.min_ppi = min((ppi for _, ppi in images), default=None)
    if kind == "newsletter":
        report.front_white = white_beside_panel(pdf)
    placed = white_beside_photos(pdf)
    report.photos = sum(map(len, placed))
    report.beside = [f"page {number}: {white:.0f} mm white beside a {height:.0f} mm photo"
                     for number, photos in enumerate(placed, start=1)
                     for height, white in photos if white > BESIDE_MM]
    return report


def _narrow_blocks(pages):
    for blocks in pages:
        for block in blocks:
            if len(block) < NARROW_LINES:
                continue
            width = (max(line.x1 for line in block) - min(line.x0 for line in block)) / MM
            if width < NARROW_MM:
                yield (f"page {block[0].page}: {len(block)} lines {width:.0f} mm wide "
                       f"({block[0].text[:40]!r})")


def _headings_ending_a_column(pages, headings):
    """A heading's last line with no text below it in the same column, within HEADING_ROOM_MM."""
    for heading in headings:
        wanted = _normal(heading).split()
        for blocks in pages:
            # the running header names the story too: only the text area counts
            lines = [line for block in blocks for line in block
                     if line.y0 >= TEXT_TOP_MM * MM - 1 and line.y1 <= TEXT_BOTTOM_MM * MM + 1]
            for start, end in _find(lines, wanted):
                last = lines[end]
                if last.y1 - last.y0 < HEADING_MIN_PT:  # a title in the contents
                    continue
                # the heading's column: as wide as its widest line (its last may be one word)
                x0, x1 = min(line.x0 for line in lines[start:end + 1]), max(line.x1 for line in lines[start:end + 1])
                below = [line for line in lines if line is not last and not _DATELINE.match(line.text)
                         and line.y0 >= last.y1 and line.x0 < x1 and line.x1 > x0]
                if not below:
                    yield f"page {last.page}: heading {heading[:40]!r} ends a column"


def _find(lines: list[Line], wanted: list[str]):
    """(first, last) indices of each run of consecutive lines whose words are `wanted`."""
    for start, line in enumerate(lines):
        words, end = [], start
        while end < len(lines) and len(words) < len(wanted):
            words += _normal(lines[end].text).split()
            end += 1
        if words == wanted:
            yield start, end - 1


def _images(pdf: Path) -> list[tuple[int, int]]:
    """(page, ppi) of every photo: logos, prepared LOGO_HEIGHT pixels high, left out."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    found = []
    for row in listing:
        cells = row.split()
        if len(cells) >= 14 and cells[2] == "image" and int(cells[4]) != LOGO_HEIGHT:
            found.append((int(cells[0]), min(int(cells[12]), int(cells[13]))))
    return found


def _captions_apart(pages, images):
    """Each page shows as many credits (a caption's end) as photos: none left on another page."""
    for number, blocks in enumerate(pages, start=1):
        credits = sum(line.text.count("©") for block in blocks for line in block)
        photos = sum(1 for page, _ in images if page == number)
        if credits != photos:
            yield f"page {number}: {photos} photos but {credits} captions"


def _normal(text: str) -> str:
    # words as pdftotext gives them: hyphenation at line ends undone, quotes and spaces plain
    text = re.sub(r"-\s+", "", text.replace("\u00ad", ""))
    return re.sub(r"\s+", " ", re.sub(r"[“”\"’']", "", text)).strip().lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--kind", choices=sorted(BAND_MM), default="newsletter")
    parser.add_argument("--heading", action="append", default=[])
    args = parser.parse_args(argv)
    report = check(args.pdf, kind=args.kind, headings=args.heading)
    print(f"{args.pdf}: {report.pages} pages, bands {report.bands}, min ppi {report.min_ppi}")
    for fault in report.faults:
        print(f"  {fault}")
    return 1 if report.faults else 0


if __name__ == "__main__":
    sys.exit(main())
