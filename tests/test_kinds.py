"""A kind of output is one class registered in kinds.KINDS (docs/build-engine.md): the
engine plans, builds, records and replays it with nothing else changed."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from bulletin import engine, kinds, manifest
from bulletin.outputs import Built, Staging, write
from bulletin.periods import parse_period
from bulletin.project import load_project
from support import REPO


@dataclass(frozen=True)
class Digest:
    """A new kind for the test: the period's story titles in a text file."""

    kind: ClassVar[str] = "digest"
    notebook: ClassVar[str] = "newsletter"
    charts: ClassVar[bool] = False
    files: ClassVar[tuple[str, ...]] = ("digest.txt",)
    absent: ClassVar[str] = "no story in {label}"
    lacking: ClassVar[str] = "no stories"

    @property
    def name(self) -> str:
        return self.kind

    @classmethod
    def named(cls, award=None) -> "Digest":
        return cls()

    @classmethod
    def every(cls, project, period) -> list["Digest"]:
        return [cls()] if project.stories_in(period) else []

    def folder(self, project, period, out) -> Path:
        return Path(out) / "digest" / period.label

    def problems(self, project, period) -> list:
        return []

    def snapshot(self, project, period):
        from bulletin import payload

        return payload.snapshot(project, period)

    def inputs(self, project, period, settings, hasher) -> dict[str, str]:
        return manifest.story_inputs(project, project.stories_in(period), hasher)

    def weight(self, project, period) -> int:
        return len(project.stories_in(period))

    def build(self, settings) -> Built:
        from bulletin.check import load_checked

        project, _ = load_checked(settings.root)
        folder = self.folder(project, settings.period, settings.out)
        with Staging(folder) as stage:
            write(stage.path("digest.txt"),
                  "".join(f"{s.title}\n" for s in project.stories_in(settings.period)))
        return Built(folder, [folder / name for name in self.files], [])


class Quiet:
    def __init__(self):
        self.fresh = []

    def up_to_date(self, folder, files):
        self.fresh.append(folder)

    def running(self, label, total):
        from contextlib import nullcontext

        return nullcontext(lambda outcome: None)


def test_a_new_kind_is_one_class_and_one_registration(root, tmp_path, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "digest", Digest)
    settings = engine.Settings(root, tmp_path / "out", tmp_path / "cache", parse_period("2023-Q2"),
                               "digest", kinds=("digest",), jobs=1)
    result = engine.build(settings, Quiet())
    assert [o.error for o in result.outcomes] == [None]
    digest = (tmp_path / "out" / "digest" / "2023-Q2" / "digest.txt").read_text(encoding="utf-8")
    project, _ = load_project(root)
    titles = [s.title for s in project.stories_in(parse_period("2023-Q2"))]
    assert titles and digest.splitlines() == titles
    assert result.summary == "2023-Q2: 1 built, 0 failed"
    assert (tmp_path / "out" / ".manifests" / "digest" / "2023-Q2" / "manifest.json").is_file()
    screen = Quiet()
    again = engine.build(settings, screen)
    assert again.outcomes == [] and again.built is False
    assert screen.fresh == [tmp_path / "out" / "digest" / "2023-Q2"]
    assert again.summary == "2023-Q2: 0 built, 0 failed, 1 up to date"


def test_no_module_but_the_kinds_compares_kind_names():
    """`kind == "newsletter"` and the like belong to the kinds' classes alone."""
    names = {"newsletter", "report"}
    found = []
    for path in (REPO / "src" / "bulletin").rglob("*.py"):
        if path.stem in ("newsletter", "report", "kinds"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                constants = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
                if names & set(constants):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize("kind", list(kinds.KINDS.values()))
def test_every_kind_says_everything_the_protocol_asks(kind):
    for name in ("kind", "notebook", "charts", "files", "absent", "lacking", "name", "named", "every",
                 "folder", "problems", "snapshot", "inputs", "weight", "build"):
        assert hasattr(kind, name), f"{kind.__name__} has no {name}"
    from bulletin.resources import NOTEBOOKS

    assert (NOTEBOOKS / f"{kind.notebook}.ipynb").is_file()
