"""What templates see: stories, photos and donor wording, ready to print.

Shared by the newsletter and the donor reports, so a story and a donor's
sentences read the same wherever they appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from . import markdown
from .periods import date_range
from .project import Project
from .render import Image, Media
from .schema import Photo, Story


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
    # ("html", markup) | ("photo", PhotoView) | ("quote", Quote)
    flow: list[tuple[str, object]]
    wording: list[Wording] = field(default_factory=list)
    featured: bool = False


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


def story_view(project: Project, story: Story, media: Media) -> StoryView:
    photos = [PhotoView(media.photo(p.file, "wide" if i == 0 else "column"),
                        p.caption, credit(project, story, p), p.alt)
              for i, p in enumerate(story.photos)]
    extras: list[tuple[str, object]] = [("photo", p) for p in photos[1:]]
    extras += [("quote", q) for q in story.quotes]
    summary = story.summary or markdown.to_text(story.body).split("\n")[0]
    return StoryView(
        slug=story.slug,
        title=story.title,
        dates=date_range(story.date, story.end),
        places=list(story.districts),
        theme=project.site.themes.get(story.theme, story.theme) if project.site else story.theme,
        summary=summary,
        lead=photos[0] if photos else None,
        # nh3 has cleaned each block, so templates may print it as markup
        flow=_interleave([("html", Markup(b)) for b in markdown.to_blocks(story.body)], extras),
        wording=_unique_wording(project, project.awards_of(story)),
        featured=story.featured,
    )


def _interleave(blocks: list[tuple[str, object]], extras: list[tuple[str, object]]):
    """Spread photos and quotes evenly through the text, never before the first paragraph."""
    flow: list[tuple[str, object]] = []
    slots: dict[int, list] = {}
    positions = [round((k + 1) * len(blocks) / (len(extras) + 1)) or 1 for k in range(len(extras))]
    for position, extra in zip(positions, extras):
        slots.setdefault(position, []).append(extra)
    for i, block in enumerate(blocks, start=1):
        flow.append(block)
        flow.extend(slots.pop(i, []))
    for rest in slots.values():  # a story shorter than its extras
        flow.extend(rest)
    return flow


def _unique_wording(project: Project, numbers) -> list[Wording]:
    seen, result = set(), []
    for number in numbers:
        item = wording(project, number)
        key = (item.acknowledgement, item.disclaimer)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
