"""The content contract (content-format.md) as one pydantic schema.

Raw values arrive as text (see sources.py); the annotated types of fields.py
give them meaning and say, in words an author can act on, what is wrong. `validate`
turns a raw mapping into a frozen record plus the problems found, each with
the line of the key it is about.
"""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from .errors import Problem
from .names import did_you_mean
from .sources import KeyPath, Yaml
from .fields import (  # noqa: F401  (re-exported: the schema's types)
    AwardCell, CellList, Count, EmailAddress, Flag, IsoDate, OptDate, OptEmailAddress, OptText,
    Text, TextList, WebUrl, _describe, _text, parse_date,
    LocalText, LocalTextList, OptLocalText)
from .fields import CountryCode, IatiOrg, IatiOrgType, OptIatiOrg, OptIatiOrgType, SectorCode, choice

class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    # Fields the loader fills in from the surrounding file, not keys an author writes.
    injected: ClassVar[tuple[str, ...]] = ()


# site.yaml -----------------------------------------------------------------

class Contact(Record):
    role: LocalText
    email: EmailAddress
    name: OptText = None
    phone: OptText = None


class NewsletterInfo(Record):
    title: LocalText
    slogan: OptLocalText = None
    priorities: LocalTextList = ()
    thanks: OptLocalText = None
    web_url: WebUrl = None  # where each edition is published: https://example.org/news/{period}/
    sender: OptEmailAddress = None  # the From of email.eml; default: the first contact's email
    list_address: OptEmailAddress = None  # its To; default: undisclosed-recipients:; (mail.py)


def _colour(value: Any) -> str:
    from .brand import parse_colour

    if value is None:  # `primary: #0b4f8a` unquoted is a YAML comment
        raise PydanticCustomError("colour", 'is empty; write the colour in quotes, e.g. "#0b4f8a"')
    text = _text(value)
    colour = parse_colour(text)
    if colour is None:
        raise PydanticCustomError(
            "colour", "'{value}' is not a colour; write it as \"#RRGGBB\", e.g. \"#0b4f8a\"", {"value": text})
    return colour


Colour = Annotated[str | None, BeforeValidator(_colour)]


class BrandFonts(Record):
    text: OptText = None  # a font file under the root's fonts/ folder, e.g. fonts/Office-Regular.ttf
    headings: OptText = None


class Brand(Record):
    primary: Colour = None
    accent: Colour = None
    fonts: BrandFonts | None = None


class Iati(Record):
    """The office's organisation as IATI knows it (iati.py writes iati-activity.xml with it)."""

    prefix: IatiOrg  # the organisation identifier; an award's activity is PREFIX-AWARD
    type: IatiOrgType = "40"  # OrganisationType codelist; 40: multilateral
    country: CountryCode = None  # the recipient country, ISO 3166-1 alpha-2
    sectors: dict[str, SectorCode] = {}  # theme key -> DAC 5-digit code; default iati.DEFAULT_SECTOR


class Site(Record):
    office: LocalText
    organisation: LocalText
    newsletter: NewsletterInfo
    contacts: tuple[Contact, ...] = ()
    default_credit: Text = "{year}/{photographer}"
    language: Text = "en"
    # the office's languages, the main one first (project.py fills it from `language`
    # when only that is given); every text may be given in each (content-format.md)
    languages: TextList = ()
    themes: dict[str, LocalText]
    logo: OptText = None  # an extension: the office logo on the masthead
    brand: Brand | None = None  # the office's colours and fonts (brand.py)
    iati: Iati | None = None  # without it, reports have no iati-activity.xml


# donors.yaml, awards.yaml, places.yaml -------------------------------------

class Donor(Record):
    injected = ("key",)
    key: str = ""
    name: LocalText
    logo: OptText = None
    acknowledgement: LocalText
    disclaimer: OptLocalText = None
    language: OptText = None  # the language of the donor's reports; default: the main one
    report_sections: TextList = ()  # the narrative sections the donor's report template requires
    report_template: OptText = None  # the donor's own Word form (.docx under the root): word_report.py
    iati_ref: OptIatiOrg = None  # its IATI organisation identifier, e.g. XM-DAC-7
    iati_type: OptIatiOrgType = None  # its IATI organisation type, e.g. 10 (government)


class Award(Record):
    injected = ("number",)
    number: str = ""
    donor: Text
    project: LocalText
    theme: OptText = None
    start: IsoDate
    end: IsoDate


class District(Record):
    injected = ("name",)
    name: str = ""
    towns: TextList = ()
    aliases: TextList = ()
    code: OptText = None  # its administrative code (ISO 3166-2, e.g. LS-A): iati.py


# stories/*.md ----------------------------------------------------------------

PEOPLE = ("none", "crowd", "identifiable")  # who a photo shows (consent.py, consent_check.py)


class Photo(Record):
    file: Text
    caption: Text
    credit: Text
    alt: Text
    # people in photos (content-format.md): required once the root has content/consent.csv
    people: Annotated[str | None, BeforeValidator(choice("people", PEOPLE))] = None
    consent: TextList = ()  # ids in content/consent.csv, one per identifiable person
    minor: Flag = False  # a child is shown: a guardian's consent is needed
    survivor: Flag = False  # a survivor of trafficking: never identifiable, never named


class Quote(Record):
    text: Text
    by: OptText = None


class Story(Record):
    injected = ("slug", "body", "body_line", "districts")
    slug: str = ""  # the file name without .md
    body: str = ""  # Markdown
    body_line: int = 0  # the file line the body starts on
    districts: tuple[str, ...] = ()  # `places` resolved through the gazetteer
    title: Text
    date: IsoDate
    end: OptDate = None
    theme: Text
    places: TextList = ()
    awards: TextList = ()
    activities: TextList = ()
    featured: Flag = False
    summary: OptText = None
    photos: tuple[Photo, ...] = ()
    quotes: tuple[Quote, ...] = ()


# activities.csv ----------------------------------------------------------------

class Activity(Record):
    injected = ("line", "districts", "shares", "origin", "uuid")
    line: int = 0  # the row's line in the file (the header is line 1)
    # where a row of content/sources.yaml came from ("content/kobo/log.xlsx:log"), and
    # its Kobo or ODK `_uuid`; empty for content/activities.csv
    origin: str = ""
    uuid: str = ""
    districts: tuple[str, ...] = ()  # `district` resolved through the gazetteer
    # each award's share in percent, in the order of `award`, when the cell gives them
    # (`A:60;B:40`); empty: a co-funded row counts in full in each award's report
    shares: tuple[float, ...] = ()
    id: Text
    title: Text
    start: IsoDate
    end: OptDate = None
    district: CellList
    theme: Text
    award: AwardCell = ()
    type: OptText = None
    participants: Count = None
    female: Count = None
    male: Count = None
    partners: CellList = ()
    story: OptText = None

    @property
    def split(self) -> bool:
        """Whether the people reached are counted by sex."""
        return self.female is not None and self.male is not None

    def share_of(self, award: str) -> float | None:
        """`award`'s share of this row in percent; None when it counts in full."""
        return dict(zip(self.award, self.shares)).get(award) if self.shares else None

    @property
    def people(self) -> int | None:
        """People reached: `participants`, or `female + male` where only the split is given."""
        if self.participants is not None:
            return self.participants
        return self.female + self.male if self.split else None


ACTIVITY_COLUMNS = tuple(n for n in Activity.model_fields if n not in Activity.injected)
REQUIRED_COLUMNS = tuple(n for n in ACTIVITY_COLUMNS if Activity.model_fields[n].is_required())


# validation ---------------------------------------------------------------------

R = TypeVar("R", bound=Record)


def validate(
    model: type[R], raw: Any, source: Yaml, base: KeyPath, name: str,
) -> tuple[R | None, list[Problem]]:
    """Validate `raw` (found at `base` in `source`) against `model`.

    Unknown keys are warnings, so a newer content version still builds.
    """
    where = _dotted(base)
    if not isinstance(raw, dict):
        label = f"'{where}'" if where else "the file"
        kind = _describe(raw) if raw is not None else "empty"
        return None, [Problem(name, source.line(base), f"{label} must be a mapping of keys, not {kind}")]
    problems = list(_unknown_keys(model, raw, source, base, name))
    try:
        return model.model_validate(raw), problems
    except ValidationError as exc:
        for error in exc.errors():
            path = base + tuple(error["loc"])
            problems.append(Problem(name, source.line(path), _message(error, path, raw, base)))
        return None, problems


def construct(model: type[R], values: dict[str, Any], fields_set: set[str]) -> R:
    """The record `model_validate` makes, from `values` each already valid for its field
    (cells.py): the fields in the schema's order, defaults for those not given.

    pydantic's own `model_construct` looks up each field's aliases and costs half
    as much as validating the row; schema records have no aliases and no
    validators across fields, so this sets what it would set, directly."""
    defaults, required = _defaults(model)
    if not required <= values.keys():
        raise ValueError(f"{model.__name__} needs {', '.join(sorted(required - values.keys()))}")
    record = model.__new__(model)
    # Every key of `values` is one of the defaults': they keep the schema's order.
    object.__setattr__(record, "__dict__", {**defaults, **values})
    object.__setattr__(record, "__pydantic_fields_set__", fields_set)
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


@functools.cache
def _defaults(model: type[Record]) -> tuple[dict[str, Any], frozenset[str]]:
    """Each field's default (None for a required one), and the required fields."""
    defaults = {key: None if field.is_required() else field.get_default(call_default_factory=True)
                for key, field in model.model_fields.items()}
    if not all(isinstance(d, (str, int, tuple, type(None))) for d in defaults.values()):
        raise TypeError(f"{model.__name__} has a mutable default, which records cannot share")
    return defaults, frozenset(k for k, f in model.model_fields.items() if f.is_required())


def partial(model: type[R], raw: Any) -> R:
    """What can be read of a record that failed validation: each field that is
    valid on its own, and the valid parts of a list of records (photos).

    So one wrong key does not hide the other problems of a story from
    `check`. Required fields that are wrong are absent: read them with getattr.
    """
    values = {}
    raw = raw if isinstance(raw, dict) else {}
    for key, field in model.model_fields.items():
        if key in model.injected or key not in raw:
            continue
        nested = _nested_record(field.annotation)
        if nested and nested[1] == "seq" and isinstance(raw[key], list):
            values[key] = tuple(partial(nested[0], item) for item in raw[key] if isinstance(item, dict))
            continue
        try:
            values[key] = field_adapter(model, key).validate_python(raw[key])
        except ValidationError:
            pass
    return model.model_construct(**values)


@functools.cache  # building one costs more than most validations with it
def field_adapter(model: type[Record], key: str, many: bool = False) -> TypeAdapter:
    """Validates one field of `model` on its own, as validating the record would
    (`many`: a list of values of the field, in one call)."""
    field = model.model_fields[key]
    kind = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(list[kind] if many else kind)


# A list of records is named in words: "photo 2 (2023/x.jpg)", not "photos[1]".
_ITEM_NAMES = {"photos": ("photo", "file"), "quotes": ("quote", None),
               "contacts": ("contact", "role")}


def _message(error: dict, path: KeyPath, raw: Any = None, base: KeyPath = ()) -> str:
    item = _item(path, raw, base)
    if item:
        owner, field = item
        if error["type"] == "missing":
            return f"{owner} has no {field}"
        return f"{owner}: {field} {error['msg']}" if error["msg"].startswith(("must", "is ")) \
            else f"{owner}: {field}: {error['msg']}"
    key = _dotted(path)
    if error["type"] == "missing":
        return f"missing required key '{key}'"
    if error["type"] in ("model_type", "dict_type"):
        return f"'{key}' must be a mapping of keys, not {_describe(error['input'])}"
    if error["type"] in ("tuple_type", "list_type"):
        return f"'{key}' must be a list, not {_describe(error['input'])}"
    return f"'{key}' {error['msg']}" if error["msg"].startswith(("must", "is ")) else f"{key}: {error['msg']}"


def _item(path: KeyPath, raw: Any, base: KeyPath) -> tuple[str, str] | None:
    """("photo 1 (2023/x.jpg)", "credit") for a key inside an item of a list of records."""
    rel = path[len(base):]
    if len(rel) != 3 or not isinstance(rel[1], int) or rel[0] not in _ITEM_NAMES:
        return None
    noun, label_key = _ITEM_NAMES[rel[0]]
    owner = f"{noun} {rel[1] + 1}"
    try:
        label = raw[rel[0]][rel[1]].get(label_key) if label_key else None
    except (TypeError, KeyError, IndexError, AttributeError):
        label = None
    if isinstance(label, str) and label.strip():
        owner += f" ({label.strip()})"
    return owner, str(rel[2])


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown_keys(model: type[Record], raw: dict, source: Yaml, base: KeyPath, name: str):
    known = known_keys(model)
    for key, value in raw.items():
        path = base + (key,)
        if key not in known:
            yield Problem(name, source.line(path),
                          f"unknown key '{_dotted(path)}'{did_you_mean(key, known)}", "warning")
            continue
        nested = _nested_field(model, key)
        if nested and nested[1] == "one" and isinstance(value, dict):
            yield from _unknown_keys(nested[0], value, source, path, name)
        elif nested and nested[1] == "seq" and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _unknown_keys(nested[0], item, source, path + (i,), name)


@functools.cache
def known_keys(model: type[Record]) -> tuple[str, ...]:
    """The keys an author may write for `model`, in the schema's order."""
    return tuple(n for n in model.model_fields if n not in model.injected)


@functools.cache  # asked for every key of every record: a story's, a row's
def _nested_field(model: type[Record], key: str) -> tuple[type[Record], str] | None:
    return _nested_record(model.model_fields[key].annotation)


def _nested_record(annotation: Any) -> tuple[type[Record], str] | None:
    """The record type inside a field: itself ("one") or a tuple of them ("seq")."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation, "one"
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is tuple and args and isinstance(args[0], type) and issubclass(args[0], Record):
        return args[0], "seq"
    return None
