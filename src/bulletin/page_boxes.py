"""What each page WeasyPrint laid out leaves white, read from its boxes, for refit.py.

A page's white foot, the movable blocks (`data-move`) opening it, the stories, charts and
photos on it a remedy could name, and the white beside each photo set in a column: all
measured in millimetres from the boxes' positions, before anything is drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

MM = 96 / 25.4  # CSS pixels in a millimetre
TOP_MM = 3  # a block this close to the top of a page's text opens it


@dataclass(frozen=True)
class Page:
    foot_mm: float  # white between the last line and the foot of the text area
    opening: tuple[str, ...]  # the keys of the movable blocks at the top of the page
    # the `data-compact` keys of the stories on the page whose photos could be set at the
    # other size, from the highest to the lowest
    stories: tuple[str, ...] = ()
    # the charts and photos (`data-fit`) at the top of the page: key, the height of the block
    # and of its image, in mm, and whether it sits in a column
    fits: tuple[tuple[str, float, float, bool], ...] = ()
    # the white at the foot of the page's right half (its right column: what follows the
    # page's last block could go there), in mm
    room_mm: float = 0.0
    # the height of the movable blocks opening the page, in mm
    opening_mm: float = 0.0
    # the `data-headline` key of the story whose opening opens the page (its headline could be
    # set smaller)
    headed: tuple[str, ...] = ()
    # every photo on the page that could be drawn smaller (`data-fit`): key, image height in mm
    drawn: tuple[tuple[str, float], ...] = ()
    # each photo in a column with white beside it: its `data-move` key, its `data-fit` key
    # (or ""), and the tallest white in the other column beside it, in mm
    beside: tuple[tuple[str, str, float], ...] = ()
    # the `data-rows` keys of the stories on the page whose photos could be set in rows
    rows: tuple[str, ...] = ()
    # the `data-span` keys of the photos on the page that could be set across it
    spans: tuple[str, ...] = ()
    # page 1: the key of the photos and quotes beside the panel it may give back (`data-front`)
    fronts: tuple[str, ...] = ()
    # from the top of the page's text to its last line or image, in mm (unknown: a full page)
    used_mm: float = math.inf


def pages(document) -> list[Page]:
    """What each laid-out page leaves white at its foot, and which movable blocks open it."""
    return [_page(page._page_box) for page in document.pages]


def _page(page_box) -> Page:
    html = page_box.children[0]  # the root box; the others are the page's margin boxes
    top = page_box.content_box_y()
    bottom = top + page_box.height
    boxes = list(_boxes(html))
    ink = [b for b in boxes if _is_ink(b)]
    last = max((b.position_y + b.margin_height() for b in ink), default=top)
    # a story's "(continued)" label goes with the block under it: that block opens the page
    first = min((b.position_y for b in ink if not _continued(b)), default=top)
    at_top = [b for b in boxes if b.element is not None and b.position_y - first < TOP_MM * MM]
    opening = sorted({b.element.get("data-move") for b in at_top if b.element.get("data-move")})
    opening_low = max((b.position_y + b.margin_height() for b in at_top if b.element.get("data-move")),
                      default=first)
    stories = {}
    for b in boxes:
        key = b.element.get("data-compact") if b.element is not None else None
        if key:
            stories[key] = max(stories.get(key, b.position_y), b.position_y + b.margin_height())
    # a block's height counts a "(continued)" label above it, which needs the room too
    label = min((b.position_y for b in ink), default=top)
    fits = tuple((b.element.get("data-fit"),
                  (b.position_y + b.margin_height() - min(label, b.position_y)) / MM,
                  _image_height(b) / MM, b.margin_width() <= page_box.width / 2)
                 for b in boxes if b.element is not None and b.element.get("data-fit")
                 and type(b).__name__ == "BlockBox" and b.position_y - first < TOP_MM * MM)
    drawn = tuple((b.element.get("data-fit"), _image_height(b) / MM) for b in boxes
                  if b.element is not None and b.element.get("data-fit") and type(b).__name__ == "BlockBox")
    middle = page_box.content_box_x() + page_box.width / 2
    spans = list(_spans(html))
    photos = [b for b in boxes if type(b).__name__ == "BlockBox" and b.element is not None
              and b.element.tag == "figure" and b.element.get("data-move")]
    beside = tuple(found for found in (_beside(b, spans, middle) for b in photos) if found and found[2] > 0)
    return Page(foot_mm=max(0.0, bottom - last) / MM, opening=tuple(opening), used_mm=(last - top) / MM,
                stories=tuple(sorted(stories, key=stories.get)), fits=fits,
                room_mm=_column_room(html, page_box.content_box_x() + page_box.width / 2, top, bottom) / MM,
                opening_mm=(opening_low - first) / MM,
                headed=tuple(sorted({b.element.get("data-headline") for b in at_top if b.element.get("data-headline")})),
                drawn=drawn, beside=beside,
                rows=_marked(boxes, "data-rows"), spans=_marked(boxes, "data-span"),
                fronts=_marked(boxes, "data-front"))


def _marked(boxes: list, attribute: str) -> tuple[str, ...]:
    """The values of `attribute` on the page's elements."""
    return tuple(sorted({b.element.get(attribute) for b in boxes
                         if b.element is not None and b.element.get(attribute)}))


def _beside(figure, spans: list, middle: float) -> tuple[str, str, float] | None:
    """A photo in a column: its keys and the tallest run of its height the other column
    leaves white (no line or image of it there)."""
    image = next((b for b in _boxes(figure) if "ReplacedBox" in type(b).__name__), None)
    if image is None:
        return None
    left_edge, right_edge = image.position_x, image.position_x + image.margin_width()
    if left_edge < middle - 1 and right_edge > middle + 1:
        return None  # across the middle of the page: not in a column
    top, bottom = image.position_y, image.position_y + image.margin_height()
    left = (left_edge + right_edge) / 2 < middle
    covered = sorted((box.position_y, box.position_y + box.margin_height()) for box, x0, x1 in spans
                     if (x1 > middle if left else x0 < middle)
                     and box.position_y < bottom and box.position_y + box.margin_height() > top)
    white, reached = 0.0, top
    for start, end in covered:
        white, reached = max(white, start - reached), max(reached, end)
    white = max(white, bottom - reached)
    return figure.element.get("data-move"), figure.element.get("data-fit") or "", white / MM


def _continued(box) -> bool:
    return box.element is not None and "continued" in (box.element.get("class") or "").split()


def _image_height(box) -> float:
    return next((b.height for b in _boxes(box) if "ReplacedBox" in type(b).__name__), 0.0)


def _column_room(html, middle: float, top: float, bottom: float) -> float:
    """The white at the foot of the right half of the page: the column a block after the
    page's last could take. Columns fill left to right, so white at the foot of the left
    one, text beside it in the right one, is behind the flow (generated seed 58: a 54 mm
    photo opened the next page alone, 65 mm white under the left column)."""
    lowest = top
    for box, _, right in _spans(html):
        if right > middle:
            lowest = max(lowest, box.position_y + box.margin_height())
    return max(0.0, bottom - lowest)


def _spans(box, span: tuple[float, float] | None = None) -> Iterator:
    """Each ink box with the width it bars: in columns, a line its column's (a short last line
    still holds it), an image its own; outside them, the page's (what follows a headline, a
    float or page 1's side panel starts under it, whichever half it stands in)."""
    if type(box).__name__ == "BlockBox" and (span is not None or _in_columns(box)):
        span = box.content_box_x(), box.content_box_x() + box.width
    if _is_ink(box):
        if span is None:
            yield box, float("-inf"), float("inf")
        else:
            own = box.position_x, box.position_x + box.margin_width()
            yield (box, *(own if "Replaced" in type(box).__name__ else span))
    for child in getattr(box, "children", ()):
        yield from _spans(child, span)


def _in_columns(box) -> bool:
    return box.style["column_count"] != "auto" or box.style["column_width"] != "auto"


def _boxes(box) -> Iterator:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _is_ink(box) -> bool:
    # a line of text or an image: what a reader sees on the page
    return type(box).__name__ in ("LineBox", "InlineReplacedBox", "BlockReplacedBox")
