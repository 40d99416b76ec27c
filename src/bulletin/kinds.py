"""The kinds of output, and which of them a command builds.

A kind of output is a class that says once everything the build engine
(engine.py) needs to know about it:

- `kind`, its name; `notebook`, the notebook its figures come from, and
  `charts`, whether that draws charts (the kernel server warms matplotlib); `files`,
  what its folder holds; `absent` and `lacking`, what a batch says when a
  period has none of it;
- `every(project, period, language)`: the outputs of that kind a period has (a
  newsletter per language when it has stories; a report per award with activities);
  `named(award, language)`: the one a single-output command names (`language`: --lang);
- `folder(project, period, out)`: where it is written;
- `problems(project, period)`: why it cannot be built (none when it can);
- `snapshot(project, period)`: the reading its notebook counts from;
- `inputs(project, period, settings, hasher)`: what its fingerprint hashes
  besides what every output's does (manifest.common_inputs);
- `weight(project, period)`: its work, so a batch starts the longest first;
- `build(settings)`: makes it, in this process, and returns `Built`;

and, as a module function beside the class, the `context` its template is
given (the preview renders with it too). An instance is one output: it is
hashable and crosses to a worker process (pickled) as the job to do.

No other module compares kind names: a new kind is one class, registered in
KINDS (docs/build-engine.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from .errors import UsageError
from .languages import languages_of
from .names import did_you_mean
from .newsletter import Newsletter
from .report import Report

if TYPE_CHECKING:
    from .engine import Settings
    from .errors import Problem
    from .manifest import Hasher
    from .outputs import Built
    from .payload import Snapshot
    from .periods import Period
    from .project import Project


class Output(Protocol):
    kind: ClassVar[str]
    notebook: ClassVar[str]
    charts: ClassVar[bool]
    files: ClassVar[tuple[str, ...]]
    absent: ClassVar[str]
    lacking: ClassVar[str]

    @property
    def name(self) -> str: ...

    @classmethod
    def named(cls, award: str | None = None, language: str | None = None) -> "Output": ...

    @classmethod
    def every(cls, project: Project, period: Period, language: str | None = None) -> list["Output"]: ...

    def folder(self, project: Project, period: Period, out: Path) -> Path: ...

    def problems(self, project: Project, period: Period) -> list[Problem]: ...

    def snapshot(self, project: Project, period: Period) -> Snapshot: ...

    def inputs(self, project: Project, period: Period, settings: Settings,
               hasher: Hasher) -> dict[str, str]: ...

    def weight(self, project: Project, period: Period) -> int: ...

    def build(self, settings: Settings) -> Built: ...


# Every kind, in the order a period's outputs are listed and started.
KINDS: dict[str, type[Output]] = {kind.kind: kind for kind in (Newsletter, Report)}


def selected(settings: Settings, project: Project, period: Period) -> list[Output]:
    """The outputs a command asks for: the one it names, or every output of its kinds."""
    language = settings.language
    if language and project is not None and language not in languages_of(project):
        raise UsageError(f"--lang {language}: not one of site.yaml's languages "
                         f"({', '.join(languages_of(project))}){did_you_mean(language, languages_of(project))}")
    if settings.single:
        kind = KINDS[settings.single]
        # an edition in each language (in_languages), a report in its donor's
        many = getattr(kind, "in_languages", None)
        return many(project, language) if many else \
            [kind.named(settings.award, language) if language else kind.named(settings.award)]
    return [output for name in settings.kinds or KINDS
            for output in (KINDS[name].every(project, period, language) if language
                           else KINDS[name].every(project, period))]


def longest_first(project: Project, period: Period, outputs: list[Output]) -> list[Output]:
    """The order to start `outputs` in: by their work, longest first, so that the last to
    start is a short one and no worker is left building a long output alone while the
    others have nothing to do."""
    order = list(KINDS)
    return sorted(outputs, key=lambda o: (-o.weight(project, period), order.index(o.kind), o.name))
