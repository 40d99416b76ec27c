"""A report is a review copy unless built with --final, the donor copy: the review copy
says so on every page and names files, rows and the executed notebook; the donor copy
names no internal file, no notebook and no path of the machine that built it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from support import REPO, copy_sample, poppler, run_build

AWARD = "SSITIP20GR0006"  # the sample award with indicator values reported by hand

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("final")
    root = copy_sample(work / "root")
    folders = {}
    for name, extra in (("review", ()), ("final", ("--final",))):
        out = work / name
        done = run_build("report", "--award", AWARD, "--period", "2023-Q2", "--root", root,
                         "--out", out, *extra)
        assert done.returncode == 0, done.stderr
        folders[name] = out / "reports" / AWARD / "2023-Q2"
    folders["root"] = root
    return folders


def _pages(pdf: Path) -> list[str]:
    return poppler("pdftotext", "-layout", pdf, "-").split("\f")[:-1]


def test_the_review_copy_says_so_on_every_page_and_the_donor_copy_nowhere(copies):
    review = _pages(copies["review"] / "report.pdf")
    assert len(review) > 3 and all("REVIEW COPY" in page.upper() for page in review)
    assert not any("REVIEW COPY" in page.upper() for page in _pages(copies["final"] / "report.pdf"))
    assert 'class="review-mark"' in (copies["review"] / "report.html").read_text(encoding="utf-8")
    assert 'class="review-mark"' not in (copies["final"] / "report.html").read_text(encoding="utf-8")


def test_the_review_copy_traces_figures_to_files_and_the_notebook(copies):
    text = " ".join(_pages(copies["review"] / "report.pdf"))
    assert "content/indicator_values.csv:2" in text
    assert "report.ipynb.html" in text
    assert "(the day after the period ended)" in text


def test_the_donor_copy_traces_figures_to_activity_ids_only(copies):
    text = " ".join(" ".join(_pages(copies["final"] / "report.pdf")).split())
    assert "indicator_values" not in text and "content/" not in text
    assert "ipynb" not in text
    assert "a value reported by the office" in text and "TIP-2023-011" in text
    assert "1 July 2023" in text and "day after" not in text
    from openpyxl import load_workbook

    sheets = load_workbook(copies["final"] / "activities.xlsx")
    cells = [str(c) for ws in sheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert not [c for c in cells if "indicator_values" in c]


def _texts(folder: Path):
    """Every file of the folder as text: zip members (workbook, Word) and a PDF's text
    and metadata included."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{path.name}:{member}", archive.read(member).decode("utf-8", "replace")
        elif path.suffix == ".pdf":
            yield path.name, poppler("pdftotext", path, "-") + poppler("pdfinfo", path)
        else:
            yield path.name, path.read_bytes().decode("utf-8", "replace")


def test_no_file_of_the_donor_copy_names_a_path_of_the_machine(copies):
    machine = {str(copies["root"].resolve()), str(REPO), str(Path.home()),
               str(copies["final"].parents[3].resolve())}
    leaks = [(name, path) for name, text in _texts(copies["final"]) for path in machine
             if path in text]
    assert leaks == []
    # the review copy does name them (where the notebook ran from): the check can fail
    assert any(str(copies["root"].resolve()) in text for _, text in _texts(copies["review"]))
