"""The print layout holds for content nobody tuned it on (issue 17).

scripts/varied.py writes a root per seed (1-60 stories, 30-1,500 words, 0-5
photos of every shape and size, long titles; an award with 0-2,000
activities, 0-25 indicators); each seed's newsletter and report are built
with `build.py all` and measured from the PDF by scripts/layout_check.py.
The measures are tried first on PDFs made to fail them, so a passing seed
means something. `make layout-report` prints the same figures as a table.
"""

from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

import layout_check  # noqa: E402
import layout_report  # noqa: E402
import varied  # noqa: E402

SEEDS = range(1, 31)
PAGE = "<style>@page { size: A4; margin: 20mm 18mm 18mm } body { font: 9.6pt serif }</style>"


# --- the generator ---------------------------------------------------------------------


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_a_seed_writes_the_same_root_byte_for_byte(tmp_path):
    varied.generate(tmp_path / "a", 23)
    varied.generate(tmp_path / "b", 23)
    varied.generate(tmp_path / "c", 24)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert tree_digest(tmp_path / "a") != tree_digest(tmp_path / "c")


def test_the_generator_never_writes_over_a_root(tmp_path):
    varied.generate(tmp_path / "a", 1)
    with pytest.raises(FileExistsError):
        varied.generate(tmp_path / "a", 2)


def test_the_scripts_refuse_a_folder_already_written_and_say_why(tmp_path):
    import subprocess

    varied.generate(tmp_path / "seed-1", 1)
    before = tree_digest(tmp_path)
    for script, args in (("varied.py", [str(tmp_path / "seed-1"), "--seed", "2"]),
                         ("layout_report.py", ["--seeds", "1-2", "--keep", str(tmp_path)])):
        done = subprocess.run([sys.executable, str(REPO / "scripts" / script), *args],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "already" in done.stderr and "Traceback" not in done.stderr
    assert tree_digest(tmp_path) == before


def test_the_slow_lane_seeds_cover_what_the_layout_must_hold(tmp_path):
    """Across the seeds: long and short editions, every photo shape, tiny and huge photos,
    long titles, photo-less and many-photo stories, large awards and none."""
    made = [varied.generate(tmp_path / str(seed), seed) for seed in SEEDS]
    counts = [len(m["stories"]) for m in made]
    assert min(counts) == 1 and max(counts) >= 40
    stories = [s for m in made for s in m["stories"]]
    assert {shape for s in stories for shape in s["photos"]} == set(varied.SHAPES)
    assert {len(s["photos"]) for s in stories} >= {0, 1, 2, 3, 4, 5}
    assert max(len(s["title"].split()) for s in stories) == 30
    assert min(s["words"] for s in stories) <= 40 and max(s["words"] for s in stories) >= 1400
    assert any(not m["featured"] for m in made)
    assert {m["activities"] for m in made} >= {0, 2000}
    assert max(m["indicators"] for m in made) == 25
    sizes = []
    for seed in SEEDS:
        for photo in (tmp_path / str(seed) / "images" / "generated").glob("*.jpg"):
            with Image.open(photo) as img:
                sizes.append(max(img.size))
    assert min(sizes) == 400 and max(sizes) == 6000


# --- the measures see the faults they look for ------------------------------------------------


def pdf_of(tmp_path: Path, html: str) -> Path:
    from weasyprint import HTML

    pdf = tmp_path / "made.pdf"
    HTML(string=PAGE + html, base_url=str(tmp_path)).write_pdf(pdf)
    return pdf


def test_the_check_sees_text_squeezed_into_a_narrow_column(tmp_path):
    words = "Text set beside a photo in a column far too narrow to read. " * 8
    pdf = pdf_of(tmp_path, f"<p style='width: 18mm'>{words}</p>")
    assert layout_check.check(pdf).narrow
    assert not layout_check.check(pdf_of(tmp_path, f"<p>{words}</p>")).narrow


def test_the_check_sees_a_heading_at_the_foot_of_a_column(tmp_path):
    filler = "<p>" + "Line of body text. " * 8 + "</p>"
    html = "<div style='height: 240mm'></div><h2>A heading left alone</h2><p style='break-before: page'>x</p>"
    assert layout_check.check(pdf_of(tmp_path, html), headings=["A heading left alone"]).headings
    kept = filler + "<h2>A heading with text</h2>" + filler
    assert not layout_check.check(pdf_of(tmp_path, kept), headings=["A heading with text"]).headings


def test_the_check_sees_a_caption_apart_from_its_photo_and_a_blurred_photo(tmp_path):
    Image.new("RGB", (400, 300), "red").save(tmp_path / "small.jpg")
    apart = ("<div style='height: 200mm'></div><img src='small.jpg' style='width: 84mm'>"
             "<p style='break-before: page'>A caption © IOM</p>")
    report = layout_check.check(pdf_of(tmp_path, apart))
    assert report.captions and report.min_ppi < layout_check.MIN_PPI
    together = "<img src='small.jpg' style='width: 60mm'><p>A caption © IOM</p>"
    report = layout_check.check(pdf_of(tmp_path, together))
    assert not report.captions and report.min_ppi >= layout_check.MIN_PPI


def test_the_check_sees_white_beside_a_photo_in_one_column(tmp_path):
    # a 63 mm photo in the left column, three lines of text in the right one beside it
    Image.new("RGB", (800, 600), "red").save(tmp_path / "photo.jpg")
    Image.new("RGB", (400, 160), "blue").save(tmp_path / "logo.png")  # a logo is not a photo
    lines = "<br>".join("A line of text beside the photo." for _ in range(2)) + "<br>A caption © IOM"
    html = ("<img src='logo.png' style='height: 14mm'><div style='columns: 2; column-gap: 6mm'>"
            f"<img src='photo.jpg' style='display: block; width: 84mm'><p style='margin: 0'>{lines}</p></div>")
    report = layout_check.check(pdf_of(tmp_path, html))
    assert report.photos == 1 and len(report.beside) == 1
    assert report.beside[0].startswith("page 1: ") and report.beside[0].endswith(" mm white beside a 63 mm photo")
    assert report.faults == report.beside  # a fault like the others
    # twelve lines beside it: a line's leading at most
    lines = "<br>".join("A line of text beside the photo." for _ in range(15)) + "<br>A caption © IOM"
    html = ("<div style='columns: 2; column-gap: 6mm'><img src='photo.jpg' style='display: block; width: 84mm'>"
            f"<p style='margin: 0'>{lines}</p></div>")
    report = layout_check.check(pdf_of(tmp_path, html))
    assert report.photos == 1 and report.beside == []


def test_the_check_sees_page_one_white_beside_the_side_panel(tmp_path):
    # a short lead story: four lines in the 108 mm column, the side panel full to the right
    panel = "<div style='float: right; width: 60mm'>" + "In numbers 25 people reached. " * 120 + "</div>"
    short = "<p style='width: 108mm'>" + "A short lead story. " * 16 + "</p>"
    white = layout_check.check(pdf_of(tmp_path, panel + short)).front_white
    assert white > 150  # the A4 text area is 259 mm tall: most of it white beside the panel
    # the column full down the page: no more than a line's leading
    full = "<p style='width: 108mm'>" + "A long lead story. " * 700 + "</p>"
    assert layout_check.check(pdf_of(tmp_path, panel + full)).front_white < 10
    assert layout_check.check(pdf_of(tmp_path, panel + short), kind="report").front_white is None


def test_the_measures_and_page_ones_estimate_share_the_stylesheets_geometry():
    # the scripts measure the page without importing the package they measure, and page 1's
    # estimate of a photo's height stands in for print.css: each copy held to the original
    import page_fill
    from bulletin import front_page, layout

    css = (REPO / "templates" / "print.css").read_text(encoding="utf-8")
    assert page_fill.FRONT_TEXT_WIDTH_MM == layout.FRONT_TEXT_WIDTH_MM
    assert f"width: {layout.FRONT_TEXT_WIDTH_MM}mm" in css.split(".print .front .story {")[1].split("}")[0]
    assert page_fill.COLUMN_MM == layout.COLUMN_WIDTH_MM and page_fill.LOGO_HEIGHT == layout.LOGO_HEIGHT
    assert f"max-height: {front_page.PHOTO_MAX_MM}mm" in css.split(".print figure.column img {")[1].split("}")[0]
    assert f"max-height: {layout.PRINT_MAX_HEIGHT_MM['column']}mm" in \
        css.split(".print figure.column.portrait img {")[1].split("}")[0]


def test_the_check_sees_what_page_one_lacks(tmp_path):
    pdf = pdf_of(tmp_path, "<h1>IOM Lesotho Newsletter</h1><p style='break-before: page'>In numbers</p>")
    assert layout_check.check(pdf, front=["IOM Lesotho Newsletter", "In numbers"]).front == [
        "page 1 lacks 'In numbers'"]


# --- every seed, built and measured -------------------------------------------------------------


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> dict[int, dict]:
    folder = tmp_path_factory.mktemp("varied")
    with ThreadPoolExecutor(2) as pool:  # two builds at once: one a core
        return {made["seed"]: made for made in pool.map(lambda s: layout_report.build_seed(s, folder), SEEDS)}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_generated_edition_and_report_builds_and_holds_the_invariants(measured, seed):
    made = measured[seed]
    assert made["build"][0] == 0, made["build"][1]
    assert "newsletter" in made["measured"]
    assert ("report" in made["measured"]) == (made["activities"] > 0)
    again = f"seed {seed}: scripts/varied.py DIR --seed {seed}"
    for kind, report in made["measured"].items():
        # every invariant, white bands included: no newsletter page but the last whiter
        # than 40 mm across, no report page than 60 mm (layout_check.BAND_MM); and no photo
        # in a column with more than a few lines white beside it (layout_check.BESIDE_MM)
        assert report.faults == [], (kind, report.faults, again)
