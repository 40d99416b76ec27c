"""Every text colour in the stylesheets keeps WCAG's 4.5:1 against its background.

Reads templates/style.css, print.css and web.css as text: custom properties
come from the `:root` blocks (the brand colours live in one of them), and a
colour is checked against the background of its own rule when it sets one,
else against the page's white and the light panels' wash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
SHEETS = ["style.css", "print.css", "web.css"]
MINIMUM = 4.5


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every innermost block, comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{};]*)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                declarations[name.strip()] = value.strip()
        found.append((selector.strip(), declarations))
    return found


def all_rules() -> list[tuple[str, str, dict[str, str]]]:
    return [(sheet, selector, declarations) for sheet in SHEETS
            for selector, declarations in rules((TEMPLATES / sheet).read_text(encoding="utf-8"))]


def custom_properties() -> dict[str, str]:
    return {name: value for _, selector, declarations in all_rules() if selector == ":root"
            for name, value in declarations.items() if name.startswith("--")}


def resolve(value: str, variables: dict[str, str]) -> str | None:
    """A hex colour, following var() references; None for inherit, currentColor and the like."""
    for _ in range(10):
        match = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
        if not match:
            break
        value = variables[match[1]]
    value = value.strip()
    if value in ("#fff", "white"):
        return "#ffffff"
    return value if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value) else None


def background_of(declarations: dict[str, str], variables: dict[str, str]) -> str | None:
    for name in ("background-color", "background"):
        if name in declarations:
            return resolve(declarations[name].split()[0], variables)
    return None


def text_colours():
    variables = custom_properties()
    page_backgrounds = ["#ffffff", resolve("var(--wash)", variables)]
    for sheet, selector, declarations in all_rules():
        if "color" not in declarations:
            continue
        colour = resolve(declarations["color"], variables)
        if colour is None:
            continue
        own = background_of(declarations, variables)
        for background in [own] if own else page_backgrounds:
            yield sheet, selector, colour, background


def test_the_brand_colours_live_in_one_root_block_used_through_var():
    style = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    first_rule = re.sub(r"/\*.*?\*/", "", style, flags=re.S).split("}")[0]
    assert first_rule.strip().startswith(":root")
    assert "--brand-primary" in first_rule and "--brand-accent" in first_rule
    # print and web use the colours by name, never a copy of their value
    for sheet in SHEETS:
        text = (TEMPLATES / sheet).read_text(encoding="utf-8")
        for name in ("--brand-primary", "--brand-accent"):
            value = custom_properties()[name].lower()
            assert text.lower().count(value) <= (1 if sheet == "style.css" else 0), (sheet, value)


def test_the_checker_finds_colours_and_can_fail():
    assert len(list(text_colours())) > 20
    assert contrast("#e3a21a", "#ffffff") < MINIMUM  # the old gold accent: 2.2:1
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0


@pytest.mark.parametrize("sheet,selector,colour,background", list(text_colours()),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_every_text_colour_has_4_5_to_1_contrast(sheet, selector, colour, background):
    ratio = contrast(colour, background)
    assert ratio >= MINIMUM, f"{sheet}: {selector} {colour} on {background}: {ratio:.2f}:1"
