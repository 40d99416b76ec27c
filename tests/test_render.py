"""render: the Jinja environment every medium shares, on tiny templates."""

from __future__ import annotations

import jinja2
import pytest

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
