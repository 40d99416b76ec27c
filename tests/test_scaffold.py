"""`new story "Title"` starts a story that passes check as it stands."""

from __future__ import annotations

from datetime import date

from bulletin.check import check
from bulletin.scaffold import new_story, slugify


def test_slug_is_ascii_and_short():
    assert slugify("Ts'oeute's trip to Mohale's Hoek – part 2!") == "ts-oeute-s-trip-to-mohale-s-hoek-part-2"
    assert len(slugify("word " * 40)) <= 60


def test_new_story_passes_check_and_names_the_themes(root, run_cli):
    code, out, err = run_cli("new", "story", "Chiefs learn the referral pathway", "--root", str(root))
    assert code == 0, err
    path = root / out.strip()
    assert path.name.endswith("-chiefs-learn-the-referral-pathway.md")
    text = path.read_text(encoding="utf-8")
    assert 'title: "Chiefs learn the referral pathway"' in text
    assert "one of: tip, health, labour" in text
    _, problems = check(root)
    assert [p for p in problems if p.is_error] == []


def test_quotes_in_the_title_stay_valid_yaml(root):
    path = new_story(root, 'The "One Stop" border post', today=date(2024, 2, 3))
    assert path.name == "2024-02-the-one-stop-border-post.md"
    project_problems = [p for p in check(root)[1] if p.is_error]
    assert project_problems == []


def test_an_existing_story_is_never_overwritten(root, run_cli):
    first = new_story(root, "Same title")
    first.write_text(first.read_text() + "\nMy words.\n", encoding="utf-8")
    code, _, err = run_cli("new", "story", "Same title", "--root", str(root))
    assert code == 2
    assert "already exists" in err
    assert first.read_text().endswith("My words.\n")
