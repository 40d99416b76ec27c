"""The office's look in one place: `brand:` in site.yaml.

Two colours drive everything: `primary` (masthead, headings, links, rules,
men's bars in charts) and `accent` (edition line, theme labels, women's
bars). Print and web read them as CSS custom properties set after the
stylesheets; email clients ignore custom properties, and the charts are
drawn in the notebook before the build knows the office, so those two are
recoloured from the default palette instead. `check` refuses colours that
text could not be read in.

Optional fonts (`brand.fonts.text`, `brand.fonts.headings`) are files in
the root's fonts/ folder: print reads them there, the web edition gets a
copy beside its page; the email keeps the fonts mail clients have.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from .errors import Problem

MIN_CONTRAST = 4.5  # WCAG AA for body text
FONTS = "fonts"  # the root's folder for the office's own fonts
# family names of the office's fonts, and the elements each one sets
_FONT_ROLES = {"text": ("Office Text", "body", '"Noto Serif", serif'),
               "headings": ("Office Headings", "h1, h2, h3, h4", '"Noto Sans", sans-serif')}
WHITE = "#ffffff"
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_colour(text: str) -> str | None:
    """'#0B4F8A', '0b4f8a' or '#08f' as '#0b4f8a'; None when it is not a colour."""
    match = _HEX.fullmatch(text.strip())
    if not match:
        return None
    digits = match[1].lower()
    return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))


def _channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(colour: str) -> float:
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str = WHITE) -> float:
    """The WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, amount: float) -> str:
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in _channels(colour))


@dataclass(frozen=True)
class Palette:
    primary: str
    accent: str

    @property
    def primary_dark(self) -> str:
        """Headings: a shade darker than the masthead rule."""
        return darken(self.primary, 0.27)


# The look the templates and charts are drawn in. Keep in step with the
# :root block of templates/style.css, email.css and charts.py.
# The stylesheets' defaults (templates/style.css `:root`, email.css) and the charts'
# (charts.py: the brighter amber of the women's bars); recolour() swaps each for its role.
DEFAULT = Palette(primary="#0b4f8a", accent="#8a5a00")
_DEFAULT_ROLES = {"#0b4f8a": "primary", "#083a66": "primary_dark",
                  "#8a5a00": "accent", "#e3a21a": "accent"}


def palette(brand) -> Palette:
    """The office's palette from site.yaml's `brand:` (a schema.Brand or None)."""
    if brand is None:
        return DEFAULT
    return Palette(primary=brand.primary or DEFAULT.primary, accent=brand.accent or DEFAULT.accent)


def css_variables(brand, medium: str = "web", root: Path | None = None) -> Markup:
    """A `:root` rule placed after the stylesheets, so the office's colours win,
    and the office's fonts, if any.

    Both the `--brand-primary`/`--brand-accent` names and the older short ones
    are set, so every stylesheet that uses var() follows the brand.
    """
    if brand is None:
        return Markup("")
    colours = palette(brand)
    rules = {"--brand-primary": colours.primary, "--brand-accent": colours.accent,
             "--brand": colours.primary, "--brand-dark": colours.primary_dark,
             "--accent": colours.accent}
    # the values are validated hex colours (schema.Brand), so they are safe inside <style>
    css = ":root { " + " ".join(f"{k}: {v};" for k, v in rules.items()) + " }"
    for role, file in font_files(brand).items():
        family, elements, fallback = _FONT_ROLES[role]
        path = Path(root or ".") / file
        # print reads the root's file (WeasyPrint may read ROOT/fonts); the web page its copy
        url = path.resolve().as_uri() if medium == "print" else f"fonts/{path.name}"
        css += (f'\n@font-face {{ font-family: "{family}"; src: url("{_css_string(url)}"); }}'
                f'\n{elements} {{ font-family: "{family}", {fallback}; }}')
    return Markup(css)


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def font_files(brand) -> dict[str, str]:
    """role -> the file as written in site.yaml (relative to the root), for the fonts given."""
    fonts = getattr(brand, "fonts", None)
    if fonts is None:
        return {}
    return {role: getattr(fonts, role) for role in _FONT_ROLES if getattr(fonts, role)}


def copy_fonts(brand, root: Path, folder: Path) -> None:
    """The office's fonts beside a web page (its fonts/ folder)."""
    for file in font_files(brand).values():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(root) / file, folder / Path(file).name)


def recolour(text: str, brand) -> str:
    """Swap the default palette's colours in CSS or SVG text for the office's."""
    if brand is None:
        return text
    colours = palette(brand)
    pattern = re.compile("|".join(re.escape(c) for c in _DEFAULT_ROLES), re.IGNORECASE)
    return pattern.sub(lambda m: getattr(colours, _DEFAULT_ROLES[m[0].lower()]), text)


def problems(brand, name: str, line_of, root: Path | None = None) -> Iterator[Problem]:
    """Colours under 4.5:1 against white: text in them would be hard to read;
    fonts that are not font files in the root's fonts/ folder."""
    if brand is None:
        return
    yield from _font_problems(brand, name, line_of, Path(root or "."))
    for key in ("primary", "accent"):
        colour = getattr(brand, key)
        if colour is None:
            continue
        ratio = contrast(colour)
        if ratio < MIN_CONTRAST:
            suggestion = colour
            while contrast(suggestion) < MIN_CONTRAST:
                suggestion = darken(suggestion, 0.05)
            yield Problem(name, line_of("brand", key),
                          f"'brand.{key}' {colour} has a contrast of {ratio:.1f}:1 against white; "
                          f"text needs at least {MIN_CONTRAST}:1 "
                          f"(a darker shade such as {suggestion} would do)")


def _font_problems(brand, name: str, line_of, root: Path) -> Iterator[Problem]:
    from fontTools.ttLib import TTFont, TTLibError

    from .names import did_you_mean

    folder = (root / FONTS).resolve()
    for role, file in font_files(brand).items():
        line = line_of("brand", "fonts", role)
        path = (root / file).resolve()
        if not path.is_relative_to(folder):
            yield Problem(name, line, f"'brand.fonts.{role}' '{file}' must be a file in {FONTS}/, "
                                      f"e.g. {FONTS}/Office-Regular.ttf")
        elif not path.is_file():
            known = [f"{FONTS}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*")
                     if p.is_file()] if folder.is_dir() else []
            yield Problem(name, line, f"'brand.fonts.{role}' '{file}' not found{did_you_mean(file, known)}")
        else:
            try:
                with open(path, "rb") as data:
                    TTFont(data, lazy=True).close()
            except (TTLibError, OSError, ValueError) as exc:
                yield Problem(name, line, f"'brand.fonts.{role}' '{file}' is not a TrueType or OpenType "
                                          f"font ({exc})")
