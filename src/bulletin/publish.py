"""One look, two media: render a template for print and web, write both.

The PDF is the web HTML plus print.css, rendered by WeasyPrint from cached
photos; the web page gets its photos and fonts copied beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .outputs import Staging, write
from .pdf import write_pdf
from .project import Project
from .render import Media, WebMedia, environment, render, template_dirs


def publish(project: Project, template: str, context_for: Callable[[Media], dict],
            stage: Staging, cache: Path, pdf: str, html: str) -> tuple[dict, list[str]]:
    """Stage `pdf` and `html`; return the web context and WeasyPrint's warnings."""
    env = environment(project.root)
    web = WebMedia(project.root, cache, stage.root)
    contexts = {media.name: context_for(media) for media in (Media(project.root, cache), web)}
    pages = {name: render(env, template, medium=name, **context) for name, context in contexts.items()}
    templates = template_dirs(project.root)
    warnings = write_pdf(pages["print"], stage.path(pdf), base_url=templates[-1],
                         allowed=[project.images, *templates, cache], cache=cache)
    web.copy_fonts()
    write(stage.path(html), pages["web"])
    return contexts["web"], warnings
