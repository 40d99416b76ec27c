"""The consent gate on real outputs: the sample's second quarter, built, read back.

The sample's register (content/consent.csv) has the facilitator of Mohale's Hoek's
consent withdrawn, the labour officer's of Maputsoe limited to print, and the nurse of
Moyeni's covering everything: each photo must be exactly where its consents allow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import copy_sample, flatten_pdf_text, poppler, run_build

# each photo: a phrase of its caption (printed in the PDFs) and its alt text (in the HTML)
NURSE = ("between consultations in Moyeni", "A nurse in a white uniform standing in front of a "
         "clinic tent")
OFFICER = ("explains the elements of a written employment contract",
           "A man presents slides to rows of seated participants")
FACILITATOR = ("takes participants through the referral pathway",
               "Participants seated at long tables, seen from behind, facing a woman")
REGISTER = "content/consent.csv"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("consent") / "sample")


@pytest.fixture(scope="module")
def built(sample) -> tuple[Path, str]:
    out = sample / "out"
    done = run_build("all", "--root", sample, "--period", "2023-Q2", "--out", out, timeout=600)
    assert done.returncode == 0, done.stderr
    return out, done.stderr


def pdf_text(path: Path) -> str:
    return flatten_pdf_text(poppler("pdftotext", "-enc", "UTF-8", path, "-"))


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def shows(out: Path) -> dict[str, set[str]]:
    """Which of the three photos each output shows."""
    edition = out / "newsletter" / "2023-Q2"
    reports = out / "reports"
    texts = {
        "newsletter PDF": (pdf_text(edition / "newsletter.pdf"), 0),
        "web edition": (html(edition / "index.html"), 1),
        "email": (html(edition / "email.html"), 1),
        "email text": (html(edition / "email.txt"), 1),
    }
    for award in ("SSITIP20GR0006", "EU-LMG-21-004", "NL-MHP-2022-017"):
        texts[f"{award} PDF"] = (pdf_text(reports / award / "2023-Q2" / "report.pdf"), 0)
        texts[f"{award} web"] = (html(reports / award / "2023-Q2" / "report.html"), 1)
    return {where: {name for name, photo in (("nurse", NURSE), ("officer", OFFICER),
                                             ("facilitator", FACILITATOR)) if photo[i] in text}
            for where, (text, i) in texts.items()}


def test_each_photo_is_exactly_where_its_consents_allow(built):
    out, _ = built
    assert shows(out) == {
        "newsletter PDF": {"nurse", "officer"},  # the officer agreed to print only
        "web edition": {"nurse"},
        # an email shows each story's first photo only: the officer's, whose consent does not
        # cover it; the nurse's and the facilitator's are second in their stories
        "email": set(),
        "email text": set(),
        "SSITIP20GR0006 PDF": set(),  # the facilitator withdrew
        "SSITIP20GR0006 web": set(),
        "EU-LMG-21-004 PDF": set(),
        "EU-LMG-21-004 web": set(),
        "NL-MHP-2022-017 PDF": {"nurse"},
        "NL-MHP-2022-017 web": {"nurse"},
    }


def test_the_pdf_holds_only_the_photos_it_shows(built):
    out, _ = built
    listing = poppler("pdfimages", "-list", out / "newsletter" / "2023-Q2" / "newsletter.pdf")
    photos = [line for line in listing.splitlines()[2:] if " jpeg " in line]
    # the quarter's nine photos, less the facilitator's (withdrawn)
    assert len(photos) == 8


def test_the_web_folder_holds_only_what_its_pages_show(built):
    out, _ = built
    edition = out / "newsletter" / "2023-Q2"
    used = set(re.findall(r'src="images/([^"]+)"', html(edition / "index.html")))
    used |= set(re.findall(r'images/([^"]+\.(?:jpg|png))"', html(edition / "email.html")))
    held = sorted(p.name for p in (edition / "images").iterdir())
    assert set(held) == used
    assert sum(name.endswith(".jpg") for name in held) == 7  # nine photos, two held back


def test_the_build_says_which_photo_it_held_back_and_why(built):
    _, stderr = built
    story = "content/stories/2023-04-referral-committees.md:17"
    assert f"{story}: warning: photo '2023/tip-mohales-hoek.jpg' is left out of the newsletter " \
           "PDF, web edition and email: consent C-2023-004 withdrawn on 2023-07-10" in stderr
    assert f"{story}: warning: photo '2023/tip-mohales-hoek.jpg' is left out of the donor report: " \
           "consent C-2023-004 withdrawn on 2023-07-10" in stderr
    assert "content/stories/2023-05-pre-departure-orientation.md:11: warning: photo " \
           "'2023/labour-maputsoe-orientation.jpg' is left out of the web edition, email and " \
           "donor report: consent C-2023-008 covers only print" not in stderr  # two outputs
    assert "content/stories/2023-05-pre-departure-orientation.md:11: warning: photo " \
           "'2023/labour-maputsoe-orientation.jpg' is left out of the web edition and email: " \
           "consent C-2023-008 covers only print" in stderr


def test_withdrawing_a_consent_removes_the_photo_from_every_output_that_showed_it(sample, built):
    out, _ = built
    report = run_build("check", "--root", sample, "--consent-report", "--out", out)
    assert "C-2023-006 (Nthati Rammoko, expires 2028-05-15): 3 outputs built show it\n" \
           "  newsletter/2023-Q2: 2023/health-nurse-moyeni.jpg (newsletter PDF, web edition, email)\n" \
           "  newsletter/2023-Q2/fr: 2023/health-nurse-moyeni.jpg (newsletter PDF, web edition, email)\n" \
           "  reports/NL-MHP-2022-017/2023-Q2: 2023/health-nurse-moyeni.jpg (donor report)\n" \
        in report.stdout
    edition = out / "newsletter" / "2023-Q2"
    before = {p.name for p in (edition / "images").iterdir()}
    register = sample / REGISTER
    row = "C-2023-006,Nthati Rammoko,self,2023-05-15,print;web;email;donor,2028-05-15,"
    register.write_text(register.read_text(encoding="utf-8").replace(row, row + "2024-01-15"),
                        encoding="utf-8")
    done = run_build("all", "--root", sample, "--period", "2023-Q2", "--out", out, timeout=600)
    assert done.returncode == 0, done.stderr
    # exactly the three outputs that showed the nurse (the edition in English and in French,
    # a report) are made again
    assert sorted(re.findall(r"^up to date: .*?(\S+/2023-Q2(?:/fr)?)$", done.stderr, re.M)) == [
        f"{out}/reports/CH-DATA-2022-09/2023-Q2", f"{out}/reports/EU-LMG-21-004/2023-Q2",
        f"{out}/reports/SINLEC22CA0031/2023-Q2", f"{out}/reports/SSITIP20GR0006/2023-Q2"], done.stderr
    assert all("nurse" not in found for found in shows(out).values())
    after = {p.name for p in (edition / "images").iterdir()}
    assert len(after) == len(before) - 1 and after < before
    # its prepared copies leave the cache too (named by content hash, as on the web)
    (gone,) = before - after
    assert gone not in {p.name for p in (edition / "fr" / "images").iterdir()}  # nor the French edition
    assert list((out / ".cache").rglob(gone)) == []
    assert any((out / ".cache").rglob(next(iter(after))))  # the others stay
    report = run_build("check", "--root", sample, "--consent-report", "--out", out)
    assert "C-2023-006 (Nthati Rammoko, withdrawn on 2024-01-15): no output built shows it\n" \
        in report.stdout
