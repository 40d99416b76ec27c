"""One look, several media: render a template for print, web and email, write them all.

The PDF is the web HTML plus print.css, rendered by WeasyPrint from cached
photos; the web page gets its photos and fonts copied beside it; the email
(bulletin.mail) names the same photos by the URL they are published at.
Every medium is rendered by the one Jinja environment, chosen by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import brand, mail, refit as refitting
from .outputs import Staging, write
from .pdf import write_pdf
from .project import Project
from .render import MEDIA, Media, environment, render, template_dirs


def publish(project: Project, template: str, context_for: Callable[[Media], dict],
            stage: Staging, cache: Path, pdf: str, html: str,
            media: tuple[str, ...] = ("print", "web"),
            web_url: str | None = None, refit: tuple[float, float] | None = None,
            language: str | None = None) -> tuple[dict, list[str]]:
    """Stage `pdf` and `html` (and the email files when "email" is among `media`);
    return the web context and WeasyPrint's warnings. `web_url` is the folder the
    web page will be published in, if known; labels, dates and numbers in `language`
    (default: the project's, which languages.localise sets). With `refit`, a page the PDF
    leaves white is laid out again with photos moved (refit.py), `refit` giving the white
    foot that is tried again and the most a page may leave: `context_for(medium,
    moves)` then gives the print context with them moved."""
    env = environment(project.root, language or project.site.language)
    made = {name: MEDIA[name](project.root, cache, stage.root, web_url) for name in media}
    contexts = {name: {**context_for(medium), "web_url": web_url} for name, medium in made.items()}

    def print_html(moves: dict) -> str:
        moved = {**context_for(made["print"], moves), "web_url": web_url} if moves else contexts["print"]
        return render(env, template, medium="print", **moved)

    warnings = print_pdf(project, print_html({}), stage.path(pdf), cache,
                         relayout=print_html if refit else None, limits=refit or (refitting.BAND_MM, refitting.LIMIT_MM))
    made["web"].copy_fonts()
    brand.copy_fonts(project.site.brand if project.site else None, project.root, stage.root / "fonts")
    write(stage.path(html), render(env, template, medium="web", **contexts["web"]))
    if "email" in made:
        email = mail.render_email(env, contexts["email"])
        for name, data in zip(mail.EMAIL_FILES, (email.html, email.text, email.eml())):
            write(stage.path(name), data)
    return contexts["web"], warnings


def print_pdf(project: Project, html: str, target: Path, cache: Path,
              relayout: Callable[[dict], str] | None = None,
              limits: tuple[float, float] = (refitting.BAND_MM, refitting.LIMIT_MM)) -> list[str]:
    """The print HTML as a PDF, WeasyPrint's warnings returned: what it may read is the
    root's images/ and fonts/, the templates and the cache, for builds and previews alike.
    `relayout` gives the HTML with blocks moved, for refit.py, with its `limits`."""
    templates = template_dirs(project.root)
    return write_pdf(html, target, base_url=templates[-1],
                     allowed=[project.images, *templates, cache, project.root / brand.FONTS],
                     cache=cache, relayout=relayout, limits=limits)
