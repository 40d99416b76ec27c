"""Helpers shared by the tests: a tiny valid project root, CLI runs, PDF readers.

Import what a test needs from here (`from support import make_root_at, edit`);
pytest fixtures live in conftest.py, which also re-exports every name below
for tests that still import them from conftest.

`make_root_at(folder)` writes a small but complete project root
(content-format.md) and returns its path; any file can be replaced, or
removed with None:

    root = make_root_at(folder, {"content/activities.csv": "id,title\n"})
    root = make_root_at(folder, **{"content/site.yaml": None})

and `edit(root, rel, old, new)` changes one exact piece of one file, so a
test plants exactly one mistake in an otherwise valid root.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]

# --- a tiny valid project root ------------------------------------------------

SITE = """\
office: IOM Lesotho
organisation: International Organization for Migration
newsletter:
  title: IOM Lesotho Newsletter
  slogan: Migration for the benefit of all
  priorities:
    - Advocating for evidence-based policy to enhance migration management
  thanks: IOM thanks the following donors and partners
contacts:
  - role: Communication Assistant
    email: comms@example.org
default_credit: IOM {year}/{photographer}
language: en
themes:
  tip: Counter-trafficking
  health: Migration health
  labour: Labour migration
"""

DONORS = """\
us-state:
  name: United States Department of State
  logo: logos/us-state.png
  acknowledgement: >-
    The support to this activity was provided by the {donor}, under the
    terms of Award No. {award}.
  disclaimer: >-
    The opinions expressed herein are those of the author(s) and do not
    necessarily reflect the views of the {donor}.
netherlands:
  name: Government of the Netherlands
  logo: logos/netherlands.png
  acknowledgement: This activity was supported by the {donor} under the "{project}".
"""

AWARDS = """\
SSITIP20GR0006:
  donor: us-state
  project: Supporting Lesotho in Trafficking in Persons Prevention and Protection
  theme: tip
  start: 2020-10-01
  end: 2024-09-30
NL-MHP-2022-017:
  donor: netherlands
  project: Healthy Mobility in the Southern Highlands
  theme: health
  start: 2022-04-01
  end: 2025-03-31
"""

PLACES = """\
districts:
  Maseru: {towns: [Maseru Bridge, Roma]}
  Leribe: {towns: [Maputsoe, Hlotse]}
  "Qacha's Nek": {aliases: [Qachas Nek], towns: [Sehlabathebe]}
  Thaba-Tseka: {aliases: [Thaba Tseka]}
"""

# Line 1 is the header; the rows are lines 2-5.
ACTIVITIES = """\
id,title,start,end,district,theme,award,type,participants,female,male,partners,story
TIP-2023-014,Referral committee training,2023-04-24,2023-04-26,Thaba-Tseka,tip,SSITIP20GR0006,training,27,15,12,Ministry of Home Affairs;Department of Social Development,referral-committees
HLT-2023-003,Mobile clinic outreach,2023-05-08,2023-05-12,Qachas Nek,health,NL-MHP-2022-017,screening,412,251,161,Ministry of Health,
TIP-2023-015,School awareness sessions,2023-05-16,,Maputsoe;Roma,tip,,campaign,230,,,Ministry of Education and Training,
LAB-2023-001,Joint dialogue on safe recruitment,2023-06-05,,Maseru Bridge,labour,SSITIP20GR0006;NL-MHP-2022-017,dialogue,20,10,10,,
"""

# Linked from its activity (TIP-2023-014 names it in the `story` column).
# Front matter lines: title 2, date 3, end 4, theme 5, places 6, summary 7,
# photos 8, file 9, caption 10, credit 11, alt 12, quotes 13; closing --- 16.
STORY_REFERRAL = """\
---
title: District committees step up the national referral mechanism
date: 2023-04-24
end: 2023-04-26
theme: tip
places: [Thaba Tseka]
summary: Referral committees trained in Thaba-Tseka.
photos:
  - file: 2023/referral.jpg
    caption: Committee members with district stakeholders in Thaba-Tseka.
    credit: IOM 2023/Tsepo Molefi
    alt: Twenty people standing in two rows outside a district office.
    people: crowd
quotes:
  - text: I learned the correct procedure to follow when referring a victim.
    by: Ts'oeute Ramone
---

Members of the district referral committee met for three days.
"""

# Links its activity itself (activities: [HLT-2023-003]) and is featured.
# Front matter lines: title 2, date 3, end 4, theme 5, places 6, activities 7,
# featured 8, summary 9, photos 10, file 11, caption 12, credit 13, alt 14;
# closing --- 15.
STORY_CLINIC = """\
---
title: Mobile clinics reach the highlands
date: 2023-05-08
end: 2023-05-12
theme: health
places: [Qacha's Nek, Sehlabathebe]
activities: [HLT-2023-003]
featured: true
summary: A week of mobile clinics in Qacha's Nek.
photos:
  - file: 2023/clinic.jpg
    caption: A nurse screens a herder in Sehlabathebe.
    credit: IOM 2023/Lineo Mokoena
    alt: A nurse taking the blood pressure of a man in a blanket.
    people: identifiable
    consent: [C-2023-001, C-2023-002]
---

The mobile clinic spent a week in the mountains of Qacha's Nek.
"""

# People in photos (content-format.md): the nurse and the herder agreed to appear everywhere.
CONSENT = """\
id,person,given_by,date,scope,expires,withdrawn
C-2023-001,Lineo Mokoena,self,2023-05-10,print;web;email;donor,,
C-2023-002,Thabo Ramakatane,self,2023-05-10,print;web;email;donor,,
"""

TEXT_FILES = {
    "content/site.yaml": SITE,
    "content/consent.csv": CONSENT,
    "content/donors.yaml": DONORS,
    "content/awards.yaml": AWARDS,
    "content/places.yaml": PLACES,
    "content/activities.csv": ACTIVITIES,
    "content/stories/referral-committees.md": STORY_REFERRAL,
    "content/stories/mobile-clinic.md": STORY_CLINIC,
}


@functools.lru_cache(maxsize=None)
def image_bytes(size: tuple[int, int] = (800, 600), fmt: str = "JPEG",
                colour: tuple[int, ...] = (40, 90, 160)) -> bytes:
    """A small real image, encoded once per session."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    img = Image.new(mode, size, colour if mode == "RGB" else (*colour[:3], 255))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


def binary_files() -> dict[str, bytes]:
    return {
        "images/2023/referral.jpg": image_bytes((800, 600), "JPEG"),
        "images/2023/clinic.jpg": image_bytes((800, 600), "JPEG", (160, 60, 40)),
        "images/logos/us-state.png": image_bytes((200, 80), "PNG"),
        "images/logos/netherlands.png": image_bytes((200, 80), "PNG", (200, 100, 0)),
    }


def write(root: Path, rel: str, content: str | bytes | None) -> Path:
    """Write (text as UTF-8, bytes as they are) or, with None, remove `rel` under root."""
    path = Path(root) / rel
    if content is None:
        if path.exists():
            path.unlink()
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def read(root: Path, rel: str) -> str:
    return (Path(root) / rel).read_bytes().decode("utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> Path:
    """Replace the one occurrence of `old` in `rel` by `new`."""
    text = read(root, rel)
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {rel}"
    return write(root, rel, text.replace(old, new))


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


# --- builds and PDFs, for fixtures of any scope ---------------------------------


def make_root_at(root: Path, files: dict[str, str | bytes | None] | None = None, **more) -> Path:
    """Like the `make_root` fixture, but into a given (new) folder, for any fixture scope."""
    everything: dict[str, str | bytes | None] = {**TEXT_FILES, **binary_files()}
    everything.update(files or {})
    everything.update(more)
    root = Path(root)
    root.mkdir(parents=True)
    for rel, content in everything.items():
        if content is not None:
            write(root, rel, content)
    return root


def run_main(*args) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of bulletin.cli.main, captured without capsys."""
    from bulletin.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse on wrong usage
            code = exc.code
    return code, out.getvalue(), err.getvalue()


# The build's own record of which of OUT's folders are up to date: keyed by OUT's absolute
# path and the input files' modification times, so never the same in two folders (stamp.py).
# Not an output: never published, and a build in another folder has its own.
NOT_OUTPUTS = (".uptodate.json",)


def differing_files(first: Path, second: Path) -> list[str]:
    """Every file under `first` or `second` (by relative path) whose bytes differ between
    them, or that only one of them holds; the build's own NOT_OUTPUTS aside."""
    names = {path.relative_to(folder).as_posix() for folder in (first, second)
             for path in Path(folder).rglob("*") if path.is_file()}
    return sorted(name for name in names if Path(name).name not in NOT_OUTPUTS
                  and not ((first / name).is_file() and (second / name).is_file()
                           and (first / name).read_bytes() == (second / name).read_bytes()))


def poppler(*args) -> str:
    """stdout of a poppler tool (pdftotext, pdfinfo, pdfimages, ...); fails the test on error."""
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def pdf_pages(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", pdf), re.M)[1])


# A4 in points, and the page margins of templates/print.css (20 mm top, 18 mm
# bottom) where the running header and the page number sit.
_A4_W, _A4_H, _TOP, _BOTTOM = 596, 842, 57, 51


def pdf_page_texts(pdf: Path, *, body_only: bool = False) -> list[str]:
    """The text of each page in content-stream (reading) order; with body_only,
    the running header and page number in the margins are cropped away."""
    texts = []
    for page in range(1, pdf_pages(pdf) + 1):
        crop = ["-x", 0, "-y", _TOP, "-W", _A4_W, "-H", _A4_H - _TOP - _BOTTOM] if body_only else []
        texts.append(poppler("pdftotext", "-raw", "-f", page, "-l", page, *crop, pdf, "-"))
    return texts


def normalise(text: str) -> str:
    """Text as a reader sees it: lines joined, hyphenation undone, spaces collapsed.

    WeasyPrint breaks words with U+2010 (a hyphen it inserted: dropped) and at
    real hyphens (kept, as in "Thaba-Tseka"). Thin spaces count as spaces.
    """
    text = text.replace("\u00ad", "")
    text = re.sub(r"\u2010[ \t]*\n[ \t]*", "", text)
    text = re.sub(r"-[ \t]*\n[ \t]*", "-", text)
    text = text.replace("\f", "\n").replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


# --- donor reports: content and helpers --------------------------------------

AWARD_A = "SSITIP20GR0006"  # us-state, with a logo and a disclaimer
AWARD_B = "NL-MHP-2022-017"  # netherlands, acknowledgement only
AWARD_C = "EU-LAB-2021-002"  # active only in 2023-Q1

REPORT_DONORS = DONORS + """\
eu:
  name: European Union
  acknowledgement: This activity was funded by the {donor} ({award}).
"""

REPORT_AWARDS = AWARDS + """\
EU-LAB-2021-002:
  donor: eu
  project: Fair Recruitment in Southern Africa
  theme: labour
  start: 2021-01-01
  end: 2023-12-31
"""

# Award A in 2023-Q2: TIP-2023-014 (split), TIP-2023-020 (total only, no sex
# split), TIP-2023-021 (no counts, two districts, a formula-like title),
# TIP-2023-022 (female + male only), LAB-2023-001 (shared with award B).
# Award B in 2023-Q2: HLT-2023-003, HLT-2023-009 and the shared LAB-2023-001.
# Other periods: HLT-2023-031 (B, Q1), LAB-2023-005 (C, Q1),
# TIP-2023-030 (A, Q3, told by the Q3 story), TIP-2023-040 (A, Q4, no story).
# TIP-2023-099 is in 2023-Q2 but funded by no award.
REPORT_ACTIVITIES = """\
id,title,start,end,district,theme,award,type,participants,female,male,partners,story
TIP-2023-014,Referral committee training,2023-04-24,2023-04-26,Thaba-Tseka,tip,SSITIP20GR0006,training,27,15,12,Ministry of Home Affairs,referral-committees
TIP-2023-020,Community dialogue on safe migration,2023-05-10,,Maputsoe,tip,SSITIP20GR0006,workshop,40,,,,
TIP-2023-021,"=HYPERLINK(""http://example.org"",""click"")",2023-05-30,2023-06-01,Roma;Qachas Nek,tip,SSITIP20GR0006,visit,,,,,
TIP-2023-022,Meeting with the chiefs of Hlotse,2023-06-14,,Hlotse,tip,SSITIP20GR0006,meeting,,6,3,,
LAB-2023-001,Joint dialogue on safe recruitment,2023-06-05,,Maseru Bridge,labour,SSITIP20GR0006;NL-MHP-2022-017,dialogue,20,10,10,,
HLT-2023-003,Mobile clinic outreach,2023-05-08,2023-05-12,Qachas Nek,health,NL-MHP-2022-017,screening,412,251,161,Ministry of Health,
HLT-2023-009,Health worker training,2023-06-20,2023-06-21,Leribe,health,NL-MHP-2022-017,training,,8,4,,
TIP-2023-099,Unfunded school sessions,2023-05-16,,Maputsoe;Roma,tip,,campaign,230,,,,
HLT-2023-031,Border health screening,2023-02-14,,Maseru,health,NL-MHP-2022-017,screening,55,30,25,,
LAB-2023-005,Recruiters forum,2023-03-01,,Maseru,labour,EU-LAB-2021-002,meeting,30,14,16,,
TIP-2023-030,Shelter visit,2023-07-12,,Maseru,tip,SSITIP20GR0006,visit,12,12,0,,border-post
TIP-2023-040,Year-end review,2023-10-05,,Maseru,tip,SSITIP20GR0006,meeting,18,9,9,,
"""

# The latest story: it makes 2023-Q3 the quarter `all` picks without --period.
STORY_BORDER = """\
---
title: A shelter opens its doors in Maseru
date: 2023-08-15
theme: tip
places: [Maseru]
summary: A visit to the new shelter for survivors of trafficking.
photos:
  - file: 2023/referral.jpg
    caption: The shelter's staff at the entrance.
    credit: IOM 2023/Tsepo Molefi
    alt: Four people standing at a gate.
    people: crowd
---

The shelter opened in August.
"""

REPORT_FILES = {
    "content/donors.yaml": REPORT_DONORS,
    "content/awards.yaml": REPORT_AWARDS,
    "content/activities.csv": REPORT_ACTIVITIES,
    "content/stories/border-post.md": STORY_BORDER,
}


def write_report_root(folder: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """The tiny root with the donor-report content above (plus `files`) in `folder`."""
    everything: dict[str, str | bytes | None] = {**TEXT_FILES, **binary_files(), **REPORT_FILES}
    everything.update(files or {})
    folder.mkdir(parents=True, exist_ok=True)
    for rel, content in everything.items():
        write(folder, rel, content)
    return folder


def run_build(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python build.py ARGS` as scripts call it; stdout and stderr as text."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          check=False)


def flatten_pdf_text(text: str) -> str:
    """Text as extracted from a PDF, with line breaks, hyphenation and spacing undone."""
    text = text.replace("\u00ad", "")  # soft hyphens
    text = re.sub(r"\u2010\s+", "", text)  # a word hyphenated by `hyphens: auto`
    text = re.sub(r"-[ \t]*\n\s*", "-", text)  # TIP-2023-014 broken after a hyphen
    return re.sub(r"\s+", " ", text).strip()  # \s also takes thin and no-break spaces


def report_pdf_text(path: Path) -> str:
    """The normalised text of a PDF, its page margins (running header, story title,
    page number: print.css puts them there) cropped off, so that a paragraph broken
    across pages reads on."""
    crop = ["-x", "0", "-y", "45", "-W", "595", "-H", "754"]  # of A4, in pt: 16 mm top, 15 mm bottom
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return flatten_pdf_text(done.stdout)


class ReportBuild:
    """One run of `build.py report --award AWARD_A --period 2023-Q2`."""

    def __init__(self, root: Path, out: Path):
        self.root, self.out = root, out
        self.folder = out / "reports" / AWARD_A / "2023-Q2"
        self.result = run_build("report", "--award", AWARD_A, "--period", "2023-Q2",
                                "--root", root, "--out", out, "--issued", "2023-07-15")


# --- processes (Linux: /proc) ----------------------------------------------------------------

def children_by_parent() -> dict[int, list[int]]:
    """Every living (not zombie) process, by the pid of its parent."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def descendants(pid: int) -> set[int]:
    """Every living process under `pid`."""
    children = children_by_parent()
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def gone_within(pids: set[int], seconds: float) -> set[int]:
    """The processes of `pids` still alive after up to `seconds`."""
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids)


def copy_sample(root: Path) -> Path:
    """The repository's sample root (its content/ and images/) copied to `root`."""
    for folder in ("content", "images"):
        shutil.copytree(REPO / folder, root / folder)
    return root
