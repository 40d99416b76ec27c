"""The gazetteer: every spelling of a place resolves to its district."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .names import Suggestions
from .schema import District


@dataclass(frozen=True)
class Gazetteer:
    districts: tuple[District, ...] = ()
    # folded spelling -> district name; built once from names, aliases and towns
    _index: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        for district in self.districts:
            for spelling in (district.name, *district.aliases, *district.towns):
                self._index.setdefault(spelling.casefold(), district.name)

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.districts]

    def district_of(self, place: str) -> str | None:
        """The district a place is in, or None when the place is unknown."""
        return self._index.get(place.strip().casefold())

    def suggest(self, place: str) -> str | None:
        """A known spelling close to an unknown place: a town as itself, an alias as its district."""
        return self._suggestions.closest(place)

    @cached_property  # made on the first unknown place, then kept: the gazetteer never changes
    def _suggestions(self) -> Suggestions:
        leads_to = {alias: d.name for d in self.districts for alias in d.aliases}
        spellings = [s for d in self.districts for s in (d.name, *d.aliases, *d.towns)]
        return Suggestions(spellings, leads_to=leads_to)
