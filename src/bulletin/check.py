"""`check`: every rule that looks across files, after each file has been read.

`check(root)` returns every problem found, errors and warnings, sorted by
file and line. `load_checked(root)` is what builds call: it raises a
ContentError when any problem is an error.
"""

from __future__ import annotations

import string
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import brand, iati
from .errors import ContentError, Problem
from .consent_check import consent_problems
from .filetree import digest
from .layout import MIN_PHOTO_WIDTH
from .locale_check import catalog_problems
from .names import Suggestions, did_you_mean
from .periods import quarter_of
from .project import CONTENT, IMAGES, Project, load_project
from .results_check import check_results
from .scaffold import unfinished
from .schema import Activity

from . import language_check

if TYPE_CHECKING:
    from .images import PhotoSize  # imported when a photo is looked at: Pillow is slow to import

WORDING_FIELDS = ("donor", "award", "project")


def check(root: Path) -> tuple[Project, list[Problem]]:
    project, problems = load_project(Path(root))
    problems += catalog_problems(Path(root))  # the office's own labels (locale/)
    if project.site is not None or project.stories or project.partial_stories or project.activities:
        problems += _cross_checks(project)
        problems += check_results(project)
    return project, sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def load_checked(root: Path) -> tuple[Project, list[Problem]]:
    """The project and its warnings; a ContentError if anything is an error.

    A batch worker builds many outputs of one root: it reads and checks the root
    once, and again only when a file under it changed size or modification time
    (filetree.digest, as the up-to-date answers). The project is read-only.
    """
    key = (Path(root).resolve(), digest(root))
    if _last_checked.get("key") != key:
        _last_checked.update(key=key, checked=check(root))
    project, problems = _last_checked["checked"]
    if any(p.is_error for p in problems):
        raise ContentError(list(problems))
    return project, list(problems)


_last_checked: dict = {}


def _cross_checks(project: Project) -> list[Problem]:
    seen = _Seen()
    return [*_site(project, seen), *_donors(project, seen), *_awards(project, seen), *_places(project),
            *_activities(project, seen), *_stories(project, seen), *consent_problems(project),
            *language_check.problems(project)]


class _Seen:
    """What one run of `check` has worked out already, so that a value met on many rows
    or stories is looked at once: a photo 500 stories share is decoded once, a misspelt
    award on 5,000 rows is matched once, the 100,000 activity ids are folded once for
    every unknown one. Each row or story that has the problem still reports it."""

    def __init__(self):
        self._suggestions: dict[int, tuple[object, Suggestions]] = {}
        # (file, "photo" or "logo") -> (its problems' messages, its displayed size)
        self.pictures: dict[tuple[str, str], tuple[tuple[str, ...], PhotoSize | None]] = {}

    def did_you_mean(self, name: str, choices) -> str:
        # Keyed by the collection itself, one of the project's: it is kept here with
        # its suggestions, so its id cannot be reused by another one meanwhile.
        entry = self._suggestions.get(id(choices))
        if entry is None:
            entry = self._suggestions[id(choices)] = (choices, Suggestions(choices))
        return entry[1].did_you_mean(name)


def _themes(project: Project) -> dict[str, str]:
    return project.site.themes if project.site else {}


def _theme(project: Project, theme: str | None, name: str, line: int | None,
           seen: _Seen) -> Iterator[Problem]:
    themes = _themes(project)
    if theme is not None and project.site is not None and theme not in themes:
        yield Problem(name, line, f"unknown theme '{theme}'{seen.did_you_mean(theme, themes)}")


def _image(project: Project, file: str, what: str) -> Iterator[str]:
    """What is wrong with a file's name: a file under images/, never outside it."""
    images = project.images.resolve()
    try:
        path = (images / file).resolve()
    except (ValueError, OSError):  # a NUL byte, a name too long…
        yield f"{what} {file!r} is not a usable file name"
        return
    if not path.is_relative_to(images):
        yield f"{what} '{file}' must be a path inside {IMAGES}/"
    elif not path.is_file():
        known = [p.relative_to(images).as_posix() for p in images.rglob("*") if p.is_file()] \
            if images.is_dir() else []
        yield f"{what} '{file}' not found under {IMAGES}/{did_you_mean(file, known)}"


def _site(project: Project, seen: _Seen) -> Iterator[Problem]:
    name = f"{CONTENT}/site.yaml"
    if project.site is None:
        return
    yield from _placeholders(project.site.default_credit, ("year", "photographer"),
                             name, project.line(name, "default_credit"), "default_credit")
    yield from _picture(project, project.site.logo, name, project.line(name, "logo"), "logo", seen)
    yield from brand.problems(project.site.brand, name, lambda *key: project.line(name, *key), project.root)
    yield from iati.problems(project)


def _placeholders(text: str, allowed: tuple[str, ...], name: str, line, key: str):
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        yield Problem(name, line, f"'{key}' has an unbalanced brace ({exc}); write {{ and }} in pairs")
        return
    for field in fields:
        if field not in allowed:
            choices = ", ".join(f"{{{a}}}" for a in allowed)
            yield Problem(name, line, f"unknown placeholder '{{{field}}}' in '{key}'"
                                      f"{did_you_mean(field, allowed)} (use {choices})")


def _donors(project: Project, seen: _Seen) -> Iterator[Problem]:
    name = f"{CONTENT}/donors.yaml"
    for key, donor in project.donors.items():
        for field in ("acknowledgement", "disclaimer"):
            text = getattr(donor, field)
            # in every language it is given in (fields.Localised)
            for version in dict.fromkeys([text, *getattr(text, "translations", {}).values()] if text else []):
                yield from _placeholders(version, WORDING_FIELDS, name,
                                         project.line(name, key, field), f"{key}.{field}")
        yield from _picture(project, donor.logo, name, project.line(name, key, "logo"), "logo", seen)
        if donor.report_template:
            yield from _report_template(project, donor.report_template, name,
                                        project.line(name, key, "report_template"))


def _report_template(project: Project, file: str, name: str, line) -> Iterator[Problem]:
    """A donor's Word form: a .docx under the root whose every tag the report's context has."""
    root = project.root.resolve()
    try:
        path = (root / file).resolve()
    except (ValueError, OSError):
        yield Problem(name, line, f"report_template {file!r} is not a usable file name")
        return
    if not path.is_relative_to(root):
        yield Problem(name, line, f"report_template '{file}' must be a path inside the project folder")
    elif not path.is_file():
        # the Word files beside where it was looked for (not the whole root: built reports)
        known = [p.relative_to(root).as_posix() for p in path.parent.glob("*.docx")] \
            if path.parent.is_dir() else []
        yield Problem(name, line, f"report_template '{file}' not found{did_you_mean(file, known)}")
    elif path.suffix.lower() != ".docx":
        yield Problem(name, line, f"report_template '{file}' is not a .docx file; save the form "
                                  "from Word as a Word Document (.docx)")
    else:
        from .word_context import sample_context
        from .word_template import template_problems

        yield from template_problems(path, file, sample_context())


def _awards(project: Project, seen: _Seen) -> Iterator[Problem]:
    name = f"{CONTENT}/awards.yaml"
    for number, award in project.awards.items():
        if award.donor not in project.declared["donors"]:
            yield Problem(name, project.line(name, number, "donor"),
                          f"award '{number}': unknown donor '{award.donor}'"
                          f"{did_you_mean(award.donor, project.declared['donors'])}")
        yield from _theme(project, award.theme, name, project.line(name, number, "theme"), seen)
        if award.end < award.start:
            yield Problem(name, project.line(name, number, "end"),
                          f"award '{number}' ends ({award.end}) before it starts ({award.start})")


def _places(project: Project) -> Iterator[Problem]:
    name = f"{CONTENT}/places.yaml"
    owner: dict[str, str] = {}
    for district in project.places.districts:
        for spelling in dict.fromkeys((district.name, *district.aliases, *district.towns)):
            other = owner.setdefault(spelling.casefold(), district.name)
            if other != district.name:
                yield Problem(name, project.line(name, "districts", district.name),
                              f"'{spelling}' is listed under both {other} and {district.name}")


def _unknown_places(project: Project, places, name: str, line) -> Iterator[Problem]:
    for place in places:
        if project.places.district_of(place) is None:
            suggestion = project.places.suggest(place)
            hint = f"; did you mean '{suggestion}'?" if suggestion else \
                f" (add it to {CONTENT}/places.yaml as a district, alias or town)"
            yield Problem(name, line, f"unknown place '{place}'{hint}")


def _unknown_awards(project: Project, numbers, name: str, line, seen: _Seen) -> Iterator[Problem]:
    awards = project.declared["awards"]
    for number in numbers:
        if number not in awards:
            yield Problem(name, line, f"unknown award '{number}'{seen.did_you_mean(number, awards)}")


def _activities(project: Project, seen: _Seen) -> Iterator[Problem]:
    first: dict[str, Activity] = {}
    slugs = project.declared["stories"]
    for activity in project.activities:
        # a row of content/sources.yaml's sources is named by its source (activity_sources.py)
        earlier = first.get(activity.id)
        if earlier is None:
            first[activity.id] = activity
        found = _activity(project, activity, activity.origin or project.activities_file, activity.line,
                          seen, slugs, earlier)
        yield from (_with_uuid(p, activity.uuid) for p in found) if activity.uuid else found


def _activity(project: Project, activity: Activity, name: str, line: int, seen: _Seen, slugs,
              earlier: Activity | None) -> Iterator[Problem]:
    if earlier is not None and earlier.origin == activity.origin:
        yield Problem(name, line, f"duplicate activity id '{activity.id}' "
                                  f"(first on line {earlier.line})")
    elif earlier is not None:  # two sources of content/sources.yaml
        there = f"{earlier.origin}:{earlier.line}" + (f" (_uuid {earlier.uuid})" if earlier.uuid else "")
        yield Problem(name, line, f"activity id '{activity.id}' is also in {there}; an id names one "
                                  "activity: keep it in one source, or give one of them another id")
    if activity.end and activity.end < activity.start:
        yield Problem(name, line, f"end {activity.end} is before start {activity.start}")
    yield from _unknown_places(project, activity.district, name, line)
    yield from _theme(project, activity.theme, name, line, seen)
    yield from _unknown_awards(project, activity.award, name, line, seen)
    yield from _counts(activity, name)
    if activity.story and activity.story not in slugs:
        yield Problem(name, line, f"story '{activity.story}' does not exist in "
                                  f"{CONTENT}/stories/{seen.did_you_mean(activity.story, slugs)}")
    for number in activity.award:
        award = project.awards.get(number)
        if award and not award.start <= activity.start <= award.end:
            yield Problem(name, line, f"starts {activity.start}, outside award {number} "
                                      f"({award.start} to {award.end})", "warning")


def _with_uuid(problem: Problem, uuid: str) -> Problem:
    if not uuid:
        return problem
    return Problem(problem.path, problem.line, f"{problem.message} (_uuid {uuid})", problem.severity)


def _counts(activity: Activity, name: str) -> Iterator[Problem]:
    total, female, male = activity.participants, activity.female, activity.male
    if (female is None) != (male is None):
        given = "female" if male is None else "male"
        yield Problem(name, activity.line, f"only {given} is given; give both female and male, or "
                                           "neither, so the row counts as disaggregated", "warning")
    if total is None:
        return
    if female is not None and male is not None and female + male != total:
        yield Problem(name, activity.line,
                      f"female ({female}) + male ({male}) = {female + male}, "
                      f"but participants is {total}")
    for label, count in (("female", female), ("male", male)):
        if count is not None and count > total:
            yield Problem(name, activity.line, f"{label} ({count}) is more than participants ({total})")


def _stories(project: Project, seen: _Seen) -> Iterator[Problem]:
    ids = project.declared["activities"]
    featured = defaultdict(list)
    # A story with a schema error is checked as far as it could be read: one wrong
    # key must not hide a misspelt place or a missing photo.
    for story in (*project.stories, *project.partial_stories):
        name = project.story_path(story)
        line = lambda *path: project.line(name, *path)  # noqa: E731 - local shorthand
        day = getattr(story, "date", None)
        if story.end and day and story.end < day:
            yield Problem(name, line("end"), f"end {story.end} is before date {day}")
        yield from _theme(project, getattr(story, "theme", None), name, line("theme"), seen)
        yield from _unknown_places(project, story.places, name, line("places"))
        yield from _unknown_awards(project, story.awards, name, line("awards"), seen)
        for i, activity in enumerate(story.activities):
            if activity not in ids and not project.declared.get("unread sources"):
                yield Problem(name, line("activities", i),
                              f"unknown activity '{activity}'{seen.did_you_mean(activity, ids)}")
        for i, photo in enumerate(story.photos):
            yield from _photo(project, getattr(photo, "file", None), name, line("photos", i, "file"), seen)
        yield from unfinished(story, name, line)
        if story.featured and day:
            featured[quarter_of(day).label].append(story)
    for quarter, stories in featured.items():
        for story in stories[1:]:
            yield Problem(project.story_path(story), project.line(project.story_path(story), "featured"),
                          f"{quarter} has {len(stories)} featured stories "
                          f"({', '.join(s.slug for s in stories)}); only the first leads", "warning")


def _picture(project: Project, file: str | None, name: str, line, what: str, seen: _Seen):
    """A photo or logo that exists under images/ and reads as an image; returns its size."""
    if file is None:
        return None
    if (file, what) not in seen.pictures:  # decoded once, however many stories show it
        seen.pictures[file, what] = _look_at(project, file, what)
    messages, size = seen.pictures[file, what]
    yield from (Problem(name, line, message) for message in messages)
    return size


def _look_at(project: Project, file: str, what: str):
    """The problems of one image file, as messages, and its displayed size if it has none."""
    from .images import ImageProblem, decoded_size

    missing = tuple(_image(project, file, what))
    if missing:
        return missing, None
    try:
        return (), decoded_size(project.images / file)
    except ImageProblem as exc:
        return tuple(f"{what} '{file}': {p.message}" for p in exc.problems), None


def _photo(project: Project, file: str, name: str, line, seen: _Seen) -> Iterator[Problem]:
    size = yield from _picture(project, file, name, line, "photo", seen)
    if size and size.width < MIN_PHOTO_WIDTH:
        yield Problem(name, line, f"photo '{file}' is {size.width} px wide; at least "
                                  f"{MIN_PHOTO_WIDTH} px are needed to print it at column width",
                      "warning")
