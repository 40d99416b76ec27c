"""Page 1 of the print edition: how much of the lead story it holds, beside the side panel.

The opening is set in one column, 108 mm wide, beside the contents and the
numbers; the rest of the story follows in two columns with the other stories.
What fits is estimated from the text's length and the photos' shapes
(layout.py), with a margin for the estimate's error: an opening that ran past
page 1 would go on as one narrow column on page 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .layout import (FRONT_CHARS_PER_MM, FRONT_PAGE_MM, FRONT_PHOTO_MAX_MM, FRONT_TEXT_WIDTH_MM,
                     LONG_EDITION_STORIES, PRINT_MAX_HEIGHT_MM)
from .views import PHOTOS, PhotoView, QuoteView, StoryView, drawn_to_fit, is_heading, text_length

# a photo in the opening prints at 150 ppi (print.css: image-resolution), at most the box's
# width and this tall (print.css: figure.column img; a portrait: layout.PRINT_MAX_HEIGHT_MM)
PHOTO_PPI, PHOTO_MAX_MM = 150, 75
# what a photo's caption and a pull quote set in the opening hold a line, and a line's height (mm)
CAPTION_CHARS, CAPTION_LINE_MM = 80, 3.5
QUOTE_CHARS, QUOTE_LINE_MM = 48, 5.8


@dataclass(frozen=True)
class Front:
    """Page 1 of the print edition: the lead story's opening, its photo, and the rest."""

    opening: list
    rest: list
    # the lead photo when it is wide enough for the opening; a portrait one waits for the rest
    photo: PhotoView | None
    # more stories than the side panel holds: the contents span the page above the lead story
    long: bool
    # the lead story as its rest is printed: compact when its photos all come after its text
    story: StoryView | None = None
    # print: names the photos and quotes set beside the panel to refit.py (`data-front`), which
    # may give them back to the rest one by one (`front_key`), when page 1 has any
    key: str = ""


def front_key(slug: str) -> str:
    """How refit.py names the lead story's photos and quotes set beside the side panel: how
    many of them, from the last, it gives back to the rest of the story."""
    return f"{slug}/front"


def front_page(stories: list[StoryView], moves: Mapping[str, int] = {}) -> Front:
    """How much of the lead story page 1 holds.

    The opening is set in one column beside the side panel and runs down the
    page: it gets the page's height of text less the masthead, a long
    edition's contents, its headline and its photo (a little less, so it never
    runs on into a second page of one narrow column); the rest of the story
    starts on page 2. Page 1 is then full on the left, whatever the panel's height.
    A rest whose photos all come after its text (a short lead story) has them set
    small, as any story's photos after its last text, and refit.py may draw them
    smaller still (`moves`) to fit under the panel. A lead story set whole on page 1
    may leave its foot white, the next story's opening too tall for it: refit.py then
    gives the photos and quotes set beside the panel back to the rest (`front_key`),
    whose first fills the foot (generated seed 15: 41 mm).
    """
    lead, long = stories[0], len(stories) > LONG_EDITION_STORIES
    photo = lead.lead if lead.lead and lead.lead.image.width >= lead.lead.image.height else None
    contents_mm = 12 + 7.5 * -(-len(stories) // 3) if long else 0  # two lines a title
    headline_mm = 14 + 8.5 * _lines(lead.title, 38 if lead.long_title else 30)  # 15 pt, else 20 pt
    photo_mm = min(FRONT_PHOTO_MAX_MM, FRONT_TEXT_WIDTH_MM * photo.image.height / photo.image.width) + 9 \
        if photo else 0
    if photo and FRONT_PAGE_MM - contents_mm - headline_mm - photo_mm < 30:
        photo, photo_mm = None, 0  # under a long contents: the opening's lines before its photo
    text_mm = FRONT_PAGE_MM - contents_mm - headline_mm - photo_mm
    waiting = lead.lead if lead.lead and not photo and not lead.lead_in_flow else None
    opening, rest = split_opening(lead, round(max(30.0, text_mm) * FRONT_CHARS_PER_MM), waiting,
                                  moves.get(front_key(lead.slug), 0))
    beside = any(kind != "html" for kind, _ in opening)
    last_text = max((i for i, (kind, _) in enumerate(rest) if kind == "html"), default=-1)
    if any(kind in PHOTOS for kind, _ in rest) and all(kind not in PHOTOS for kind, _ in rest[:last_text + 1]):
        lead = replace(lead, compact=True)
        rest = [(kind, drawn_to_fit(item, moves) if kind in PHOTOS else item) for kind, item in rest]
    return Front(opening, rest, photo, long, lead, front_key(lead.slug) if beside else "")


def _lines(text: str, per_line: int) -> int:
    return -(-len(text) // per_line)


def split_opening(story: StoryView, budget: int, waiting: PhotoView | None = None,
                  back: int = 0) -> tuple[list, list]:
    """The lead story's flow as (opening on page 1 beside the contents, the rest); `waiting`:
    its lead photo, when it is not set under the headline (a portrait); `back`: how many of
    the photos and quotes that fit beside the panel, from the last, are left to the rest.

    A text that fits the budget whole is the opening, followed by the photos
    (the waiting one first) and quotes that fit under it beside the side panel:
    a short lead story otherwise left the panel's height white beside it, its
    photos and quotes under the panel. The rest holds the others, and the last
    paragraph when a photo is among them: alone under the side panel, a photo
    that does not fit leaves page 1's foot white, where the paragraph fills it in
    two columns (a quote alone, shorter, fits more often than the paragraph set
    in two columns would fill the foot). Otherwise text blocks are taken while they fit the
    budget (at least one, and one is left for the rest); photos and quotes met on the way, and a heading that
    would end the opening, wait for the rest, the waiting photo after its first paragraph.
    The rest starts with a paragraph: a photo at the top of the columns would be pushed,
    with everything after it, to the next page when it does not fit below the panel.
    """
    flow = list(story.flow)
    text = [block for block in flow if block[0] == "html"]
    extras = ([("photo", waiting)] if waiting else []) + [block for block in flow if block[0] != "html"]
    used = sum(text_length(item) for _, item in text)
    if used <= budget:  # the whole text fits page 1
        beside = _beside_panel(extras, (budget - used) / FRONT_CHARS_PER_MM)
        beside = beside[:max(0, len(beside) - back)]
        extras = extras[len(beside):]
        if any(kind in PHOTOS for kind, _ in extras) and len(text) >= 2 and not is_heading(text[-2]):
            # its last paragraph opens the rest: under the panel, where its photos and quotes,
            # alone, may not fit, it fills page 1's foot in two columns
            return text[:-1] + beside, text[-1:] + extras
        return text + beside, extras
    opening, rest = _take_text(flow, budget)
    if waiting:  # after the rest's first paragraph, at column width (not under a subheading
        # that opens the rest: the two would leave page 1 together)
        at = next((i + 1 for i, block in enumerate(rest) if block[0] == "html" and not is_heading(block)), 1)
        rest = rest[:at] + [("photo", waiting)] + rest[at:]
    return opening, rest


def _take_text(flow: list, budget: int) -> tuple[list, list]:
    """Text blocks while they fit `budget`; the photos and quotes met on the way wait for the
    rest, after its first paragraph, as does a heading that would end the opening."""
    opening, waiting, used = [], [], 0
    for index, (kind, item) in enumerate(flow[:-1]):
        if kind != "html":
            waiting.append((kind, item))
            continue
        length = text_length(item)
        if opening and used + length > budget:
            break
        opening.append((kind, item))
        used += length
    else:
        index = len(flow) - 1
    rest = flow[index:]
    while opening and is_heading(opening[-1]):
        rest.insert(0, opening.pop())
    headings = []
    while rest and is_heading(rest[0]):
        headings.append(rest.pop(0))
    return opening, headings + rest[:1] + waiting + rest[1:]


def _beside_panel(extras: list, room_mm: float) -> list:
    """The first of `extras` (photos and quotes, in order) that fit `room_mm` under the opening's
    text; a row of photos (three or more across the page) never does."""
    taken = []
    for kind, item in extras:
        need = _photo_mm(item) if kind == "photo" else _quote_mm(item) if kind == "quote" else math.inf
        if need > room_mm:
            break
        taken.append((kind, item))
        room_mm -= need
    return taken


def _photo_mm(photo: PhotoView) -> float:
    """How tall a photo prints in the opening, caption and margins included (print.css:
    figure.column, at most 75 mm high, a portrait 85 mm)."""
    image = photo.image
    width = min(FRONT_TEXT_WIDTH_MM, image.width / PHOTO_PPI * 25.4)
    tallest = PRINT_MAX_HEIGHT_MM["column"] if image.height > image.width else PHOTO_MAX_MM
    caption = _lines(f"{photo.caption} {photo.credit}", CAPTION_CHARS) * CAPTION_LINE_MM
    return min(tallest, width * image.height / image.width) + caption + 4


def _quote_mm(quote: QuoteView) -> float:
    """How tall a pull quote prints in the opening, its speaker and margins included."""
    return _lines(quote.text, QUOTE_CHARS) * QUOTE_LINE_MM + (5 if quote.by else 0) + 6
