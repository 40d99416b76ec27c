"""The newsletter edition of a period: print PDF, web page, email and executed notebook.

    check -> notebook (order, figures) -> views -> HTML (web, print) -> files
"""

from __future__ import annotations

from pathlib import Path

import css_inline

from . import notebooks
from .check import load_checked
from .errors import ContentError, Problem
from .outputs import Built, Staging, write
from .periods import Period
from .project import Project
from .publish import publish
from .render import Media, environment, render
from .views import split_opening, story_view, wording


def build_newsletter(root: Path, period: Period, out: Path, cache: Path,
                     web_url: str | None = None) -> Built:
    """Build the edition; `web_url` is where index.html will be published, so the
    email can link to it and show its images (default: relative links)."""
    project, problems = load_checked(root)
    if not project.stories_in(period):
        raise ContentError([Problem("content/stories/", None,
                                    f"no story is dated in {period.label} ({period.title}); "
                                    "nothing to publish")])
    folder = out / "newsletter" / period.label
    with Staging(folder) as stage:
        figures = notebooks.run("newsletter", {"root": str(root.resolve()), "period": period.label},
                                stage.path("newsletter.ipynb"))
        web, pdf_warnings = publish(project, "newsletter.html.j2",
                                    lambda media: _context(project, period, figures, media),
                                    stage, cache, pdf="newsletter.pdf", html="index.html")
        # The email edition: the web edition's stories and photos, as a digest.
        base_url = web_url.rsplit("/", 1)[0] + "/" if web_url and "/" in web_url else ""
        email = {**web, "web_url": web_url or "index.html", "base_url": base_url}
        env = environment(root)
        write(stage.path("email.html"), css_inline.inline(render(env, "email.html.j2", **email),
                                                          load_remote_stylesheets=False))
        write(stage.path("email.txt"), render(env, "email.txt.j2", **email))
    files = [folder / n for n in ("newsletter.pdf", "index.html", "email.html", "email.txt",
                                  "newsletter.ipynb")]
    return Built(folder, files, [str(p) for p in problems] + pdf_warnings)


def _context(project: Project, period: Period, figures: dict, media: Media) -> dict:
    by_slug = {s.slug: s for s in project.stories}
    stories = [story_view(project, by_slug[slug], media) for slug in figures["stories"]]
    numbers = figures["numbers"]
    return {
        "site": project.site,
        "edition": period,
        "office_logo": media.logo(project.site.logo) if project.site.logo else None,
        "stories": stories,
        "lead": split_opening(stories[0]),  # print: the lead story's opening on page 1, and the rest
        "numbers": numbers,
        "district_count": len(numbers["districts"]),
        "donors": _donors(project, [by_slug[s] for s in figures["stories"]], media),
    }


def _donors(project: Project, stories, media: Media) -> list[dict]:
    """The donors funding the edition's stories, once each, with their logos."""
    names: dict[str, dict] = {}
    for story in stories:
        for number in project.awards_of(story):
            item = wording(project, number)
            if item.donor not in names:
                names[item.donor] = {"name": item.donor,
                                     "logo": media.logo(item.logo) if item.logo else None}
    return list(names.values())
