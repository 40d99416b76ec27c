"""`init DIR`: a new office's root that passes check; `new story` placeholders warn."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bulletin.check import check
from bulletin.office import init
from bulletin.scaffold import new_story
from support import edit

TODAY = date(2026, 11, 30)


def test_init_writes_every_file_of_a_root(tmp_path, run_cli):
    code, out, err = run_cli("init", tmp_path / "office", "--office", "IOM Lesotho")
    assert code == 0, err
    written = sorted(Path(line).relative_to(tmp_path / "office").as_posix() for line in out.splitlines())
    assert all((tmp_path / "office" / w).is_file() for w in written)
    assert [w for w in written if not w.startswith("content/stories/")][:5] == [
        "content/activities.csv", "content/awards.yaml", "content/donors.yaml", "content/places.yaml",
        "content/site.yaml"]
    assert "images/logos/office.png" in written
    assert any(w.startswith("content/stories/") and w.endswith("-welcome.md") for w in written)
    assert "next: bulletin check --root" in err


def test_a_new_root_passes_check_without_a_single_warning(tmp_path):
    init(tmp_path / "office", "IOM Lesotho", today=TODAY)
    project, problems = check(tmp_path / "office")
    assert problems == []
    assert project.site.office == "IOM Lesotho"
    assert project.site.newsletter.title == "IOM Lesotho Newsletter"
    assert project.site.brand.primary == "#0b4f8a"
    # the email's To, an example to replace as web_url's is; its From is the one contact
    assert project.site.newsletter.list_address == "newsletter@example.org"
    assert [c.email for c in project.site.contacts] == ["communication@example.org"]
    assert len(project.donors) == len(project.awards) == 1
    [activity] = project.activities
    assert activity.start == TODAY and activity.people == 20
    [story] = project.stories
    assert project.activities_of(story) == (activity,)


def test_the_activities_sheet_has_the_full_header(tmp_path):
    from bulletin.schema import ACTIVITY_COLUMNS

    init(tmp_path / "office", today=TODAY)
    header = (tmp_path / "office/content/activities.csv").read_text().splitlines()[0]
    assert header.split(",") == list(ACTIVITY_COLUMNS)


def test_an_office_name_with_yaml_characters_stays_text(tmp_path):
    init(tmp_path / "office", 'Office: "North" #2', today=TODAY)
    project, problems = check(tmp_path / "office")
    assert [p for p in problems if p.is_error] == []
    assert project.site.office == 'Office: "North" #2'


def test_the_placeholder_logo_is_a_real_image_with_the_initials_colour(tmp_path):
    init(tmp_path / "office", "IOM Lesotho", today=TODAY)
    with Image.open(tmp_path / "office/images/logos/office.png") as logo:
        assert logo.format == "PNG" and logo.size == (480, 160)
        assert logo.getpixel((5, 5)) == (11, 79, 138)  # the primary colour
        assert (255, 255, 255) in {logo.getpixel((x, 80)) for x in range(480)}  # white letters


@pytest.mark.parametrize("existing", ["a file", "a folder with a file"])
def test_init_never_writes_over_anything(tmp_path, run_cli, existing):
    target = tmp_path / "office"
    if existing == "a file":
        target.write_text("mine")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    code, out, err = run_cli("init", target)
    assert code == 2
    assert err == f"error: {target} already exists and is not empty; choose a new folder\n"
    assert out == ""


def test_init_fills_an_empty_folder(tmp_path):
    (tmp_path / "office").mkdir()
    init(tmp_path / "office", today=TODAY)
    assert (tmp_path / "office/content/site.yaml").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["office"]  # no scratch folder left behind


def test_new_story_placeholders_warn_until_replaced(root):
    path = new_story(root, "Chiefs learn the referral pathway", today=TODAY)
    rel = path.relative_to(root).as_posix()
    _, problems = check(root)
    mine = [(p.line, p.severity, p.message) for p in problems if p.path == rel]
    assert mine == [
        (6, "warning",
         "'summary' is still the placeholder from `new story`; write one sentence about this story"),
        (15, "warning", "the story's text is still the placeholder from `new story`; write the story"),
    ]
    edit(root, rel, "One sentence for the contents and the email.", "Chiefs met in Maseru.")
    edit(root, rel, "Write the story here, in Markdown.", "Twenty chiefs met for a day.")
    _, problems = check(root)
    assert [p for p in problems if p.path == rel] == []
