"""Problems and the few exceptions of the build, named for who must act.

A `Problem` is one line of a report (`path:line: error: message`). Loaders
collect problems rather than raising on the first one, so an author sees
every mistake in one run; the CLI turns exceptions into those lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class BulletinError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1


class ContentError(BulletinError):
    """The content must be fixed by its author; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # so it crosses from a worker process intact
        return (ContentError, (self.problems,))


class UsageError(BulletinError):
    """The command line is wrong: the operator must act."""

    exit_code = 2


class BuildError(BulletinError):
    """A template, notebook or renderer failed: the maintainer must act."""


def _problem_order(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.severity, problem.message)
