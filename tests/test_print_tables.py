"""How the report's tables break across pages, with the project's own print CSS.

A small page made in the test (style.css + print.css, as a report is printed)
puts a table at the foot of a page and reads the PDF back with pdftotext:
a two-row table moves whole rather than leave one row behind, a long table
leaves at least two rows on either side of its break, an outcome's row in the
progress table goes with its first indicator, and a total is printed once,
under the last rows. Each case fails with the print CSS from before the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import pdf_page_texts

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def stylesheets() -> str:
    css = "".join((TEMPLATES / sheet).read_text(encoding="utf-8") for sheet in ("style.css", "print.css"))
    return re.sub(r"@font-face\s*\{[^}]*\}", "", css)  # the fonts are beside the templates, not needed here


def print_pdf(tmp_path: Path, body: str) -> Path:
    from weasyprint import HTML

    pdf = tmp_path / "tables.pdf"
    HTML(string=f"<!doctype html><html lang='en'><head><style>{stylesheets()}</style></head>"
                f"<body class='print'>{body}</body></html>").write_pdf(pdf)
    return pdf


def filler(height_mm: float) -> str:
    """A block that leaves `height_mm` less than a page, whatever the table needs below it."""
    return f"<div style='height: {height_mm}mm'></div>"


def breakdown(rows: list[str], total: bool = False, kind: str = "data breakdown") -> str:
    body = "".join(f"<tr><td>{row}</td><td class='num'>1</td></tr>" for row in rows)
    foot = "<tfoot><tr><th>Total, all rows</th><td class='num'>9</td></tr></tfoot>" if total else ""
    return (f"<table class='{kind}'><caption>By district</caption>"
            f"<thead><tr><th>District</th><th class='num'>Activities</th></tr></thead>"
            f"<tbody>{body}</tbody>{foot}</table>")


def pages_holding(pdf: Path, words: list[str]) -> dict[str, list[int]]:
    texts = pdf_page_texts(pdf)
    return {word: [n for n, text in enumerate(texts, start=1) if word in text] for word in words}


# Filler heights, measured: below 206 mm a six-row table and its total fit on page 1; with 206 mm
# the last row, with 230 mm all but the first, and with 234 mm the progress table's last indicator
# no longer fit (the A4 text area is 259 mm tall).
TABLES = ["data", "data breakdown"]


@pytest.mark.parametrize("kind", TABLES)
def test_a_two_row_table_at_a_page_foot_moves_whole(tmp_path, kind):
    pdf = print_pdf(tmp_path, filler(240) + breakdown(["Berea", "Maseru"], kind=kind))
    where = pages_holding(pdf, ["Berea", "Maseru"])
    assert where["Berea"] == where["Maseru"] == [2], where


@pytest.mark.parametrize("kind", TABLES)
@pytest.mark.parametrize("room_mm", [206, 218, 230])
def test_a_long_table_leaves_two_rows_or_more_on_either_side_of_a_break(tmp_path, room_mm, kind):
    districts = ["Berea", "Leribe", "Mafeteng", "Maseru", "Mokhotlong", "Quthing"]
    pdf = print_pdf(tmp_path, filler(room_mm) + breakdown(districts, total=True, kind=kind))
    where = pages_holding(pdf, districts + ["Total, all rows"])
    pages = [where[d] for d in districts]
    assert all(len(p) == 1 for p in pages), where
    per_page = [sum(1 for p in pages if p == [n]) for n in (1, 2)]
    assert all(count == 0 or count >= 2 for count in per_page), where
    # the total is printed once, under the last row, never alone
    assert where["Total, all rows"] == where["Quthing"] == where["Mokhotlong"], where


def test_a_total_is_printed_once_under_the_last_row(tmp_path):
    rows = [f"District {n:02d}" for n in range(1, 40)]
    pdf = print_pdf(tmp_path, filler(150) + breakdown(rows, total=True, kind="data"))
    texts = pdf_page_texts(pdf)
    assert len(texts) >= 2  # the table does split
    assert [n for n, text in enumerate(texts, start=1) if "Total, all rows" in text] == [len(texts)]


@pytest.mark.parametrize("room_mm", [232, 234, 236])
def test_an_outcome_row_never_ends_a_page(tmp_path, room_mm):
    table = ("<table class='data progress-table'><thead><tr><th>Indicator</th><th>Status</th></tr></thead>"
             "<tbody>"
             "<tr><td>TIP-1a First indicator</td><td>behind</td></tr>"
             "<tr class='level'><th colspan='2'>Output 1.2: Communities know the risks</th></tr>"
             "<tr class='indicator'><td>TIP-1.2a Second indicator</td><td>on track</td></tr>"
             "</tbody></table>")
    pdf = print_pdf(tmp_path, filler(room_mm) + table)
    where = pages_holding(pdf, ["Output 1.2", "TIP-1.2a"])
    assert where["Output 1.2"] == where["TIP-1.2a"], where


def test_a_sources_row_of_many_ids_splits_between_pages(tmp_path):
    # kept whole, a row of 400 ids taller than the page's foot left the foot white
    ids = ", ".join(f"GEN-{n:05d}" for n in range(1, 401))
    rows = [("Activities held", "GEN-00001, GEN-00002"), ("GEN-1", ids), ("GEN-2", "GEN-00003")]
    body = "".join(f"<tr><td>{figure}</td><td>{behind}</td></tr>" for figure, behind in rows)
    table = (f"<table class='data sources'><thead><tr><th>Figure</th><th>Activities behind it</th></tr>"
             f"</thead><tbody>{body}</tbody></table>")
    where = pages_holding(print_pdf(tmp_path, filler(190) + table), ["GEN-00010", "GEN-00300"])
    assert where == {"GEN-00010": [1], "GEN-00300": [2]}
