"""publish: one template, two media, on a one-page document."""

from __future__ import annotations

import pytest

from bulletin.outputs import Staging
from bulletin.project import load_project
from bulletin.publish import publish
from support import SITE, poppler

TINY = """\
{% extends "base.html.j2" %}
{% block title %}{{ heading }}{% endblock %}
{% block body %}
<h1>{{ heading }}</h1><p>{{ medium }} edition</p><img src="{{ logo.src }}" alt="logo">
{% endblock %}
"""


@pytest.fixture
def published(make_root, tmp_path):
    root = make_root({"content/site.yaml": SITE + 'brand:\n  primary: "#7a1f5c"\n',
                      "templates/tiny.html.j2": TINY})
    project, _ = load_project(root)
    folder = tmp_path / "out" / "tiny"
    seen = []

    def context_for(media):
        seen.append(media.name)
        return {"site": project.site, "heading": "Hello <world>", "logo": media.logo("logos/us-state.png")}

    with Staging(folder) as stage:
        web, warnings = publish(project, "tiny.html.j2", context_for, stage, tmp_path / "cache",
                                pdf="tiny.pdf", html="index.html")
    return folder, web, warnings, seen


def test_both_media_are_rendered_from_one_template(published):
    folder, web, warnings, seen = published
    assert seen == ["print", "web"]
    assert sorted(p.name for p in folder.iterdir()) == ["fonts", "images", "index.html", "tiny.pdf"]
    assert warnings == []
    assert web["heading"] == "Hello <world>"


def test_the_pdf_has_the_text_and_the_logo(published):
    folder, *_ = published
    text = poppler("pdftotext", folder / "tiny.pdf", "-")
    assert "Hello <world>" in text and "print edition" in text
    rows = [line.split() for line in poppler("pdfimages", "-list", folder / "tiny.pdf").splitlines()[2:]]
    assert [(r[2], r[3], r[4]) for r in rows if r[2] == "image"] == [("image", "200", "80")]  # the logo


def test_the_web_page_names_its_files_beside_it(published):
    folder, *_ = published
    html = (folder / "index.html").read_text()
    assert "<h1>Hello &lt;world&gt;</h1>" in html and "web edition" in html
    [logo] = (folder / "images").iterdir()
    assert f'src="images/{logo.name}"' in html
    assert "file://" not in html
    assert (folder / "fonts" / "NotoSerif-Regular.ttf").is_file()
    assert "--brand-primary: #7a1f5c;" in html


def test_a_template_error_publishes_nothing(make_root, tmp_path):
    root = make_root({"templates/tiny.html.j2": TINY.replace("{{ heading }}</h1>", "{{ missing }}</h1>")})
    project, _ = load_project(root)
    folder = tmp_path / "out" / "tiny"
    with pytest.raises(Exception, match="missing"):
        with Staging(folder) as stage:
            publish(project, "tiny.html.j2", lambda media: {"site": project.site, "heading": "x",
                                                            "logo": media.logo("logos/us-state.png")},
                    stage, tmp_path / "cache", pdf="tiny.pdf", html="index.html")
    assert not folder.exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == []
