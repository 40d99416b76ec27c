"""`build.py check`: every rule, each planted alone in the tiny valid root.

Each case asserts the exact stderr lines (`path:line: severity: message`)
and the exit status: 1 with any error, 0 with warnings only or nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from bulletin.check import MIN_PHOTO_WIDTH
from bulletin.project import load_project
from conftest import ACTIVITIES, SITE, STORY_CLINIC, edit, read, write

SITE_Y = "content/site.yaml"
DONORS_Y = "content/donors.yaml"
AWARDS_Y = "content/awards.yaml"
PLACES_Y = "content/places.yaml"
CSV = "content/activities.csv"
XLSX = "content/activities.xlsx"
REFERRAL = "content/stories/referral-committees.md"  # linked from activity TIP-2023-014
CLINIC = "content/stories/mobile-clinic.md"  # links HLT-2023-003 itself; nothing links to it

ROMA = "Maputsoe;Roma"  # the unlinked activity row 4, TIP-2023-015
CLINIC_ALT = "    alt: A nurse taking the blood pressure of a man in a blanket."
CLINIC_PHOTO = (
    "photos:\n"
    "  - file: 2023/clinic.jpg\n"
    "    caption: A nurse screens a herder in Sehlabathebe.\n"
    "    credit: IOM 2023/Lineo Mokoena\n"
    f"{CLINIC_ALT}\n"
    "    people: identifiable\n"
    "    consent: [C-2023-001, C-2023-002]\n"
)


def test_the_tiny_root_is_clean(root, check_root):
    code, lines, out = check_root(root)
    assert lines == []
    assert code == 0
    assert out.strip() == f"checked {root}: 2 stories, 4 activities: 0 errors, 0 warnings"


# One planted mistake -> exactly these stderr lines and this exit status.
# Each edit is (file, exact old text, new text); the old text occurs once.
SINGLE = [
    # --- YAML ---------------------------------------------------------------
    pytest.param(
        [(SITE_Y, "slogan: Migration for", "slogan: Migration: for")],
        ["content/site.yaml:5: error: YAML syntax error: mapping values are not allowed here"], 1,
        id="yaml-syntax-error",
    ),
    pytest.param(
        [(DONORS_Y, "  logo: logos/us-state.png\n", "  logo: logos/us-state.png\n  name: Again\n")],
        ["content/donors.yaml:4: error: duplicate key 'name' (first on line 2)"], 1,
        id="duplicate-key",
    ),
    pytest.param(
        [(SITE_Y, "  title: IOM Lesotho Newsletter", "  title: [a, b]")],
        ["content/site.yaml:4: error: 'newsletter.title' must be text, not a list"], 1,
        id="wrong-type-text-given-a-list",
    ),
    pytest.param(
        # An author reads "text", never a Python type name such as "str".
        [(CLINIC, CLINIC_PHOTO, "photos: x.jpg\n")],
        ["content/stories/mobile-clinic.md:10: error: 'photos' must be a list, not text"], 1,
        id="wrong-type-list-given-text",
    ),
    pytest.param(
        [(CLINIC, "theme: health\n", "")],
        ["content/stories/mobile-clinic.md:2: error: missing required key 'theme'"], 1,
        id="missing-required-key-story",
    ),
    pytest.param(
        [(CLINIC, "summary:", "sumary:")],
        ["content/stories/mobile-clinic.md:9: warning: unknown key 'sumary'; did you mean 'summary'?"], 0,
        id="unknown-key-warning",
    ),
    pytest.param(
        [(SITE_Y, "  thanks:", "  thank:")],
        ["content/site.yaml:8: warning: unknown key 'newsletter.thank'; did you mean 'thanks'?"], 0,
        id="unknown-nested-key-warning",
    ),
    # --- dates ----------------------------------------------------------------
    pytest.param(
        [(CLINIC, "date: 2023-05-08", "date: 2023-02-30")],
        ["content/stories/mobile-clinic.md:3: error: date: '2023-02-30' is not a real date"], 1,
        id="date-not-real",
    ),
    pytest.param(
        [(CSV, "2023-05-16,", "07/05/2023,")],
        ["content/activities.csv:4: error: start: '07/05/2023' is not an ISO date; write it as YYYY-MM-DD"], 1,
        id="date-not-iso",
    ),
    pytest.param(
        [(CLINIC, "end: 2023-05-12", "end: 2023-05-01")],
        ["content/stories/mobile-clinic.md:4: error: end 2023-05-01 is before date 2023-05-08"], 1,
        id="story-end-before-date",
    ),
    pytest.param(
        [(CSV, "2023-04-24,2023-04-26", "2023-04-24,2023-04-20")],
        ["content/activities.csv:2: error: end 2023-04-20 is before start 2023-04-24"], 1,
        id="activity-end-before-start",
    ),
    pytest.param(
        [(AWARDS_Y, "  end: 2024-09-30", "  end: 2020-09-30")],
        ["content/activities.csv:2: warning: starts 2023-04-24, outside award SSITIP20GR0006 (2020-10-01 to 2020-09-30)",
         "content/activities.csv:5: warning: starts 2023-06-05, outside award SSITIP20GR0006 (2020-10-01 to 2020-09-30)",
         "content/awards.yaml:6: error: award 'SSITIP20GR0006' ends (2020-09-30) before it starts (2020-10-01)"], 1,
        id="award-end-before-start",
    ),
    # --- names and suggestions -------------------------------------------------
    pytest.param(
        [(CLINIC, "places: [Qacha's Nek,", "places: [Qachas Neck,")],
        ["content/stories/mobile-clinic.md:6: error: unknown place 'Qachas Neck'; did you mean 'Qacha's Nek'?"], 1,
        id="unknown-place-story",
    ),
    pytest.param(
        [(CSV, ROMA, "Maputso;Roma")],
        ["content/activities.csv:4: error: unknown place 'Maputso'; did you mean 'Maputsoe'?"], 1,
        id="unknown-place-activity-town",
    ),
    pytest.param(
        [(CSV, ROMA, "Atlantis;Roma")],
        ["content/activities.csv:4: error: unknown place 'Atlantis' "
         "(add it to content/places.yaml as a district, alias or town)"], 1,
        id="unknown-place-no-suggestion",
    ),
    pytest.param(
        [(CSV, "tip,SSITIP20GR0006,training", "tip,SSITIP20GR006,training")],
        ["content/activities.csv:2: error: unknown award 'SSITIP20GR006'; did you mean 'SSITIP20GR0006'?"], 1,
        id="unknown-award-activity",
    ),
    pytest.param(
        [(REFERRAL, "places: [Thaba Tseka]\n", "places: [Thaba Tseka]\nawards: [SSITIP20GR006]\n")],
        ["content/stories/referral-committees.md:7: error: unknown award 'SSITIP20GR006'; "
         "did you mean 'SSITIP20GR0006'?"], 1,
        id="unknown-award-story",
    ),
    pytest.param(
        [(CLINIC, "theme: health", "theme: helth")],
        ["content/stories/mobile-clinic.md:5: error: unknown theme 'helth'; did you mean 'health'?"], 1,
        id="unknown-theme-story",
    ),
    pytest.param(
        [(CSV, "Qachas Nek,health,", "Qachas Nek,helth,")],
        ["content/activities.csv:3: error: unknown theme 'helth'; did you mean 'health'?"], 1,
        id="unknown-theme-activity",
    ),
    pytest.param(
        [(CSV, ROMA + ",tip,", ROMA + ",sports,")],
        ["content/activities.csv:4: error: unknown theme 'sports'"], 1,
        id="unknown-theme-no-suggestion",
    ),
    pytest.param(
        [(AWARDS_Y, "  donor: netherlands", "  donor: netherland")],
        ["content/awards.yaml:8: error: award 'NL-MHP-2022-017': unknown donor 'netherland'; "
         "did you mean 'netherlands'?"], 1,
        id="award-unknown-donor",
    ),
    # --- activities -------------------------------------------------------------
    pytest.param(
        [(CSV, "LAB-2023-001,", "TIP-2023-014,")],
        ["content/activities.csv:5: error: duplicate activity id 'TIP-2023-014' (first on line 2)"], 1,
        id="duplicate-activity-id",
    ),
    pytest.param(
        [(CSV, "campaign,230,", "campaign,12.5,")],
        ["content/activities.csv:4: error: participants: '12.5' is not a whole number"], 1,
        id="count-not-whole-decimal",
    ),
    pytest.param(
        [(CSV, "campaign,230,", "campaign,twelve,")],
        ["content/activities.csv:4: error: participants: 'twelve' is not a whole number"], 1,
        id="count-not-whole-word",
    ),
    pytest.param(
        [(CSV, "412,251,161", "412,251,160")],
        ["content/activities.csv:3: error: female (251) + male (160) = 411, but participants is 412"], 1,
        id="female-plus-male-not-participants",
    ),
    pytest.param(
        [(CSV, "referral-committees\n", "referal-committees\n")],
        ["content/activities.csv:2: error: story 'referal-committees' does not exist in content/stories/; "
         "did you mean 'referral-committees'?"], 1,
        id="activity-story-missing",
    ),
    pytest.param(
        [(CSV, "Referral committee training,2023-04-24", "Referral committee training,2019-04-24")],
        ["content/activities.csv:2: warning: starts 2019-04-24, outside award SSITIP20GR0006 "
         "(2020-10-01 to 2024-09-30)"], 0,
        id="activity-outside-award-dates",
    ),
    pytest.param(
        [(CSV, ",participants,", ",participant,")],
        ["content/activities.csv:1: warning: unknown column 'participant'; did you mean 'participants'?"], 0,
        id="unknown-column",
    ),
    # --- stories ------------------------------------------------------------------
    pytest.param(
        [(CLINIC, "activities: [HLT-2023-003]", "activities: [HLT-2023-03]")],
        ["content/stories/mobile-clinic.md:7: error: unknown activity 'HLT-2023-03'; did you mean 'HLT-2023-003'?"], 1,
        id="story-unknown-activity",
    ),
    pytest.param(
        [(CLINIC, "file: 2023/clinic.jpg", "file: 2023/clinc.jpg")],
        ["content/stories/mobile-clinic.md:11: error: photo '2023/clinc.jpg' not found under images/; "
         "did you mean '2023/clinic.jpg'?"], 1,
        id="photo-missing",
    ),
    pytest.param(
        [(CLINIC, CLINIC_ALT + "\n", "")],
        ["content/stories/mobile-clinic.md:11: error: photo 1 (2023/clinic.jpg) has no alt"], 1,
        id="photo-without-alt",
    ),
    pytest.param(
        [(CLINIC, "    credit: IOM 2023/Lineo Mokoena\n", "")],
        ["content/stories/mobile-clinic.md:11: error: photo 1 (2023/clinic.jpg) has no credit"], 1,
        id="photo-without-credit",
    ),
    pytest.param(
        [(CLINIC, "featured: true", "featured: yes")],
        ["content/stories/mobile-clinic.md:8: error: featured: 'yes' is not true or false"], 1,
        id="featured-yes-is-not-a-flag",
    ),
    # --- donors -----------------------------------------------------------------------
    pytest.param(
        [(DONORS_Y, "{donor}, under", "{doner}, under")],
        ["content/donors.yaml:4: error: unknown placeholder '{doner}' in 'us-state.acknowledgement'; "
         "did you mean 'donor'? (use {donor}, {award}, {project})"], 1,
        id="unknown-placeholder",
    ),
    pytest.param(
        [(SITE_Y, "default_credit: IOM {year}/{photographer}", "default_credit: IOM {year/{photographer}")],
        ["content/site.yaml:12: error: 'default_credit' has an unbalanced brace "
         "(unexpected '{' in field name); write { and } in pairs"], 1,
        id="unbalanced-brace",
    ),
    # --- places ---------------------------------------------------------------------------
    pytest.param(
        [(PLACES_Y, "Hlotse]", "Hlotse, Roma]")],
        ["content/places.yaml:3: error: 'Roma' is listed under both Maseru and Leribe"], 1,
        id="place-in-two-districts",
    ),
]


@pytest.mark.parametrize("edits, expected, code", SINGLE)
def test_one_planted_mistake(root, check_root, edits, expected, code):
    for rel, old, new in edits:
        edit(root, rel, old, new)
    got_code, lines, out = check_root(root)
    assert lines == expected
    assert got_code == code
    errors = sum(": error: " in line for line in expected)
    warnings = len(expected) - errors
    assert out.rstrip().endswith(
        f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}")


# Mistakes whose first line is certain, but which make a record invalid: the
# records that refer to it may be reported too (see the cascade tests below).
CASCADING = [
    pytest.param(
        [(DONORS_Y, "  acknowledgement: This", "  acknowledgment: This")],
        ["content/donors.yaml:10: error: missing required key 'netherlands.acknowledgement'",
         "content/donors.yaml:13: warning: unknown key 'netherlands.acknowledgment'; "
         "did you mean 'acknowledgement'?"],
        id="misspelt-acknowledgement",
    ),
    pytest.param(
        [(DONORS_Y, '  acknowledgement: This activity was supported by the {donor} under the "{project}".\n', "")],
        ["content/donors.yaml:10: error: missing required key 'netherlands.acknowledgement'"],
        id="donor-without-acknowledgement",
    ),
    pytest.param(
        [(CSV, ",theme,", ",")],
        ["content/activities.csv:1: error: missing required column 'theme'"],
        id="missing-required-column",
    ),
    pytest.param(
        [(AWARDS_Y, "  end: 2025-03-31\n", "")],
        ["content/awards.yaml:7: error: missing required key 'NL-MHP-2022-017.end'"],
        id="missing-required-key-award",
    ),
]


@pytest.mark.parametrize("edits, expected", CASCADING)
def test_mistake_invalidating_a_record(root, check_root, edits, expected):
    for rel, old, new in edits:
        edit(root, rel, old, new)
    code, lines, _ = check_root(root)
    for line in expected:
        assert line in lines
    assert code == 1


# --- no misleading follow-on errors ---------------------------------------------------
# A record with a mistake is still in its file: whatever refers to it must not
# be told that it is unknown or does not exist. Only the mistake is reported.

@pytest.mark.parametrize("edits, expected", [
    pytest.param(
        [(DONORS_Y, '  acknowledgement: This activity was supported by the {donor} under the "{project}".\n', "")],
        ["content/donors.yaml:10: error: missing required key 'netherlands.acknowledgement'"],
        id="invalid-donor-not-unknown-to-its-award",
    ),
    pytest.param(
        [(AWARDS_Y, "  end: 2025-03-31\n", "")],
        ["content/awards.yaml:7: error: missing required key 'NL-MHP-2022-017.end'"],
        id="invalid-award-not-unknown-to-its-activities",
    ),
    pytest.param(
        [(CSV, "412,251,161", "twelve,251,161")],
        ["content/activities.csv:3: error: participants: 'twelve' is not a whole number"],
        id="invalid-activity-not-unknown-to-its-story",
    ),
    pytest.param(
        [(REFERRAL, "date: 2023-04-24", "date: 2023-04-31")],
        ["content/stories/referral-committees.md:3: error: date: '2023-04-31' is not a real date"],
        id="invalid-story-not-missing-for-its-activity",
    ),
])
def test_invalid_record_is_not_reported_as_unknown(root, check_root, edits, expected):
    for rel, old, new in edits:
        edit(root, rel, old, new)
    code, lines, _ = check_root(root)
    assert lines == expected
    assert code == 1


# --- required text left empty -------------------------------------------------------

@pytest.mark.parametrize("rel, old, new, expected", [
    pytest.param(CLINIC, "title: Mobile clinics reach the highlands", "title:",
                 "content/stories/mobile-clinic.md:2: error: 'title' is empty", id="story-title"),
    pytest.param(CLINIC, CLINIC_ALT, "    alt:",
                 "content/stories/mobile-clinic.md:14: error: photo 1 (2023/clinic.jpg): alt is empty", id="photo-alt"),
    pytest.param(SITE_Y, "office: IOM Lesotho", "office: ~",
                 "content/site.yaml:1: error: 'office' is empty", id="site-office-tilde"),
])
def test_required_text_left_empty_is_an_error(root, check_root, rel, old, new, expected):
    """`title:` with nothing after it must not become the text "None"."""
    edit(root, rel, old, new)
    code, lines, _ = check_root(root)
    assert lines == [expected]
    assert code == 1


def test_quoted_empty_title_is_an_error(root, check_root):
    edit(root, CLINIC, "title: Mobile clinics reach the highlands", 'title: ""')
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/mobile-clinic.md:2: error: 'title' is empty"]
    assert code == 1


# --- photos ---------------------------------------------------------------------------

def test_photo_path_escaping_images_is_refused(make_root, check_root):
    from conftest import image_bytes

    # The file exists, just outside images/: it must still be refused.
    root = make_root({"secret.jpg": image_bytes()})
    edit(root, CLINIC, "file: 2023/clinic.jpg", "file: ../secret.jpg")
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/mobile-clinic.md:11: error: photo '../secret.jpg' must be a path inside images/"]
    assert code == 1


def test_absolute_photo_path_outside_images_is_refused(make_root, check_root):
    from conftest import image_bytes

    root = make_root({"secret.jpg": image_bytes()})
    target = root / "secret.jpg"
    edit(root, CLINIC, "file: 2023/clinic.jpg", f"file: {target}")
    code, lines, _ = check_root(root)
    assert lines == [f"content/stories/mobile-clinic.md:11: error: photo '{target}' must be a path inside images/"]
    assert code == 1


def test_small_photo_is_a_warning(make_root, check_root):
    from conftest import image_bytes

    assert 300 < MIN_PHOTO_WIDTH
    root = make_root({"images/2023/clinic.jpg": image_bytes((300, 200))})
    code, lines, _ = check_root(root)
    assert lines == [
        f"content/stories/mobile-clinic.md:11: warning: photo '2023/clinic.jpg' is 300 px wide; "
        f"at least {MIN_PHOTO_WIDTH} px are needed to print it at column width"]
    assert code == 0


def test_photo_that_is_not_an_image(make_root, check_root):
    root = make_root({"images/2023/clinic.jpg": b"this is not a picture\n"})
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/mobile-clinic.md:11: error: photo '2023/clinic.jpg': "
                     "cannot read image: not a JPEG, PNG or WebP file"]
    assert code == 1


def test_missing_donor_logo(make_root, check_root):
    root = make_root({"images/logos/netherlands.png": None})
    code, lines, _ = check_root(root)
    assert lines == ["content/donors.yaml:12: error: logo 'logos/netherlands.png' not found under images/"]
    assert code == 1



def test_donor_logo_that_is_not_an_image(make_root, check_root):
    """Caught by check, not at the end of a build after the notebook has run."""
    root = make_root({"images/logos/netherlands.png": b"\x89PNG\r\n\x1a\nnot a picture"})
    code, lines, _ = check_root(root)
    assert lines == ["content/donors.yaml:12: error: logo 'logos/netherlands.png': "
                     "cannot read image: not a JPEG, PNG or WebP file"]
    assert code == 1


@pytest.mark.parametrize("old, new, given", [
    ("230,,,", "230,120,,", "female"),
    ("230,,,", ",,110,", "male"),
])
def test_half_a_sex_split_is_a_warning(root, check_root, old, new, given):
    edit(root, "content/activities.csv", old, new)
    code, lines, _ = check_root(root)
    assert lines == [f"content/activities.csv:4: warning: only {given} is given; give both female "
                     "and male, or neither, so the row counts as disaggregated"]
    assert code == 0


# --- front matter -----------------------------------------------------------------------

def test_story_without_front_matter(make_root, check_root):
    root = make_root({CLINIC: "Mobile clinics reach the highlands\n\nText.\n"})
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/mobile-clinic.md:1: error: no front matter: start the file with a line "
                     "'---', then the story's title, date, theme…, then another '---'"]
    assert code == 1


def test_story_with_unclosed_front_matter(make_root, check_root):
    root = make_root({CLINIC: STORY_CLINIC.replace("---\n\nThe mobile", "\nThe mobile")})
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/mobile-clinic.md:1: error: front matter is not closed: add a line '---' after it"]
    assert code == 1


def test_story_front_matter_syntax_error_names_the_file_line(root, check_root):
    # Line 6 of the file is line 5 of the front matter: the offset must be kept.
    edit(root, CLINIC, "places: [Qacha's Nek, Sehlabathebe]", "places: [Qacha's Nek, Sehlabathebe")
    code, lines, _ = check_root(root)
    assert len(lines) == 1
    assert re.fullmatch(r"content/stories/mobile-clinic\.md:(6|7): error: YAML syntax error: .+", lines[0])
    assert code == 1


# --- encodings ----------------------------------------------------------------------------

def test_latin1_byte_names_line_and_byte(make_root, check_root):
    story = ("---\n"
             "theme: health\n"
             "title: Caf\xe9 talks in Maseru\n"
             "date: 2023-05-20\n"
             "places: [Maseru]\n"
             "---\n"
             "\n"
             "Text.\n").encode("latin-1")
    root = make_root({"content/stories/cafe.md": story})
    code, lines, _ = check_root(root)
    assert lines == ["content/stories/cafe.md:3: error: not UTF-8: byte 0xE9 at column 11; save the file as UTF-8"]
    assert code == 1


def test_bom_and_crlf_are_fine(make_root, check_root):
    bom = b"\xef\xbb\xbf"
    files = {}
    plain = make_root()
    for rel in (SITE_Y, DONORS_Y, AWARDS_Y, PLACES_Y, CSV, CLINIC, REFERRAL):
        files[rel] = bom + read(plain, rel).replace("\n", "\r\n").encode("utf-8")
    root = make_root(files)
    code, lines, _ = check_root(root)
    assert lines == []
    assert code == 0
    # ... and they read exactly like the plain files.
    a, _ = load_project(plain)
    b, _ = load_project(root)
    assert b.site == a.site
    assert b.donors == a.donors
    assert b.awards == a.awards
    assert b.activities == a.activities
    assert b.stories == a.stories


# --- values stay text --------------------------------------------------------------------

def test_values_are_read_as_text(root, check_root):
    edit(root, CSV, "TIP-2023-015,", "00123,")
    edit(root, SITE_Y, "language: en", "language: no")
    code, lines, _ = check_root(root)
    assert lines == []
    assert code == 0
    project, problems = load_project(root)
    assert problems == []
    assert [a.id for a in project.activities] == ["TIP-2023-014", "HLT-2023-003", "00123", "LAB-2023-001"]
    assert project.site.language == "no"
    assert isinstance(project.site.language, str)


def test_featured_false_and_true_are_flags(root):
    project, problems = load_project(root)
    assert problems == []
    by_slug = {s.slug: s for s in project.stories}
    assert by_slug["mobile-clinic"].featured is True
    assert by_slug["referral-committees"].featured is False


# --- XLSX -------------------------------------------------------------------------------

def _xlsx_of_csv(path: Path, text: str = ACTIVITIES, patch=None) -> None:
    """The CSV as a workbook as a person types it: real dates, numbers as numbers."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows[1:]:
        cells = []
        for column, value in zip(header, row):
            if value == "":
                cells.append(None)
            elif column in ("start", "end"):
                cells.append(datetime.date.fromisoformat(value))
            elif column in ("participants", "female", "male"):
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    if patch:
        patch(sheet)
    book.save(path)


def test_xlsx_loads_like_csv(make_root, check_root):
    plain = make_root()
    root = make_root({CSV: None})
    _xlsx_of_csv(root / XLSX)
    code, lines, _ = check_root(root)
    assert lines == []
    assert code == 0
    a, _ = load_project(plain)
    b, problems = load_project(root)
    assert problems == []
    assert b.activities_file == XLSX
    assert b.activities == a.activities
    assert [x.start for x in b.activities] == [datetime.date(2023, 4, 24), datetime.date(2023, 5, 8),
                                                datetime.date(2023, 5, 16), datetime.date(2023, 6, 5)]


def _set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula the cached result a spreadsheet program saves with it."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # an empty value is <v/> or, where openpyxl writes with lxml (python-docx brings it), <v></v>
    new = re.sub(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v\s*(/>|></v>)', rf"\1<v>{value}</v>", sheet)
    assert new != sheet
    parts["xl/worksheets/sheet1.xml"] = new.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_xlsx_formula_and_float_counts_are_whole_numbers(make_root, check_root):
    root = make_root({CSV: None})

    def patch(sheet):
        sheet["I3"] = "=400+12"  # participants of HLT-2023-003
        sheet["J3"] = 251.0  # female
        sheet["K3"] = 161.0  # male

    _xlsx_of_csv(root / XLSX, patch=patch)
    _set_cached_value(root / XLSX, "I3", "412")
    code, lines, _ = check_root(root)
    assert lines == []
    assert code == 0
    project, _ = load_project(root)
    clinic = project.activities[1]
    assert (clinic.id, clinic.participants, clinic.female, clinic.male) == ("HLT-2023-003", 412, 251, 161)
    assert isinstance(clinic.participants, int)


def test_xlsx_problems_name_the_spreadsheet_row(make_root, check_root):
    root = make_root({CSV: None})
    _xlsx_of_csv(root / XLSX, patch=lambda sheet: sheet.__setitem__("I3", 12.5))
    code, lines, _ = check_root(root)
    assert "content/activities.xlsx:3: error: participants: '12.5' is not a whole number" in lines
    assert code == 1


def test_damaged_xlsx(make_root, check_root):
    root = make_root({CSV: None, XLSX: b"PK\x03\x04 not really a workbook"})
    code, lines, _ = check_root(root)
    assert "content/activities.xlsx: error: not a readable .xlsx workbook (BadZipFile)" in lines
    assert code == 1


def test_both_csv_and_xlsx(make_root, check_root):
    root = make_root()
    _xlsx_of_csv(root / XLSX)
    code, lines, _ = check_root(root)
    assert lines == ["content/activities.csv: error: both activities.csv and activities.xlsx exist; keep one"]
    assert code == 1


# --- all at once -------------------------------------------------------------------------------

def test_all_problems_in_one_run_sorted(root, check_root):
    edit(root, SITE_Y, "  thanks:", "  thank:")
    edit(root, DONORS_Y, "{donor}, under", "{doner}, under")
    edit(root, AWARDS_Y, "  theme: tip\n", "  theme: tip\n  theme: tip\n")
    edit(root, PLACES_Y, "Hlotse]", "Hlotse, Roma]")
    edit(root, CSV, "2023-05-16,", "07/05/2023,")
    edit(root, CSV, "dialogue,20,10,10", "dialogue,20,10,9")
    edit(root, REFERRAL, "file: 2023/referral.jpg", "file: 2023/referal.jpg")
    edit(root, CLINIC, "places: [Qacha's Nek,", "places: [Qachas Neck,")
    edit(root, CLINIC, "end: 2023-05-12", "end: 2023-05-01")
    code, lines, out = check_root(root)
    assert lines == [
        "content/activities.csv:4: error: start: '07/05/2023' is not an ISO date; write it as YYYY-MM-DD",
        "content/activities.csv:5: error: female (10) + male (9) = 19, but participants is 20",
        "content/awards.yaml:5: error: duplicate key 'theme' (first on line 4)",
        "content/donors.yaml:4: error: unknown placeholder '{doner}' in 'us-state.acknowledgement'; "
        "did you mean 'donor'? (use {donor}, {award}, {project})",
        "content/places.yaml:3: error: 'Roma' is listed under both Maseru and Leribe",
        "content/site.yaml:8: warning: unknown key 'newsletter.thank'; did you mean 'thanks'?",
        "content/stories/mobile-clinic.md:4: error: end 2023-05-01 is before date 2023-05-08",
        "content/stories/mobile-clinic.md:6: error: unknown place 'Qachas Neck'; did you mean 'Qacha's Nek'?",
        "content/stories/referral-committees.md:9: error: photo '2023/referal.jpg' not found under images/; "
        "did you mean '2023/referral.jpg'?",
    ]
    assert code == 1
    assert out.rstrip().endswith("8 errors, 1 warning")


# --- a value met many times: worked out once, reported wherever it is -------------------------

def test_a_misspelt_place_on_two_rows_is_reported_on_both(root, check_root):
    edit(root, CSV, "Thaba-Tseka,tip", "Thaba-Tsekaa,tip")
    edit(root, CSV, "Maseru Bridge,labour", "Thaba-Tsekaa,labour")
    code, lines, _ = check_root(root)
    assert lines == [
        "content/activities.csv:2: error: unknown place 'Thaba-Tsekaa'; did you mean 'Thaba-Tseka'?",
        "content/activities.csv:5: error: unknown place 'Thaba-Tsekaa'; did you mean 'Thaba-Tseka'?",
    ]
    assert code == 1


def test_the_same_wrong_cells_on_two_rows_are_reported_on_both(root, check_root):
    edit(root, CSV, "2023-05-08,2023-05-12,Qachas Nek,health", "07/05/2023,2023-05-12,Qachas Nek,helth")
    edit(root, CSV, "2023-06-05,,Maseru Bridge,labour", "07/05/2023,,Maseru Bridge,helth")
    edit(root, CSV, "screening,412,", "screening,many,")
    edit(root, CSV, "dialogue,20,", "dialogue,many,")
    code, lines, _ = check_root(root)
    assert lines == [
        "content/activities.csv:3: error: participants: 'many' is not a whole number",
        "content/activities.csv:3: error: start: '07/05/2023' is not an ISO date; write it as YYYY-MM-DD",
        "content/activities.csv:5: error: participants: 'many' is not a whole number",
        "content/activities.csv:5: error: start: '07/05/2023' is not an ISO date; write it as YYYY-MM-DD",
    ]
    assert code == 1


def test_a_misspelt_theme_and_award_on_two_rows_are_reported_on_both(root, check_root):
    edit(root, CSV, "Qachas Nek,health,NL-MHP-2022-017,", "Qachas Nek,helth,NL-MHP-2022-71,")
    edit(root, CSV, "Maseru Bridge,labour,SSITIP20GR0006;NL-MHP-2022-017,",
         "Maseru Bridge,helth,NL-MHP-2022-71,")
    code, lines, _ = check_root(root)
    assert lines == [
        "content/activities.csv:3: error: unknown award 'NL-MHP-2022-71'; did you mean 'NL-MHP-2022-017'?",
        "content/activities.csv:3: error: unknown theme 'helth'; did you mean 'health'?",
        "content/activities.csv:5: error: unknown award 'NL-MHP-2022-71'; did you mean 'NL-MHP-2022-017'?",
        "content/activities.csv:5: error: unknown theme 'helth'; did you mean 'health'?",
    ]
    assert code == 1


def test_a_damaged_photo_two_stories_show_is_reported_for_both(make_root, check_root):
    root = make_root({"images/2023/clinic.jpg": b"<html>not a photo</html>"})
    edit(root, REFERRAL, "file: 2023/referral.jpg", "file: 2023/clinic.jpg")
    code, lines, _ = check_root(root)
    assert lines == [
        "content/stories/mobile-clinic.md:11: error: photo '2023/clinic.jpg': "
        "cannot read image: not a JPEG, PNG or WebP file",
        "content/stories/referral-committees.md:9: error: photo '2023/clinic.jpg': "
        "cannot read image: not a JPEG, PNG or WebP file",
    ]
    assert code == 1


def test_a_missing_photo_two_stories_show_is_reported_for_both(root, check_root):
    edit(root, REFERRAL, "file: 2023/referral.jpg", "file: 2023/clinc.jpg")
    edit(root, CLINIC, "file: 2023/clinic.jpg", "file: 2023/clinc.jpg")
    code, lines, _ = check_root(root)
    assert lines == [
        f"{story}: error: photo '2023/clinc.jpg' not found under images/; did you mean '2023/clinic.jpg'?"
        for story in ("content/stories/mobile-clinic.md:11", "content/stories/referral-committees.md:9")]
    assert code == 1


def test_a_photo_stories_share_is_decoded_once(root, check_root, monkeypatch):
    from bulletin import images

    decoded = []
    real = images.decoded_size
    monkeypatch.setattr(images, "decoded_size", lambda path: decoded.append(path) or real(path))
    edit(root, REFERRAL, "file: 2023/referral.jpg", "file: 2023/clinic.jpg")
    code, lines, _ = check_root(root)
    assert (code, lines) == (0, [])
    photos = [p.relative_to(root / "images").as_posix() for p in decoded if "logos" not in p.parts]
    assert photos == ["2023/clinic.jpg"]


# --- check is read-only ----------------------------------------------------------------------------

def _snapshot(root: Path) -> dict[str, str]:
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            state[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = "dir"
        for f in filenames:
            path = os.path.join(dirpath, f)
            with open(path, "rb") as fh:
                state[os.path.relpath(path, root)] = hashlib.sha256(fh.read()).hexdigest()
    return state


@pytest.mark.parametrize("broken", [False, True])
def test_check_never_modifies_the_root(root, check_root, broken):
    if broken:
        edit(root, CLINIC, "file: 2023/clinic.jpg", "file: 2023/clinc.jpg")
        edit(root, CSV, "412,251,161", "412,251,160")
        _xlsx_of_csv(root / XLSX)
    before = _snapshot(root)
    mtimes = {p: p.stat().st_mtime_ns for p in root.rglob("*")}
    code, _, _ = check_root(root)
    assert code == (1 if broken else 0)
    assert _snapshot(root) == before
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == mtimes


# --- no traceback for malformed input -----------------------------------------------------------

PROBLEM_LINE = re.compile(r"(content|images)/[^:\n]*(:\d+)?: (error|warning): .+")


def _dir(rel):
    def plant(root):
        path = root / rel
        if path.exists():
            path.unlink()
        path.mkdir(parents=True)
    return plant


def _edit(rel, old, new):
    return lambda root: edit(root, rel, old, new)


MALFORMED = [
    pytest.param(lambda r: write(r, SITE_Y, bytes(range(256)) * 4), "content/site.yaml", id="site-binary-garbage"),
    pytest.param(lambda r: write(r, SITE_Y, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "content/site.yaml",
                 id="site-is-a-png"),
    pytest.param(_edit(SITE_Y, "office: IOM Lesotho", "office: IOM\x0cLesotho"), "content/site.yaml",
                 id="site-control-character"),
    pytest.param(lambda r: write(r, SITE_Y, "- a\n- b\n"), "content/site.yaml", id="site-is-a-list"),
    pytest.param(lambda r: write(r, DONORS_Y, "- a\n- b\n"), "content/donors.yaml", id="donors-is-a-list"),
    pytest.param(lambda r: write(r, PLACES_Y, "- a\n- b\n"), "content/places.yaml", id="places-is-a-list"),
    pytest.param(lambda r: write(r, AWARDS_Y, "SSITIP20GR0006: [a]\nNL-MHP-2022-017: x\n"), "content/awards.yaml",
                 id="award-entries-not-mappings"),
    pytest.param(lambda r: write(r, CLINIC, "---\n- a\n---\ntext\n"), CLINIC, id="front-matter-is-a-list"),
    pytest.param(lambda r: write(r, SITE_Y, ""), "content/site.yaml", id="site-empty"),
    pytest.param(lambda r: write(r, CSV, ""), CSV, id="activities-empty"),
    pytest.param(lambda r: write(r, CLINIC, ""), CLINIC, id="story-empty"),
    pytest.param(lambda r: write(r, PLACES_Y, ""), "content/places.yaml", id="places-empty"),
    pytest.param(lambda r: write(r, CSV, bytes(range(256)) * 4), CSV, id="activities-binary-garbage"),
    pytest.param(_dir(CSV), CSV, id="activities-csv-is-a-directory"),
    pytest.param(_dir(CLINIC), CLINIC, id="story-is-a-directory"),
    pytest.param(_dir(SITE_Y), "content/site.yaml", id="site-yaml-is-a-directory"),
    pytest.param(lambda r: write(r, SITE_Y, SITE + "extra: &a [*a]\n"), "content/site.yaml",
                 id="yaml-recursive-alias"),
    pytest.param(_edit(PLACES_Y, "  Maseru: {towns", "  ? [a]\n  : 1\n  Maseru: {towns"), "content/places.yaml",
                 id="yaml-key-is-a-list"),
    pytest.param(_edit(CLINIC, "file: 2023/clinic.jpg", 'file: "2023/cl\\0inic.jpg"'), CLINIC,
                 id="photo-path-with-nul"),
    pytest.param(lambda r: write(r, XLSX, b"PK\x03\x04garbage"), CSV, id="damaged-xlsx-beside-csv"),
]


@pytest.mark.parametrize("plant, where", MALFORMED)
def test_malformed_input_is_reported_without_traceback(root, run_cli, plant, where):
    plant(root)
    code, out, err = run_cli("check", "--root", root)
    assert "Traceback" not in out + err
    assert code == 1
    lines = [line for line in err.split("\n") if line]
    assert lines, "at least one problem must be reported"
    for line in lines:
        assert PROBLEM_LINE.fullmatch(line), line
    assert any(line.startswith(where) for line in lines), lines


def test_missing_root(tmp_path, run_cli):
    code, out, err = run_cli("check", "--root", tmp_path / "nowhere")
    assert code == 1
    assert "Traceback" not in out + err
    assert err.startswith("content/: error: no content folder in ")


# --- the repository's own sample content -------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]


def test_bundled_sample_content_passes_check(run_cli):
    code, out, err = run_cli("check", "--root", REPO)
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == []
    assert code == 0
