"""Jinja templates and the media they are rendered for.

One set of templates serves every medium: print is the web HTML plus
print.css. What differs is where a page finds its files, which a `Media`
object answers: the print edition names cached files by `file:` URL (read by
WeasyPrint through its confined fetcher); the web edition copies them
beside its index.html and names them relatively.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from . import brand, images, locales, svg_fonts
from .errors import BuildError
from .layout import LOGO_HEIGHT, PRINT_DPI, PRINT_MAX_HEIGHT_MM, PRINT_WIDTHS, WEB_WIDTHS
from .resources import FONTS, TEMPLATES

IMAGES = "images"


def template_dirs(root: Path) -> list[Path]:
    """A root's own templates/ overrides the repository's, file by file."""
    own = Path(root) / "templates"
    return [own, TEMPLATES] if own.is_dir() else [TEMPLATES]


def environment(root: Path, language: str = "en") -> jinja2.Environment:
    """The templates of `root` in `language`, shared by every build of it in this process: a
    worker compiles each template once, not once per output (Jinja still reloads one whose
    file changed, as in `serve`). Labels go through the language's catalog (`_`, `ngettext`,
    `{% trans %}`); the filters write dates, numbers and lists as the language does."""
    translations = locales.translations(Path(root), language)
    return _environment(Path(root).resolve(), tuple(template_dirs(root)), language, translations)


@functools.lru_cache(maxsize=16)
def _environment(root: Path, folders: tuple[Path, ...], language: str, translations) -> jinja2.Environment:
    # `translations` is in the key: an office's edited catalog (serve) makes a new environment
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        extensions=["jinja2.ext.i18n"],
        # HTML is escaped; the email's plain-text part (.txt.j2) is not
        autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    env.filters.update(
        date=functools.partial(locales.format_date, language=language),
        date_range=functools.partial(_date_range, language=language),
        number=functools.partial(locales.format_number, language=language),
        percent=functools.partial(locales.format_percent, language=language),
        period=functools.partial(locales.period_label, language=language),
        list=functools.partial(_words, language=language),
        recolour=brand.recolour)
    env.globals["brand_css"] = functools.partial(brand.css_variables, root=Path(root))
    # the language, with the root whose catalog the code's labels read (row.text(..., language))
    env.globals["language"] = locales.Language(language, root)
    return env


def _date_range(start, end=None, language: str = "en") -> str:
    return locales.format_date_range(start, end, language)


class Words(list):
    """What the `list` filter gives: still Jinja's list (`stories | selectattr(...) | list`,
    `| list | length`), printed as the language writes a list: "Maseru, Leribe and Berea",
    "Maseru, Leribe et Berea". The interface between the language work names it `list`, which
    would otherwise hide Jinja's own filter of that name."""

    def __init__(self, items, language: str):
        super().__init__(items)
        self.language = language

    def __str__(self) -> str:
        return locales.format_list(self, self.language)

    def __html__(self) -> str:
        return str(markupsafe.escape(str(self)))


def _words(items, language: str = "en") -> Words:
    return Words(items, language)


@dataclass(frozen=True)
class Image:
    src: str
    width: int
    height: int


class Media:
    """Where a rendered page finds photos, logos and fonts."""

    name = "print"

    def __init__(self, root: Path, cache: Path, folder: Path | None = None,
                 web_url: str | None = None):
        self.images = Path(root) / "images"
        self.cache = Path(cache)
        # where a published medium puts its files, and the URL they will have
        self.folder = Path(folder) if folder else None
        self.web_url = web_url

    def photo(self, file: str, slot: str) -> Image:
        with self._named(file):
            source = self.images / file
            return self._place(images.prepare_photo(source, self.cache, self.width(slot, source)))

    def logo(self, file: str) -> Image:
        with self._named(file):
            return self._place(images.prepare_logo(self.images / file, self.cache, LOGO_HEIGHT))

    def width(self, slot: str, source: Path) -> int:
        """Pixels for the width the photo prints at: a tall photo is capped by its height."""
        size = images.photo_size(source)
        tallest = PRINT_MAX_HEIGHT_MM[slot] / 25.4 * PRINT_DPI * size.width / size.height
        return min(PRINT_WIDTHS[slot], round(tallest))

    @contextlib.contextmanager
    def _named(self, file: str):
        """Problems name the photo as the content does: relative to the root."""
        try:
            yield
        except images.ImageProblem as exc:
            raise images.ImageProblem(f"{IMAGES}/{file}", exc.problem.message) from None

    def _place(self, path: Path) -> Image:
        size = images.photo_size(path)
        return Image(self.url(path), size.width, size.height)

    def chart(self, svg: str) -> str:
        """A chart's SVG as a data: URL; print draws its words in the page's own fonts."""
        return _svg_data_url(svg)

    def url(self, path: Path) -> str:
        # A prepared file is named by the content hash in the cache: its URL says
        # only that name, so the PDF (whose image ids hash the URL) is the same
        # bytes whichever folder the cache is in. pdf.ConfinedFetcher serves it.
        cache = self.cache.resolve()
        if path.resolve().is_relative_to(cache):
            return f"{CACHE_SCHEME}:{path.resolve().relative_to(cache).as_posix()}"
        return path.resolve().as_uri()


CACHE_SCHEME = "bulletin-cache"


def _svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


class WebMedia(Media):
    """Copies each file beside the page, under images/ (fonts under fonts/)."""

    name = "web"

    def width(self, slot: str, source: Path) -> int:
        return WEB_WIDTHS[slot]

    def url(self, path: Path) -> str:
        target = self.folder / "images" / path.name  # cached names are content hashes
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        return f"images/{path.name}"

    def chart(self, svg: str) -> str:
        """An image cannot see the page's fonts: the chart carries its own."""
        return _svg_data_url(svg_fonts.with_font(svg))

    def copy_fonts(self) -> None:
        shutil.copytree(FONTS, self.folder / "fonts", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.md"))


class EmailMedia(WebMedia):
    """The web edition's photos, named by their published URL when the edition
    has one (a mail client has no folder to resolve `images/...` against)."""

    name = "email"

    def url(self, path: Path) -> str:
        return (self.web_url or "") + super().url(path)


def forget_photo(root: Path, cache: Path, file: str) -> None:
    """Remove every copy of the photo `file` that a medium prepared in `cache`."""
    source = Path(root) / "images" / file
    if not source.is_file():
        return
    widths = {medium(root, cache).width(slot, source) for medium in (Media, WebMedia)
              for slot in PRINT_WIDTHS}
    images.forget_photo(source, cache, widths)


# Media by name, as a publishing step asks for them.
MEDIA: dict[str, type[Media]] = {"print": Media, "web": WebMedia, "email": EmailMedia}


def render(env: jinja2.Environment, template: str, **context) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:  # the template's author must act: a message, not a traceback
        raise BuildError(f"templates/{exc.name or template}:{exc.lineno}: error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise BuildError(f"templates/{template}: error: {exc.message}") from None
