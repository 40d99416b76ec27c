"""The newsletter edition of a period: print PDF, web page, email and executed notebook.

    check -> notebook (order, figures) -> views -> HTML (print, web, email) -> files -> archive
"""

from __future__ import annotations

from pathlib import Path

from . import archive, notebooks, payload, weburl
from .check import load_checked
from .errors import ContentError, Problem
from .outputs import Built, Staging
from .periods import Period
from .project import Project
from .render import Media
from .views import front_page, story_view, wording

NO_WEB_URL = str(Problem(
    "content/site.yaml", None,
    "no web address for the edition (newsletter.web_url, or --web-url): email.html, email.txt "
    "and email.eml link to index.html and images/ relatively, so they cannot be sent as they are",
    "warning"))
NO_SENDER = str(Problem(
    "content/site.yaml", None,
    "no address to send the email from (newsletter.sender, or a contact's email): "
    "email.eml has no From; add one, or your mail client asks for it", "warning"))


def build_newsletter(root: Path, period: Period, out: Path, cache: Path,
                     web_url: str | None = None) -> Built:
    """Build the edition; `web_url` (or site.yaml's `newsletter.web_url` pattern) is
    where index.html will be published, so the email can link to it and show its
    images. Without one the email's links are relative, and the build says so."""
    project, problems = load_checked(root)
    if not project.stories_in(period):
        raise ContentError([Problem("content/stories/", None,
                                    f"no story is dated in {period.label} ({period.title}); "
                                    "nothing to publish")])
    edition_url = weburl.for_edition(web_url or project.site.newsletter.web_url, period.label)
    folder = out / "newsletter" / period.label
    with Staging(folder) as stage:
        # One reading for every output: the notebook counts from what this build read.
        notebook = notebooks.start("newsletter", {"root": str(root.resolve()), "period": period.label},
                                   stage, "newsletter.ipynb", payload.snapshot(project, period),
                                   payload.NewsletterPayload)
        from .mail import sender_of
        from .publish import EMAIL_FILES, publish  # WeasyPrint loads while the kernel counts

        figures = notebook.result()
        web, pdf_warnings = publish(project, "newsletter.html.j2",
                                    lambda media: _context(project, period, figures, media),
                                    stage, cache, pdf="newsletter.pdf", html="index.html",
                                    media=("print", "web", "email"), web_url=edition_url)
        archive.record(stage, web, max(s.date for s in project.stories_in(period)))
    archive.write_archive(out / "newsletter", project, root)
    files = [folder / n for n in ("newsletter.pdf", "index.html", *EMAIL_FILES, "newsletter.ipynb",
                                  "newsletter.ipynb.html")]
    warnings = ([] if edition_url else [NO_WEB_URL]) + ([] if sender_of(project.site) else [NO_SENDER])
    return Built(folder, files, [str(p) for p in problems] + pdf_warnings + warnings)


def _context(project: Project, period: Period, figures: payload.NewsletterPayload,
             media: Media) -> dict:
    by_slug = {s.slug: s for s in project.stories}
    stories = [story_view(project, by_slug[slug], media) for slug in figures.stories]
    numbers = figures.numbers.model_dump()
    return {
        "site": project.site,
        "edition": period,
        "office_logo": media.logo(project.site.logo) if project.site.logo else None,
        "stories": stories,
        "front": front_page(stories),  # print: page 1 (the lead story's opening) and the rest
        "numbers": numbers,
        "district_count": len(numbers["districts"]),
        "donors": _donors(project, [by_slug[s] for s in figures.stories], media),
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
