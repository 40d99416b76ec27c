"""Labels, dates, periods, numbers and lists in an edition's language.

Labels go through gettext catalogs: the package's own (src/bulletin/locale/LANG/
LC_MESSAGES/bulletin.mo, from `make catalogs`), with a root's catalog
(ROOT/locale/LANG/LC_MESSAGES/bulletin.po or .mo) laid over it, so an office
overrides a label or adds a language without touching the package.

Dates, numbers and lists come from Babel's CLDR data, except in English, whose
forms are the ones the outputs always had ("1 598" with a thin space, "45%",
"24 April 2023"): Babel's English ("1,598", "April 24, 2023") would change every
existing English output. Portuguese is Portugal's (pt_PT), not Brazil's.
See docs/translations.md.
"""

from __future__ import annotations

import calendar
import functools
import gettext as _gettext
import io
import re
from datetime import date
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.messages import mofile, pofile

DOMAIN = "bulletin"
CATALOGS = Path(__file__).parent / "locale"
# the languages the package ships labels for, and the CLDR locale of each
LOCALES = {"en": "en", "fr": "fr", "pt": "pt_PT"}
ENGLISH_MONTHS = tuple(calendar.month_name)[1:]
THIN_SPACE = "\u202f"


def locale(language: str) -> Locale:
    """Babel's locale for a language code ("pt" is Portugal's Portuguese)."""
    return Locale.parse(LOCALES.get(language, language))


# ---- labels ---------------------------------------------------------------------------------

def N_(message: str) -> str:
    """Marks a label for the catalogs (`pybabel extract -k N_`) where it is written; it is
    translated where it is shown, as the words of a status are."""
    return message


class Language(str):
    """A language code that knows the office whose catalogs it reads (`root`): code that makes
    labels takes it as its `language` and needs no root of its own; it is the code otherwise."""

    root: Path | None

    def __new__(cls, code: str, root: str | Path | None = None) -> "Language":
        made = super().__new__(cls, code)
        made.root = Path(root) if root is not None else getattr(code, "root", None)
        return made


def translations(root: Path | None, language: str = "en") -> _gettext.NullTranslations:
    """The catalog of `language`: a root's own, when it has one (`root`, or the language's
    own: see Language), over the package's."""
    root = root if root is not None else getattr(language, "root", None)
    language = str(language)
    own = _own_catalog(root, language) if root is not None else None
    stamp = own.stat().st_mtime_ns if own else None
    return _translations(language, own, stamp)


@functools.lru_cache(maxsize=16)
def _translations(language: str, own: Path | None, stamp: int | None) -> _gettext.NullTranslations:
    # `stamp`: an edited catalog of the root's is read again (serve keeps the process)
    package = _package_catalog(language)
    if own is None:
        return package
    layered = _read(own)
    layered.add_fallback(package)
    return layered


def _own_catalog(root: Path, language: str) -> Path | None:
    folder = Path(root) / "locale" / language / "LC_MESSAGES"
    for name in (f"{DOMAIN}.po", f"{DOMAIN}.mo"):
        if (folder / name).is_file():
            return folder / name
    return None


def _package_catalog(language: str) -> _gettext.NullTranslations:
    path = CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return _read(path) if path.is_file() else _gettext.NullTranslations()


def _read(path: Path) -> _gettext.GNUTranslations:
    """A compiled catalog, or a .po compiled in memory (an office need not run msgfmt)."""
    if path.suffix == ".mo":
        data = path.read_bytes()
    else:
        with path.open("rb") as po:
            catalog = pofile.read_po(po, locale=LOCALES.get(path.parent.parent.name, path.parent.parent.name))
        buffer = io.BytesIO()
        mofile.write_mo(buffer, catalog)
        data = buffer.getvalue()
    return _gettext.GNUTranslations(io.BytesIO(data))


def translator(root: Path | None, language: str = "en") -> _gettext.NullTranslations:
    """For Python code: `_ = translator(root, language).gettext`."""
    return translations(root, language)


def gettext(language: str = "en", root: Path | None = None):
    """The `_` of a language, for code that produces labels (a Language brings its root)."""
    return translations(root, language).gettext


def ngettext(language: str = "en", root: Path | None = None):
    return translations(root, language).ngettext


def coverage(root: Path | None, language: str) -> tuple[int, int, list[str]]:
    """(translated, total, missing msgids) of `language` against the package's template
    (bulletin.pot): a label missing is printed in English in that language's outputs."""
    with (CATALOGS / f"{DOMAIN}.pot").open("rb") as pot:
        template = pofile.read_po(pot)
    found = translations(root, language)
    missing = [m.id[0] if isinstance(m.id, tuple) else m.id for m in template
               if m.id and language != "en" and not _translated(found, m) and not _same(m.id)]
    total = sum(1 for m in template if m.id)
    return total - len(missing), total, missing


def coverage_text(root: Path | None, language: str) -> str:
    """check's words for it: "100% of labels", "97% of labels (6 missing)"."""
    translated, total, missing = coverage(root, language)
    share = f"{translated * 100 // total}% of labels" if total else "no labels"
    return share + (f" ({len(missing)} missing)" if missing else "")


def _translated(found: _gettext.NullTranslations | None, message) -> bool:
    """Whether a catalog of the chain (a root's, then the package's) has the label."""
    key = message.id if isinstance(message.id, str) else (message.id[0], 0)
    if message.context:
        key = (f"{message.context}\x04{key}" if isinstance(key, str)
               else (f"{message.context}\x04{key[0]}", 0))
    while found is not None:
        if key in getattr(found, "_catalog", {}):
            return True
        found = found._fallback
    return False


def _same(msgid) -> bool:
    """A label with no words to translate ("%(a)s – %(b)s") is its own translation."""
    msgid = msgid if isinstance(msgid, str) else msgid[0]
    return not re.search(r"[A-Za-z]{2,}", re.sub(r"%\(\w+\)s", "", msgid))


# ---- numbers --------------------------------------------------------------------------------

def format_number(value: int | float | None, language: str = "en") -> str:
    """1598 -> "1 598" (en: a thin space, as the outputs always had; fr: CLDR's U+202F)."""
    if value is None:
        return "–"
    if language == "en":
        return f"{value:,}".replace(",", THIN_SPACE)
    return babel_numbers.format_decimal(value, locale=locale(language))


def format_percent(share: float | None, language: str = "en", exact: bool = False) -> str:
    """0.45 -> "45%" (en), "45 %" (fr, with its no-break space); `exact` keeps the
    decimals a share has (0.333 -> "33.3%", "33,3 %") where the outputs round to whole ones."""
    if share is None:
        return "–"
    if language == "en":
        return f"{share * 100:g}%" if exact else f"{share * 100:.0f}%"
    return babel_numbers.format_percent(share, locale=locale(language), decimal_quantization=not exact)


# ---- dates ----------------------------------------------------------------------------------

def month_name(month: int, language: str = "en") -> str:
    """The month's name as it stands alone in a date ("April", "avril", "abril")."""
    if language == "en":
        return ENGLISH_MONTHS[month - 1]
    return babel_dates.get_month_names("wide", "format", locale(language))[month]


def short_month(month: str, language: str = "en") -> str:
    """A month of the breakdowns, "2023-04": "Apr 2023", "avr. 2023", "abr. de 2023"."""
    year, number = (int(part) for part in month.split("-"))
    if language == "en":
        return f"{ENGLISH_MONTHS[number - 1][:3]} {year}"
    return babel_dates.format_skeleton("yMMM", date(year, number, 1), locale=locale(language))


def format_date(day: date, language: str = "en") -> str:
    """"24 April 2023", "24 avril 2023", "24 de abril de 2023"."""
    if language == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return babel_dates.format_date(day, "long", locale=locale(language))


def format_date_range(start: date, end: date | None = None, language: str = "en") -> str:
    """ "24 April 2023", "24–28 April 2023", "24 April – 12 May 2023", "24 avril – 12 mai 2023".

    The same shape in every language, from its own long date and day-and-month: CLDR's
    intervals abbreviate the months ("24 avr. – 12 mai")."""
    if end is None or end == start:
        return format_date(start, language)
    if start.year != end.year:
        return f"{format_date(start, language)} – {format_date(end, language)}"
    if start.month != end.month:
        return f"{_day_month(start, language)} – {format_date(end, language)}"
    return f"{start.day}–{format_date(end, language)}"


def _day_month(day: date, language: str) -> str:
    if language == "en":
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]}"
    return babel_dates.format_skeleton("dMMMM", day, locale=locale(language))


def _month_year(day: date, language: str) -> str:
    if language == "en":
        return f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"
    return babel_dates.format_skeleton("yMMMM", day, locale=locale(language))


def period_label(period, language: str = "en") -> str:
    """How an edition or report names its period: "April–June 2023", "avril–juin 2023",
    "abril–junho de 2023"; `period` a periods.Period (anything with `start` and `end`)."""
    start, end = period.start, period.end
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if not whole_months:
        return format_date_range(start, end, language)
    if start.year != end.year:
        return f"{_month_year(start, language)} – {_month_year(end, language)}"
    if start.month == 1 and end.month == 12:
        return str(start.year)
    if start.month == end.month:
        return _month_year(start, language)
    return f"{month_name(start.month, language)}–{_month_year(end, language)}"


# ---- lists ----------------------------------------------------------------------------------

def format_list(items, language: str = "en") -> str:
    """ "Maseru, Leribe and Berea", "Maseru, Leribe et Berea" (no serial comma in English,
    as the outputs write)."""
    items = [str(item) for item in items]
    if language == "en":
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""
    return babel_lists.format_list(items, locale=locale(language)) if items else ""
