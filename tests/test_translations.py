"""Labels through the gettext catalogs; dates, periods, numbers and lists through Babel
(bulletin.locales, docs/translations.md)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.messages import mofile, pofile
from fontTools.ttLib import TTFont

from bulletin import locales, render
from bulletin.periods import parse_period
from bulletin.resources import FONTS, TEMPLATES

from support import run_build, write

LOCALE = locales.CATALOGS
NNBSP, NBSP, THIN = "\u202f", "\u00a0", "\u202f"


# ---- the catalogs ---------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["fr", "pt"])
def test_every_label_is_translated(language):
    translated, total, missing = locales.coverage(None, language)
    assert total > 100  # the templates' labels and the code's
    assert missing == [] and translated == total


def test_coverage_of_a_root_catalog_for_a_new_language(tmp_path):
    """An office's own language counts against every label of the package; "es" is no
    language the package ships, so only the root's one label is translated."""
    write(tmp_path, "locale/es/LC_MESSAGES/bulletin.po",
          'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
          'msgid "In this issue"\nmsgstr "En este número"\n')
    translated, total, missing = locales.coverage(tmp_path, "es")
    assert "In this issue" not in missing and "Contact us" in missing
    assert locales.coverage_text(None, "fr") == "100% of labels"
    assert locales.coverage_text(tmp_path, "es") == f"{translated * 100 // total}% of labels ({len(missing)} missing)"
    assert translated < 10  # labels without words ("%(a)s – %(b)s") count as translated


def test_the_shipped_mo_files_are_compiled_from_the_po_files():
    """`make catalogs` compiles them; a .po edited without it would ship stale labels."""
    for language in locales.LOCALES:
        folder = LOCALE / language / "LC_MESSAGES"
        with (folder / "bulletin.po").open("rb") as po:
            expected = {_key(m): _tuple(m.string) for m in pofile.read_po(po)
                        if m.id and all(_tuple(m.string))}
        with (folder / "bulletin.mo").open("rb") as mo:
            shipped = {_key(m): _tuple(m.string) for m in mofile.read_mo(mo) if m.id}
        assert shipped == expected, language


@pytest.mark.parametrize("language", ["fr", "pt"])
def test_translations_keep_the_placeholders(language):
    """Babel's checks, as `pybabel compile` runs them: a translation that drops or changes a
    %(name)s would fail when the label is formatted."""
    with (LOCALE / language / "LC_MESSAGES" / "bulletin.po").open("rb") as po:
        catalog = pofile.read_po(po)
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def _tuple(value) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _key(message) -> tuple:
    return message.context, _tuple(message.id)


def test_every_msgid_of_the_templates_and_code_is_in_the_pot():
    """The .pot is up to date with the templates: a label added without `make catalogs`
    would print in English in every language."""
    from babel.messages.extract import extract_from_dir
    found = set()
    method_map = [("src/bulletin/**.py", "python"), ("templates/**.j2", "jinja2")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                   "lstrip_blocks": "true", "newstyle_gettext": "true"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
                "n_": (1, 2)}
    repository = Path(__file__).resolve().parent.parent
    for _file, _line, message, _comments, context in extract_from_dir(
            repository, method_map, options, keywords=keywords):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    with (LOCALE / "bulletin.pot").open("rb") as pot:
        template = {(m.context, m.id) for m in pofile.read_po(pot) if m.id}
    assert found - template == set()


def test_portuguese_is_portugals():
    """pt is pt_PT: in Portugal 0 takes the plural ("0 atividades"), in Brazil the singular."""
    assert "n == 1" in str(Locale("pt", "PT").plural_form) or \
        Locale("pt", "PT").plural_form(0) == "other"
    assert Locale("pt", "PT").plural_form(0) == "other" and Locale("pt", "BR").plural_form(0) == "one"
    pt = locales.translations(None, "pt")
    assert pt.ngettext("%(num)s activity", "%(num)s activities", 0) == "%(num)s atividades"
    assert pt.ngettext("%(num)s activity", "%(num)s activities", 1) == "%(num)s atividade"
    fr = locales.translations(None, "fr")  # French: 0 and 1 are singular
    assert fr.ngettext("%(num)s activity", "%(num)s activities", 0) == "%(num)s activité"
    assert fr.ngettext("%(num)s activity", "%(num)s activities", 3) == "%(num)s activités"


def test_a_root_overrides_a_label_with_its_own_po(tmp_path):
    write(tmp_path, "locale/fr/LC_MESSAGES/bulletin.po",
          'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
          'msgid "In this issue"\nmsgstr "Au sommaire"\n')
    own = locales.translations(tmp_path, "fr")
    assert own.gettext("In this issue") == "Au sommaire"
    assert own.gettext("Contact us") == "Nous contacter"  # the package's, under it
    env = render.environment(tmp_path, "fr")
    assert env.from_string('{{ _("In this issue") }}').render() == "Au sommaire"


# ---- formats --------------------------------------------------------------------------------

def test_french_formats():
    assert locales.format_number(1598, "fr") == f"1{NNBSP}598"
    assert locales.format_percent(0.45, "fr") == f"45{NBSP}%"
    assert locales.format_date(date(2023, 4, 24), "fr") == "24 avril 2023"
    assert locales.format_date_range(date(2023, 4, 24), date(2023, 5, 12), "fr") == "24 avril – 12 mai 2023"
    assert locales.format_date_range(date(2023, 4, 24), date(2023, 4, 28), "fr") == "24–28 avril 2023"
    assert locales.period_label(parse_period("2023-Q2"), "fr") == "avril–juin 2023"
    assert locales.period_label(parse_period("2023-05"), "fr") == "mai 2023"
    assert locales.format_list(["Maseru", "Leribe", "Berea"], "fr") == "Maseru, Leribe et Berea"


def test_portuguese_formats():
    assert locales.period_label(parse_period("2023-Q2"), "pt") == "abril–junho de 2023"
    assert locales.format_date(date(2023, 4, 24), "pt") == "24 de abril de 2023"
    assert locales.format_list(["Maseru", "Leribe", "Berea"], "pt") == "Maseru, Leribe e Berea"
    assert locales.format_number(15980, "pt") == f"15{NBSP}980"


def test_english_keeps_its_forms():
    """English is ours, as the outputs always wrote it (Babel's would be "1,598", "April 24")."""
    assert locales.format_number(1598) == f"1{THIN}598"
    assert locales.format_number(None) == "–"
    assert locales.format_percent(0.454) == "45%"
    assert locales.format_date(date(2023, 4, 24)) == "24 April 2023"
    assert locales.format_date_range(date(2023, 4, 24), date(2023, 5, 12)) == "24 April – 12 May 2023"
    assert locales.format_date_range(date(2023, 12, 30), date(2024, 1, 2)) == \
        "30 December 2023 – 2 January 2024"
    assert parse_period("2023-Q2").title == "April–June 2023"
    assert parse_period("2023").title == "2023"
    assert locales.format_list(["Maseru", "Leribe", "Berea"]) == "Maseru, Leribe and Berea"
    env = render.environment(Path("."), "en")
    assert env.from_string('{{ _("In this issue") }} · {{ 1598 | number }} · {{ p | period }}').render(
        p=parse_period("2023-Q2")) == f"In this issue · 1{THIN}598 · April–June 2023"


def test_environment_per_language_is_built_once():
    assert render.environment(Path("."), "fr") is render.environment(Path("."), "fr")
    assert render.environment(Path("."), "fr") is not render.environment(Path("."), "en")


def test_filters_follow_the_language():
    env = render.environment(Path("."), "fr")
    text = env.from_string(
        '{{ ngettext("%(num)s activity", "%(num)s activities", 3) }} · {{ 0.45 | percent }} · '
        '{{ day | date }} · {{ day | date_range(end) }} · {{ names | list }} · '
        '{{ names | list | length }}').render(day=date(2023, 4, 24), end=date(2023, 5, 12),
                                             names=["Maseru", "Leribe", "Berea"])
    assert text == f"3 activités · 45{NBSP}% · 24 avril 2023 · 24 avril – 12 mai 2023 · " \
                   "Maseru, Leribe et Berea · 3"


FONT_FILES = sorted(p.name for p in FONTS.glob("*.ttf"))


@pytest.mark.parametrize("font", FONT_FILES)
def test_bundled_fonts_have_the_no_break_space(font):
    """French writes 45 % with a no-break space (U+00A0), Portuguese 15 980."""
    assert ord(NBSP) in TTFont(FONTS / font).getBestCmap()


@pytest.mark.parametrize("font", FONT_FILES)
def test_bundled_fonts_have_the_narrow_no_break_space(font):
    """French writes 1 598 with a narrow no-break space (U+202F): the font draws it, half a
    space wide, as the renderer did when it had to make one up (scripts/add_narrow_space.py)."""
    ttf = TTFont(FONTS / font)
    cmap, widths = ttf.getBestCmap(), ttf["hmtx"].metrics
    assert ord(NNBSP) in cmap
    assert widths[cmap[ord(NNBSP)]][0] == widths[cmap[0x20]][0] // 2


# ---- every template's text goes through the catalog ----------------------------------------

_WORD = re.compile(r"[A-Za-z]{2,}")
# attributes a reader or a screen reader meets
_SEEN_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"{]*)"')


def _literal_text(name: str, folder: Path = TEMPLATES) -> list[str]:
    """The text a template writes itself: what is left of it without its Jinja tags, and (in
    HTML) without its markup, styles and comments, and the attributes a reader meets."""
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "\x00", (folder / name).read_text(), flags=re.S)
    texts = _SEEN_ATTRIBUTES.findall(source)
    if not name.endswith(".txt.j2"):
        source = re.sub(r"<(style|script)\b.*?</\1>", " ", source, flags=re.S)
        source = re.sub(r"<!--.*?-->|<[^>]*>|&\w+;|&#\d+;", "\n", source, flags=re.S)
    texts += source.split("\n")
    return [t.strip() for t in texts if _WORD.search(t)]


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.j2")))
def test_no_template_writes_a_label_outside_the_catalog(name):
    assert _literal_text(name) == []


def test_the_literal_text_check_finds_a_label(tmp_path):
    """The check above can fail: an English label written in a template is found."""
    (tmp_path / "probe.html.j2").write_text('<p class="{{ x }}">In this issue</p><td title="Hello">'
                                            '{{ _("Contact us") }} <img alt="{{ y }}">')
    assert _literal_text("probe.html.j2", tmp_path) == ["Hello", "In this issue"]


def _pseudo_catalog(target: Path) -> None:
    """Every label of the package's template as ⟦label⟧ (plurals too), as a root's own catalog."""
    with (LOCALE / "bulletin.pot").open("rb") as pot:
        catalog = pofile.read_po(pot, locale="en")
    for message in catalog:
        if message.id:
            message.string = tuple(f"⟦{i}⟧" for i in message.id) if isinstance(message.id, tuple) \
                else f"⟦{message.id}⟧"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as po:
        pofile.write_po(po, catalog)


def test_pseudo_catalog_is_laid_over_the_package(tmp_path):
    _pseudo_catalog(tmp_path / "locale/en/LC_MESSAGES/bulletin.po")
    env = render.environment(tmp_path, "en")
    assert env.from_string('{{ _("In this issue") }}').render() == "⟦In this issue⟧"


@pytest.mark.slow
def test_rendered_outputs_in_a_pseudo_language_have_no_english_label(make_root, tmp_path):
    """The sample's edition and a report built with every label as ⟦label⟧: no label of the
    catalog is left outside the brackets in any text the outputs show."""
    root = make_root()
    _pseudo_catalog(root / "locale/en/LC_MESSAGES/bulletin.po")
    out = tmp_path / "out"
    done = run_build("all", "--root", str(root), "--period", "2023-Q2", "--out", str(out), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    patterns = _label_patterns()
    outputs = [out / "newsletter/2023-Q2/index.html", out / "newsletter/2023-Q2/email.txt",
               *sorted(out.glob("reports/*/2023-Q2/report.html"))]
    assert len(outputs) > 3
    outputs += sorted(out.glob("reports/*/2023-Q2/*.xlsx"))
    for path in outputs:
        text = _workbook_text(path) if path.suffix == ".xlsx" else path.read_text()
        if path.suffix == ".html":
            text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
            text = re.sub(r"<[^>]*>", "\n", text)
        outside = " ".join(re.sub(r"⟦.*?⟧", "\n", text, flags=re.S).split())
        assert "⟦" in text
        assert [label for label, pattern in patterns if pattern.search(outside)] == [], path


def _workbook_text(path: Path) -> str:
    """Every sheet's name and cell, one a line."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    return "\n".join([*book.sheetnames, *(str(cell.value) for sheet in book for row in sheet.iter_rows()
                                          for cell in row if isinstance(cell.value, str))])


def _label_patterns() -> list[tuple[str, re.Pattern]]:
    """Each label with two words or more together (singular and plural), its %(name)s matching
    anything: a single word ("Type", "to") is as likely the content's; the templates' own test
    covers those."""
    with (LOCALE / "bulletin.pot").open("rb") as pot:
        forms = [form for m in pofile.read_po(pot) if m.id for form in _tuple(m.id)]
    patterns = []
    for form in forms:
        literal = re.split(r"%\(\w+\)s", " ".join(form.replace("%%", "%").split()))
        if max(len(_WORD.findall(part)) for part in literal) >= 2:  # "in %(num)s activity": too loose
            pattern = ".{0,200}?".join(re.escape(part) for part in literal)
            patterns.append((form, re.compile(rf"(?<!\w){pattern}")))
    return patterns


def test_pseudo_check_would_see_an_untranslated_label():
    outside = re.sub(r"⟦.*?⟧", " ", "⟦In numbers⟧ Contact us · 12 of the people reached were not "
                                    "counted by sex.")
    found = [label for label, pattern in _label_patterns() if pattern.search(outside)]
    assert "Contact us" in found and "%(count)s of the people reached were not counted by sex." in found


# ---- an office's own catalogs in check -----------------------------------------------------

_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'


def test_check_names_a_bad_catalog_of_the_root(root, check_root):
    write(root, "locale/fr/LC_MESSAGES/bulletin.po", _HEADER
          + 'msgid "Prepared by %(name)s"\nmsgstr "Rédigé par %(nom)s"\n\n'
          + 'msgid "In this isue"\nmsgstr "Au sommaire"\n')
    write(root, "locale/french/LC_MESSAGES/bulletin.po", _HEADER)
    code, lines, _ = check_root(root)
    text = "\n".join(lines)
    assert code == 1
    assert "locale/fr/LC_MESSAGES/bulletin.po:4: error: the translation of 'Prepared by %(name)s'" in text
    assert "locale/fr/LC_MESSAGES/bulletin.po:7: warning: 'In this isue' is not a label of the outputs" \
           in text and "did you mean 'In this issue'" in text
    assert "locale/french/: error: 'french' is not a language code" in text


def test_check_names_an_unreadable_catalog(root, check_root):
    write(root, "locale/fr/LC_MESSAGES/bulletin.po", _HEADER + 'msgid "In this issue"\nmsgstr Au sommaire\n')
    code, lines, _ = check_root(root)
    assert code == 1
    assert any(line.startswith("locale/fr/LC_MESSAGES/bulletin.po:") and "cannot be read as a catalog"
               in line for line in lines), lines


def test_a_good_catalog_of_the_root_passes_check(root, check_root):
    write(root, "locale/fr/LC_MESSAGES/bulletin.po",
          _HEADER + 'msgid "In this issue"\nmsgstr "Au sommaire"\n')
    code, lines, _ = check_root(root)
    assert not any("locale/" in line for line in lines), lines


# ---- the labels the code makes --------------------------------------------------------------

def test_the_code_makes_its_sentences_in_the_language():
    from bulletin import charts, cofunding, indicator_chart
    from bulletin.progress_rule import status_rule
    from test_progress_rule import row

    rule = status_rule([row("COUNT", 0, 10, 5, False), row("RATE", 40, 10, 45, True, short=True)], "fr")
    assert rule.startswith("Atteint : la valeur cumulée a atteint la cible.")
    assert "pour un niveau à faire baisser (RATE), (référence – valeur cumulée) ÷ (référence – cible)" \
        in rule
    assert cofunding.described(["AWD-2"], 33.3, {"AWD-2": "EU"}, "fr") == \
        f"Cofinancée avec AWD-2 (EU), 33,3{NBSP}% comptés ici."
    rows = [{"district": "Maseru", "people": 40, "female": 25, "male": 14}]
    assert charts.people_by(rows, "district", "Personnes touchées par district", "fr")["alt"] == \
        "Personnes touchées par district : 40 personnes (25 femmes, 14 hommes, 1 non comptées par sexe), " \
        "toutes à Maseru."
    chart = indicator_chart.to_date_against_target(
        [{"id": "1.1", "percent": 0.5, "status": "on track", "target": 10, "baseline": 0}], 0.25, "pt")
    assert chart["title"] == "Progresso acumulado face à meta"
    assert chart["alt"] == "Gráfico de barras, progresso acumulado face à meta; decorreu 25% do tempo da " \
                           "subvenção. 1.1: 50% (no bom caminho)."


def test_english_sentences_of_the_code_are_as_they_were():
    from bulletin import charts, cofunding

    assert cofunding.described(["AWD-2"], 60.0, {}, "en") == "Co-funded with AWD-2, 60% counted here."
    rows = [{"district": "Maseru", "people": 40, "female": 25, "male": 14}]
    assert charts.people_by(rows, "district", "People reached by district")["alt"] == \
        "People reached by district: all 40 people (25 women, 14 men, 1 not counted by sex) in Maseru."


def test_a_workbook_in_french(tmp_path):
    from openpyxl import load_workbook

    from bulletin.spreadsheet import write_activities
    from test_workbook import ACTIVITIES

    book = load_workbook(write_activities(ACTIVITIES, tmp_path / "a.xlsx", "t", language="fr"))
    sheet = book["Activités"]
    assert [c.value for c in sheet[1]][:4] == ["ID", "Activité", "Début", "Fin"]
    assert sheet.cell(sheet.max_row, 1).value == "Total"
    assert sheet.cell(sheet.max_row, 2).value.endswith(" activités")


def test_a_root_catalog_is_an_input_of_every_output(root):
    """Its change is seen by the quick up-to-date answer and by the manifests."""
    from bulletin import filetree
    from bulletin.manifest import Hasher, common_inputs
    from bulletin.project import load_project

    project, _ = load_project(root)
    before, inputs = filetree.digest(root), common_inputs(project, Hasher(), "newsletter")
    write(root, "locale/fr/LC_MESSAGES/bulletin.po",
          _HEADER + 'msgid "In this issue"\nmsgstr "Au sommaire"\n')
    assert filetree.digest(root) != before
    assert common_inputs(project, Hasher(), "newsletter")["root:locale/"] != inputs["root:locale/"]
