"""What templates see: stories, photos and donor wording, ready to print.

Shared by the newsletter and the donor reports, so a story and a donor's
sentences read the same wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby

from markupsafe import Markup

from . import gallery, markdown
from .gallery import Row
from .layout import COMPACT_CHARS_PER_PHOTO, EXTRAS_AFTER_CHARS, LONG_TITLE_CHARS
from .periods import date_range
from .project import Project
from .render import Image, Media
from .schema import Photo, Story


PHOTOS = ("photo", "row")  # the kinds of a story's flow that are photos


@dataclass(frozen=True)
class Wording:
    """A donor's required sentences for one award, placeholders filled in."""

    donor: str
    award: str
    acknowledgement: str
    disclaimer: str | None
    logo: str | None


def wording(project: Project, number: str) -> Wording:
    award = project.awards[number]
    donor = project.donors[award.donor]
    fill = {"donor": donor.name, "award": number, "project": award.project}
    return Wording(
        donor=donor.name,
        award=number,
        acknowledgement=donor.acknowledgement.format(**fill),
        disclaimer=donor.disclaimer.format(**fill) if donor.disclaimer else None,
        logo=donor.logo,
    )


@dataclass(frozen=True)
class PhotoView:
    image: Image
    caption: str
    credit: str
    alt: str
    key: str = ""  # print: names it to refit.py, which may move it down its story
    # print: set on a photo that ends its story, already small (compact): refit.py may draw
    # it smaller still, at `fit_mm` high, so it fits the foot of the page before
    fit: str = ""
    fit_mm: int | None = None


@dataclass(frozen=True)
class QuoteView:
    text: str
    by: str | None
    key: str = ""


@dataclass(frozen=True)
class StoryView:
    slug: str
    title: str
    dates: str
    places: list[str]
    theme: str
    summary: str
    lead: PhotoView | None
    # the body's blocks with further photos and quotes placed between them:
    # ("html", markup) | ("photo", PhotoView) | ("row", gallery.Row) | ("quote", QuoteView)
    flow: list[tuple[str, object]]
    wording: list[Wording] = field(default_factory=list)
    featured: bool = False
    # print: photos that would outweigh the text are set smaller (print.css: .story.compact)
    compact: bool = False
    # print: refit.py may set its photos at the other size (`data-compact`)
    resizable: bool = False
    # print: a headline set smaller (print.css: .story.long-title)
    long_title: bool = False
    # print: the opening photo sits in the columns after this many blocks of `flow`
    lead_after: int = 1
    # print: ...or it is in `flow` itself, in the row of the photos that follow it there
    lead_in_flow: bool = False
    # print: refit.py may set photos that follow one another in rows (`data-rows`: this key)
    rows: str = ""
    # the language the story is printed in when it is not the page's: not translated
    # into it (languages.localise), so printed as written; None: the page's language
    language: str | None = None


def credit(project: Project, story: Story, photo: Photo) -> str:
    """"© IOM 2023/Name": only a bare photographer's name is set in the site's default credit.

    A credit that already names the organisation or a year ("IOM 2023",
    "UNICEF/Name", "2023 Jane Doe") is printed as written; filling it in
    again would print "© IOM 2023/IOM 2023".
    """
    text = photo.credit.removeprefix("©").strip()
    if project.site is not None and _bare_name(text, project.site):
        text = project.site.default_credit.format(year=story.date.year, photographer=text)
    return f"© {text}"


_YEAR = re.compile(r"\b(1[89]|2\d)\d\d\b")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def _bare_name(text: str, site) -> bool:
    # a year, a "/" (organisation/name), an acronym ("IOM", "UNICEF") or the
    # office's or organisation's name: the credit already says whose photo it is
    if "/" in text or _YEAR.search(text) or _ACRONYM.search(text):
        return False
    return not any(name and name in text for name in (site.office, site.organisation))


def story_view(project: Project, story: Story, media: Media, moves: Mapping[str, int] = {},
               language: str = "en") -> StoryView:
    """The story as the templates print it, its dates in `language`; `moves` (refit.py)
    sets a photo or quote that many blocks further down than the even spread puts it."""
    text = markdown.to_text(story.body)
    photos = [PhotoView(media.photo(p.file, "wide" if i == 0 else "column"),
                        p.caption, credit(project, story, p), p.alt, key=f"{story.slug}/{p.file}")
              for i, p in enumerate(story.photos)]
    # nh3 has cleaned each block, so templates may print it as markup
    blocks = [("html", Markup(b)) for b in markdown.to_blocks(story.body)]
    lead_after = _first_slot(blocks)
    lead_ran_out = False
    if photos:
        wanted = _past_headings(blocks, lead_after + moves.get(photos[0].key, 0))
        lead_after, lead_ran_out = min(wanted, len(blocks)), wanted > len(blocks)
    extras: list[tuple[str, object]] = [("photo", p) for p in photos[1:]]
    extras += [("quote", QuoteView(q.text, q.by, key=f"{story.slug}/quote-{i}"))
               for i, q in enumerate(story.quotes, start=1)]
    summary = story.summary or text.split("\n")[0]
    flow = _interleave(blocks, extras, start=lead_after + (1 if photos else 0))
    # (on a screen, one column: photos follow one another there)
    flow, lead_in_flow, rows = (flow, False, "") if media.name != "print" else \
        _in_rows(flow, photos[0] if photos else None, lead_after, rows_key(story.slug), moves)
    if media.name == "print":
        flow, lead_in_flow = _spanned(flow, photos[0] if photos else None, lead_after, lead_in_flow, moves)
    # the opening photo's own move is its place in the text (lead_after), in a row too
    flow, ran_out = _moved(flow, {key: steps for key, steps in moves.items()
                                  if not (lead_in_flow and key == photos[0].key)})
    # photos that would outweigh the text are set smaller; a story ending a page too white
    # for the next one's opening has them set at the other size (smaller, or full size when
    # its one or two photos are small for its few lines); and a photo moved past the story's
    # last text, which could not fill the page's foot, leaves it no other way than smaller ones
    small = len(text) < COMPACT_CHARS_PER_PHOTO * len(photos)
    ran_out = ran_out or lead_ran_out
    compact = small != bool(moves.get(compact_key(story.slug))) or ran_out
    if compact and photos:
        photos[0], flow = _fitted(photos[0], flow, lead_after == len(blocks) and not lead_in_flow, moves)
    return StoryView(
        slug=story.slug,
        title=story.title,
        dates=date_range(story.date, story.end, language),  # the edition's language
        places=list(story.districts),
        theme=project.site.themes.get(story.theme, story.theme) if project.site else story.theme,
        summary=summary,
        lead=photos[0] if photos else None,
        flow=flow,
        lead_after=lead_after,
        lead_in_flow=lead_in_flow,
        rows=rows,
        wording=_unique_wording(project, project.awards_of(story)),
        featured=story.featured,
        compact=compact,
        resizable=bool(photos) and not ran_out and (not small or len(photos) <= 2),
        # a story whose opening fell a few millimetres short of a white page's foot (refit.py)
        long_title=len(story.title) > LONG_TITLE_CHARS or bool(moves.get(headline_key(story.slug))),
        language=project.site.languages[0] if project.site and story.slug in project.untranslated
        else None,
    )


def compact_key(slug: str) -> str:
    """How refit.py names a story whose photos it may set at the other size (`data-compact`)."""
    return f"{slug}/compact"


def rows_key(slug: str) -> str:
    """How refit.py names a story whose photos it may set in rows (`data-rows`)."""
    return f"{slug}/rows"


def span_key(photo_key: str) -> str:
    """How refit.py names a photo it sets across the page, a row of its own."""
    return f"{photo_key}/span"


def headline_key(slug: str) -> str:
    """How refit.py names a story whose headline it may set smaller (`data-headline`)."""
    return f"{slug}/headline"


def _fitted(lead: PhotoView, flow: list, lead_last: bool, moves: Mapping[str, int]):
    """The lead photo and `flow` with the photos after the story's last text named to refit.py
    (`data-fit`), and drawn at the height it chose for them; `lead_last`: the lead photo
    comes after the last text."""
    last_text = max((i for i, (kind, _) in enumerate(flow) if kind == "html"), default=-1)
    flow = [(kind, drawn_to_fit(item, moves)) if kind in PHOTOS and i > last_text else (kind, item)
            for i, (kind, item) in enumerate(flow)]
    return (drawn_to_fit(lead, moves) if lead_last else lead), flow


def drawn_to_fit(photo: PhotoView | Row, moves: Mapping[str, int]) -> PhotoView | Row:
    """`photo` (or a row of them) named to refit.py as one it may draw smaller, at the height
    it chose."""
    key = f"{photo.key}/fit"
    return replace(photo, fit=key, fit_mm=moves.get(key))


def _moved(flow: list[tuple[str, object]], moves: Mapping[str, int]) -> tuple[list, bool]:
    """`flow` with each photo or quote named in `moves` set after that many more text blocks,
    and whether one was to move past the story's last."""
    flow, ran_out = list(flow), False
    for item in [block for block in flow if block[0] != "html" and moves.get(block[1].key)]:
        at = flow.index(item)
        flow.pop(at)
        # a subheading goes with the paragraph after it: never a photo between the two
        texts = [i for i in range(at, len(flow)) if flow[i][0] == "html" and not is_heading(flow[i])]
        steps = moves[item[1].key]
        ran_out |= len(texts) < steps
        flow.insert(texts[steps - 1] + 1 if len(texts) >= steps else len(flow), item)
    return flow, ran_out


def is_heading(block: tuple[str, object]) -> bool:
    return block[0] == "html" and str(block[1]).lstrip().startswith("<h")


def _past_headings(blocks: list[tuple[str, object]], position: int) -> int:
    """`position`, or the first after it not right after a subheading: a photo between a
    subheading and its paragraph would leave the heading alone above it."""
    while position < len(blocks) and is_heading(blocks[position - 1]):
        position += 1
    return position


def text_length(block) -> int:
    return len(re.sub(r"<[^>]+>", "", str(block)))


def _first_slot(blocks: list[tuple[str, object]]) -> int:
    """The block after which photos may come: after about EXTRAS_AFTER_CHARS of text.

    A story that starts low on a page then begins with text only; WeasyPrint
    moves a column box whose first page holds a photo it cannot fit to the
    next page, whole, and the story's headline would be left alone.
    """
    used, last = 0, _last_slot(blocks)
    for index, (_, block) in enumerate(blocks, start=1):
        used += text_length(block)
        if used >= EXTRAS_AFTER_CHARS:
            return min(index, last)
    return last


def _last_slot(blocks: list) -> int:
    """The last block a photo may follow: never the story's last, when it has two or more.

    A story that ends with a photo chains it to the donor wording after it: when
    the two do not fit a page's foot, they leave it white below the last lines.
    """
    return max(1, len(blocks) - 1)


def _interleave(blocks: list[tuple[str, object]], extras: list[tuple[str, object]], start: int = 1):
    """Spread photos and quotes evenly through the text after block `start` (at least the first),
    before its last block."""
    flow: list[tuple[str, object]] = []
    slots: dict[int, list] = {}
    last = _last_slot(blocks)
    start = max(1, min(start, last))
    room = last - start
    positions = [start + round(k * room / max(len(extras), 1)) for k in range(len(extras))]
    for position, extra in zip(positions, extras):
        slots.setdefault(_past_headings(blocks, position), []).append(extra)
    for i, block in enumerate(blocks, start=1):
        flow.append(block)
        flow.extend(slots.pop(i, []))
    for rest in slots.values():  # a story shorter than its extras
        flow.extend(rest)
    return flow


def _in_rows(flow: list, lead: PhotoView | None, lead_after: int, key: str, moves: Mapping[str, int]):
    """In print, `flow` with photos that follow one another (the opening photo among them, when
    photos follow it) set side by side in rows, when refit.py saw white beside one (`moves`
    holds `key`); whether the opening photo is in `flow`; and `key` when the story could be
    set in rows but is not yet (`data-rows`), else ""."""
    lead_in_flow = lead is not None and _photo_after(flow, lead_after)
    rowed = _rowed(_after_text(flow, lead_after, ("photo", lead)) if lead_in_flow else flow)
    if not any(kind == "row" for kind, _ in rowed):
        return flow, False, ""
    if moves.get(key):
        # a row, as wide as the page, that does not fit a page's foot leaves it white: refit.py
        # may draw it smaller to fit
        rowed = [(kind, drawn_to_fit(item, moves) if kind == "row" else item) for kind, item in rowed]
        return rowed, lead_in_flow, ""
    return flow, False, key


def _spanned(flow: list[tuple[str, object]], lead: PhotoView | None, lead_after: int, lead_in_flow: bool,
             moves: Mapping[str, int]) -> tuple[list, bool]:
    """`flow` with each photo refit.py saw alone in its column, white beside it, that neither
    rows nor a move closed (`span_key`), set across the page: a row of one, which refit.py
    may draw smaller to fit a page's foot; and whether the opening photo is in `flow` (so set,
    it is, where it was: after its `lead_after`th text block)."""
    if lead is not None and not lead_in_flow and _spans(lead, moves):
        flow, lead_in_flow = _after_text(flow, lead_after, ("photo", lead)), True
    return [("row", drawn_to_fit(Row((item,)), moves)) if kind == "photo" and _spans(item, moves) else (kind, item)
            for kind, item in flow], lead_in_flow


def _spans(photo: PhotoView, moves: Mapping[str, int]) -> bool:
    return bool(moves.get(span_key(photo.key)))


def _photo_after(flow: list[tuple[str, object]], count: int) -> bool:
    """Whether a photo follows the `count`th text block of `flow`."""
    at = _text_end(flow, count)
    return at < len(flow) and flow[at][0] == "photo"


def _after_text(flow: list[tuple[str, object]], count: int, item) -> list:
    """`flow` with `item` set right after its `count`th text block."""
    at = _text_end(flow, count)
    return flow[:at] + [item] + flow[at:]


def _text_end(flow: list[tuple[str, object]], count: int) -> int:
    """The index in `flow` right after its `count`th text block."""
    seen = 0
    for index, (kind, _) in enumerate(flow):
        seen += kind == "html"
        if seen == count:
            return index + 1
    return len(flow)


def _rowed(flow: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """`flow` with each run of photos that follow one another set in rows (gallery.rows)."""
    rowed: list[tuple[str, object]] = []
    for is_photo, run in groupby(flow, key=lambda block: block[0] == "photo"):
        run = list(run)
        if is_photo and len(run) > 1:
            rowed += [("row", item) if isinstance(item, Row) else ("photo", item)
                      for item in gallery.rows([photo for _, photo in run])]
        else:
            rowed += run
    return rowed


def _unique_wording(project: Project, numbers) -> list[Wording]:
    seen, result = set(), []
    for number in numbers:
        item = wording(project, number)
        key = (item.acknowledgement, item.disclaimer)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
