"""The office's languages (issue 20): texts per language, translated stories, an edition
per language, reports in the donor's language, and what `check` says of them.

The fast tests use the small root of support.py made bilingual; the builds at the end
(slow) use a copy of the sample, which has a French edition, and compare the English
one with the unchanged main checkout's build, byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import AWARDS, REPO, SITE, STORY_CLINIC, STORY_REFERRAL
from support import differing_files, normalise
from support import line_of, poppler

from bulletin.errors import UsageError
from bulletin.kinds import Newsletter, Report, selected
from bulletin.languages import localise
from bulletin.manifest import Hasher
from bulletin.periods import parse_period
from bulletin.project import load_project
from bulletin.translations import source_hash

Q2 = parse_period("2023-Q2")
REFERRAL = "content/stories/referral-committees.md"
REFERRAL_FR = "content/stories/referral-committees.fr.md"

SITE_FR = """\
office: {en: IOM Lesotho, fr: OIM Lesotho}
organisation: {en: International Organization for Migration, fr: Organisation internationale pour les migrations}
newsletter:
  title: {en: IOM Lesotho Newsletter, fr: Bulletin de l'OIM Lesotho}
  slogan: {en: Migration for the benefit of all, fr: La migration au service de tous}
  priorities:
    en: [Advocating for evidence-based policy to enhance migration management]
    fr: [Plaider pour des politiques fondées sur des données probantes]
  thanks: {en: IOM thanks the following donors and partners, fr: L'OIM remercie ses donateurs}
contacts:
  - role: {en: Communication Assistant, fr: Assistante en communication}
    email: comms@example.org
default_credit: IOM {year}/{photographer}
languages: [en, fr]
themes:
  tip: {en: Counter-trafficking, fr: Lutte contre la traite}
  health: {en: Migration health, fr: Migration et santé}
  labour: {en: Labour migration, fr: Migration de travail}
"""

AWARDS_FR = AWARDS.replace(
    "  project: Supporting Lesotho in Trafficking in Persons Prevention and Protection\n",
    "  project:\n    en: Supporting Lesotho in Trafficking in Persons Prevention and Protection\n"
    "    fr: Appui au Lesotho contre la traite des personnes\n").replace(
    "  project: Healthy Mobility in the Southern Highlands\n",
    "  project: {en: Healthy Mobility in the Southern Highlands, fr: Une mobilité en bonne santé}\n")

DONORS_FR = """\
us-state:
  name: {en: United States Department of State, fr: Département d'État des États-Unis}
  logo: logos/us-state.png
  acknowledgement:
    en: The support to this activity was provided by the {donor}, under Award No. {award}.
    fr: Le soutien à cette activité a été apporté par le {donor}, accord n° {award}.
  disclaimer:
    en: The opinions expressed herein are not necessarily those of the {donor}.
    fr: Les opinions exprimées ici ne sont pas nécessairement celles du {donor}.
netherlands:
  name: {en: Government of the Netherlands, fr: Gouvernement des Pays-Bas}
  logo: logos/netherlands.png
  language: fr
  acknowledgement:
    en: This activity was supported by the {donor} under the "{project}".
    fr: Cette activité a été soutenue par le {donor} dans le cadre du projet « {project} ».
"""

FRENCH_TITLE = "Les comités de district adoptent le mécanisme national d'orientation"


def translation_of(root: Path, *, source: str | None = None, photo: str = "2023/referral.jpg") -> str:
    return f"""\
---
source: {source or source_hash(root / REFERRAL)}
title: {FRENCH_TITLE}
summary: Des comités formés à Thaba-Tseka.
photos:
  - file: {photo}
    caption: Les membres du comité à Thaba-Tseka.
    alt: Vingt personnes debout sur deux rangs devant un bureau de district.
---

Les membres du comité d'orientation de district se sont réunis pendant trois jours.
"""


@pytest.fixture
def bilingual(make_root):
    """make(files) -> a root in English and French, its donors' wording in both."""
    def make(files: dict | None = None) -> Path:
        root = make_root({"content/site.yaml": SITE_FR, "content/donors.yaml": DONORS_FR,
                          "content/awards.yaml": AWARDS_FR})
        (root / REFERRAL_FR).write_text(translation_of(root), encoding="utf-8")
        for rel, text in (files or {}).items():
            if text is None:
                (root / rel).unlink()
            else:
                (root / rel).write_text(text(root) if callable(text) else text, encoding="utf-8")
        return root
    return make


# --- check -------------------------------------------------------------------------

def test_a_bilingual_root_checks_clean_and_says_how_far_french_has_come(bilingual, check_root):
    code, lines, out = check_root(bilingual())
    assert code == 0, lines
    # a translation is not a story of its own
    assert out.splitlines()[0].endswith(": 2 stories, 4 activities: 0 errors, 0 warnings")
    assert out.splitlines()[1] == ("fr: 1 of 2 stories translated, 100% of labels, "
                                   "site texts complete, donor wording complete")


def test_language_and_languages_both_given_is_an_error(make_root, check_root):
    root = make_root({"content/site.yaml": SITE.replace("language: en\n",
                                                        "language: en\nlanguages: [en, fr]\n")})
    code, lines, _ = check_root(root)
    assert code == 1
    assert f"content/site.yaml:{line_of(SITE, 'language: en') + 1}: error: both 'language' and " \
           "'languages' are given; keep 'languages' (a list, the main language first) and remove " \
           "'language'" in lines


def test_an_unknown_language_in_a_mapping_says_which_was_meant(bilingual, check_root):
    site = SITE_FR.replace("fr: Bulletin de l'OIM Lesotho", "fra: Bulletin de l'OIM Lesotho")
    code, lines, _ = check_root(bilingual({"content/site.yaml": site}))
    assert code == 1
    assert f"content/site.yaml:{line_of(site, '  title:')}: error: 'newsletter.title' must be in " \
           "the languages of site.yaml (en, fr): 'fra' is not one of them; did you mean 'fr'?" in lines


def test_a_mapping_without_the_main_language_is_an_error(bilingual, check_root):
    site = SITE_FR.replace("{en: IOM Lesotho Newsletter, fr:", "{fr:")
    code, lines, _ = check_root(bilingual({"content/site.yaml": site}))
    assert f"content/site.yaml:{line_of(site, '  title:')}: error: 'newsletter.title' must have a " \
           "text in 'en', the main language (the first of site.yaml's languages)" in lines


def test_a_site_text_missing_in_a_language_is_a_warning_and_the_main_text_is_used(bilingual, check_root):
    site = SITE_FR.replace("{en: Counter-trafficking, fr: Lutte contre la traite}", "Counter-trafficking")
    root = bilingual({"content/site.yaml": site})
    code, lines, out = check_root(root)
    assert code == 0
    assert lines == [f"content/site.yaml:{line_of(site, '  tip:')}: warning: 'themes.tip' has no text "
                     "in 'fr': the fr outputs print the en text; add fr: to it"]
    assert "site texts missing 1" in out
    project = localise(load_project(root)[0], "fr")
    assert project.site.themes["tip"] == "Counter-trafficking"
    assert type(project.site.themes["tip"]) is str


def test_donor_wording_missing_in_a_language_is_an_error_naming_donor_key_and_language(bilingual, check_root):
    donors = DONORS_FR.replace(
        "    fr: Les opinions exprimées ici ne sont pas nécessairement celles du {donor}.\n", "")
    code, lines, out = check_root(bilingual({"content/donors.yaml": donors}))
    assert code == 1
    assert lines == [f"content/donors.yaml:{line_of(donors, '  disclaimer:')}: error: donor 'us-state': "
                     "'disclaimer' has no text in 'fr', and donor wording is never taken from "
                     "another language; add fr: to 'us-state.disclaimer'"]
    assert "donor wording missing 1" in out


def test_an_english_only_office_needs_no_french_wording(make_root, check_root):
    code, lines, out = check_root(make_root())
    assert (code, lines) == (0, [])
    assert "fr:" not in out


def test_a_donor_report_language_not_in_languages_is_an_error(bilingual, check_root):
    donors = DONORS_FR.replace("  language: fr\n", "  language: fre\n")
    code, lines, _ = check_root(bilingual({"content/donors.yaml": donors}))
    assert f"content/donors.yaml:{line_of(donors, 'language: fre')}: error: donor 'netherlands': " \
           "language 'fre' is not one of site.yaml's languages (en, fr); did you mean 'fr'?" in lines


def test_a_stale_translation_is_a_warning_naming_both_files(bilingual, check_root):
    root = bilingual()
    before = source_hash(root / REFERRAL)
    (root / REFERRAL).write_text(STORY_REFERRAL.replace("three days", "four days"), encoding="utf-8")
    now = source_hash(root / REFERRAL)
    code, lines, _ = check_root(root)
    assert code == 0
    assert lines == [f"{REFERRAL_FR}:2: warning: {REFERRAL} has changed since it was translated "
                     f"(source {before}, now {now}): bring the translation up to date, then set "
                     f"`source: {now}`"]


def test_an_orphan_translation_is_an_error(bilingual, check_root):
    root = bilingual()
    shutil.move(root / REFERRAL_FR, root / "content/stories/referal-committees.fr.md")
    code, lines, _ = check_root(root)
    assert code == 1
    assert lines == ["content/stories/referal-committees.fr.md: error: a translation of "
                     "content/stories/referal-committees.md, which does not exist; did you mean "
                     "'referral-committees'?; rename it NAME.LANG.md after its story, or remove it"]


def test_a_translation_into_an_unknown_language_is_an_error(bilingual, check_root):
    root = bilingual()
    shutil.move(root / REFERRAL_FR, root / "content/stories/referral-committees.pt.md")
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/referral-committees.pt.md: error: 'pt' is not one of "
                     "site.yaml's other languages (fr); add it to `languages:` or rename the file"]


def test_a_translated_photo_must_be_one_of_the_originals(bilingual, check_root):
    root = bilingual({REFERRAL_FR: lambda root: translation_of(root, photo="2023/referal.jpg")})
    code, lines, _ = check_root(root)
    assert code == 1
    assert lines == [f"{REFERRAL_FR}:6: error: photo '2023/referal.jpg' is not one of {REFERRAL}'s "
                     "photos; did you mean '2023/referral.jpg'?; a translation names the original's "
                     "photos by their file"]


# --- a project in one language ------------------------------------------------------

def test_localise_gives_the_translation_and_marks_the_untranslated(bilingual):
    project, problems = load_project(bilingual())
    assert not [p for p in problems if p.is_error]
    french = localise(project, "fr")
    by_slug = {s.slug: s for s in french.stories}
    assert by_slug["referral-committees"].title == FRENCH_TITLE
    assert by_slug["referral-committees"].photos[0].caption == "Les membres du comité à Thaba-Tseka."
    # what the translation does not hold is the original's
    assert by_slug["referral-committees"].photos[0].credit == "IOM 2023/Tsepo Molefi"
    assert by_slug["referral-committees"].quotes[0].text.startswith("I learned")  # none translated
    assert by_slug["mobile-clinic"].title == "Mobile clinics reach the highlands"
    assert french.untranslated == {"mobile-clinic"}
    assert french.site.language == "fr" and french.site.newsletter.title == "Bulletin de l'OIM Lesotho"
    assert french.donors["us-state"].acknowledgement.startswith("Le soutien à cette activité")
    english = localise(project, None)
    assert english.untranslated == frozenset() and english.site.newsletter.title == "IOM Lesotho Newsletter"


def test_an_edition_per_language_each_its_own_output(bilingual, tmp_path):
    root = bilingual()
    project, _ = load_project(root)
    assert Newsletter.every(project, Q2) == [Newsletter(), Newsletter("fr")]
    assert Newsletter("fr").folder(project, Q2, tmp_path) == tmp_path / "newsletter/2023-Q2/fr"
    assert Newsletter().folder(project, Q2, tmp_path) == tmp_path / "newsletter/2023-Q2"
    # the French translation is an input of the French edition, not of the English one
    settings = _settings(root, tmp_path)
    english = Newsletter().inputs(project, Q2, settings, Hasher())
    french = Newsletter("fr").inputs(project, Q2, settings, Hasher())
    assert REFERRAL_FR not in english and REFERRAL_FR in french
    assert french["content/stories/mobile-clinic.fr.md"] == "absent"
    # a report is in its donor's language, or --lang's
    assert Report("NL-MHP-2022-017").language_of(project) == "fr"
    assert Report("SSITIP20GR0006").language_of(project) == "en"
    assert Report("SSITIP20GR0006", "fr").language_of(project) == "fr"


def test_a_french_translation_edited_makes_the_french_edition_alone_out_of_date(bilingual, tmp_path):
    """The engine's plan over every output of the period, recorded as built, then a
    translation edited: only the French edition is to build again."""
    from bulletin.engine import make_plan
    from bulletin.project import _last_read

    root = bilingual()
    settings = _settings(root, tmp_path / "out", kinds=())

    def plan():
        _last_read.clear()  # read again, as a new command would
        project, _ = load_project(root)
        return make_plan(project, selected(settings, project, Q2), settings)

    first = plan()
    assert set(first.stale) == {Newsletter(), Newsletter("fr"), Report("SSITIP20GR0006"),
                                Report("NL-MHP-2022-017")}
    for output in first.stale:  # as if built
        first.folders[output].mkdir(parents=True, exist_ok=True)
        first.fingerprints[output].record(first.folders[output], settings.out, [])
    assert plan().stale == []
    (root / REFERRAL_FR).write_text(translation_of(root).replace("trois jours", "quatre jours"),
                                    encoding="utf-8")
    assert plan().stale == [Newsletter("fr")]


def _settings(root: Path, out: Path, **more):
    from bulletin.engine import Settings

    return Settings(root=root, out=out, cache=out / ".cache", period=Q2, command="test", **more)


def test_lang_chooses_one_edition_and_an_unknown_one_says_which_was_meant(bilingual, tmp_path):
    root = bilingual()
    project, _ = load_project(root)
    assert selected(_settings(root, tmp_path, single="newsletter"), project, Q2) == \
        [Newsletter(), Newsletter("fr")]
    assert selected(_settings(root, tmp_path, single="newsletter", language="fr"), project, Q2) == \
        [Newsletter("fr")]
    assert selected(_settings(root, tmp_path, single="newsletter", language="en"), project, Q2) == \
        [Newsletter()]
    with pytest.raises(UsageError) as raised:
        selected(_settings(root, tmp_path, kinds=("newsletter",), language="fe"), project, Q2)
    assert str(raised.value) == "--lang fe: not one of site.yaml's languages (en, fr)"
    with pytest.raises(UsageError) as raised:
        selected(_settings(root, tmp_path, kinds=("newsletter",), language="fra"), project, Q2)
    assert str(raised.value) == "--lang fra: not one of site.yaml's languages (en, fr); did you mean 'fr'?"


# --- new translation ----------------------------------------------------------------

def test_new_translation_through_the_cli(bilingual, run_cli, check_root):
    root = bilingual({REFERRAL_FR: None})
    code, out, err = run_cli("new", "translation", "mobile-clinic", "--lang", "fr", "--root", root)
    assert (code, err) == (0, "")
    path = root / "content/stories/mobile-clinic.fr.md"
    assert out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    assert f"source: {source_hash(root / 'content/stories/mobile-clinic.md')}\n" in text
    assert "title: Mobile clinics reach the highlands\n" in text
    assert "  caption: A nurse screens a herder in Sehlabathebe.\n" in text
    assert "credit" not in text.split("---")[1].replace("credits are the original", "")
    assert text.endswith("The mobile clinic spent a week in the mountains of Qacha's Nek.\n")
    assert (root / "content/stories/mobile-clinic.md").read_text(encoding="utf-8") == STORY_CLINIC
    code, lines, out = check_root(root)
    assert (code, lines) == (0, [])
    assert "fr: 1 of 2 stories translated" in out
    # never over a translation
    code, _, err = run_cli("new", "translation", "mobile-clinic", "--lang", "fr", "--root", root)
    assert (code, err) == (2, f"error: {path} already exists; edit it (check says when its original "
                              "changed)\n")


@pytest.mark.parametrize("args, message", [
    (("mobile-clinc", "--lang", "fr"), "no story content/stories/mobile-clinc.md; did you mean "
                                       "'mobile-clinic'? (a story with errors cannot be translated: run check)"),
    (("mobile-clinic", "--lang", "fra"), "--lang fra: not one of site.yaml's languages (en, fr); "
                                         "did you mean 'fr'?"),
    (("mobile-clinic", "--lang", "en"), "--lang en: is the main language, the one stories are written in"),
    (("mobile-clinic",), "say which language with --lang (one of fr)"),
])
def test_new_translation_refuses_what_it_cannot_do(bilingual, run_cli, args, message):
    root = bilingual()
    before = sorted(p.name for p in (root / "content/stories").iterdir())
    code, out, err = run_cli("new", "translation", *args, "--root", root)
    assert (code, out, err) == (2, "", f"error: {message}\n")
    assert sorted(p.name for p in (root / "content/stories").iterdir()) == before


# --- the builds (slow) ----------------------------------------------------------------

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _build(python: Path, checkout: Path, root: Path, out: Path, *more) -> None:
    done = subprocess.run([str(python), str(checkout / "build.py"), "newsletter", "--period", "2023-Q2",
                           "--root", str(root), "--out", str(out), *more],
                          capture_output=True, text=True, env={**os.environ, **EPOCH}, timeout=900)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """The sample (English and French) built once, as `make demo` builds it."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("content", "images"):
        shutil.copytree(REPO / name, root / name)
    out = root / "build"
    _build(REPO / ".venv/bin/python", REPO, root, out)
    return root, out / "newsletter"


def test_the_french_edition_is_in_french_and_says_what_is_not(sample_build):
    root, newsletter = sample_build
    pdf = newsletter / "2023-Q2/fr/newsletter.pdf"
    text = normalise(poppler("pdftotext", pdf, "-"))
    assert "Bulletin d'information de l'OIM Lesotho" in text
    assert "La migration au service de tous" in text
    # translated stories, their captions; a story untranslated is printed in English, with the note
    assert "Les comités de district s'approprient le mécanisme national d'orientation" in text
    assert "Une clinique mobile monte jusqu'aux villages de Qacha's Nek et de Quthing" in text
    assert "Knowing your rights before you cross" in text
    assert text.count("Cet article n'a pas été traduit : il est publié dans sa langue d'origine.") == 4
    # donor wording in French, never in English
    assert "Le soutien à cette activité a été apporté par le Département d'État des États-Unis" in text
    assert "Cette activité a été financée par l'Union européenne" in text
    assert "The support to this activity was provided" not in text
    assert "LUTTE CONTRE LA TRAITE" in text
    _hyphenated_as_written(pdf, root)
    from pypdf import PdfReader

    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    assert PdfReader(newsletter / "2023-Q2/newsletter.pdf").trailer["/Root"]["/Lang"] == "en"
    page = (newsletter / "2023-Q2/fr/index.html").read_text(encoding="utf-8")
    assert page.startswith('<!doctype html>\n<html lang="fr">')
    assert '<article class="story whole" id="2023-06-returnee-savings-group" lang="en">' in page
    assert '<link rel="alternate" hreflang="en" href="https://example.org/lesotho/news/2023-Q2/">' in page
    # the French archive and feed list the French edition
    archive = (newsletter / "fr/index.html").read_text(encoding="utf-8")
    assert '<a href="../2023-Q2/fr/index.html">' in archive
    assert "Bulletin d&#39;information de l&#39;OIM Lesotho" in archive
    feed = (newsletter / "fr/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in feed and "https://example.org/lesotho/news/2023-Q2/fr/" in feed


def _hyphenated_as_written(pdf: Path, root: Path) -> None:
    """Each word WeasyPrint broke is broken where its language's dictionary allows: a French
    word by French rules (its lang="fr"), an English story's word by English ones (lang="en")."""
    import pyphen

    stories = root / "content/stories"
    french = set(re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8").lower()
                                              for p in stories.glob("*.fr.md"))))
    english = set(re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8").lower()
                                               for p in stories.glob("*.md") if "." not in p.stem)))
    rules = {"fr": pyphen.Pyphen(lang="fr"), "en": pyphen.Pyphen(lang="en")}
    breaks = re.findall(r"(\w+)\u2010\n(\w+)", poppler("pdftotext", "-raw", pdf, "-"))
    checked = {"fr": 0, "en": 0}
    for head, tail in breaks:
        word = (head + tail).lower()
        language = "fr" if word in french - english else "en" if word in english - french else None
        if language:
            assert len(head) in rules[language].positions(word), (language, head, tail)
            checked[language] += 1
    assert checked["fr"] > 0 and checked["en"] > 0, checked


_HREFLANG = re.compile(rb'<link rel="alternate" hreflang="[a-z]+" href="[^"]*">\n')


def _same_but_paths(theirs: Path, ours: Path, swaps: dict[str, str]) -> None:
    """The notebook records where it ran (the root, the checkout): all else is the same."""
    text = theirs.read_text(encoding="utf-8")
    for old, new in swaps.items():
        text = text.replace(old, new)
    assert text == ours.read_text(encoding="utf-8")


def _main_language_only(value, main: str = "en"):
    """A YAML value with each {en: ..., fr: ...} mapping replaced by its `main` text."""
    if isinstance(value, dict):
        if main in value and set(value) <= {"en", "fr", "pt"}:
            return value[main]
        return {k: _main_language_only(v, main) for k, v in value.items()}
    if isinstance(value, list):
        return [_main_language_only(v, main) for v in value]
    return value


def test_the_english_edition_is_unchanged_but_for_its_links_to_the_french(sample_build, tmp_path):
    """The sample with its French taken out (an English-only office) against the sample as it
    is: the English edition has the same bytes, but its links to the French edition and the
    notebook's record of where it ran."""
    root, newsletter = sample_build
    english = tmp_path / "english-only"
    for name in ("content", "images"):
        shutil.copytree(REPO / name, english / name)
    for path in (english / "content/stories").glob("*.fr.md"):
        path.unlink()
    for path in [english / "content" / n for n in ("site.yaml", "donors.yaml", "awards.yaml")] + \
            sorted((english / "content/results").glob("*.yaml")):
        data = _main_language_only(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
        if "languages" in data:
            data["languages"] = ["en"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _build(REPO / ".venv/bin/python", REPO, english, tmp_path / "english-out")
    theirs, ours = tmp_path / "english-out/newsletter", newsletter
    differ = [name for name in differing_files(theirs, ours) if not name.startswith("fr/")
              and "/fr/" not in name]
    assert differ == ["2023-Q2/index.html", "2023-Q2/newsletter.ipynb", "2023-Q2/newsletter.ipynb.html",
                      "index.html"]
    for name in ("2023-Q2/index.html", "index.html"):
        page = (ours / name).read_bytes()
        assert len(_HREFLANG.findall(page)) == 2
        assert _HREFLANG.sub(b"", page) == (theirs / name).read_bytes()
    for name in ("2023-Q2/newsletter.ipynb", "2023-Q2/newsletter.ipynb.html"):
        _same_but_paths(theirs / name, ours / name, {str(english): str(root)})


def test_a_report_in_french_pdf_web_and_word(sample_build, tmp_path):
    """`report --lang fr` (as for a donor whose `language` is fr): its wording, labels, results
    statements, story and the PDF's /Lang in French, and report.docx's language with them."""
    root, _ = sample_build
    out = tmp_path / "out"
    done = subprocess.run([str(REPO / ".venv/bin/python"), str(REPO / "build.py"), "report", "--award",
                           "SSITIP20GR0006", "--period", "2023-Q2", "--lang", "fr", "--root", str(root),
                           "--out", str(out)], capture_output=True, text=True,
                          env={**os.environ, **EPOCH}, timeout=900)
    assert done.returncode == 0, done.stderr
    folder = out / "reports/SSITIP20GR0006/2023-Q2"  # where a report always is
    text = normalise(poppler("pdftotext", folder / "report.pdf", "-"))
    assert "Le soutien à cette activité a été apporté par le Département d'État des États-Unis, aux " \
           "termes de l'accord de subvention n° SSITIP20GR0006." in text
    assert "Les comités de district s'approprient le mécanisme national d'orientation" in text
    assert "Chiffres clés" in text and "Key figures" not in text
    # the charts the notebook draws (its snapshot says the report's language)
    assert "Personnes touchées par district" in text and "People reached by district" not in text
    # the statements of the results framework, which the notebook reads in the main language
    assert "Effet 1 : Le gouvernement et les communautés identifient davantage de victimes" in text
    assert "Produit 1.1 : Les agents de première ligne sont formés" in text
    assert "Outcome 1" not in text and "The support to this activity" not in text
    from pypdf import PdfReader

    assert PdfReader(folder / "report.pdf").trailer["/Root"]["/Lang"] == "fr"
    assert (folder / "report.html").read_text(encoding="utf-8").startswith('<!doctype html>\n<html lang="fr">')
    from docx import Document

    document = Document(folder / "report.docx")
    assert document.core_properties.language == "fr"
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Le soutien à cette activité a été apporté par le Département d'État" in words


def test_a_placeholder_misspelt_in_a_translation_is_an_error(bilingual, check_root):
    donors = DONORS_FR.replace("dans le cadre du projet « {project} »", "dans le cadre du projet « {projet} »")
    code, lines, _ = check_root(bilingual({"content/donors.yaml": donors}))
    assert code == 1
    assert lines == [f"content/donors.yaml:{line_of(donors, '{projet}') - 2}: error: unknown placeholder "
                     "'{projet}' in 'netherlands.acknowledgement'; did you mean 'project'? (use {donor}, "
                     "{award}, {project})"]
