"""People in photos: the consent register, check's rules with their exact messages, the
photo's own XMP, the gate's decisions and the consent report (content-format.md)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bulletin.consent import Consent, gated, read_register, refusal
from bulletin.consent_check import NO_REGISTER
from bulletin.consent_report import report
from bulletin.project import load_project
from support import CONSENT, copy_sample, edit, image_bytes

CLINIC = "content/stories/mobile-clinic.md"
REFERRAL = "content/stories/referral-committees.md"
REGISTER = "content/consent.csv"
HEADER = "id,person,given_by,date,scope,expires,withdrawn\n"


def errors_and_warnings(check_root, root):
    code, lines, _ = check_root(root)
    return code, lines


def test_the_tiny_root_with_a_register_passes(make_root, check_root):
    code, lines = errors_and_warnings(check_root, make_root())
    assert (code, lines) == (0, [])


def test_a_root_without_a_register_builds_as_before_with_one_warning(make_root, check_root):
    root = make_root({REGISTER: None})
    edit(root, CLINIC, "    people: identifiable\n    consent: [C-2023-001, C-2023-002]\n", "")
    edit(root, REFERRAL, "    people: crowd\n", "")
    code, lines = errors_and_warnings(check_root, root)
    assert (code, lines) == (0, [f"content/consent.csv: warning: {NO_REGISTER}"])
    assert "To start, create content/consent.csv with the header id,person,given_by,date,scope," \
           "expires,withdrawn" in NO_REGISTER


def test_a_photo_without_people_in_a_root_with_a_register(make_root, check_root):
    root = make_root()
    edit(root, REFERRAL, "    people: crowd\n", "")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{REFERRAL}:9: error: photo 1 (2023/referral.jpg) does not say who it shows; "
        "content/consent.csv exists, so add people: none, crowd or identifiable"])


def test_a_misspelt_people_value(make_root, check_root):
    root = make_root()
    edit(root, REFERRAL, "people: crowd", "people: crwod")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{REFERRAL}:13: error: photo 1 (2023/referral.jpg): people: 'crwod' is not one of none, "
        "crowd, identifiable; did you mean 'crowd'?"])


def test_identifiable_without_consent(make_root, check_root):
    root = make_root()
    edit(root, CLINIC, "    consent: [C-2023-001, C-2023-002]\n", "")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{CLINIC}:15: error: photo 1 (2023/clinic.jpg) shows identifiable people but lists no "
        "consent; add their ids from content/consent.csv (consent: [id, ...]), or say people: "
        "crowd if no one can be recognised"])


def test_an_unknown_consent_id(make_root, check_root):
    root = make_root()
    edit(root, CLINIC, "C-2023-002]", "C-2023-02]")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{CLINIC}:16: error: photo 1 (2023/clinic.jpg): unknown consent 'C-2023-02'; did you mean "
        "'C-2023-002'? (the ids are in content/consent.csv)"])


def test_a_minor_without_a_guardians_consent(make_root, check_root):
    root = make_root()
    edit(root, CLINIC, "    people: identifiable\n", "    people: identifiable\n    minor: true\n")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{CLINIC}:16: error: photo 1 (2023/clinic.jpg) shows a minor, but none of its consents "
        "was given by a guardian; a child's photo needs a parent's or guardian's consent in "
        "content/consent.csv"])
    edit(root, REGISTER, "C-2023-002,Thabo Ramakatane,self", "C-2023-002,Thabo Ramakatane,guardian")
    assert errors_and_warnings(check_root, root) == (0, [])


def test_a_survivor_shown_identifiable(make_root, check_root):
    root = make_root()
    edit(root, CLINIC, "    people: identifiable\n", "    people: identifiable\n    survivor: true\n")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{CLINIC}:15: error: photo 1 (2023/clinic.jpg) shows a survivor of trafficking "
        "identifiably; a survivor is never shown so they can be recognised, in any output: choose "
        "a photo where no one can be (people: crowd or none)"])


def test_a_survivor_named_in_a_caption_or_a_quotes_attribution(make_root, check_root):
    root = make_root({REGISTER: CONSENT + "C-2023-003,Ts'oeute  RAMONE,self,2023-04-24,print,,\n"})
    edit(root, REFERRAL, "    people: crowd\n",
         "    people: crowd\n    survivor: true\n    consent: [C-2023-003]\n")
    edit(root, REFERRAL, "district stakeholders in Thaba-Tseka.", "Ts'oeute Ramone in Thaba-Tseka.")
    named = ("error: photo 1 (2023/referral.jpg) shows a survivor, and {} names "
             "'Ts'oeute  RAMONE' (consent C-2023-003); never name a survivor")
    assert errors_and_warnings(check_root, root) == (1, [
        f"{REFERRAL}:10: " + named.format("its caption"),
        f"{REFERRAL}:18: " + named.format("a quote's attribution")])


def test_a_consent_dated_after_its_expiry(make_root, check_root):
    root = make_root({REGISTER: CONSENT.replace("2023-05-10,print;web;email;donor,,\nC-2023-002",
                                                "2023-05-10,print;web;email;donor,2023-05-01,\nC-2023-002")})
    assert errors_and_warnings(check_root, root) == (1, [
        "content/consent.csv:2: error: consent C-2023-001 is dated 2023-05-10, after it expires "
        "(2023-05-01); correct one of the two dates"])


def test_bad_rows_of_the_register_each_with_their_line(make_root, check_root):
    root = make_root({REGISTER: CONSENT + "C-2023-003,,guardain,10/05/2023,print;dnor,,\n"
                                          "C-2023-001,Again,self,2023-05-10,print,,\n"})
    code, lines = errors_and_warnings(check_root, root)
    assert code == 1
    assert lines == [
        "content/consent.csv:4: error: date: '10/05/2023' is not an ISO date; write it as YYYY-MM-DD",
        "content/consent.csv:4: error: empty cell in column 'person'",
        "content/consent.csv:4: error: given_by: 'guardain' is not one of self, guardian; "
        "did you mean 'guardian'?",
        "content/consent.csv:4: error: scope: 'dnor' is not one of print, web, email, donor; "
        "did you mean 'donor'?",
        "content/consent.csv:5: error: duplicate consent id 'C-2023-001' (first on line 2)"]


def test_a_register_without_a_column(make_root, check_root):
    root = make_root({REGISTER: "id,person,given_by,date,scop\n"})
    code, lines = errors_and_warnings(check_root, root)
    assert code == 1
    assert "content/consent.csv:1: warning: unknown column 'scop'; did you mean 'scope'?" in lines
    assert "content/consent.csv:1: error: missing column scope; the header is " \
           "id,person,given_by,date,scope,expires,withdrawn" in lines


# --- what the photo file says -----------------------------------------------------------

def xmp(status: str, age: str | None = None) -> bytes:
    minor = f'<plus:MinorModelAgeDisclosure rdf:resource="http://ns.useplus.org/ldf/vocab/{age}"/>' \
        if age else ""
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'rdf:about="" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        f'plus:ModelReleaseStatus="http://ns.useplus.org/ldf/vocab/{status}">{minor}'
        '<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Lineo Mokoena</rdf:li></rdf:Bag>'
        '</Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>').encode()


def jpeg_with_xmp(packet: bytes) -> bytes:
    import io

    img = Image.open(io.BytesIO(image_bytes((1200, 800), "JPEG", (120, 90, 60))))
    out = io.BytesIO()
    img.save(out, "JPEG", xmp=packet)
    return out.getvalue()


def test_the_photos_own_metadata_says_no_release(make_root, check_root):
    root = make_root({"images/2023/clinic.jpg": jpeg_with_xmp(xmp("MR-NON", "AG-U14"))})
    assert errors_and_warnings(check_root, root) == (0, [
        f"{CLINIC}:11: warning: photo 1 (2023/clinic.jpg) lists consents, but the photo's own "
        "metadata says Model Release Status MR-NON (no release); check the signed forms, then "
        "correct the photo's metadata or the story",
        f"{CLINIC}:11: warning: photo 1 (2023/clinic.jpg): the photo's own metadata says a minor "
        "is shown (Minor Model Age Disclosure AG-U14), but the story does not say minor: true"])


def test_a_release_in_the_metadata_is_no_warning(make_root, check_root):
    root = make_root({"images/2023/clinic.jpg": jpeg_with_xmp(xmp("MR-UMR"))})
    assert errors_and_warnings(check_root, root) == (0, [])


def test_the_xmp_is_read_with_pillow(tmp_path):
    from bulletin.photo_metadata import release_status

    path = tmp_path / "x.jpg"
    path.write_bytes(jpeg_with_xmp(xmp("MR-NON", "AG-U14")))
    release = release_status(path)
    assert (release.refused, release.minor, release.persons) == (True, True, ("Lineo Mokoena",))
    plain = tmp_path / "plain.jpg"
    plain.write_bytes(image_bytes((100, 80), "JPEG", (1, 2, 3)))
    assert release_status(plain) is None


# --- the gate ------------------------------------------------------------------------------

def consent(**change) -> Consent:
    row = dict(id="C-1", person="A", given_by="self", date=date(2023, 5, 1),
               scope=("print", "web", "email", "donor"), expires=None, withdrawn=None)
    return Consent(**{**row, **change})


@pytest.mark.parametrize("change, channel, day, now, why", [
    ({}, "donor", date(2023, 7, 1), date(2026, 1, 1), None),
    ({"withdrawn": date(2024, 2, 1)}, "web", date(2024, 2, 1), date(2024, 2, 1),
     "consent C-1 withdrawn on 2024-02-01"),
    # a report dated before the withdrawal, built after it, is published again: left out
    ({"withdrawn": date(2024, 2, 1)}, "donor", date(2023, 7, 1), date(2024, 3, 1),
     "consent C-1 withdrawn on 2024-02-01"),
    ({"withdrawn": date(2024, 2, 1)}, "donor", date(2023, 7, 1), date(2024, 1, 31), None),
    ({"expires": date(2023, 6, 30)}, "donor", date(2023, 7, 1), date(2023, 7, 1),
     "consent C-1 expired on 2023-06-30"),
    ({"expires": date(2023, 7, 1)}, "donor", date(2023, 7, 1), date(2026, 1, 1), None),
    ({"scope": ("print",)}, "web", date(2023, 7, 1), date(2023, 7, 1), "consent C-1 covers only print"),
    ({"scope": ("print", "email")}, "email", date(2023, 7, 1), date(2023, 7, 1),
     "consent C-1 does not cover web, where an email's photos are published"),
])
def test_a_consent_lets_a_photo_in_or_says_why_not(change, channel, day, now, why):
    assert consent(**change).refusal(channel, day, now) == why


def test_a_story_keeps_only_the_photos_a_channel_may_show(make_root):
    root = make_root({REGISTER: CONSENT.replace("C-2023-002,Thabo Ramakatane,self,2023-05-10,"
                                                "print;web;email;donor", "C-2023-002,Thabo "
                                                "Ramakatane,self,2023-05-10,print")})
    project, _ = load_project(root)
    clinic = next(s for s in project.stories if s.slug == "mobile-clinic")
    day = date(2023, 7, 1)
    assert gated(project.consent, clinic, "print", day, day) is clinic
    assert gated(project.consent, clinic, "web", day, day).photos == ()
    assert refusal(project.consent, clinic.photos[0], "donor", day, day) == \
        "consent C-2023-002 covers only print"
    referral = next(s for s in project.stories if s.slug == "referral-committees")
    assert gated(project.consent, referral, "web", day, day) is referral  # a crowd needs none


# --- the consent report --------------------------------------------------------------------

def test_the_consent_report_reads_what_was_built(tmp_path, make_root):
    root = make_root()
    register, problems = read_register(root)
    assert problems == []
    out = tmp_path / "out"
    for folder, inputs in {
        "newsletter/2023-Q2": {"consent:C-2023-001:print:2023/clinic.jpg": "a",
                               "consent:C-2023-001:web:2023/clinic.jpg": "a",
                               "consent-held:email:2023/x.jpg": "b", "content/site.yaml": "c"},
        "reports/NL-MHP-2022-017/2023-Q2": {"consent:C-2023-001:donor:2023/clinic.jpg": "a",
                                            "consent:C-9:donor:2023/old.jpg": "d"},
    }.items():
        path = out / ".manifests" / folder / "manifest.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({"format": 1, "inputs": inputs, "files": []}))
    assert report(register, out) == [
        "C-2023-001 (Lineo Mokoena): 2 outputs built show it",
        "  newsletter/2023-Q2: 2023/clinic.jpg (newsletter PDF, web edition)",
        "  reports/NL-MHP-2022-017/2023-Q2: 2023/clinic.jpg (donor report)",
        "C-2023-002 (Thabo Ramakatane): no output built shows it",
        "C-9 (not in the register): 1 output built shows it",
        "  reports/NL-MHP-2022-017/2023-Q2: 2023/old.jpg (donor report)"]


# --- what a withdrawal rebuilds (the plans; tests/test_consent_outputs.py builds) -------------

def _stale_after(sample: Path, out: Path, change) -> set[str]:
    """The outputs of 2023-Q2 and 2023-05 a build would make again after `change`."""
    from bulletin import manifest
    from bulletin.engine import Settings, make_plan
    from bulletin.kinds import Newsletter, Report
    from bulletin.periods import parse_period

    def plans():
        project = manifest.loaded(sample)
        for label in ("2023-Q2", "2023-05"):
            period = parse_period(label)
            settings = Settings(sample, out, out / ".cache", period, "all")
            for job in [Newsletter(), *Report.every(project, period)]:
                yield job, make_plan(project, [job], settings)

    for job, plan in plans():  # as a build leaves them
        folder = plan.folders[job]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "out.pdf").write_text("stand-in")
        plan.fingerprints[job].record(folder, out, [folder / "out.pdf"])
    change()
    return {plan.folders[job].relative_to(out).as_posix() for job, plan in plans() if plan.stale}


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_sample(tmp_path / "sample")


def test_withdrawing_a_consent_makes_exactly_the_outputs_that_showed_it_stale(sample, tmp_path):
    register = sample / REGISTER
    text = register.read_text(encoding="utf-8")
    row = "C-2023-006,Nthati Rammoko,self,2023-05-15,print;web;email;donor,2028-05-15,"
    assert row + "\n" in text
    withdraw = lambda: register.write_text(text.replace(row, row + "2024-01-15"), "utf-8")  # noqa: E731
    # the nurse of Moyeni: in the May and second-quarter editions and the Dutch-funded reports
    assert _stale_after(sample, tmp_path / "out", withdraw) == {
        "newsletter/2023-Q2", "newsletter/2023-05",
        "reports/NL-MHP-2022-017/2023-Q2", "reports/NL-MHP-2022-017/2023-05"}


def test_widening_a_print_only_consent_rebuilds_the_outputs_it_now_reaches(sample, tmp_path):
    register = sample / REGISTER
    text = register.read_text(encoding="utf-8")
    row = "C-2023-008,Teboho Ralitsie,self,2023-05-24,print,,"
    widen = lambda: register.write_text(text.replace(row, row.replace(",print,", ",print;web,")),  # noqa: E731
                                        "utf-8")
    # its photo is in the edition's PDF already; the web page now shows it too. The EU report,
    # which may still not show it, is not made again.
    assert _stale_after(sample, tmp_path / "out", widen) == {"newsletter/2023-Q2", "newsletter/2023-05"}


def test_editing_a_consent_no_photo_uses_rebuilds_nothing(sample, tmp_path):
    register = sample / REGISTER
    add = lambda: register.write_text(  # noqa: E731
        register.read_text(encoding="utf-8") + "C-2023-099,Someone,self,2023-05-01,print,,\n", "utf-8")
    assert _stale_after(sample, tmp_path / "out", add) == set()


def test_the_preview_shows_each_photos_consents_and_where_it_is_left_out(make_root, tmp_path):
    from bulletin.serve import Preview

    root = make_root({REGISTER: CONSENT.replace("C-2023-002,Thabo Ramakatane,self,2023-05-10,"
                                                "print;web;email;donor,,", "C-2023-002,Thabo "
                                                "Ramakatane,self,2023-05-10,print;donor,,")})
    status, _, page = Preview(root, tmp_path / "cache").page("/story/mobile-clinic/")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode()))
    assert status == 200
    assert "People in photos" in text
    assert "2023/clinic.jpg : people: identifiable; consent C-2023-001 (Lineo Mokoena, given by " \
           "self, for print, web, email, donor); consent C-2023-002 (Thabo Ramakatane, given by " \
           "self, for print, donor)." in text
    assert "Left out of: the web edition: consent C-2023-002 covers only print and donor " \
           "the email: consent C-2023-002 covers only print and donor" in text
    status, _, page = Preview(root, tmp_path / "cache").page("/story/referral-committees/")
    assert "people: crowd" in page.decode() and "Shown in every output." in page.decode()


def test_only_a_withdrawn_photo_no_story_still_shows_is_forgotten(make_root):
    from bulletin.consent import withdrawn_photos

    root = make_root({REGISTER: CONSENT.replace("print;web;email;donor,,\nC-2023-002",
                                                "print;web;email;donor,,2023-06-01\nC-2023-002")})
    project, _ = load_project(root)
    assert withdrawn_photos(project, project.stories, date(2023, 6, 1)) == ["2023/clinic.jpg"]
    assert withdrawn_photos(project, project.stories, date(2023, 5, 31)) == []
    # the same file shown as a crowd by another story stays in the cache
    edit(root, REFERRAL, "file: 2023/referral.jpg", "file: 2023/clinic.jpg")
    project, _ = load_project(root)
    assert withdrawn_photos(project, project.stories, date(2023, 6, 1)) == []
