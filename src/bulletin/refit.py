"""A second look at the printed pages: a photo or quote that left a page white moves down.

In columns, WeasyPrint sets a photo with its caption (or a pull quote) whole:
when it does not fit the foot of either column, it opens the next page, the
column balancer ends the page's two columns level, and everything below them
stays white. CSS has no way to let the text that follows the photo fill that
foot, so the build does it: it reads the pages WeasyPrint laid out, finds a
page whose white foot is over the limit while a movable block (one marked
`data-move` by the template) opens the next page, moves that block after the
next paragraph of its story, and lays the edition out again. A new layout is
kept only when it leaves fewer pages white, so the worst case is the first.

Where moving cannot help, more remedies: the next story's headline is set
smaller (`data-headline`), then the story ending the white page has its photos
set at the other size (`data-compact`: smaller, so the next story's opening
fits under it, or full size, so a short story fills the foot); a chart, or a
photo that ends its story (`data-fit`), opening the next page is drawn smaller
to fit the white page's foot or its empty column; and a story's end opening
the next page alone has the story's last photos drawn smaller instead.

Once the pages white at their foot have nothing more to try (or are no whiter
than a page may be: those then wait), a photo in a column with more than a few
lines of white beside it (the other column ended above its foot) is drawn
shorter by that white when it ends its story and that closes it; else its
story's photos that follow one another are set side by side in rows across the
page (`data-rows`), or it moves a paragraph down, or, ending its story, is
drawn shorter; when even its shortest leaves white beside it, it is set across
the page, a row of its own.
A last page that holds only a line or two counts as a page too white: the
photos drawn on the page before it are drawn smaller to take it back. Page 1
left white at its foot by a lead story set whole beside the side panel gives
the photos and quotes set there back to the story's rest (`data-front`).

Each layout moves on from the one before; when that path ends away from the
best layout, the search goes back to the best and tries fewer of the remedies
that left it (`refit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import zip_longest
from typing import Callable

from .page_boxes import Page, pages

BAND_MM = 36  # a foot whiter than this is laid out again: under the 40 mm a page may leave
# white (docs/print-layout.md), as the page measured from its pixels counts the white
# between lines too
# what a page may leave white: a layout with none whiter is kept as it is. 2 mm under the
# 40 mm, as the page's pixels count the leading under its last line as white too (a foot of
# 39.2 mm measured 40.4 mm: generated seed 47)
LIMIT_MM = 38
# a report may leave more white (a section's tables and charts are unbreakable): its limits
REPORT_MM = 56, 58  # (BAND_MM, LIMIT_MM) for a report: under its 60 mm
PASSES = 10  # layouts tried after the first, at most
FIT_SHARE = 0.7  # a chart or photo is drawn smaller to fit a page's foot down to this share of its height
FIT_SLACK_MM = 3  # what the white under a page's last line holds besides the chart (rounding)
# a column's white is measured from the last line above it (the dateline over an empty
# column); what follows starts a little under it (the header's or paragraph's margin, the
# photo's own): a photo measured 1 mm over what fits stays on the next page
COLUMN_SLACK_MM = 4
FIT_STEP_MM = 3  # a block drawn to fit that still did not is drawn this much smaller again
# white beside a photo in a column (the other column empty next to it) a page may leave: four
# lines (20 mm); more is a hole a reader sees. scripts/layout_check.py measures it from the
# pixels, which count the white under the other column's last line too (20.3 mm there, at
# most 20 mm here: generated seeds 14, 18): 2 mm under it
BESIDE_MM = 18
# a last page that holds less than this (the back page's last line or two, pushed over by a
# photo drawn a little larger: the Q3 sample) is a tail the page before should hold
TAIL_MM = 25

# a movable block's key -> how many paragraphs it moved down (a breakdown chart's: how many
# charts; a progress chart's "/lift": set before its section's notes, not after them);
# a story's `data-compact` key -> 1 (its photos set at the other size);
# a chart's or photo's `data-fit` key -> the height in mm it is drawn at (and its "/from"
# key: the height it had before any fit)
Moves = dict[str, int]


def white(laid_out: list[Page], limit: float = BAND_MM) -> tuple[int, float]:
    """How white a layout is: its pages (but the last) with a foot over `limit`, and their
    white in all; fewer pages first, then less white."""
    over = [p.foot_mm for p in laid_out[:-1] if p.foot_mm > limit]
    return len(over), sum(over)


def moves_for(laid_out: list[Page], moves: Moves, limit: float = BAND_MM, most: float = LIMIT_MM) -> Moves:
    """`moves` and, for each page white at its foot, the blocks opening the next page moved
    one paragraph further down (with none, the story ending the page has its photos set at
    the other size), and the charts and last photos opening it drawn to fit its foot."""
    more = dict(moves)
    # no page whiter than it may be: a foot between `limit` and `most` waits while photos have
    # white beside them (generated seed 9: a story set compact for a 37 mm foot, laid out with
    # a photo drawn shorter, left the photo's page 67 mm white, and the photo kept its hole)
    settled = not white(laid_out, most)[0] and not _tail(laid_out)
    holes_first = settled and any(map(_holes, laid_out))
    for page, following in zip(laid_out[:-1], laid_out[1:]):
        if page.foot_mm > limit and not holes_first:
            fitted = _fit_before(page, following.fits, more)
            for key in following.opening:
                if _block(key) not in fitted:  # drawn to fit, it stays where it is
                    more[key] = more.get(key, 0) + 1
            if not fitted:
                _shrink_tail(page, following, more)
            # the next page opens with a story's opening: its headline is set smaller first
            # (its photos keep their size); then the lowest story ending the page whose
            # photos are not yet at the other size has them so
            retitled = [key for key in following.headed if key not in more]
            ending = [key for key in page.stories if key not in following.stories and key not in more]
            if retitled:
                more.update(dict.fromkeys(retitled, 1))
            elif not following.opening and ending:
                more[ending[-1]] = 1
            if page.fronts and not fitted and all(key.split("/")[0] == front.split("/")[0]
                                                  for key in following.opening for front in page.fronts):
                # page 1, the lead story ended beside the panel (or its rest, given back, opens
                # the next page), and the next story's opening too tall for the foot: a photo or
                # quote beside the panel given back to the rest (front_page.front_key)
                more.update({key: more.get(key, 0) + 1 for key in page.fronts})
    if _tail(laid_out):
        _pull_tail(laid_out[-2], laid_out[-1], more)
    # white beside a photo only once the pages white at their foot (and a last page's line or
    # two) have nothing more to try, or are no whiter than a page may be (`most`): those
    # remedies come first. (A report's cover always leaves its foot white, so "no page white"
    # would keep them from every report; a foot of 37 mm moved on and on kept them from
    # generated seed 51's.) A story's last photos that open a page alone, its text ended on
    # the page before, are first drawn to fit that page (its foot, or the white under its
    # right column), when they can be
    if more == moves or settled:
        pulled = set()
        for page, following in zip(laid_out, laid_out[1:]):
            pulled |= _fit_before(page, [fit for fit in following.fits if fit[0].endswith("/fit")], more)
        for page in laid_out:
            _fill_beside(page, more, pulled)
    return more


def _fit_before(page: Page, fits, more: Moves) -> set[str]:
    """The charts and photos (`data-fit`) of `fits`, at the top of the page after `page`, drawn
    smaller in `more` to fit `page`'s foot (in a column: the white under its right column),
    down to their floor; the blocks so drawn."""
    fitted = set()
    for key, block, image, in_column in fits:
        room = page.room_mm - COLUMN_SLACK_MM if in_column else page.foot_mm - FIT_SLACK_MM
        height = image - (block - room)
        if key in more:  # drawn that high, it still did not fit: the room was less
            height = min(height, more[key] - FIT_STEP_MM)
        drawn = more.get(f"{key}/from", round(image))  # its height before any fit
        if FIT_SHARE * drawn <= height < image:
            more[key], more[f"{key}/from"] = int(height), drawn
            fitted.add(_block(key))
    return fitted


def _fill_beside(page: Page, more: Moves, pulled: set[str] = frozenset()) -> None:
    """Each photo in `page`'s columns with more than BESIDE_MM white beside it: drawn that
    much smaller when it ends its story (`data-fit`) and that leaves no white beside it (the
    least change: it moves nothing else); else its story's photos that follow one another
    set side by side in rows, when it has such (`data-rows`); else drawn smaller, or set
    across the page when even its floor would leave white beside it (`views.span_key`);
    else set a paragraph further down, so text follows it into the other column (past its
    story's end, the story is set compact, and the photo may be drawn to fit in the next
    layout). Those `pulled` back to the page before are left to that."""
    images = dict(page.drawn)
    for key, fit, white_mm in page.beside:
        if white_mm <= BESIDE_MM or key in pulled:
            continue
        rows = f"{key.split('/')[0]}/rows"  # views.rows_key of the photo's story
        image = images.get(fit, 0.0)
        drawn = more.get(f"{fit}/from", round(image))
        floor = math.ceil(FIT_SHARE * drawn)
        height = max(int(image - white_mm + COLUMN_SLACK_MM), floor)
        closes = fit and white_mm - (image - floor) <= BESIDE_MM  # drawn shorter, no white stays
        if rows in page.rows and rows not in more and not closes:
            # rows rearrange all the story's photos; drawing this one shorter, when that closes
            # the white, changes only it, so that comes first
            more[rows] = 1
        elif fit:
            if not closes and f"{key}/span" in page.spans:
                # even at its floor the white stays (a photo alone in its column, its story's
                # text ended above it or on the page before): set across the page instead
                more[f"{key}/span"] = 1  # views.span_key
            elif height < min(image, more.get(fit, image)):
                more[fit], more[f"{fit}/from"] = height, drawn
        else:
            more[key] = more.get(key, 0) + 1


def _tail(laid_out: list[Page]) -> bool:
    """Whether the last page holds only a line or two."""
    return len(laid_out) > 1 and laid_out[-1].used_mm < TAIL_MM


def _pull_tail(page: Page, last: Page, more: Moves) -> None:
    """The last page holds only a line or two: the photos drawn on the page before
    (`data-fit`) drawn that much smaller, shared by its two columns, down to their floor;
    with none, the lowest story there that can has its photos set at the other size."""
    photos = [(key, image) for key, image in page.drawn if key.endswith("/fit")]  # not charts
    step = max(FIT_STEP_MM, (last.used_mm + COLUMN_SLACK_MM) / max(1.0, len(photos) / 2))
    drawn = False
    for key, image in photos:
        start = more.get(f"{key}/from", round(image))
        height = max(int(image - step), math.ceil(FIT_SHARE * start))
        if height < min(image, more.get(key, image)):
            more[key], more[f"{key}/from"], drawn = height, start, True
    ending = [key for key in page.stories if key not in more]
    if not drawn and ending:
        more[ending[-1]] = 1


def _shrink_tail(page: Page, following: Page, more: Moves) -> None:
    """When what opens `following` is the end of a story whose last photos (drawn to fit)
    are on `page`, those photos drawn smaller in `more`, so the end fits under them. Each is
    shorter by the end's height over the page's white, shared by the column's photos."""
    stories = {key.split("/")[0] for key in following.opening}
    tail = [(key, image) for key, image in page.drawn
            if key.endswith("/fit") and key.split("/")[0] in stories]
    if not tail:
        return
    short = following.opening_mm - page.foot_mm + COLUMN_SLACK_MM
    step = max(FIT_STEP_MM, short / max(1.0, len(tail) / 2))  # the photos share two columns
    for key, image in tail:
        drawn = more.get(f"{key}/from", round(image))
        height = max(int(image - step), math.ceil(FIT_SHARE * drawn))
        if height < min(image, more.get(key, image)):
            more[key], more[f"{key}/from"] = height, drawn


def _block(key: str) -> str:
    """The block a key names: a chart's move ("chart-1/down", "chart-progress/lift") and its
    fit ("chart-1"), a photo's move ("story/photo.jpg") and its fit (".../fit")."""
    for suffix in ("/down", "/lift", "/fit"):
        key = key.removesuffix(suffix)
    return key


@dataclass(frozen=True)
class Layout:
    """A layout refit tried: the document, its pages, the moves that made it, its score."""
    document: object
    pages: list[Page]
    moves: Moves
    score: tuple


def refit(document, lay_out: Callable[[Moves], object], limit: float = BAND_MM,
          most: float = LIMIT_MM):
    """The layout, of `document` and those `lay_out` makes with blocks moved, that leaves the
    fewest pages whiter than a page may be (`most`), then the fewest white (`limit`).

    Each layout moves on from the one before, kept or not: a move that leaves one page white
    may be what lets the next move fill it. When that path ends away from the best layout
    (nothing left to move, or moving it changed nothing), the remedies of the step that left
    the best are tried again from it, fewer: those for the pages before the first page that
    step spoilt (a page flows into the next, never back), or else each half of them
    (generated seed 40's report: a story set in rows left a page 62 mm white, and the photo
    drawn shorter with it was lost too). It stops when no page is too white, no photo has
    white beside it and no last page holds a line or two alone, or after PASSES layouts: each
    costs as much as the first."""
    laid_out = pages(document)
    best = current = Layout(document, laid_out, {}, _score(laid_out, limit, most))
    seen, ended = [{}], False
    apart: list[list[Remedy]] = []  # remedies to try again from the best, each list at once
    fallback: list[list[Remedy]] = []  # what to try again when the path from the best ends
    for _ in range(PASSES):
        if best.score[0] == best.score[2] == 0 and not _tail(best.pages):
            break
        tried = None if ended or apart else moves_for(current.pages, current.moves, limit, most)
        if not apart and (tried is None or tried in seen):  # this path ends: back to the best
            if not fallback:
                break
            apart, fallback = fallback, []
        group, origin = (apart.pop(0), best) if apart else ([], current)
        if group:
            tried = {**best.moves, **{key: value for _, remedy in group for key, value in remedy.items()}}
        remedies = group or (_remedies(tried, best) if origin is best else [])
        seen.append(tried)
        laid_out = pages(candidate := lay_out(tried))
        # the blocks moved had no paragraph left to pass: the same pages, this path ends
        ended = laid_out == origin.pages
        current = Layout(candidate, laid_out, tried, _score(laid_out, limit, most))
        if current.score < best.score:
            best, apart, fallback, ended = current, [], [], False
        elif group:
            apart += _retries(group, laid_out, best, most)
        elif origin is best:
            fallback = _retries(remedies, laid_out, best, most)
    return best.document


Remedy = tuple[int, Moves]  # a remedy (a block's move, fit, rows...) and the page it is for


def _remedies(tried: Moves, best: Layout) -> list[Remedy]:
    """The remedies `tried` adds to the best layout's moves, one by one (a photo's fit goes
    with its height before it), each with the first page of the best layout naming it."""
    apart: dict[str, Moves] = {}
    for key, value in tried.items():
        if best.moves.get(key) != value:
            apart.setdefault(key.removesuffix("/from"), {})[key] = value
    names = [_names(page) for page in best.pages]
    return [(next((n for n, named in enumerate(names) if key in named), len(names)), remedy)
            for key, remedy in apart.items()]


def _names(page: Page) -> set[str]:
    """The keys of every block a remedy on `page` could name."""
    return {*page.opening, *page.stories, *page.headed, *page.rows, *page.spans, *page.fronts,
            *(key for key, *_ in page.fits), *(key for key, _ in page.drawn),
            *(key for found in page.beside for key in found[:2])}


def _retries(remedies: list[Remedy], laid_out: list[Page], best: Layout, most: float) -> list[list[Remedy]]:
    """What to try again from the best layout when `remedies` made `laid_out`, no better: those
    for the pages before the first it spoilt, or else each half of them (with one, nothing)."""
    if len(remedies) < 2:
        return []
    spoilt = _spoilt(laid_out, best.pages, most)
    kept = [remedy for remedy in remedies if remedy[0] < spoilt]
    if 0 < len(kept) < len(remedies):
        return [kept]
    half = (len(remedies) + 1) // 2
    return [remedies[:half], remedies[half:]]


def _spoilt(laid_out: list[Page], best: list[Page], most: float) -> int:
    """The first page by which `laid_out` has more faults than `best` (a page too white counts
    more than any photos with white beside them); past its last page, when none."""
    ahead, pairs = 0, zip_longest(_faults(laid_out, most), _faults(best, most), fillvalue=0)
    for n, (mine, theirs) in enumerate(pairs):
        ahead += mine - theirs
        if ahead > 0:
            return n
    return len(laid_out)


def _faults(laid_out: list[Page], most: float) -> list[int]:
    """Each page's faults: its foot too white (but the last page's), its photos' white beside."""
    return [1000 * (page.foot_mm > most and n < len(laid_out) - 1) + _holes(page)
            for n, page in enumerate(laid_out)]


def _holes(page: Page) -> int:
    """The photos on `page` with more white beside them than BESIDE_MM."""
    return sum(white_mm > BESIDE_MM for *_, white_mm in page.beside)


def _score(laid_out: list[Page], limit: float, most: float) -> tuple[int, int, int, int, int, float]:
    """Pages whiter at their foot than they may be (a last page with a line or two counts as
    one), then sheets of paper (a photo set larger or across the page may push the last lines
    onto a page of their own: the Q3 sample's back page), then photos with white beside them,
    then pages, then pages white at their foot, and that white in all: the fewer, the better.
    Pages are printed on both sides, so a page after an odd last page costs no paper: it is
    taken for a photo's white beside it (generated seed 29: none on 10 pages, 38 mm on 9)."""
    beside = sum(map(_holes, laid_out))
    sheets = (len(laid_out) + 1) // 2
    return white(laid_out, most)[0] + _tail(laid_out), sheets, beside, len(laid_out), *white(laid_out, limit)
