"""Suggestions for misspelt names: the "did you mean" of every message."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process

_FOLD = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """Compare names without case, spaces, apostrophes or hyphens."""
    return _FOLD.sub("", name).casefold()


def closest(name: str, choices: Iterable[str] | Mapping[str, str], cutoff: float = 75) -> str | None:
    """The choice closest to `name`, or None when nothing is close enough.

    `choices` may map a spelling to the name to suggest for it, so an alias
    can lead to its district.
    """
    mapping = choices if isinstance(choices, Mapping) else {c: c for c in choices}
    if not mapping:
        return None
    folded = {fold(spelling): target for spelling, target in mapping.items()}
    match = process.extractOne(fold(name), list(folded), scorer=fuzz.ratio, score_cutoff=cutoff)
    return folded[match[0]] if match else None


def did_you_mean(name: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """"; did you mean 'X'?" or an empty string."""
    suggestion = closest(name, choices)
    return f"; did you mean '{suggestion}'?" if suggestion else ""
