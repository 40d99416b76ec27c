"""benchmarks/generate.py: a valid root of any size, as real offices write one (issue 11).

Small roots here (3 awards, 300 activities, 20 stories); the benchmark writes 100,000 and 2,000.
"""

from __future__ import annotations

import csv
import importlib.util
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bulletin.kinds import Newsletter, Report, longest_first
from bulletin.periods import parse_period, quarter_of
from bulletin.project import load_project
from support import REPO

_spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

SMALL = {"awards": 3, "activities": 300, "stories": 20}


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    return generate.generate(tmp_path_factory.mktemp("generated") / "root", **SMALL)


def test_check_accepts_it_without_a_warning(small_root, check_root):
    code, lines, out = check_root(small_root)
    assert lines == []
    assert code == 0
    assert out.strip() == f"checked {small_root}: 20 stories, 300 activities: 0 errors, 0 warnings"


def test_reports_would_make_one_report_per_award(small_root):
    project, _ = load_project(small_root)
    awards = sorted(project.awards)
    assert len(awards) == 3
    jobs = Report.every(project, parse_period("2023-Q3"))
    assert [job.award for job in jobs] == awards


def test_the_longest_report_is_built_first(small_root):
    """Counted from the sheet with the csv module: rows in the period, per award."""
    period = parse_period("2023-Q3")
    rows: dict[str, int] = {}
    with open(small_root / "content" / "activities.csv", encoding="utf-8", newline="") as sheet:
        for row in csv.DictReader(sheet):
            if date.fromisoformat(row["start"]) in period:
                for award in filter(None, (a.strip() for a in row["award"].split(";"))):
                    rows[award] = rows.get(award, 0) + 1
    project, _ = load_project(small_root)
    jobs = longest_first(project, period, [*Report.every(project, period), Newsletter()])
    assert jobs[0] == Newsletter()
    order = [job.award for job in jobs[1:]]
    assert rows[order[0]] >= rows[order[-1]]
    assert rows[order[0]] == max(rows[a] for a in order)


@pytest.mark.parametrize("seed", range(5))
def test_every_award_has_a_report_however_few_the_rows(tmp_path, seed):
    root = generate.generate(tmp_path / "root", awards=20, activities=20, stories=0, seed=seed)
    project, problems = load_project(root)
    assert problems == []
    assert len(Report.every(project, parse_period("2023-Q3"))) == 20


def test_another_period_is_honoured(tmp_path, check_root):
    root = generate.generate(tmp_path / "root", awards=2, activities=40, stories=5, period="2021-05")
    assert check_root(root)[:2] == (0, [])
    project, _ = load_project(root)
    assert len(Report.every(project, parse_period("2021-05"))) == 2


def test_rows_are_written_as_people_write_them(small_root):
    project, _ = load_project(small_root)
    with open(small_root / "content" / "activities.csv", encoding="utf-8") as sheet:
        rows = list(csv.DictReader(sheet))
    districts = {d.name for d in project.places.districts}
    # places as aliases, towns or in lower case, all resolved by the gazetteer
    assert any(place not in districts for row in rows for place in row["district"].split(";"))
    assert all(a.districts for a in project.activities)
    # counted by sex with a total, by sex only, a total only, and not counted
    shapes = {(bool(r["participants"]), bool(r["female"]), bool(r["male"])) for r in rows}
    assert shapes == {(True, True, True), (False, True, True), (True, False, False), (False, False, False)}
    assert any(not r["award"] for r in rows) and any(";" in r["award"] for r in rows)
    period = parse_period("2023-Q3")
    starts = [a.start for a in project.activities]
    assert any(day in period for day in starts) and any(day not in period for day in starts)


def test_every_story_has_a_photo_from_a_few_shared_ones(small_root):
    project, _ = load_project(small_root)
    files = [photo.file for story in project.stories for photo in story.photos]
    assert all(story.photos for story in project.stories)
    assert len(set(files)) < len(files)
    # landscape and portrait, some stored turned with an EXIF orientation
    photos = sorted((small_root / "images" / "generated").glob("*.jpg"))
    assert {_orientation(photo) for photo in photos} == {None, 1, 3, 6, 8}
    with Image.open(photos[0]) as first, Image.open(photos[-1]) as last:
        assert first.width > first.height and last.width > last.height  # portrait-3.jpg is stored turned
    # the first story of each quarter leads its edition, and only that one
    quarters = {quarter_of(story.date) for story in project.stories}
    assert sum(story.featured for story in project.stories) == len(quarters)


def _orientation(path: Path) -> int | None:
    with Image.open(path) as img:
        return img.getexif().get(0x0112)


def test_the_same_seed_writes_the_same_root(tmp_path):
    a = generate.generate(tmp_path / "a", awards=2, activities=50, stories=4, seed=7)
    b = generate.generate(tmp_path / "b", awards=2, activities=50, stories=4, seed=7)
    c = generate.generate(tmp_path / "c", awards=2, activities=50, stories=4, seed=8)

    def files(root):
        return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(a) == files(b)
    assert files(a) != files(c)


def test_it_never_writes_over_a_root(root):
    before = (root / "content" / "site.yaml").read_text()
    with pytest.raises(FileExistsError):
        generate.generate(root, **SMALL)
    assert (root / "content" / "site.yaml").read_text() == before


def test_the_command_line(tmp_path, capsys):
    generate.main([str(tmp_path / "cli"), "--awards", "2", "--activities", "30", "--stories", "3",
                   "--period", "2023-Q2"])
    assert capsys.readouterr().out == f"{tmp_path / 'cli'}\n"
    project, problems = load_project(tmp_path / "cli")
    assert (len(project.awards), len(project.activities), len(project.stories)) == (2, 30, 3)
    assert problems == []
