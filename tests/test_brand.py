"""brand: in site.yaml: the office's colours reach every medium; check guards their contrast."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bulletin import brand
from bulletin.render import environment, render
from support import SITE, edit, poppler, run_build, write_report_root

OFFICE_PRIMARY, OFFICE_ACCENT = "#7a1f5c", "#2f5d1e"
BRANDED = SITE + f'brand:\n  primary: "{OFFICE_PRIMARY}"\n  accent: "{OFFICE_ACCENT}"\n'


def test_colours_are_read_in_any_usual_spelling():
    assert brand.parse_colour("#0B4F8A") == "#0b4f8a"
    assert brand.parse_colour("0b4f8a") == "#0b4f8a"
    assert brand.parse_colour("#08f") == "#0088ff"
    assert brand.parse_colour("blue") is None
    assert brand.parse_colour("#0b4f8") is None


def test_contrast_is_wcag_ratio_against_white():
    assert brand.contrast("#000000") == pytest.approx(21)
    assert brand.contrast("#ffffff") == pytest.approx(1)
    assert brand.contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes


def test_a_readable_brand_passes_check(make_root, check_root):
    code, errors, out = check_root(make_root({"content/site.yaml": BRANDED}))
    assert code == 0, errors
    assert errors == []


def test_check_refuses_a_colour_text_cannot_be_read_in(make_root, check_root):
    root = make_root({"content/site.yaml": BRANDED.replace(OFFICE_ACCENT, "#f5c400")})
    code, errors, _ = check_root(root)
    assert code == 1
    line = BRANDED.split("\n").index(f'  accent: "{OFFICE_ACCENT}"') + 1
    assert errors == [f"content/site.yaml:{line}: error: 'brand.accent' #f5c400 has a contrast of 1.6:1 "
                      "against white; text needs at least 4.5:1 (a darker shade such as #8b7000 would do)"]
    assert brand.contrast("#8b7000") >= 4.5


def test_an_unquoted_colour_is_a_yaml_comment_and_check_says_so(make_root, check_root):
    root = make_root({"content/site.yaml": BRANDED.replace(f'"{OFFICE_PRIMARY}"', OFFICE_PRIMARY)})
    code, errors, _ = check_root(root)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].endswith("error: 'brand.primary' is empty; "
                              'write the colour in quotes, e.g. "#0b4f8a"')


def test_a_word_is_not_a_colour(make_root, check_root):
    root = make_root({"content/site.yaml": BRANDED.replace(f'"{OFFICE_PRIMARY}"', "purple")})
    code, errors, _ = check_root(root)
    assert code == 1
    assert errors[0].endswith("error: brand.primary: 'purple' is not a colour; "
                              'write it as "#RRGGBB", e.g. "#0b4f8a"')


def test_no_brand_leaves_the_templates_as_they_are(make_root):
    root = make_root()
    env = environment(root)
    site = type("Site", (), {"brand": None, "language": "en"})()
    html = render(env, "base.html.j2", site=site, medium="web")
    assert ":root { --brand-primary" not in html
    assert "#0b4f8a" in html  # the default look


def test_brand_sets_the_custom_properties_after_the_stylesheets(make_root):
    from bulletin.project import load_project

    project, _ = load_project(make_root({"content/site.yaml": BRANDED}))
    html = render(environment(project.root), "base.html.j2", site=project.site, medium="print")
    style = html.split("<style>")[1].split("</style>")[0]
    override = f":root {{ --brand-primary: {OFFICE_PRIMARY}; --brand-accent: {OFFICE_ACCENT};"
    assert style.rstrip().splitlines()[-1].startswith(override)  # last, so it wins
    assert "#0b4f8a" not in style and "#083a66" not in style


def test_recolour_swaps_only_the_default_palette():
    office = type("Brand", (), {"primary": OFFICE_PRIMARY, "accent": OFFICE_ACCENT})()
    svg = '<path style="fill: #0B4F8A"/><path style="fill: #e3a21a"/><path style="fill: #b7c2cf"/>'
    assert brand.recolour(svg, office) == (f'<path style="fill: {OFFICE_PRIMARY}"/>'
                                           f'<path style="fill: {OFFICE_ACCENT}"/>'
                                           '<path style="fill: #b7c2cf"/>')
    assert brand.recolour(svg, None) == svg


# --- end to end: one brand, every medium ------------------------------------------

def _share_of(png: Path, colour: str, tolerance: int = 12) -> float:
    """The share of a page's pixels within `tolerance` of `colour`."""
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int).reshape(-1, 3)
    near = (np.abs(pixels - np.array(brand._channels(colour))) <= tolerance).all(axis=1)
    return float(near.mean())


@pytest.fixture(scope="module")
def branded_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("branded")
    root = write_report_root(work / "root")
    edit(root, "content/site.yaml", "language: en\n",
         f'language: en\nbrand:\n  primary: "{OFFICE_PRIMARY}"\n  accent: "{OFFICE_ACCENT}"\n')
    done = run_build("all", "--period", "2023-Q2", "--root", root, "--out", work / "out",
                     "--jobs", "1", "--issued", "2023-07-15")
    assert done.returncode == 0, done.stderr
    return work / "out"


@pytest.mark.slow
def test_brand_colours_the_masthead_and_headings_in_print(branded_build, tmp_path):
    pdf = branded_build / "newsletter" / "2023-Q2" / "newsletter.pdf"
    poppler("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", pdf, tmp_path / "page")
    page = next(tmp_path.glob("page*.png"))
    assert _share_of(page, OFFICE_PRIMARY) > 0.002  # masthead rule and title
    assert _share_of(page, brand.DEFAULT.primary) == 0


@pytest.mark.slow
def test_brand_colours_the_web_page_and_the_email(branded_build):
    folder = branded_build / "newsletter" / "2023-Q2"
    web = (folder / "index.html").read_text(encoding="utf-8")
    assert f"--brand-primary: {OFFICE_PRIMARY};" in web
    email = (folder / "email.html").read_text(encoding="utf-8")
    colours = set(re.findall(r"#[0-9a-f]{6}\b", email))
    assert {OFFICE_PRIMARY, OFFICE_ACCENT} <= colours
    assert not colours & {"#0b4f8a", "#083a66", "#8a5a00", "#e3a21a"}


@pytest.mark.slow
def test_brand_colours_the_report_charts(branded_build, tmp_path):
    import base64

    html = (branded_build / "reports" / "SSITIP20GR0006" / "2023-Q2" / "report.html").read_text()
    charts = [base64.b64decode(m).decode() for m in re.findall(r"data:image/svg\+xml;base64,([^\"']+)", html)]
    assert charts
    assert all(OFFICE_PRIMARY in svg and "#0b4f8a" not in svg for svg in charts)


# --- the office's fonts -------------------------------------------------------------

FONTED = BRANDED + "  fonts:\n    text: fonts/Office-Text.ttf\n"


def test_a_font_must_be_a_font_file_in_the_roots_fonts_folder(make_root, check_root):
    from bulletin.resources import FONTS

    font = (FONTS / "NotoSans-Italic.ttf").read_bytes()
    line = FONTED.split("\n").index("    text: fonts/Office-Text.ttf") + 1
    code, errors, _ = check_root(make_root({"content/site.yaml": FONTED, "fonts/Office-Text.ttf": font}))
    assert (code, errors) == (0, [])
    code, errors, _ = check_root(make_root({"content/site.yaml": FONTED, "fonts/Office-Txt.ttf": font}))
    assert errors == [f"content/site.yaml:{line}: error: 'brand.fonts.text' 'fonts/Office-Text.ttf' not found; "
                      "did you mean 'fonts/Office-Txt.ttf'?"]
    code, errors, _ = check_root(make_root({"content/site.yaml": FONTED,
                                            "fonts/Office-Text.ttf": b"<html>not a font</html>"}))
    assert code == 1 and "'brand.fonts.text' 'fonts/Office-Text.ttf' is not a TrueType or OpenType font" \
        in errors[0]
    outside = FONTED.replace("fonts/Office-Text.ttf", "content/site.yaml")
    code, errors, _ = check_root(make_root({"content/site.yaml": outside}))
    assert errors == [f"content/site.yaml:{line}: error: 'brand.fonts.text' 'content/site.yaml' must be a "
                      "file in fonts/, e.g. fonts/Office-Regular.ttf"]


def test_the_offices_text_font_is_embedded_in_print_and_copied_for_the_web(make_root, tmp_path):
    from bulletin.outputs import Staging
    from bulletin.project import load_project
    from bulletin.publish import publish
    from bulletin.resources import FONTS

    tiny = '{% extends "base.html.j2" %}{% block body %}<p>Plain words of the office.</p>{% endblock %}'
    root = make_root({"content/site.yaml": FONTED, "templates/tiny.html.j2": tiny,
                      "fonts/Office-Text.ttf": (FONTS / "NotoSans-Italic.ttf").read_bytes()})
    project, _ = load_project(root)
    with Staging(tmp_path / "out") as stage:
        publish(project, "tiny.html.j2", lambda media: {"site": project.site}, stage, tmp_path / "cache",
                pdf="tiny.pdf", html="index.html")
    fonts = poppler("pdffonts", tmp_path / "out" / "tiny.pdf")
    assert "+Office-Text" in fonts  # the office's file, embedded, set for body text
    assert "Noto-Serif" not in fonts  # instead of the bundled text font
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'src: url("fonts/Office-Text.ttf")' in html and "file://" not in html
    assert (tmp_path / "out" / "fonts" / "Office-Text.ttf").is_file()
