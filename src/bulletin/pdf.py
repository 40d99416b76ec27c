"""HTML to PDF with WeasyPrint, reading only the files a build declares.

WeasyPrint's default fetcher would embed any local file a document names
(`<a rel="attachment" href="file:///etc/passwd">`) and fetch any URL. Ours
serves `file:` URLs under a few folders (the root's images/, the templates,
the build's cache) and `data:` URLs, and refuses everything else.
"""

from __future__ import annotations

import errno
import logging
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from . import harfbuzz  # noqa: F401, I001 - first: WeasyPrint's missing-library warnings, said once
from . import column_balance  # noqa: F401, I001 - balanced columns in fewer passes, same pages
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import refit
from .errors import BuildError
from .outputs import atomic_path
from .render import CACHE_SCHEME


PDF_VARIANT = "pdf/ua-1"
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES)


class ConfinedFetcher(URLFetcher):
    def __init__(self, allowed: Iterable[Path], cache: Path | None = None):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = tuple(Path(p).resolve() for p in allowed)
        self.cache = Path(cache).resolve() if cache else None

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == CACHE_SCHEME:  # render.Media names a prepared photo by its file name
            name = unquote(parts.path)
            if self.cache is None or not name or any(p in ("", ".", "..") for p in name.split("/")):
                raise PermissionError(f"not a file this build may read: {url}")
            url = (self.cache / name).as_uri()
            parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if parts.netloc not in ("", "localhost") or not any(
                    path.is_relative_to(folder) for folder in self.allowed):
                raise PermissionError(f"not a file this build may read: {url}")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings, so a build can report them instead of printing them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def write_pdf(html: str, target: Path, *, base_url: Path, allowed: Iterable[Path],
              cache: Path | None = None, relayout: Callable[[dict], str] | None = None,
              limits: tuple[float, float] = (refit.BAND_MM, refit.LIMIT_MM)) -> list[str]:
    """Render `html` to `target` atomically; return what WeasyPrint warned about. With
    `relayout` (moves -> HTML), a layout that leaves pages white is tried again (refit.py):
    `limits`, the white foot that is tried again and the most a page may leave."""
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        fetcher = ConfinedFetcher(allowed, cache)

        def lay_out(markup: str):
            # tagged PDF/UA-1: screen readers follow the structure, reading order and alt texts
            return HTML(string=markup, base_url=base_url.resolve().as_uri() + "/",
                        url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)

        document = lay_out(html)
        if relayout is not None:
            document = refit.refit(document, lambda moves: lay_out(relayout(moves)), *limits)
        with atomic_path(target) as temporary:
            document.write_pdf(temporary, pdf_variant=PDF_VARIANT)
    except OSError as exc:
        if exc.errno in _DISK_ERRORS:  # the operator's to fix, not the renderer's
            raise
        raise BuildError(f"{target}: PDF rendering failed: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # WeasyPrint has no single error type
        raise BuildError(f"{target}: PDF rendering failed: {type(exc).__name__}: {exc}") from exc
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return collect.messages
