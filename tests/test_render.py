"""render: the Jinja environment every medium shares, on tiny templates."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

import jinja2
import pytest
from fontTools.ttLib import TTFont

from bulletin.render import Media, WebMedia, environment, render, template_dirs
from bulletin.resources import FONTS, TEMPLATES


def test_the_packaged_templates_and_fonts_are_found():
    assert (TEMPLATES / "base.html.j2").is_file()
    assert (FONTS / "NotoSerif-Regular.ttf").is_file()


def test_a_roots_own_template_overrides_the_packages_file_by_file(tmp_path):
    assert template_dirs(tmp_path) == [TEMPLATES]
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "print.css").write_text("/* the office's own */")
    assert template_dirs(tmp_path) == [tmp_path / "templates", TEMPLATES]
    env = environment(tmp_path)
    assert env.get_template("print.css").render() == "/* the office's own */"
    assert "{% block body %}" in env.loader.get_source(env, "base.html.j2")[0]  # still the package's


def test_html_is_escaped_and_plain_text_is_not(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html.j2").write_text("{{ x }}")
    (tmp_path / "templates" / "t.txt.j2").write_text("{{ x }}")
    env = environment(tmp_path)
    assert render(env, "t.html.j2", x="<b>&") == "&lt;b&gt;&amp;"
    assert render(env, "t.txt.j2", x="<b>&") == "<b>&"


def test_a_missing_value_is_an_error_not_an_empty_string(tmp_path):
    env = environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nothing.here }}").render()


@pytest.mark.parametrize(("value", "printed"), [(1234567, "1\u202f234\u202f567"), (0, "0"), (None, "–")])
def test_numbers_are_printed_with_thin_spaces(tmp_path, value, printed):
    assert environment(tmp_path).from_string("{{ v | number }}").render(v=value) == printed


@pytest.mark.parametrize(("share", "printed"), [(0.456, "46%"), (1, "100%"), (None, "–")])
def test_shares_are_printed_as_whole_percentages(tmp_path, share, printed):
    assert environment(tmp_path).from_string("{{ v | percent }}").render(v=share) == printed


def test_print_names_files_by_url_and_web_copies_them_beside_the_page(tmp_path):
    cached = tmp_path / "cache" / "abc123.jpg"
    cached.parent.mkdir()
    cached.write_bytes(b"jpeg")
    # a cached file is named by its place in the cache, whichever folder the cache is in
    assert Media(tmp_path, tmp_path / "cache").url(cached) == "bulletin-cache:abc123.jpg"
    outside = tmp_path / "logo.png"
    outside.write_bytes(b"png")
    assert Media(tmp_path, tmp_path / "cache").url(outside) == outside.resolve().as_uri()
    web = WebMedia(tmp_path, tmp_path / "cache", tmp_path / "page")
    assert web.url(cached) == "images/abc123.jpg"
    assert (tmp_path / "page" / "images" / "abc123.jpg").read_bytes() == b"jpeg"
    web.copy_fonts()
    assert (tmp_path / "page" / "fonts" / "NotoSans-Regular.ttf").is_file()
    assert not list((tmp_path / "page" / "fonts").glob("*.md"))


CHART = ('<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="20pt" viewBox="0 0 100 20">'
         '<text x="0" y="10" style="font-size: 8px; font-family: \'Noto Sans\', sans-serif">May 2023</text></svg>')


def _svg_of(url: str) -> str:
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix):]).decode()


def test_print_charts_use_the_pages_fonts_web_charts_carry_their_own(tmp_path):
    # print: WeasyPrint sets the words in the document's @font-face; a second Noto Sans would compete
    assert _svg_of(Media(tmp_path, tmp_path / "cache").chart(CHART)) == CHART
    # web: an <img> cannot reach the page's fonts/, so the chart brings Noto Sans Regular along
    web = _svg_of(WebMedia(tmp_path, tmp_path / "cache", tmp_path / "page").chart(CHART))
    root = ET.fromstring(web)
    [style] = root.iter("{http://www.w3.org/2000/svg}style")
    assert '@font-face { font-family: "Noto Sans"; font-weight: 400; font-style: normal;' in style.text
    woff = base64.b64decode(re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", style.text)[1])
    font = TTFont(io.BytesIO(woff))
    assert font.flavor == "woff" and font["name"].getBestFamilyName() == "Noto Sans"
    assert {ord(c) for c in "May 2023"} <= set(font.getBestCmap())
    assert [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")] == ["May 2023"]
    # the same bytes on every build: the font keeps the bundled file's date, not the build's
    assert font["head"].modified == TTFont(FONTS / "NotoSans-Regular.ttf")["head"].modified
