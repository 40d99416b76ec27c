"""Bad input and faults, as a careless or hostile user would try them (issue 8).

Each case asserts the exact outcome: the exit status, the message (file,
line or option, and the fix), and that nothing half-made is left behind.
The fast cases run `check` and the CLI in-process; the builds at the end
run once per module.
"""

from __future__ import annotations

import errno
import io
import os
import zipfile
from pathlib import Path

import pytest
from conftest import ACTIVITIES, STORY_CLINIC, image_bytes
from openpyxl import Workbook
from PIL import Image

CLINIC = "content/stories/mobile-clinic.md"
CSV = "content/activities.csv"
HEADER = ACTIVITIES.splitlines()[0]


def clinic(old: str, new: str) -> dict:
    assert STORY_CLINIC.count(old) == 1, old
    return {CLINIC: STORY_CLINIC.replace(old, new)}


def errors_of(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line]


# --- check: a schema error hides nothing else -------------------------------------

CREDIT = "    credit: IOM 2023/Lineo Mokoena\n"


@pytest.mark.parametrize("changes, expected", [
    pytest.param(
        [(CREDIT, ""), ("Sehlabathebe]", "Sehlabatebe]"), ("featured: true", "awards: [NL-MHP-2022-71]\nfeatured: true"),
         ("file: 2023/clinic.jpg", "file: 2023/clinc.jpg")],
        ["content/stories/mobile-clinic.md:6: error: unknown place 'Sehlabatebe'; did you mean 'Sehlabathebe'?",
         "content/stories/mobile-clinic.md:8: error: unknown award 'NL-MHP-2022-71'; did you mean 'NL-MHP-2022-017'?",
         "content/stories/mobile-clinic.md:12: error: photo '2023/clinc.jpg' not found under images/; "
         "did you mean '2023/clinic.jpg'?",
         "content/stories/mobile-clinic.md:12: error: photo 1 (2023/clinc.jpg) has no credit"],
        id="photo-without-credit-hides-nothing"),
    pytest.param(
        [("date: 2023-05-08", "date: 08/05/2023"), ("Sehlabathebe]", "Sehlabatebe]")],
        ["content/stories/mobile-clinic.md:3: error: date: '08/05/2023' is not an ISO date; write it as YYYY-MM-DD",
         "content/stories/mobile-clinic.md:6: error: unknown place 'Sehlabatebe'; did you mean 'Sehlabathebe'?"],
        id="european-date-hides-nothing"),
    pytest.param(
        [("theme: health", "theme:"), ("file: 2023/clinic.jpg", "file: 2023/nothing.jpg")],
        ["content/stories/mobile-clinic.md:5: error: 'theme' is empty",
         "content/stories/mobile-clinic.md:11: error: photo '2023/nothing.jpg' not found under images/"],
        id="empty-theme-hides-nothing"),
    pytest.param(
        [("    alt: A nurse", "    alt:\n    note: A nurse")],
        ["content/stories/mobile-clinic.md:14: error: photo 1 (2023/clinic.jpg): alt is empty"],
        id="photo-error-in-words"),
])
def test_a_schema_error_hides_no_other_problem(make_root, check_root, changes, expected):
    text = STORY_CLINIC
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    root = make_root({CLINIC: text})
    code, lines, out = check_root(root)
    assert code == 1
    assert errors_of(lines) == expected
    # the story is still counted
    assert out.startswith(f"checked {root}: 2 stories, 4 activities: {len(expected)} error")


def test_one_error_is_one_error_not_one_errors(make_root, check_root):
    root = make_root(clinic(CREDIT, ""))
    code, lines, out = check_root(root)
    assert code == 1
    assert out == f"checked {root}: 2 stories, 4 activities: 1 error, 0 warnings\n"


def test_one_story_and_one_activity_are_singular(make_root, check_root):
    root = make_root({CLINIC: None, CSV: HEADER + "\n" + ACTIVITIES.splitlines()[1] + "\n"})
    code, lines, out = check_root(root)
    assert code == 0, lines
    assert out == f"checked {root}: 1 story, 1 activity: 0 errors, 0 warnings\n"


# --- check: photos decoded in full, with the photo pipeline's limits -------------------

def truncated_jpeg() -> bytes:
    data = image_bytes((800, 600), "JPEG", (10, 200, 30))
    noisy = Image.effect_noise((800, 600), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=90)
    whole = out.getvalue()
    assert len(whole) > len(data)
    return whole[: len(whole) * 2 // 3]


def huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 million pixels, a small file
    return out.getvalue()


PHOTO_LINE = "content/stories/mobile-clinic.md:11: error: photo '2023/clinic.jpg': "


@pytest.mark.parametrize("data, message", [
    pytest.param(truncated_jpeg(), "cannot read image: file is truncated", id="truncated-jpeg"),
    pytest.param(b"<html>not a photo</html>", "cannot read image: not a JPEG, PNG or WebP file",
                 id="not-an-image"),
    pytest.param(b"", "cannot read image: not a JPEG, PNG or WebP file", id="empty-file"),
    pytest.param(huge_png(), f"image is too large to process safely (over {Image.MAX_IMAGE_PIXELS:,} "
                             "pixels); scale it down before adding it", id="too-many-pixels"),
])
def test_check_decodes_every_photo(make_root, check_root, data, message):
    root = make_root({"images/2023/clinic.jpg": data})
    code, lines, _ = check_root(root)
    assert code == 1
    assert errors_of(lines) == [PHOTO_LINE + message]


def truncated_png() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((300, 100), 80).convert("RGB").save(out, "PNG")
    return out.getvalue()[: len(out.getvalue()) // 2]


def test_a_truncated_logo_is_found_by_check(make_root, check_root):
    root = make_root({"images/logos/netherlands.png": truncated_png()})
    code, lines, _ = check_root(root)
    assert code == 1
    assert errors_of(lines) == ["content/donors.yaml:12: error: logo 'logos/netherlands.png': "
                                "cannot read image: file is truncated"]


# --- check: activity sheets ----------------------------------------------------------

@pytest.mark.parametrize("csv_text, expected", [
    pytest.param(HEADER.replace(",", ";") + "\n" + ACTIVITIES.splitlines()[1].replace(",", ";") + "\n",
                 "content/activities.csv: error: line 1: the columns are separated by semicolons, not "
                 "commas; save the sheet as CSV with commas (or as activities.xlsx)", id="semicolons"),
    pytest.param(HEADER.replace(",", "\t") + "\n",
                 "content/activities.csv: error: line 1: the columns are separated by tabs, not "
                 "commas; save the sheet as CSV with commas (or as activities.xlsx)", id="tabs"),
    pytest.param(HEADER + ",participants\n" + ACTIVITIES.splitlines()[1] + ",99\n",
                 "content/activities.csv:1: error: column 'participants' appears twice "
                 "(columns 9 and 14); keep one", id="duplicated-header"),
])
def test_activity_sheet_layout_is_named(make_root, check_root, csv_text, expected):
    root = make_root({CSV: csv_text, CLINIC: STORY_CLINIC.replace("activities: [HLT-2023-003]\n", "")})
    code, lines, _ = check_root(root)
    assert code == 1
    assert errors_of(lines)[0] == expected
    assert len(errors_of(lines)) == 1, lines  # not one "missing column" per column as well


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX_HEADER = HEADER.split(",")
XLSX_ROW = ["TIP-2023-014", "Referral committee training", "2023-04-24", "2023-04-26", "Thaba-Tseka",
            "tip", "SSITIP20GR0006", "training", "=20+22", "", "", "", "referral-committees"]


def test_a_formula_without_a_saved_value_is_named(make_root, check_root):
    root = make_root({CSV: None, "content/activities.xlsx": xlsx([XLSX_HEADER, XLSX_ROW]),
                      CLINIC: STORY_CLINIC.replace("activities: [HLT-2023-003]\n", "")})
    code, lines, _ = check_root(root)
    assert code == 1
    assert errors_of(lines) == [
        "content/activities.xlsx:2: error: column 'participants' holds a formula (=20+22) without a "
        "saved value; open the file in Excel or LibreOffice and save it, or type the value"]


def test_a_duplicated_xlsx_header_is_named(make_root, check_root):
    root = make_root({CSV: None, CLINIC: STORY_CLINIC.replace("activities: [HLT-2023-003]\n", ""),
                      "content/activities.xlsx": xlsx([[*XLSX_HEADER, "female"],
                                                       [*XLSX_ROW[:8], 42, 20, 22, "", "", 21]])})
    code, lines, _ = check_root(root)
    assert code == 1
    assert errors_of(lines) == ["content/activities.xlsx:1: error: column 'female' appears twice "
                                "(columns 10 and 14); keep one"]


# --- check: a co-funded row's shares (award: A:60;B:40) --------------------------------------

TIP, NL = "SSITIP20GR0006", "NL-MHP-2022-017"
BAD_SHARES = [  # each row's award cell, and what check says of it
    (f"{TIP}:60;{NL}:30", "award: the shares add up to 90, not 100; make them add up to 100"),
    (f"{TIP}:60;{NL}", f"award: {TIP} has a share but {NL} does not; give every award a share "
                       "(A:60;B:40) or none (counted in full in each)"),
    (f"{TIP}:sixty;{NL}:40", f"award: the share 'sixty' of {TIP} is not a number; write a percentage, "
                             f"e.g. {TIP}:60"),
    (f"{TIP}:100;{NL}:0", f"award: the share of {NL} is 0; a share must be more than 0 "
                          "(remove the award if it paid nothing)"),
    (f"{TIP}:50;{TIP}:50", f"award: {TIP} is named twice; name it once"),
    (f"{TIP}:60;NL-MHP-2022-71:40", "unknown award 'NL-MHP-2022-71'; did you mean 'NL-MHP-2022-017'?"),
    (f"{TIP}:x;{NL}:0;{TIP}:40", f"award: {TIP} is named twice; name it once; the share 'x' of {TIP} is "
                                 f"not a number; write a percentage, e.g. {TIP}:60; the share of {NL} "
                                 "is 0; a share must be more than 0 (remove the award if it paid nothing)"),
]


def test_bad_shares_are_named_with_their_lines_all_at_once(make_root, check_root):
    rows = "".join(f'X-{i},Dialogue {i},2023-06-0{i},,Maseru,tip,"{cell}",meeting,10,5,5,,\n'
                   for i, (cell, _) in enumerate(BAD_SHARES, start=1))
    root = make_root({CSV: ACTIVITIES + rows})
    code, lines, _ = check_root(root)
    assert code == 1
    # the sheet's rows are lines 2-5; the bad ones follow, from line 6
    assert errors_of(lines) == [f"{CSV}:{line}: error: {message}"
                                for line, (_, message) in enumerate(BAD_SHARES, start=6)]


def test_good_shares_pass_check(make_root, check_root):
    row = f'X-1,Dialogue,2023-06-01,,Maseru,tip,"{TIP}:33.3;{NL}:66.7%",meeting,10,5,5,,\n'
    code, lines, _ = check_root(make_root({CSV: ACTIVITIES + row}))
    assert (code, errors_of(lines)) == (0, [])


# --- check: the email's addresses in site.yaml ------------------------------------------

SITE_YAML = "content/site.yaml"
WRITE_IT = "; write it as name@example.org"


@pytest.mark.parametrize("old, new, key, message", [
    pytest.param("  thanks:", "  sender: comms.example.org\n  thanks:", "  sender:",
                 "newsletter.sender: 'comms.example.org' is not an email address "
                 "(an email address must have an @-sign)", id="sender-without-at"),
    pytest.param("  thanks:", "  list_address: news@lists\n  thanks:", "  list_address:",
                 "newsletter.list_address: 'news@lists' is not an email address (the part after "
                 "the @-sign is not valid; it should have a period)", id="list-address-without-domain"),
    pytest.param("email: comms@example.org", "email: comms at example.org", "email:",
                 "contact 1 (Communication Assistant): email: 'comms at example.org' is not an email "
                 "address (an email address must have an @-sign)", id="contact-with-a-space"),
    pytest.param("email: comms@example.org", "email: lékhotla@example.org", "email:",
                 "contact 1 (Communication Assistant): email: 'lékhotla@example.org' is not an email "
                 "address (internationalized characters before the @-sign are not supported: 'é')",
                 id="contact-the-email-cannot-carry"),
])
def test_a_bad_address_in_site_yaml_is_named_with_its_line(make_root, check_root, old, new, key, message):
    from support import SITE, line_of

    assert SITE.count(old) == 1, old
    site = SITE.replace(old, new)
    code, lines, _ = check_root(make_root({SITE_YAML: site}))
    assert code == 1
    assert errors_of(lines) == [f"{SITE_YAML}:{line_of(site, key)}: error: {message}{WRITE_IT}"]


def test_the_email_addresses_in_site_yaml_are_optional_and_read(make_root, check_root):
    from bulletin.project import load_project
    from support import SITE

    root = make_root({SITE_YAML: SITE.replace(
        "  thanks:", "  sender: news.lesotho@example.org\n  list_address: subscribers@lists.example.org\n"
        "  thanks:")})
    code, lines, _ = check_root(root)
    assert (code, lines) == (0, [])
    newsletter = load_project(root)[0].site.newsletter
    assert (newsletter.sender, newsletter.list_address) == ("news.lesotho@example.org",
                                                            "subscribers@lists.example.org")


# --- the command line -------------------------------------------------------------------

def test_out_that_is_a_file_is_refused(root, run_cli):
    target = root / "out.txt"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run_cli("newsletter", "--root", root, "--period", "2023-Q2", "--out", target)
    assert (code, out) == (2, "")
    assert err == f"error: --out {target} is a file, not a folder; give a folder for the outputs\n"
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("inside", ["content", "images", "content/stories", "images/2023/out"])
def test_out_inside_the_content_is_refused(root, run_cli, inside):
    out = root / inside
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, stdout, err = run_cli("report", "--root", root, "--award", "SSITIP20GR0006",
                                "--period", "2023-Q2", "--out", out)
    assert (code, stdout) == (2, "")
    top = inside.split("/")[0]
    assert err == (f"error: --out {out} is inside {root / top}, which holds the content; "
                   f"choose a folder outside it (default: {root / 'build'})\n")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_cache_inside_the_images_is_refused(root, run_cli):
    code, _, err = run_cli("newsletter", "--root", root, "--period", "2023-Q2",
                           "--cache", root / "images" / ".cache")
    assert code == 2
    assert err.startswith(f"error: --cache {root / 'images' / '.cache'} is inside {root / 'images'}")


@pytest.mark.parametrize("number, advice", [
    (errno.ENOSPC, "the disk is full; free some space and build again"),
    (errno.EROFS, "the file system is read-only; pass --out a folder you can write to"),
    (errno.EACCES, "permission denied; pass --out a folder you can write to"),
])
def test_disk_faults_are_named_without_a_traceback(root, run_cli, monkeypatch, tmp_path, number, advice):
    """A full or read-only disk cannot be made in a test; the OSError it raises can."""
    from bulletin import outputs

    def refuse(self, folder):
        raise OSError(number, os.strerror(number), str(folder))

    monkeypatch.setattr(outputs.Staging, "__init__", refuse)
    out = tmp_path / "out"
    code, stdout, err = run_cli("newsletter", "--root", root, "--period", "2023-Q2", "--out", out)
    assert (code, stdout) == (1, "")
    assert err == f"error: cannot write {out / 'newsletter' / '2023-Q2'}: {advice}\n"
    assert "Traceback" not in err


# --- safe folder names for awards ------------------------------------------------------

@pytest.mark.parametrize("number, others, folder", [
    ("SSITIP20GR0006", (), "SSITIP20GR0006"),
    ("EU/LMG/21/004", (), "EU-LMG-21-004"),
    ("../../../escaped", (), "escaped"),
    ("..", (), None),
    ("/", (), None),
    ("EU LMG 21\\004", (), "EU-LMG-21-004"),
])
def test_award_folders_are_safe_names(number, others, folder):
    from bulletin.names import folder_name

    name = folder_name(number, others)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    if folder is None:
        assert name.startswith("award-") and len(name) == len("award-") + 8
    else:
        assert name == folder


def test_award_folders_stay_unique():
    from bulletin.names import folder_name

    awards = ["EU/LMG/21/004", "EU-LMG-21-004", "eu-lmg-21-004"]
    names = [folder_name(a, awards) for a in awards]
    assert len({n.casefold() for n in names}) == 3
    assert all(n.startswith(("EU-LMG-21-004-", "eu-lmg-21-004-")) for n in names)


# --- staging: stale folders cleared, published folders hold only what is used ---------------

def test_stale_staging_folders_are_cleared_and_live_ones_kept(tmp_path):
    from bulletin.outputs import Staging

    folder = tmp_path / "newsletter" / "2023-Q2"
    dead = tmp_path / "newsletter" / ".2023-Q2.999999999.abc123"
    live = tmp_path / "newsletter" / f".2023-Q2.{os.getpid()}.def456"
    other = tmp_path / "newsletter" / ".2023-Q3.999999999.ghi789"
    for staging in (dead, live, other):
        staging.mkdir(parents=True)
        (staging / "newsletter.pdf").write_bytes(b"")  # what kill -9 leaves: a 0-byte PDF
    with Staging(folder) as stage:
        stage.path("index.html").write_text("new", encoding="utf-8")
    assert not dead.exists()
    assert live.exists() and other.exists()
    assert sorted(p.name for p in (tmp_path / "newsletter").iterdir()) == \
        sorted(["2023-Q2", live.name, other.name])


def test_a_staging_folder_older_than_the_process_with_its_pid_is_stale(tmp_path):
    """Pids are reused: a folder left long before this process started is not its own."""
    from bulletin.outputs import Staging

    old = tmp_path / f".2023-Q2.{os.getpid()}.abc123"
    old.mkdir()
    os.utime(old, (0, 0))  # 1970
    with Staging(tmp_path / "2023-Q2"):
        pass
    assert not old.exists()


def test_a_rebuild_replaces_the_web_images(tmp_path):
    from bulletin.outputs import Staging

    folder = tmp_path / "2023-Q2"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "withdrawn.jpg").write_bytes(b"consent revoked")
    (folder / "notes.txt").write_text("kept: not a subfolder the build writes", encoding="utf-8")
    with Staging(folder) as stage:
        stage.path("images/kept.jpg").write_bytes(b"photo")
        stage.path("index.html").write_text("page", encoding="utf-8")
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["kept.jpg"]
    assert (folder / "notes.txt").exists()


def test_a_failed_build_publishes_nothing(tmp_path):
    from bulletin.outputs import Staging

    folder = tmp_path / "2023-Q2"
    with pytest.raises(RuntimeError), Staging(folder) as stage:
        stage.path("newsletter.pdf").write_bytes(b"%PDF half")
        raise RuntimeError("renderer died")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


# --- reproducible spreadsheets -------------------------------------------------------------

def test_xlsx_is_dated_by_source_date_epoch(tmp_path, monkeypatch):
    from bulletin.spreadsheet import write_activities

    from conftest import make_root_at
    from bulletin.check import load_checked

    root = make_root_at(tmp_path / "root")
    project, _ = load_checked(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1689379200")  # 2023-07-15 00:00 UTC
    first = write_activities(project.activities, tmp_path / "a" / "activities.xlsx", "x").read_bytes()
    second = write_activities(project.activities, tmp_path / "b" / "activities.xlsx", "x").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        assert {info.date_time for info in book.infolist()} == {(2023, 7, 15, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert "2023-07-15T00:00:00Z</dcterms:created>" in core
    assert "2023-07-15T00:00:00Z</dcterms:modified>" in core


# --- builds ------------------------------------------------------------------------------
# One root with a row that gives only a female count, an award numbered as many
# donors write it, and a second quarter (2023-Q3) whose story has no activity.

import json  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from support import descendants, differing_files, gone_within  # noqa: E402
from conftest import (AWARD_A, REPO, REPORT_ACTIVITIES, REPORT_AWARDS, STORY_BORDER,  # noqa: E402
                      poppler, report_pdf_text, run_build, write_report_root)
from openpyxl import load_workbook  # noqa: E402

SLASHED = "EU/LMG/21/004"
LONG_WORD = "Lehlabathebe" * 34  # 408 letters and no place to break
FEMALE_ONLY = "TIP-2023-050,Women's savings group,2023-06-22,,Maseru,tip,SSITIP20GR0006,meeting,22,18,,,\n"
BAD_ROOT_FILES = {
    "content/awards.yaml": REPORT_AWARDS + f"""\
{SLASHED}:
  donor: eu
  project: Labour Mobility Governance
  theme: labour
  start: 2021-01-01
  end: 2024-12-31
""",
    "content/activities.csv": REPORT_ACTIVITIES + FEMALE_ONLY
    + f"LAB-2023-060,Recruiters forum,2023-06-23,,Maseru,labour,{SLASHED},meeting,12,6,6,,\n",
    # the Q3 activity moves to Q4, so the Q3 story has none (as `new story` would leave it)
    "content/stories/border-post.md": STORY_BORDER.replace(
        "title: A shelter opens its doors in Maseru", f"title: {LONG_WORD}"),
}
EPOCH = {"SOURCE_DATE_EPOCH": "1689379200"}


def build(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    if env is None:
        return run_build(*args)
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          env={**os.environ, **env}, check=False)


@pytest.fixture(scope="module")
def bad_root(tmp_path_factory) -> Path:
    root = write_report_root(tmp_path_factory.mktemp("bad-root"), BAD_ROOT_FILES)
    activities = root / "content/activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace(
        "TIP-2023-030,Shelter visit,2023-07-12,,Maseru,tip,SSITIP20GR0006,visit,12,12,0,,border-post",
        "TIP-2023-030,Shelter visit,2023-10-12,,Maseru,tip,SSITIP20GR0006,visit,12,12,0,,"),
        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reports_twice(bad_root, tmp_path_factory) -> list[Path]:
    """Award A's report, built twice into different folders, as a rebuild would be."""
    folders = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        done = build("report", "--award", AWARD_A, "--period", "2023-Q2", "--root", bad_root,
                     "--out", out, "--issued", "2023-07-15", env=EPOCH)
        assert done.returncode == 0, done.stderr
        folders.append(out / "reports" / AWARD_A / "2023-Q2")
    return folders


@pytest.fixture(scope="module")
def newsletters_twice(bad_root, tmp_path_factory) -> list[Path]:
    """The 2023-Q3 edition (a story, no activity), built twice into different folders."""
    folders = []
    for name in ("first-edition", "second-edition"):
        out = tmp_path_factory.mktemp(name)
        done = build("newsletter", "--period", "2023-Q3", "--root", bad_root, "--out", out,
                     "--web-url", "https://example.org/news/2023-Q3/", env=EPOCH)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ("content/activities.csv:14: warning: only female is given; give both "
                               "female and male, or neither, so the row counts as disaggregated\n")
        folders.append(out / "newsletter" / "2023-Q3")
    return folders


def test_female_only_row_agrees_in_report_spreadsheet_and_notebook(reports_twice):
    folder = reports_twice[0]
    # people 27 + 40 + 9 + 20 + 22 = 118; by sex only where both are given:
    # female 15 + 6 + 10 = 31, male 12 + 3 + 10 = 25; not counted by sex 40 + 22 = 62
    text = report_pdf_text(folder / "report.pdf")
    assert "People reached (118)" in text
    assert "Women and girls (31), men and boys (25)" in text
    assert "62 of the people reached were not counted by sex (TIP-2023-020, TIP-2023-050)" in text
    sheet = load_workbook(folder / "activities.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # the last two columns say a co-funded row's other awards and share: none here
    assert rows[-1] == ["Total", "6 activities", None, None, None, None, 118, 31, 25, None, None]
    female_only = next(r for r in rows if r[0] == "TIP-2023-050")
    assert female_only[6:9] == [22, None, None]  # as the report's table: not counted by sex
    notebook = json.loads((folder / "report.ipynb").read_text(encoding="utf-8"))
    shown = "".join("".join(o.get("data", {}).get("text/plain", ""))
                    for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    assert re.search(r"people\s+118\n", shown) and re.search(r"female\s+31\n", shown)
    assert re.search(r"male\s+25\n", shown) and re.search(r"not_disaggregated\s+62\n", shown)


def test_the_executed_notebook_keeps_no_scratch_path(reports_twice, bad_root):
    notebook = json.loads((reports_twice[0] / "report.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(notebook).replace(str(bad_root.resolve()), "ROOT")
    assert "/bulletin-" not in text  # the scratch folder (notebooks.run)
    assert "snapshot.json" not in text and "figures.json" not in text
    assert notebook["metadata"]["papermill"]["parameters"]["figures_path"] == ""
    assert notebook["metadata"]["papermill"]["output_path"] == "report.ipynb"


def test_report_rebuild_is_byte_identical(reports_twice):
    first, second = reports_twice
    assert {"report.pdf", "activities.xlsx", "report.ipynb", "report.ipynb.html"} <= \
        {p.name for p in first.iterdir()}
    # the executed notebook and its HTML copy too: SOURCE_DATE_EPOCH is their every timestamp;
    # and beside the report, the photos' cache and the manifests
    assert differing_files(first.parents[2], second.parents[2]) == []


def test_newsletter_rebuild_is_byte_identical(newsletters_twice):
    first, second = newsletters_twice
    assert {"email.eml", "newsletter.ipynb", "newsletter.ipynb.html"} <= {p.name for p in first.iterdir()}
    # email.eml too: its date is SOURCE_DATE_EPOCH, its Message-ID and boundary hashes of it
    assert differing_files(first, second) == []
    # the archive and feed, the photos' cache and the manifests beside the edition
    assert differing_files(first.parents[1], second.parents[1]) == []


def test_a_story_without_activities_builds_its_edition(newsletters_twice):
    text = poppler("pdftotext", "-enc", "UTF-8", newsletters_twice[0] / "newsletter.pdf", "-")
    assert "Lehlabathebe" in text


def test_a_long_unbreakable_word_stays_on_the_page(newsletters_twice):
    pdf = newsletters_twice[0] / "newsletter.pdf"
    boxes = poppler("pdftotext", "-bbox", pdf, "-")
    pages = re.findall(r'<page width="([\d.]+)"', boxes)
    right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert pages and right
    assert max(right) <= float(pages[0]), "a word runs past the page edge"
    assert sum("Lehlabathebe" in w for w in re.findall(r">([^<]+)</word>", boxes)) >= 2


def test_a_slashed_award_number_gets_one_safe_folder(bad_root, tmp_path):
    done = build("report", "--award", SLASHED, "--period", "2023-Q2", "--root", bad_root,
                 "--out", tmp_path / "out", "--issued", "2023-07-15")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "reports" / "EU-LMG-21-004" / "2023-Q2"
    assert done.stdout.splitlines() == [str(folder / n) for n in
                                        ("report.pdf", "report.html", "activities.xlsx", "report.docx",
                                         "report.ipynb", "report.ipynb.html", "activities.hxl.csv")]
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
                  if p.is_dir() and not {".cache", ".manifests", "fonts"} & set(p.parts)) == \
        ["reports", "reports/EU-LMG-21-004", "reports/EU-LMG-21-004/2023-Q2"]
    assert f"Award {SLASHED}" in report_pdf_text(folder / "report.pdf")


# --- faults: kill -9 and Ctrl-C -------------------------------------------------------------

# A build whose notebooks wait in their kernel, so that the fault arrives while the kernel
# runs: kernels are forked warm now, and a newsletter's can be done before a poll sees it.
_HELD = """
import sys
from pathlib import Path
sys.path.insert(0, {src!r})
import bulletin.notebooks
bulletin.notebooks.NOTEBOOKS = Path({notebooks!r})
from bulletin.cli import main
sys.exit(main(sys.argv[1:]))
"""


def start(tmp_path: Path, *args) -> subprocess.Popen:
    """`build.py ARGS` with notebooks that sleep after their parameters cell, and a
    temporary folder of its own (tmp_path/tmp)."""
    held = tmp_path / "held"
    held.mkdir()
    notebooks = _notebooks_with(tmp_path, f"import os, pathlib, time\n"
                                          f"pathlib.Path({str(held)!r}, str(os.getpid())).touch()\n"
                                          f"time.sleep(300)",
                                names=("donor_report", "newsletter"))
    launcher = _HELD.format(src=str(REPO / "src"), notebooks=str(notebooks))
    # a session of its own, as a terminal's foreground job, so Ctrl-C can go to the group
    (tmp_path / "tmp").mkdir()
    return subprocess.Popen([sys.executable, "-c", launcher, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "TMPDIR": str(tmp_path / "tmp")})


def wait_for_kernels(process: subprocess.Popen, held: Path, count: int, timeout: float = 120) -> set[int]:
    """Wait until `count` notebooks are held in their kernels under `process` (each kernel
    leaves its pid in `held`); all the build's descendants then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        under = descendants(process.pid)
        if len({int(p.name) for p in held.iterdir()} & under) >= count:
            return under
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the notebooks never started")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_batch_leaves_no_process_and_the_next_build_clears_its_staging(bad_root, tmp_path):
    out = tmp_path / "out"
    process = start(tmp_path, "reports", "--period", "2023-Q2", "--root", bad_root, "--out", out, "--jobs", "2")
    under = wait_for_kernels(process, tmp_path / "held", 2)
    assert len(under) >= 4  # two workers, two kernels
    process.kill()
    process.wait(timeout=10)
    # not communicate(): workers that outlive the build would hold its pipes open
    left = gone_within(under, 15)
    for pid in left:  # so that a failing run does not leave them behind either
        os.kill(pid, signal.SIGKILL)
    process.stdout.close()
    process.stderr.close()
    assert left == set(), "workers or kernels outlived their parent"
    staging = sorted(p.name for p in out.glob("reports/*/.2023-Q2.*"))
    assert staging, "a killed build leaves its staging folders"
    assert list((tmp_path / "tmp").iterdir()) == [], "and nothing elsewhere (kernel connection files)"
    done = build("reports", "--period", "2023-Q2", "--root", bad_root, "--out", out, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.glob("reports/*/.2023-Q2.*")) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_ends_a_batch_quietly_with_130(bad_root, tmp_path):
    out = tmp_path / "out"
    process = start(tmp_path, "reports", "--period", "2023-Q2", "--root", bad_root, "--out", out, "--jobs", "2")
    under = wait_for_kernels(process, tmp_path / "held", 2)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stdout == ""
    assert stderr.splitlines()[-1:] == ["interrupted"]
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert gone_within(under, 15) == set()
    assert [p for p in out.rglob("*.pdf")] == []  # nothing half-built is published
    assert list(out.glob("reports/*/.2023-Q2.*")) == []  # and nothing is left to clear


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_while_the_newsletter_kernel_runs(bad_root, tmp_path):
    out = tmp_path / "out"
    process = start(tmp_path, "newsletter", "--period", "2023-Q3", "--root", bad_root, "--out", out)
    under = wait_for_kernels(process, tmp_path / "held", 1)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stdout == ""
    assert stderr.splitlines()[-1:] == ["interrupted"]
    assert "Traceback" not in stderr and "zmq" not in stderr.lower(), stderr
    assert gone_within(under, 15) == set()
    assert list(out.glob("newsletter/.2023-Q3.*")) == []


def test_a_withdrawn_photo_leaves_the_web_edition_on_rebuild(make_root, tmp_path):
    """Consent revoked: the photo is taken out of the story, and must leave images/ too."""
    from conftest import run_main

    root = make_root()
    out = tmp_path / "out"
    code, _, err = run_main("newsletter", "--root", root, "--period", "2023-Q2", "--out", out)
    assert code == 0, err
    images = out / "newsletter" / "2023-Q2" / "images"
    before = sorted(p.name for p in images.iterdir())
    photo = "  - file: 2023/clinic.jpg\n    caption: A nurse screens a herder in Sehlabathebe.\n" \
            "    credit: IOM 2023/Lineo Mokoena\n" \
            "    alt: A nurse taking the blood pressure of a man in a blanket.\n" \
            "    people: identifiable\n    consent: [C-2023-001, C-2023-002]\n"
    story = root / CLINIC
    story.write_text(story.read_text(encoding="utf-8").replace("photos:\n" + photo, ""), encoding="utf-8")
    code, _, err = run_main("newsletter", "--root", root, "--period", "2023-Q2", "--out", out)
    assert code == 0, err
    after = sorted(p.name for p in images.iterdir())
    page = (out / "newsletter" / "2023-Q2" / "index.html").read_text(encoding="utf-8")
    assert len(after) == len(before) - 1
    assert set(re.findall(r'src="images/([^"]+)"', page)) == set(after)  # only what the page uses


# --- a notebook edited into failing --------------------------------------------------------

def _notebooks_with(tmp_path: Path, source: str, names=("donor_report",)) -> Path:
    """A copy of the package's notebooks, those `names` with `source` as a cell after
    their parameters, as an office might edit them."""
    import shutil

    import nbformat

    from bulletin.resources import NOTEBOOKS

    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    for name in names:
        notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        after = next(i for i, c in enumerate(notebook.cells)
                     if "parameters" in c.metadata.get("tags", []))
        notebook.cells.insert(after + 1, nbformat.v4.new_code_cell(source))
        nbformat.write(notebook, folder / f"{name}.ipynb")
    return folder


@pytest.mark.parametrize("source, message", [
    ('raise ValueError("broken on purpose")',
     r"error: notebooks/donor_report\.ipynb failed in cell \d+: ValueError: broken on purpose"),
    ('figures_path = ""  # the hand-over forgotten', r"error: notebooks/donor_report\.ipynb ran but "
                                                     r"saved no figures"),
])
def test_a_failing_notebook_is_named_and_nothing_lands(report_root, tmp_path, monkeypatch, source,
                                                        message):
    from conftest import run_main

    monkeypatch.setattr("bulletin.notebooks.NOTEBOOKS", _notebooks_with(tmp_path, source))
    out = tmp_path / "out"
    code, stdout, err = run_main("report", "--award", AWARD_A, "--period", "2023-Q2",
                                 "--root", report_root, "--out", out)
    assert code == 1
    assert re.search(message, err), err
    assert "Traceback" not in err
    assert stdout == ""
    assert [p for p in out.rglob("*") if p.is_file() and ".manifests" not in p.parts] == []
