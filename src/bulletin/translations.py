"""Translated stories: `content/stories/NAME.fr.md` beside `NAME.md` (content-format.md,
"Languages").

A translation holds what a reader reads (title, summary, captions and alt text by
photo file, quotes, body) and the hash of the original it was made from, so that
`check` can say when the original changed since. Everything else is the original's.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .errors import Problem
from .names import did_you_mean
from .schema import OptText, Quote, Record, Story, Text
from .stories import read_story

# NAME.LANG: a language code as site.yaml's `languages` writes them (fr, pt, pt_PT)
_NAME = re.compile(r"(?P<slug>.+)\.(?P<language>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)")


class TranslatedPhoto(Record):
    file: Text
    caption: OptText = None
    alt: OptText = None


class Translation(Record):
    injected = ("slug", "language", "body", "body_line", "file")
    slug: str = ""  # the original's
    language: str = ""
    body: str = ""
    body_line: int = 0
    file: str = ""  # content/stories/NAME.LANG.md
    source: Text  # the first 12 hex digits of the SHA-256 of the original it was made from
    title: Text
    summary: OptText = None
    photos: tuple[TranslatedPhoto, ...] = ()
    quotes: tuple[Quote, ...] = ()


def split_name(path: Path) -> tuple[str, str] | None:
    """(NAME, LANG) for a translation's file, None for a story's."""
    match = _NAME.fullmatch(Path(path).stem)
    return (match["slug"], match["language"]) if match else None


def source_hash(path: Path) -> str:
    """What a translation's `source` records of its original."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def load_translations(paths: list[Path], stories: dict[str, Story], originals: set[str],
                      languages: tuple[str, ...]) -> tuple[dict, list[Problem]]:
    """{(NAME, LANG): Translation} for the translation files `paths`, and what is wrong
    with them. `stories`: the valid originals by name; `originals`: every story file's
    name, valid or not."""
    found, problems = {}, []
    for path in paths:
        name = f"content/stories/{path.name}"
        slug, language = split_name(path)
        if slug not in originals:
            problems.append(Problem(name, None, f"a translation of content/stories/{slug}.md, "
                                    f"which does not exist{did_you_mean(slug, originals)}; "
                                    "rename it NAME.LANG.md after its story, or remove it"))
            continue
        if language not in languages[1:]:
            problems.append(Problem(name, None, f"'{language}' is not one of site.yaml's other "
                                    f"languages ({', '.join(languages[1:]) or 'none'})"
                                    f"{did_you_mean(language, languages[1:])}; add it to "
                                    "`languages:` or rename the file"))
            continue
        translation, front, read = read_story(path, name, Translation)
        problems += read
        if translation is None or slug not in stories or any(p.severity == "error" for p in read):
            continue
        translation = translation.model_copy(update={"slug": slug, "language": language,
                                                     "file": name})
        problems += _against_original(translation, stories[slug], path.with_name(f"{slug}.md"), front)
        found[(slug, language)] = translation
    return found, problems


def _against_original(translation: Translation, story: Story, original: Path, front) -> list[Problem]:
    problems = []
    files = [p.file for p in story.photos]
    for i, photo in enumerate(translation.photos):
        if photo.file not in files:
            problems.append(Problem(
                translation.file, front.line(("photos", i, "file")),
                f"photo '{photo.file}' is not one of content/stories/{story.slug}.md's photos"
                f"{did_you_mean(photo.file, files)}; a translation names the original's photos "
                "by their file"))
    current = source_hash(original)
    if translation.source != current:
        problems.append(Problem(
            translation.file, front.line(("source",)),
            f"content/stories/{story.slug}.md has changed since it was translated (source "
            f"{translation.source}, now {current}): bring the translation up to date, then set "
            f"`source: {current}`", "warning"))
    return problems
