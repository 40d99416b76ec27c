"""The types a content value is read as: text, dates, counts, flags, lists.

Raw values arrive as text (see sources.py); each annotated type gives them
meaning and says, in words an author can act on, what is wrong.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainValidator
from pydantic_core import PydanticCustomError

from .award_shares import award_cell
from . import weburl
from .names import did_you_mean

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"\d+")


def _describe(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text"}.get(type(value), type(value).__name__)


def _text(value: Any) -> str:
    if value is None:
        raise PydanticCustomError("text", "is empty")
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("text", "must be text, not {kind}", {"kind": _describe(value)})
    value = str(value).strip()
    if not value:
        raise PydanticCustomError("text", "is empty")
    return value


def _text_list(value: Any) -> tuple[str, ...]:
    """A list of text; a single value is a list of one."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(_text(item) for item in items)


def _semicolon_list(value: Any) -> tuple[str, ...]:
    """A spreadsheet cell holding `a; b; c`."""
    if value is None:
        return ()
    return tuple(part.strip() for part in _text(value).split(";") if part.strip())


def parse_date(value: Any) -> date:
    """An ISO date, never a guess: `07/05/2023` could be May or July."""
    if isinstance(value, date):
        return value
    text = _text(value)
    if not _ISO_DATE.fullmatch(text):
        raise PydanticCustomError(
            "date", "'{value}' is not an ISO date; write it as YYYY-MM-DD", {"value": text})
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "date", "'{value}' is not a real date", {"value": text}) from None


def _count(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not _WHOLE.fullmatch(text):
        raise PydanticCustomError(
            "count", "'{value}' is not a whole number", {"value": text})
    return int(text)


def _flag(value: Any) -> bool:
    if value is None:  # `featured:` left empty
        return False
    text = _text(value).lower()
    if text not in ("true", "false"):
        raise PydanticCustomError("flag", "'{value}' is not true or false", {"value": text})
    return text == "true"


def _award_numbers(value: Any) -> tuple[str, ...]:
    """The award numbers of an `award` cell; its shares are read by `award_cell` too."""
    if value is None:
        return ()
    try:
        return award_cell(_text(value))[0]
    except ValueError as exc:
        raise PydanticCustomError("award", "{problems}", {"problems": str(exc)}) from None


Text = Annotated[str, BeforeValidator(_text)]
OptText = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _text(v))]
TextList = Annotated[tuple[str, ...], BeforeValidator(_text_list)]
CellList = Annotated[tuple[str, ...], BeforeValidator(_semicolon_list)]
AwardCell = Annotated[tuple[str, ...], BeforeValidator(_award_numbers)]
IsoDate = Annotated[date, BeforeValidator(parse_date)]
OptDate = Annotated[date | None, BeforeValidator(lambda v: None if v in (None, "") else parse_date(v))]
Count = Annotated[int | None, BeforeValidator(_count)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def _web_url(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return weburl.normalise(_text(value))
    except ValueError as exc:
        raise PydanticCustomError("web_url", "{problem}", {"problem": str(exc)}) from None


WebUrl = Annotated[str | None, BeforeValidator(_web_url)]


def _email_address(value: Any) -> str:
    """An address a mail client can send from or to, kept as written. Its part before
    the @ in ASCII: a message without SMTPUTF8 can carry no other (mail.py)."""
    from email_validator import EmailNotValidError, validate_email  # the first use compiles its rules

    text = _text(value)
    try:
        validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        # its sentences ("The part after the @-sign is not valid. It should have a period.")
        # as one clause of ours
        problem = "; ".join(s[:1].lower() + s[1:] for s in str(exc).rstrip(".").split(". "))
        raise PydanticCustomError(
            "email", "'{value}' is not an email address ({problem}); write it as name@example.org",
            {"value": text, "problem": problem}) from None
    return text


EmailAddress = Annotated[str, BeforeValidator(_email_address)]
OptEmailAddress = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _email_address(v))]


# IATI codes (iati.py) ----------------------------------------------------------------
# Only what the IATI schema cannot check itself: the shape of a code, so that a typo is
# named here rather than published. The lists are IATI's (OrganisationType codelist).
_IATI_ORG = re.compile(r"[A-Za-z]{2}-[A-Za-z0-9_.-]*[A-Za-z0-9]")
IATI_ORG_TYPES = ("10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72",
                  "73", "80", "90")


def _iati_org(value: Any) -> str:
    text = _text(value)
    if not _IATI_ORG.fullmatch(text) or re.search(r"[/&|?\s]", text):
        raise PydanticCustomError(
            "iati_org", "'{value}' is not an IATI organisation identifier; write the registration "
            "agency's prefix and the number, e.g. XM-DAC-47066", {"value": text})
    return text


def _iati_code(pattern: str, example: str, what: str):
    def check(value: Any) -> str:
        text = _text(value)
        if not re.fullmatch(pattern, text):
            raise PydanticCustomError("iati_code", "'{value}' is not {what}, e.g. {example}",
                                      {"value": text, "what": what, "example": example})
        return text
    return check


def _iati_org_type(value: Any) -> str:
    text = _text(value)
    if text not in IATI_ORG_TYPES:
        raise PydanticCustomError(
            "iati_type", "'{value}' is not an IATI organisation type; use one of {types} "
            "(40: multilateral, 10: government, 21: international NGO)",
            {"value": text, "types": ", ".join(IATI_ORG_TYPES)})
    return text


IatiOrg = Annotated[str, BeforeValidator(_iati_org)]
OptIatiOrg = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _iati_org(v))]
IatiOrgType = Annotated[str, BeforeValidator(_iati_org_type)]
OptIatiOrgType = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _iati_org_type(v))]
SectorCode = Annotated[str, BeforeValidator(
    _iati_code(r"\d{5}", "15190", "a five-digit DAC sector code"))]
CountryCode = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _iati_code(
    r"[A-Z]{2}", "LS", "a two-letter ISO 3166-1 country code")(v))]


def choice(what: str, allowed: tuple[str, ...]):
    """A validator for one of `allowed` (None when empty), naming the nearest on a typo."""
    from .names import did_you_mean

    def check(value: Any) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        text = _text(value).lower()
        if text not in allowed:
            raise PydanticCustomError(
                what, "'{value}' is not one of {allowed}{hint}",
                {"value": text, "allowed": ", ".join(allowed), "hint": did_you_mean(text, allowed)})
        return text
    return check


# Languages (content-format.md, "Languages") ---------------------------------------

# The root's languages while its files are read, the main one first (project.py sets
# them from site.yaml before reading anything else): a plain text is in the main one.
LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("languages", default=("en",))


class Localised(str):
    """A text as the main language has it, knowing its other languages:
    `translations` maps every language given to its text. Code that reads the text
    reads the main language's; `languages.localise` makes a project of plain texts
    in one language."""

    translations: dict


class LocalisedList(tuple):
    """A list of texts (the priorities), likewise: `translations` maps a language
    to its list."""

    translations: dict


def _by_language(value: Any, one) -> dict:
    """{language: one(text)} from a plain value (the main language's) or a mapping."""
    languages = LANGUAGES.get()
    if not isinstance(value, dict):
        return {languages[0]: one(value)}
    for key in value:
        if str(key) not in languages:
            raise PydanticCustomError(
                "language", "must be in the languages of site.yaml ({known}): '{key}' is not "
                "one of them{hint}",
                {"key": key, "known": ", ".join(languages), "hint": did_you_mean(str(key), languages)})
    if languages[0] not in value:
        raise PydanticCustomError(
            "language", "must have a text in '{main}', the main language (the first of "
            "site.yaml's languages)", {"main": languages[0]})
    return {str(k): one(v) for k, v in value.items()}


def _localised(value: Any) -> Localised:
    texts = _by_language(value, _text)
    text = Localised(texts[LANGUAGES.get()[0]])
    text.translations = texts
    return text


def _localised_list(value: Any) -> LocalisedList:
    texts = _by_language(value, _text_list) if value is not None else {LANGUAGES.get()[0]: ()}
    items = LocalisedList(texts[LANGUAGES.get()[0]])
    items.translations = texts
    return items


LocalText = Annotated[str, PlainValidator(_localised)]
OptLocalText = Annotated[str | None, PlainValidator(lambda v: None if v is None else _localised(v))]
LocalTextList = Annotated[tuple[str, ...], PlainValidator(_localised_list)]
