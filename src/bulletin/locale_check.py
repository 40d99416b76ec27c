"""`check`'s part for an office's own catalogs, ROOT/locale/LANG/LC_MESSAGES/bulletin.po
(docs/translations.md): each readable, for a language Babel knows, every translation keeping
its label's %(name)s placeholders, every entry a label of the package."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Iterator

from babel import Locale, UnknownLocaleError
from babel.messages import pofile

from .errors import Problem
from .locales import CATALOGS, DOMAIN, LOCALES
from .names import did_you_mean

HOW = "a catalog is locale/LANG/LC_MESSAGES/bulletin.po (docs/translations.md)"


def catalog_problems(root: Path) -> list[Problem]:
    folder = Path(root) / "locale"
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        name = f"locale/{path.name}"
        if not path.is_dir():
            problems.append(Problem(name, None, f"is not a language folder; {HOW}", "warning"))
            continue
        problems += _language(path, name)
        po, mo = (path / "LC_MESSAGES" / f"{DOMAIN}.{suffix}" for suffix in ("po", "mo"))
        if po.is_file():
            problems += _po_problems(po, f"{name}/LC_MESSAGES/{DOMAIN}.po")
        elif mo.is_file():
            problems += _mo_problems(mo, f"{name}/LC_MESSAGES/{DOMAIN}.mo")
        else:
            problems.append(Problem(name + "/", None, f"holds no LC_MESSAGES/{DOMAIN}.po, so its labels "
                                                      f"are the package's; {HOW}", "warning"))
    return problems


def _language(path: Path, name: str) -> list[Problem]:
    try:
        Locale.parse(LOCALES.get(path.name, path.name))
    except (ValueError, UnknownLocaleError):
        return [Problem(name + "/", None, f"'{path.name}' is not a language code; name the folder by "
                                          f"its code (fr, pt, es, pt_BR)"
                                          f"{did_you_mean(path.name, LOCALES)}")]
    return []


# a line of a .po: a comment, a keyword and its quoted text, a continued quoted text, or nothing
_LINE = re.compile(r'\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+".*"|".*")?\s*')


def _po_problems(path: Path, name: str) -> Iterator[Problem]:
    # Babel reads an unquoted text without a word (msgstr Au sommaire -> "u sommair")
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not _LINE.fullmatch(line):
            yield Problem(name, number, f"cannot be read as a catalog: '{line.strip()[:60]}'; write each "
                                        'text in double quotes: msgid "In this issue", msgstr "…"')
            return
    try:
        with path.open("rb") as po:
            catalog = pofile.read_po(po, abort_invalid=True)
    except (pofile.PoFileError, UnicodeDecodeError, ValueError) as exc:
        yield Problem(name, getattr(exc, "lineno", None), f"cannot be read as a catalog: {exc}; "
                                                          "compare it with src/bulletin/locale/fr/"
                                                          "LC_MESSAGES/bulletin.po")
        return
    labels = _labels()
    for message, errors in catalog.check():
        for error in errors:
            yield Problem(name, message.lineno, f"the translation of '{_singular(message.id)}': {error}; "
                                                "keep every %(name)s of the label, and write % as %%")
    for message in catalog:
        if message.id and _singular(message.id) not in labels:
            yield Problem(name, message.lineno, f"'{_singular(message.id)}' is not a label of the "
                                                f"outputs{did_you_mean(_singular(message.id), labels)}",
                          "warning")


def _mo_problems(path: Path, name: str) -> Iterator[Problem]:
    try:
        with path.open("rb") as mo:
            gettext.GNUTranslations(mo)
    except (OSError, ValueError, UnicodeDecodeError):
        yield Problem(name, None, "cannot be read as a compiled catalog; write a bulletin.po beside it "
                                  "instead (it needs no compiling)")


def _labels() -> list[str]:
    with (CATALOGS / f"{DOMAIN}.pot").open("rb") as pot:
        return [_singular(m.id) for m in pofile.read_po(pot) if m.id]


def _singular(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]
