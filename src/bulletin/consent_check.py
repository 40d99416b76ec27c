"""`check`'s rules on people in photos: who a photo shows, and whether they agreed.

Errors name the story file, the line of the key and the photo; the register's
own rows (content/consent.csv) are named by their line. A survivor counts as
named when a caption or a quote's attribution in the story holds the `person`
of one of the photo's consents, as the register writes it (letter case and
spacing aside): the register is where the office writes who a person is.
"""

from __future__ import annotations

import re
from typing import Iterator

from .consent import FILE, needs_consent
from .errors import Problem
from .names import Suggestions
from .project import Project

NO_REGISTER = (
    "no consent register: photos are published without a consent check. To start, create "
    f"{FILE} with the header id,person,given_by,date,scope,expires,withdrawn, one row per "
    "person's consent, and say who each photo shows (people: none, crowd or identifiable; "
    "consent: [ids]); see docs/content-format.md, People in photos")


def consent_problems(project: Project) -> Iterator[Problem]:
    register = project.consent
    if register is None:
        if any(s.photos for s in project.stories):
            yield Problem(FILE, None, NO_REGISTER, "warning")
        return
    for consent in register.consents.values():
        if consent.expires is not None and consent.date > consent.expires:
            yield Problem(FILE, consent.line, f"consent {consent.id} is dated {consent.date}, "
                                              f"after it expires ({consent.expires}); correct "
                                              "one of the two dates")
    ids = Suggestions(register.declared)
    for story in (*project.stories, *project.partial_stories):
        name = project.story_path(story)
        for i, photo in enumerate(story.photos):
            yield from _photo(project, story, i, photo, name, ids)


def _photo(project: Project, story, i: int, photo, name: str, ids: Suggestions) -> Iterator[Problem]:
    line = lambda *key: project.line(name, "photos", i, *key)  # noqa: E731 - local shorthand
    file = getattr(photo, "file", None)
    label = f"photo {i + 1} ({file})" if file else f"photo {i + 1}"
    register = project.consent
    people = getattr(photo, "people", None)
    if people is None:
        if not _written(project, name, i, "people"):  # a wrong value is the schema's to report
            yield Problem(name, line("file"), f"{label} does not say who it shows; {FILE} exists, "
                                              "so add people: none, crowd or identifiable")
        return
    for k, number in enumerate(photo.consent):
        if number not in register.declared:
            yield Problem(name, line("consent", k),
                          f"{label}: unknown consent '{number}'{ids.did_you_mean(number)} "
                          f"(the ids are in {FILE})")
    consents = [register.consents[n] for n in photo.consent if n in register.consents]
    if needs_consent(photo) and not photo.consent:
        yield Problem(name, line("people"),
                      f"{label} shows identifiable people but lists no consent; add their ids "
                      f"from {FILE} (consent: [id, ...]), or say people: crowd if no one can "
                      "be recognised")
    if needs_consent(photo) and photo.minor and consents and \
            not any(c.given_by == "guardian" for c in consents):
        yield Problem(name, line("minor"),
                      f"{label} shows a minor, but none of its consents was given by a guardian; "
                      f"a child's photo needs a parent's or guardian's consent in {FILE}")
    if photo.survivor:
        yield from _survivor(project, story, photo, label, name, line, consents)
    if file and needs_consent(photo):
        yield from _metadata(project, photo, bool(consents), label, name, line("file"))


def _written(project: Project, name: str, i: int, key: str) -> bool:
    """Whether the story's front matter has `key` in its photo `i`, valid or not."""
    source = project.sources.get(name)
    try:
        return key in source.data["photos"][i]
    except (AttributeError, KeyError, IndexError, TypeError):
        return False


def _survivor(project: Project, story, photo, label: str, name: str, line,
              consents) -> Iterator[Problem]:
    if needs_consent(photo):
        yield Problem(name, line("people"),
                      f"{label} shows a survivor of trafficking identifiably; a survivor is never "
                      "shown so they can be recognised, in any output: choose a photo where no "
                      "one can be (people: crowd or none)")
    places = [(line("caption"), "its caption", getattr(photo, "caption", None) or "")]
    places += [(project.line(name, "quotes", q, "by"), "a quote's attribution", quote.by or "")
               for q, quote in enumerate(story.quotes)]
    for consent in consents:
        person = _folded(consent.person)
        for where, what, text in places:
            if person and person in _folded(text):
                yield Problem(name, where, f"{label} shows a survivor, and {what} names "
                                           f"'{consent.person}' (consent {consent.id}); never "
                                           "name a survivor")


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _metadata(project: Project, photo, consented: bool, label: str, name: str,
              line) -> Iterator[Problem]:
    """The photo's own IPTC/XMP contradicts the story: no release signed while the story
    lists consents, or a minor shown while the story says none is."""
    from .photo_metadata import release_status

    path = project.images / photo.file
    if not path.is_file():
        return
    status = release_status(path)
    if status is not None and status.minor and not photo.minor:
        yield Problem(name, line, f"{label}: the photo's own metadata says a minor is shown "
                                  f"(Minor Model Age Disclosure {status.minor_code}), but the "
                                  "story does not say minor: true", "warning")
    if status is not None and status.refused and consented:
        yield Problem(name, line, f"{label} lists consents, but the photo's own metadata says "
                                  f"{status.says}; check the signed forms, then correct the "
                                  "photo's metadata or the story", "warning")
