"""What `check` says of the office's languages (content-format.md, "Languages").

A site text, a project title or a statement missing in a language is a warning:
that language's outputs print the main language's. Donor wording is never taken
from another language: an acknowledgement or disclaimer missing in a language the
donor is printed in (every edition's; its reports') is an error. `completeness`
sums it up per language, for the line `check` ends with.
"""

from __future__ import annotations

from typing import Any, Iterator

from .errors import Problem
from .fields import Localised, LocalisedList
from .languages import languages_of
from .locales import coverage_text
from .names import did_you_mean
from .schema import Record

SITE, DONORS, AWARDS = "content/site.yaml", "content/donors.yaml", "content/awards.yaml"
WORDING = ("acknowledgement", "disclaimer")


def texts(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Localised | LocalisedList]]:
    """Every text given (or giveable) in several languages inside `value`, with its key path."""
    if isinstance(value, (Localised, LocalisedList)):
        yield path, value
    elif isinstance(value, Record):
        for key, item in value.__dict__.items():
            yield from texts(item, path + (key,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, path + (key,))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from texts(item, path + (i,))


def _dotted(path: tuple) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")


def problems(project) -> Iterator[Problem]:
    codes = languages_of(project)
    yield from _donor_languages(project, codes)
    if len(codes) < 2:
        return
    for file, base, record in _texts_of(project):
        for path, value in texts(record):
            if base and base[0] in project.donors and path[-1] in WORDING:
                continue  # donor wording: an error, below
            for code in codes[1:]:
                if code not in value.translations:
                    line = _line(project, file, base + path)
                    yield Problem(file, line, f"'{_dotted(base + path)}' has no text in '{code}': the "
                                  f"{code} outputs print the {codes[0]} text; add {code}: to it", "warning")
    yield from _wording(project, codes)


def _line(project, file: str, path: tuple) -> int | None:
    return project.line(file, *path) if file in project.sources else project.results.line(file, *path)


def _texts_of(project) -> Iterator[tuple[str, tuple, Any]]:
    """(file, key path of the record in it, record) of every record with texts."""
    if project.site is not None:
        yield SITE, (), project.site
    for key, donor in project.donors.items():
        yield DONORS, (key,), donor
    for number, award in project.awards.items():
        yield AWARDS, (number,), award
    for framework in project.results.frameworks.values():
        yield framework.file, (), framework


def _donor_languages(project, codes: tuple[str, ...]) -> Iterator[Problem]:
    for key, donor in project.donors.items():
        if donor.language and donor.language not in codes:
            yield Problem(DONORS, project.line(DONORS, key, "language"),
                          f"donor '{key}': language '{donor.language}' is not one of site.yaml's "
                          f"languages ({', '.join(codes)}){did_you_mean(donor.language, codes)}")


def _wording(project, codes: tuple[str, ...]) -> Iterator[Problem]:
    """A donor's wording in every edition's language and in its reports'."""
    for key, donor in project.donors.items():
        needed = dict.fromkeys([*codes, *([donor.language] if donor.language in codes else [])])
        for field in WORDING:
            text = getattr(donor, field)
            if text is None:
                continue
            for code in needed:
                if code not in text.translations:
                    yield Problem(DONORS, project.line(DONORS, key, field),
                                  f"donor '{key}': '{field}' has no text in '{code}', and donor "
                                  f"wording is never taken from another language; add "
                                  f"{code}: to '{key}.{field}'")


def completeness(project) -> list[str]:
    """One line per language besides the main one: "fr: 2 of 14 stories translated, ..."."""
    codes = languages_of(project)
    lines = []
    for code in codes[1:]:
        done = sum(1 for s in project.stories if (s.slug, code) in project.translations)
        labels = coverage_text(project.root, code)
        site = _complete(project, code, lambda base, path: not base)
        wording = _complete(project, code, lambda base, path: bool(base) and base[0] in project.donors
                            and path[-1] in WORDING)
        lines.append(f"{code}: {done} of {len(project.stories)} stories translated, {labels}, "
                     f"site texts {site}, donor wording {wording}")
    return lines


def _complete(project, code: str, chosen) -> str:
    missing = sum(1 for file, base, record in _texts_of(project) if file in (SITE, DONORS)
                  for path, value in texts(record)
                  if chosen(base, path) and code not in value.translations)
    return "complete" if not missing else f"missing {missing}"
