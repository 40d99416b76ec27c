"""The newsletter edition of a period: print PDF, web page, email and executed notebook.

    check -> notebook (order, figures) -> views -> HTML (web, print) -> files
"""

from __future__ import annotations

from pathlib import Path

import css_inline

from . import notebooks
from .check import load_checked
from .errors import ContentError, Problem
from .outputs import Built, write
from .pdf import write_pdf
from .periods import Period
from .project import Project
from .render import Media, WebMedia, environment, render, template_dirs
from .views import story_view, wording


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
    figures = notebooks.run("newsletter", {"root": str(root.resolve()), "period": period.label},
                            folder / "newsletter.ipynb")
    env = environment(root)
    web = WebMedia(root, cache, folder)
    contexts = {media.name: _context(project, period, figures, media)
                for media in (Media(root, cache), web)}
    pages = {name: render(env, "newsletter.html.j2", medium=name, **context)
             for name, context in contexts.items()}
    base_url = web_url.rsplit("/", 1)[0] + "/" if web_url and "/" in web_url else ""
    email = {"web_url": web_url or "index.html", "base_url": base_url, **contexts["web"]}
    pdf_warnings = write_pdf(pages["print"], folder / "newsletter.pdf", base_url=template_dirs(root)[-1],
                             allowed=[project.images, *template_dirs(root), cache])
    web.copy_fonts()
    write(folder / "index.html", pages["web"])
    write(folder / "email.html", css_inline.inline(render(env, "email.html.j2", **email),
                                                   load_remote_stylesheets=False))
    write(folder / "email.txt", render(env, "email.txt.j2", **email))
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
