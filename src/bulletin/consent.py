"""The consent register (content/consent.csv) and the gate it sets on every output.

A photo that shows identifiable people goes only where every consent it
lists covers that output, on the output's date, and none is withdrawn or
expired. The outputs ("channels") are named as the register's `scope` names
them: `print` (the newsletter's PDF), `web` (its web page and the archive),
`email` (its email, whose photos are published with the web page, so it
needs `web` too) and `donor` (the donor reports).

The gate works on the data: a story keeps only the photos it may show, before
any view or template sees it, so the layout is the one it would have without
them. Nothing here reads a photo's pixels.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from .errors import Problem
from .fields import IsoDate, OptDate, Text, _semicolon_list, choice
from .names import did_you_mean
from .schema import Photo, Record, Story, validate
from .sources import CsvError, Yaml, csv_rows, read_text

FILE = "content/consent.csv"
SCOPES = ("print", "web", "email", "donor")
GIVERS = ("self", "guardian")
# What each channel's photo needs the consents to cover: an email shows the photos
# published with the web edition (render.EmailMedia), so they must be allowed there too.
NEEDS = {"print": ("print",), "web": ("web",), "email": ("email", "web"), "donor": ("donor",)}
# How a warning names a channel.
LABELS = {"print": "newsletter PDF", "web": "web edition", "email": "email",
          "donor": "donor report"}


def _scopes(value: Any) -> tuple[str, ...]:
    # `print;web`, as an activity's list cells; a list when a record is made in code
    names = tuple(value) if isinstance(value, (list, tuple)) else _semicolon_list(value)
    if not names:
        raise PydanticCustomError("scope", "is empty; write where the photo may appear, "
                                           "e.g. print;web;email;donor")
    for name in names:
        if name.lower() not in SCOPES:
            raise PydanticCustomError(
                "scope", "'{value}' is not one of {allowed}{hint}",
                {"value": name, "allowed": ", ".join(SCOPES), "hint": did_you_mean(name, SCOPES)})
    return tuple(dict.fromkeys(n.lower() for n in names))


class Consent(Record):
    """One row of content/consent.csv: one person's consent."""

    injected = ("line",)
    line: int = 0  # the row's line in the file (the header is line 1)
    id: Text
    person: Text
    given_by: Annotated[str, BeforeValidator(choice("given_by", GIVERS))]
    date: IsoDate
    scope: Annotated[tuple[str, ...], BeforeValidator(_scopes)]
    expires: OptDate = None
    withdrawn: OptDate = None

    def refusal(self, channel: str, day: date, now: date) -> str | None:
        """Why this consent does not let a photo into `channel` on `day` (None: it does).

        A withdrawal counts from its date for every build made since, whatever date
        the output carries: a report of last year, built again, is published again.
        """
        if self.withdrawn is not None and self.withdrawn <= max(day, now):
            return f"consent {self.id} withdrawn on {self.withdrawn}"
        if self.expires is not None and self.expires < day:
            return f"consent {self.id} expired on {self.expires}"
        missing = [s for s in NEEDS[channel] if s not in self.scope]
        if missing and missing[0] != channel:
            return f"consent {self.id} does not cover web, where an email's photos are published"
        if missing:
            return f"consent {self.id} covers only {' and '.join(self.scope)}"
        return None


COLUMNS = tuple(n for n in Consent.model_fields if n not in Consent.injected)
REQUIRED = tuple(n for n in COLUMNS if Consent.model_fields[n].is_required())


@dataclass(frozen=True)
class Register:
    """content/consent.csv as read: the valid consents by id, and every id it declares."""

    consents: dict[str, Consent] = field(default_factory=dict)
    declared: frozenset[str] = frozenset()


def read_register(root: Path) -> tuple[Register | None, list[Problem]]:
    """The register, or None when the root has none (then no photo is gated)."""
    path = Path(root) / FILE
    if not path.exists():
        return None, []
    text = read_text(path, FILE)  # a folder, bad bytes: its problems name the file
    try:
        header, rows = csv_rows(text.content)
    except CsvError as exc:
        return Register(), [*text.problems, Problem(FILE, exc.line, exc.message)]
    problems = [*text.problems, *_header_problems(header)]
    if any(p.is_error for p in problems):
        return Register(), problems
    consents: dict[str, Consent] = {}
    declared = set()
    for line, cells in rows:
        raw = {col: cell.strip() for col, cell in zip(header, cells) if col in COLUMNS and cell.strip()}
        if raw.get("id"):
            declared.add(raw["id"])
        consent, found = validate(Consent, raw, Yaml(raw, {(): line}, []), (), FILE)
        problems += [_in_column(p) for p in found]
        if consent is None:
            continue
        consent = consent.model_copy(update={"line": line})
        if consent.id in consents:
            problems.append(Problem(FILE, line, f"duplicate consent id '{consent.id}' "
                                                f"(first on line {consents[consent.id].line})"))
            continue
        consents[consent.id] = consent
    return Register(consents, frozenset(declared)), problems


def _in_column(problem: Problem) -> Problem:
    # the schema names a missing key; in a CSV it is an empty cell
    message = problem.message.replace("missing required key", "empty cell in column")
    return Problem(problem.path, problem.line, message, problem.severity)


def _header_problems(header: list[str]):
    for column in header:
        if column and column not in COLUMNS:
            yield Problem(FILE, 1, f"unknown column '{column}'{did_you_mean(column, COLUMNS)}",
                          "warning")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        yield Problem(FILE, 1, f"missing column{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}; the header is {','.join(COLUMNS)}")


# --- the gate ---------------------------------------------------------------------------

# The channels of each kind of output, as the register's scope names them.
NEWSLETTER = ("print", "web", "email")
REPORT = ("donor",)


def build_day() -> date:
    """The day a build is made (SOURCE_DATE_EPOCH when set): an edition's date, and the
    day from which a withdrawal counts for every output (Consent.refusal)."""
    from .outputs import build_time

    return build_time().date()


def needs_consent(photo: Photo) -> bool:
    return photo.people == "identifiable"


def refusal(register: Register | None, photo: Photo, channel: str, day: date,
            now: date) -> str | None:
    """Why `photo` may not appear in `channel` (None: it may). A root without a
    register is not gated: it builds as it did before consent was recorded."""
    if register is None or not needs_consent(photo):
        return None
    if photo.survivor:
        return "it shows a survivor identifiably"
    if not photo.consent:
        return "no consent is recorded for the people it shows"
    for number in photo.consent:
        consent = register.consents.get(number)
        if consent is None:
            return f"consent {number} is not in {FILE}"
        why = consent.refusal(channel, day, now)
        if why:
            return why
    return None


def gated(register: Register | None, story: Story, channel: str, day: date, now: date) -> Story:
    """`story` with only the photos `channel` may show on `day`."""
    photos = tuple(p for p in story.photos if refusal(register, p, channel, day, now) is None)
    return story if len(photos) == len(story.photos) else story.model_copy(update={"photos": photos})


def held(project, stories, channels: tuple[str, ...], day: date, now: date) -> list[Problem]:
    """A warning for each photo of `stories` left out of one of `channels`, and why."""
    found = []
    for story in stories:
        name = project.story_path(story)
        for i, photo in enumerate(story.photos):
            reasons: dict[str, list[str]] = {}
            for channel in channels:
                why = refusal(project.consent, photo, channel, day, now)
                if why:
                    reasons.setdefault(why, []).append(LABELS[channel])
            for why, labels in reasons.items():
                found.append(Problem(name, project.line(name, "photos", i, "file"),
                                     f"photo '{photo.file}' is left out of the {_and(labels)}: "
                                     f"{why}", "warning"))
    return found


def withdrawn_photos(project, stories, now: date) -> list[str]:
    """The photos of `stories` a withdrawn consent keeps out of every build from now on,
    wherever a story shows them: their prepared copies are removed from the cache. (Not
    an expired consent's: an older report, dated before the expiry, may still show it,
    perhaps in a build running beside this one.)"""
    def withdrawn(photo: Photo) -> bool:
        consents = (project.consent.consents.get(n) for n in photo.consent)
        return needs_consent(photo) and any(
            c is not None and c.withdrawn is not None and c.withdrawn <= now for c in consents)

    if project.consent is None:
        return []
    files = {photo.file for story in stories for photo in story.photos if withdrawn(photo)}
    kept = {photo.file for story in project.stories for photo in story.photos
            if photo.file in files and not withdrawn(photo)}
    return sorted(files - kept)


def states(project, story: Story, day: date) -> list[dict]:
    """What the preview says of each photo of `story`: who it shows, its consents, and the
    outputs built on `day` it would be left out of, with why."""
    register = project.consent
    found = []
    for photo in story.photos:
        consents = [register.consents.get(n) if register else None for n in photo.consent]
        left_out = {LABELS[c]: why for c in (*NEWSLETTER, *REPORT)
                    if (why := refusal(register, photo, c, day, day))}
        found.append({"file": photo.file, "people": photo.people or "not said",
                      "minor": photo.minor, "survivor": photo.survivor,
                      "consents": [{"id": n, "row": c} for n, c in zip(photo.consent, consents)],
                      "left_out": left_out, "gated": register is not None})
    return found


def fingerprint(project, stories, channels: tuple[str, ...], day: date, now: date) -> dict[str, str]:
    """What the gate decided for an output, as manifest inputs: for each photo that needs
    consent, the rows of the consents that let it in (`consent:ID:CHANNEL:FILE`), or that
    it is held back (`consent-held:CHANNEL:FILE`). Withdrawing a consent so changes exactly
    the outputs that showed its photo; `check --consent-report` reads the keys back."""
    inputs = {}
    for story in stories:
        for photo in story.photos:
            if project.consent is None or not needs_consent(photo):
                continue
            for channel in channels:
                if refusal(project.consent, photo, channel, day, now):
                    inputs[f"consent-held:{channel}:{photo.file}"] = json_hash("held")
                    continue
                for number in photo.consent:
                    row = project.consent.consents[number].model_dump(mode="json", exclude={"line"})
                    inputs[f"consent:{number}:{channel}:{photo.file}"] = json_hash(row)
    return inputs


def json_hash(value) -> str:
    """As manifest.json_hash (which this module cannot import: manifest reads projects)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
