"""The office's languages: which they are (site.yaml), and a project in one of them.

Texts in the content may be given in several languages (fields.Localised); a
translated story sits beside its original (translations.py). `localise` makes,
once at the start of an output's build, a project whose texts are plain strings
in that output's language, so the rest of the code reads strings as it always has.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from typing import Any, Iterator

from .errors import Problem
from .fields import LANGUAGES, Localised, LocalisedList
from .schema import Photo, Record, Story

_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
SITE = "content/site.yaml"


def site_languages(source) -> tuple[tuple[str, ...], list[Problem]]:
    """site.yaml's `languages` (or `language`, which means a list of one), checked."""
    data = source.data if source is not None and isinstance(source.data, dict) else {}
    if "language" in data and "languages" in data:
        return ("en",), [Problem(SITE, source.line(("languages",)),
                                 "both 'language' and 'languages' are given; keep 'languages' "
                                 "(a list, the main language first) and remove 'language'")]
    given = data.get("languages", data.get("language", "en"))
    key = "languages" if "languages" in data else "language"
    codes = [str(c).strip() for c in (given if isinstance(given, list) else [given]) if c is not None]
    problems = [Problem(SITE, source.line((key,)),
                        f"'{key}': '{c}' is not a language code; write it as ISO 639 does, "
                        "e.g. en, fr, pt")
                for c in codes if not _CODE.fullmatch(c)]
    if not codes:
        problems.append(Problem(SITE, source.line((key,)), f"'{key}' is empty; e.g. languages: [en, fr]"))
    if len(set(codes)) != len(codes):
        problems.append(Problem(SITE, source.line((key,)), f"'{key}' names a language twice"))
    if problems:
        return ("en",), problems
    return tuple(codes), []


@contextlib.contextmanager
def reading_in(languages: tuple[str, ...]) -> Iterator[None]:
    """While a root's files are read: a plain text is in `languages[0]`."""
    token = LANGUAGES.set(languages)
    try:
        yield
    finally:
        LANGUAGES.reset(token)


def languages_of(project) -> tuple[str, ...]:
    site = project.site if project is not None else None
    return tuple(site.languages) if site is not None and site.languages else ("en",)


def main_language(project) -> str:
    return languages_of(project)[0]


def localise(project, language: str | None):
    """`project` with every text in `language` (None: the main one): a text missing
    in it is the main language's (`check` warns of it; donor wording is an error
    there), a story without a translation is the original, named in
    `project.untranslated`."""
    main = main_language(project)
    language = language or main
    if project.site is None:
        return project
    stories, untranslated = [], set()
    for story in project.stories:
        translation = project.translations.get((story.slug, language))
        if translation is not None:
            story = translated(story, translation)
        elif language != main:
            untranslated.add(story.slug)
        stories.append(story)
    site = in_language(project.site, language)
    return dataclasses.replace(
        project, site=site.model_copy(update={"language": language}),
        donors={k: in_language(d, language) for k, d in project.donors.items()},
        awards={k: in_language(a, language) for k, a in project.awards.items()},
        results=dataclasses.replace(project.results, frameworks={
            k: in_language(f, language) for k, f in project.results.frameworks.items()}),
        stories=tuple(stories), language=language, untranslated=frozenset(untranslated))


def in_language(value: Any, language: str) -> Any:
    """`value` (a record, or what one holds) with its texts as plain strings in `language`."""
    if isinstance(value, (Localised, LocalisedList)):
        text = value.translations.get(language, value)
        return str(text) if isinstance(value, Localised) else tuple(text)
    if isinstance(value, Record):
        update = {}
        for key, item in value.__dict__.items():
            new = in_language(item, language)
            if new is not item:
                update[key] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, tuple) and any(isinstance(v, (Record, str)) for v in value):
        new = tuple(in_language(v, language) for v in value)
        return new if any(a is not b for a, b in zip(new, value)) else value
    if isinstance(value, dict):
        new = {k: in_language(v, language) for k, v in value.items()}
        return new if any(new[k] is not value[k] for k in value) else value
    return value


def translated(story: Story, translation) -> Story:
    """The story as its translation reads: its texts, the original's everything else."""
    by_file = {p.file: p for p in translation.photos}

    def photo(original: Photo) -> Photo:
        mine = by_file.get(original.file)
        if mine is None:
            return original
        return original.model_copy(update={"caption": mine.caption or original.caption,
                                           "alt": mine.alt or original.alt})

    return story.model_copy(update={
        "title": translation.title, "summary": translation.summary,
        "photos": tuple(photo(p) for p in story.photos),
        "quotes": translation.quotes or story.quotes, "body": translation.body})
