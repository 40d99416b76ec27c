"""Shared fixtures: a tiny valid project root, and the CLI run in-process.

`make_root()` writes a small but complete project root (content-format.md)
into a fresh temporary folder and returns its path. Any file can be replaced
(or removed, with None) when the root is made:

    root = make_root({"content/activities.csv": "id,title\n"})
    root = make_root(**{"content/site.yaml": None})

and `edit(root, rel, old, new)` changes one exact piece of one file, so a
test plants exactly one mistake in an otherwise valid root.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pytest
from PIL import Image

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
---

The mobile clinic spent a week in the mountains of Qacha's Nek.
"""

TEXT_FILES = {
    "content/site.yaml": SITE,
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


@pytest.fixture
def make_root(tmp_path):
    """A factory: `make_root(files=None, **more)` writes a tiny valid root, returns its path."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes | None] | None = None, **more) -> Path:
        root = tmp_path / f"root{next(counter)}"
        everything: dict[str, str | bytes | None] = {**TEXT_FILES, **binary_files()}
        everything.update(files or {})
        everything.update(more)
        root.mkdir()
        for rel, content in everything.items():
            if content is not None:
                write(root, rel, content)
        return root

    return make


@pytest.fixture
def root(make_root) -> Path:
    return make_root()


@pytest.fixture
def run_cli(capsys):
    """run_cli(*args) -> (exit code, stdout, stderr) of bulletin.cli.main."""
    from bulletin.cli import main

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse on wrong usage
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def check_root(run_cli):
    """check_root(root) -> (exit code, stderr lines, stdout) of `check --root root`."""

    def run(root: Path) -> tuple[int, list[str], str]:
        code, out, err = run_cli("check", "--root", root)
        return code, err.splitlines(), out

    return run
