"""The optional IATI keys (site.yaml `iati`, a donor's `iati_ref` and `iati_type`, a
district's `code`): `check` reads them and names each mistake by file and line; and
the IATI document itself, made from a built report's payload without a build."""

from __future__ import annotations

from datetime import datetime

import pytest
from lxml import etree

from support import DONORS, PLACES, SITE, make_root_at, run_main

IATI = """\
iati:
  prefix: XM-DAC-47066
  type: 40
  country: LS
  sectors: {health: 12220}
"""
SITE_LINES = SITE.count("\n")  # the block above starts on the next line


def _check(tmp_path, **files) -> tuple[int, list[str]]:
    root = make_root_at(tmp_path / "root", files)
    code, _, err = run_main("check", "--root", root)
    return code, err.splitlines()


def test_valid_keys_are_clean(tmp_path):
    places = PLACES.replace("Maseru: {towns", "Maseru: {code: LS-A, towns")
    donors = DONORS.replace("  name: United States Department of State\n",
                            "  name: United States Department of State\n  iati_ref: US-GOV-11\n"
                            "  iati_type: 10\n")
    assert donors != DONORS and places != PLACES
    assert _check(tmp_path, **{"content/site.yaml": SITE + IATI, "content/places.yaml": places,
                               "content/donors.yaml": donors}) == (0, [])


@pytest.mark.parametrize("old, new, message", [
    ("prefix: XM-DAC-47066", "prefix: IOM 47066", f"{SITE_LINES + 2}: error: iati.prefix: 'IOM 47066' is not an "
     "IATI organisation identifier; write the registration agency's prefix and the number, e.g. XM-DAC-47066"),
    ("type: 40", "type: 45", f"{SITE_LINES + 3}: error: iati.type: '45' is not an IATI organisation type"),
    ("country: LS", "country: Lesotho", f"{SITE_LINES + 4}: error: iati.country: 'Lesotho' is not a "
     "two-letter ISO 3166-1 country code, e.g. LS"),
    ("{health: 12220}", "{health: 1222}", f"{SITE_LINES + 5}: error: iati.sectors.health: '1222' is not a "
     "five-digit DAC sector code, e.g. 15190"),
    ("{health: 12220}", "{helth: 12220}", f"{SITE_LINES + 5}: error: unknown theme 'helth' in 'iati.sectors'"
     "; did you mean 'health'?"),
    ("  prefix: XM-DAC-47066\n", "", f"{SITE_LINES + 1}: error: missing required key 'iati.prefix'"),
])
def test_a_wrong_key_is_named_with_its_line(tmp_path, old, new, message):
    site = SITE + IATI.replace(old, new)
    code, lines = _check(tmp_path, **{"content/site.yaml": site})
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"content/site.yaml:{message}"), lines


def test_a_wrong_donor_reference_is_named_with_its_line(tmp_path):
    donors = DONORS.replace("  name: United States Department of State\n",
                            "  name: United States Department of State\n  iati_ref: US GOV/11\n")
    line = donors.splitlines().index("  iati_ref: US GOV/11") + 1
    code, lines = _check(tmp_path, **{"content/site.yaml": SITE + IATI, "content/donors.yaml": donors})
    assert code == 1
    assert lines == [f"content/donors.yaml:{line}: error: us-state.iati_ref: 'US GOV/11' is not an IATI "
                     "organisation identifier; write the registration agency's prefix and the number, "
                     "e.g. XM-DAC-47066"], lines


def test_a_donor_asking_for_iati_without_the_offices_keys_warns_once(tmp_path):
    donors = DONORS.replace("  name: United States Department of State\n",
                            "  name: United States Department of State\n  iati_ref: US-GOV-11\n")
    line = donors.splitlines().index("  iati_ref: US-GOV-11") + 1
    code, lines = _check(tmp_path, **{"content/donors.yaml": donors})
    assert code == 0
    assert lines == [f"content/donors.yaml:{line}: warning: donor 'us-state' has an IATI identifier, but "
                     "the reports carry no iati-activity.xml: add the office's to content/site.yaml, e.g. "
                     "`iati: {prefix: XM-DAC-47066, type: 40}`"]


def test_no_keys_no_warning(tmp_path):
    # an office that publishes nothing to IATI is not told about it on every build
    assert _check(tmp_path) == (0, [])


@pytest.mark.parametrize("award, expected", [
    ("SSITIP20GR0006", "XM-DAC-47066-SSITIP20GR0006"),
    ("EU/LMG/21/004", "XM-DAC-47066-EU-LMG-21-004"),  # IATI identifiers hold no /
    ("A & B?", "XM-DAC-47066-A-B"),
])
def test_identifier_is_prefix_and_award_without_forbidden_characters(award, expected):
    from bulletin.iati import identifier

    assert identifier("XM-DAC-47066", award) == expected


def test_numbers_are_decimals_without_exponent():
    from bulletin.iati import _number

    assert [_number(v) for v in (12.0, 0.0, 33.34, 1e-05, 120)] == ["12", "0", "33.34", "0.00001", "120"]


def test_document_has_no_stamp_but_the_given_one(tmp_path):
    from bulletin.check import load_checked
    from bulletin.iati import activity_document
    from bulletin.payload import report_payload, snapshot
    from bulletin.periods import parse_period
    from support import REPO

    project, _ = load_checked(REPO)
    period = parse_period("2023-Q2")
    figures = report_payload(snapshot(project, period, "NL-MHP-2022-017"))
    moment = datetime(2023, 7, 5, 9, 30)
    first = activity_document(project, "NL-MHP-2022-017", period, figures, moment)
    assert first == activity_document(project, "NL-MHP-2022-017", period, figures, moment)
    root = etree.fromstring(first)
    assert root.get("generated-datetime") == "2023-07-05T09:30:00Z"
    assert root[0].get("last-updated-datetime") == "2023-07-05T09:30:00Z"
    people = sum(r.people or 0 for r in figures.activities)
    assert people > 0  # the award's report counts people: the document is made from that payload
    assert root[0].findtext("iati-identifier") == "XM-DAC-47066-NL-MHP-2022-017"


def test_the_builds_own_sentences_say_they_are_english(tmp_path):
    from dataclasses import replace

    from bulletin.check import load_checked
    from bulletin.iati import activity_document
    from bulletin.payload import report_payload, snapshot
    from bulletin.periods import parse_period
    from support import REPO

    project, _ = load_checked(REPO)
    period = parse_period("2023-Q2")
    figures = report_payload(snapshot(project, period, "SSITIP20GR0006"))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    french = replace(project, site=project.site.model_copy(update={"language": "fr"}))
    activity = etree.fromstring(activity_document(french, "SSITIP20GR0006", period, figures,
                                                  datetime(2023, 7, 5)))[0]
    assert activity.get(lang) == "fr"
    assert activity.find("description/narrative").get(lang) == "en"
    assert activity.find(".//target/comment/narrative").get(lang) == "en"
    assert activity.find("title/narrative").get(lang) is None  # the content's own words
    english = etree.fromstring(activity_document(project, "SSITIP20GR0006", period, figures,
                                                 datetime(2023, 7, 5)))[0]
    assert english.find("description/narrative").get(lang) is None
