"""Photos that follow one another in a story, set side by side in rows across the page.

Stacked in a column, two or three photos between the same two paragraphs are
taller than the text beside them: the other column ends and leaves white beside
the stack (generated seeds: most of the holes beside photos). Set in a row
across both columns, they are as tall as one of them and nothing is beside
them. A row's photos share one height, so the row is as wide as the text (a
"justified" row); it is narrower, and centred, when that height would be taller
than a photo may print, or draw a photo past the 150 pixels an inch it has.
A photo that would be narrower than a caption may be, in any row, stays in its
column.

A row spans the page and is never split: one too tall for a page's foot
leaves the foot white. So a story is set in rows only when refit.py saw
white beside one of its photos in the columns (views.story_view, `data-rows`).
A photo alone in its column that no row takes and that drawing shorter leaves
white beside (its story's text ended above it) is set across the page too, a
row of one (views.span_key).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .layout import COLUMN_WIDTH_MM, MIN_PRINT_DPI, ROW_GAP_MM, ROW_MAX_MM, ROW_MIN_PHOTO_MM, TEXT_WIDTH_MM

PHOTOS_IN_A_ROW = 3  # four across would print each under 43 mm wide: captions one word a line


@dataclass(frozen=True)
class Row:
    """Photos side by side across the page (`photos`: views.PhotoView)."""

    photos: tuple[Any, ...]
    # print: refit.py may draw the row smaller, at `fit_mm` high, to fit a page's foot
    fit: str = ""
    fit_mm: int | None = None

    @property
    def key(self) -> str:
        """refit.py moves the row as one block, by its first photo's name."""
        return self.photos[0].key

    @property
    def height_mm(self) -> float:
        """As tall as fills the text's width, or less: a photo's most, or its pixels at 150 ppi."""
        shapes = [p.image.width / p.image.height for p in self.photos]
        # half a millimetre spare: widths are printed to a tenth, and a row a hair too wide
        # would set its last photo on a line of its own
        height = (TEXT_WIDTH_MM - 0.5 - ROW_GAP_MM * (len(shapes) - 1)) / sum(shapes)
        sharp = min(p.image.height / MIN_PRINT_DPI * 25.4 for p in self.photos)
        height = min(height, ROW_MAX_MM, sharp)
        if self.fit_mm:  # drawn smaller to fit, but never a photo narrower than its caption may be
            # (a photo alone has a figure as wide as a caption may be anyway: figure_mm)
            floor = ROW_MIN_PHOTO_MM / min(shapes) if len(shapes) > 1 else 0
            height = min(height, max(self.fit_mm, floor))
        return height

    def placed(self) -> list[tuple[Any, float]]:
        """Each photo with the width, in mm, it prints at."""
        height = self.height_mm
        return [(p, round(height * p.image.width / p.image.height, 1)) for p in self.photos]

    @staticmethod
    def figure_mm(width: float) -> float:
        """How wide a photo's figure is, its caption's width: a photo alone across the page
        (views.span_key) may be narrower than a caption may be; its figure is not (rows()
        keeps every photo of a row of two or three at least that wide)."""
        return max(width, ROW_MIN_PHOTO_MM)


def rows(photos: list) -> list:
    """`photos` (a run of them, in the story's order) as rows of two or three, and single
    photos where no row takes them: the split with the fewest single photos (each leaves its
    column's white beside it), then the least height in all, each photo in a row at least
    ROW_MIN_PHOTO_MM wide. A single photo counts its column height."""
    best, least = list(photos), (len(photos), sum(_column_mm(p) for p in photos))
    for cuts in _splits(len(photos)):
        parts = [photos[a:b] for a, b in zip((0, *cuts), (*cuts, len(photos)))]
        placed = [Row(tuple(part)) if len(part) > 1 else part[0] for part in parts]
        if any(isinstance(item, Row) and min(w for _, w in item.placed()) < ROW_MIN_PHOTO_MM
               for item in placed):
            continue
        height = sum(item.height_mm if isinstance(item, Row) else _column_mm(item) for item in placed)
        score = sum(not isinstance(item, Row) for item in placed), height
        if score < least:
            best, least = placed, score
    return best


def _splits(count: int):
    """Every way to cut `count` photos into consecutive parts of at most PHOTOS_IN_A_ROW."""
    for many in range(count):
        for cuts in combinations(range(1, count), many):
            sizes = [b - a for a, b in zip((0, *cuts), (*cuts, count))]
            if max(sizes) <= PHOTOS_IN_A_ROW:
                yield cuts


def _column_mm(photo) -> float:
    """How tall a photo prints in its column (print.css: figure.column)."""
    width, height = photo.image.width, photo.image.height
    return min(85 if height > width else 75, COLUMN_WIDTH_MM * height / width)
