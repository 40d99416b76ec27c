"""The office's look in one place: `brand:` in site.yaml.

Two colours drive everything: `primary` (masthead, headings, links, rules,
men's bars in charts) and `accent` (edition line, theme labels, women's
bars). Print and web read them as CSS custom properties set after the
stylesheets; email clients ignore custom properties, and the charts are
drawn in the notebook before the build knows the office, so those two are
recoloured from the default palette instead. `check` refuses colours that
text could not be read in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from markupsafe import Markup

from .errors import Problem

MIN_CONTRAST = 4.5  # WCAG AA for body text
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
DEFAULT = Palette(primary="#0b4f8a", accent="#e3a21a")
_DEFAULT_ROLES = {"#0b4f8a": "primary", "#083a66": "primary_dark",
                  "#e3a21a": "accent", "#b37c00": "accent"}


def palette(brand) -> Palette:
    """The office's palette from site.yaml's `brand:` (a schema.Brand or None)."""
    if brand is None:
        return DEFAULT
    return Palette(primary=brand.primary or DEFAULT.primary, accent=brand.accent or DEFAULT.accent)


def css_variables(brand) -> Markup:
    """A `:root` rule placed after the stylesheets, so the office's colours win.

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
    return Markup(":root { " + " ".join(f"{k}: {v};" for k, v in rules.items()) + " }")


def recolour(text: str, brand) -> str:
    """Swap the default palette's colours in CSS or SVG text for the office's."""
    if brand is None:
        return text
    colours = palette(brand)
    pattern = re.compile("|".join(re.escape(c) for c in _DEFAULT_ROLES), re.IGNORECASE)
    return pattern.sub(lambda m: getattr(colours, _DEFAULT_ROLES[m[0].lower()]), text)


def problems(brand, name: str, line_of) -> Iterator[Problem]:
    """Colours under 4.5:1 against white: text in them would be hard to read."""
    if brand is None:
        return
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
