"""Suggestions for misspelt names: the "did you mean" of every message."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process

_FOLD = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """Compare names without case, spaces, apostrophes or hyphens."""
    return _FOLD.sub("", name).casefold()


def closest(name: str, choices: Iterable[str], *, leads_to: Mapping[str, str] | None = None,
            cutoff: float = 75) -> str | None:
    """The choice closest to `name`, or None when nothing is close enough.

    `leads_to` maps a spelling to the name to suggest instead (an alias to
    its district).
    """
    return Suggestions(choices, leads_to=leads_to, cutoff=cutoff).closest(name)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """"; did you mean 'X'?" or an empty string."""
    return Suggestions(choices).did_you_mean(name)


class Suggestions:
    """The "did you mean" of one set of names, for many misspellings of them.

    The names are folded once, and each misspelling is matched once: `check`
    meets the same misspelt district on thousands of rows, and an unknown
    activity id against 100,000 known ones.
    """

    def __init__(self, choices: Iterable[str], *, leads_to: Mapping[str, str] | None = None,
                 cutoff: float = 75):
        leads_to = leads_to or {}
        self._folded = {fold(choice): leads_to.get(choice, choice) for choice in choices}
        self._keys = list(self._folded)
        self._cutoff = cutoff
        self._found: dict[str, str | None] = {}

    def closest(self, name: str) -> str | None:
        if name not in self._found:
            match = process.extractOne(fold(name), self._keys, scorer=fuzz.ratio,
                                       score_cutoff=self._cutoff)
            self._found[name] = self._folded[match[0]] if match else None
        return self._found[name]

    def did_you_mean(self, name: str) -> str:
        suggestion = self.closest(name)
        return f"; did you mean '{suggestion}'?" if suggestion else ""


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def folder_name(award: str, others: Iterable[str] = ()) -> str:
    """A safe, unique folder name for an award number, never a path.

    Donors write numbers like `EU/LMG/21/004`: each run of characters that
    are unsafe in a file name becomes one `-` (`EU-LMG-21-004`), leading dots
    go (`../x` cannot climb out of --out). When two awards of `others` would
    share a folder, or nothing is left, a short hash of the number as written
    keeps them apart.
    """
    import hashlib

    def slug(number: str) -> str:
        return _UNSAFE.sub("-", number).strip("-.")[:80]

    name = slug(award)
    clash = any(other != award and slug(other).casefold() == name.casefold() for other in others)
    if not name or clash or name != award and name in others:
        digest = hashlib.sha256(award.encode()).hexdigest()[:8]
        name = f"{name}-{digest}" if name else f"award-{digest}"
    return name
