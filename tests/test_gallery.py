"""gallery: photos that follow one another, set in rows across the page."""

from __future__ import annotations

import re
import subprocess

import pytest

from bulletin.gallery import Row, rows
from bulletin.layout import MIN_PRINT_DPI, ROW_GAP_MM, ROW_MAX_MM, ROW_MIN_PHOTO_MM, TEXT_WIDTH_MM
from bulletin.render import Image
from bulletin.views import PhotoView


def photo(name: str, width: int, height: int) -> PhotoView:
    return PhotoView(Image(f"{name}.jpg", width, height), f"Caption of {name}", "© IOM", name,
                     key=f"s/{name}")


def row_width(row: Row) -> float:
    return sum(width for _, width in row.placed()) + ROW_GAP_MM * (len(row.photos) - 1)


def test_a_rows_photos_share_one_height_and_fill_the_texts_width():
    row = Row((photo("a", 546, 410), photo("b", 546, 364), photo("c", 546, 307)))
    heights = {round(width * p.image.height / p.image.width, 1) for p, width in row.placed()}
    assert max(heights) - min(heights) <= 0.2  # one height, but for the tenths widths are rounded to
    assert TEXT_WIDTH_MM - 1 <= row_width(row) <= TEXT_WIDTH_MM


def test_a_row_of_portraits_is_no_taller_than_a_portrait_prints_and_is_centred_narrower():
    row = Row((photo("a", 368, 552), photo("b", 368, 552)))
    assert row.height_mm == ROW_MAX_MM
    assert row_width(row) < TEXT_WIDTH_MM - 50


def test_a_row_never_prints_a_photo_below_150_ppi():
    small = photo("small", 400, 300)  # 68 mm wide at 150 ppi
    row = Row((small, photo("b", 546, 410)))
    width = dict((p.key, w) for p, w in row.placed())["s/small"]
    assert width <= 400 / MIN_PRINT_DPI * 25.4 + 0.1


def test_refit_draws_a_row_smaller_at_the_height_it_chose_but_never_its_captions_narrower():
    row = Row((photo("a", 546, 410), photo("b", 546, 410)))
    assert Row(row.photos, fit_mm=50).height_mm == 50
    assert Row(row.photos, fit_mm=50).placed()[0][1] == pytest.approx(66.6, abs=0.1)
    narrowest = min(width for _, width in Row(row.photos, fit_mm=30).placed())
    assert narrowest == pytest.approx(ROW_MIN_PHOTO_MM, abs=0.1)
    # a photo alone across the page is drawn to the height asked; its figure, and caption,
    # stay as wide as a caption may be
    [(_, width)] = Row(row.photos[:1], fit_mm=30).placed()
    assert Row(row.photos[:1], fit_mm=30).height_mm == 30 and Row.figure_mm(width) == ROW_MIN_PHOTO_MM > width


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_photos_of_one_shape_go_in_rows_of_two_or_three(count):
    run = [photo(str(i), 546, 410) for i in range(count)]
    placed = rows(run)
    assert all(isinstance(item, Row) for item in placed)
    assert [p for item in placed for p in item.photos] == run  # in the story's order
    assert all(len(item.photos) in (2, 3) for item in placed)


def test_a_photo_a_row_would_print_narrower_than_a_caption_stays_in_its_column():
    # a 3:1 panorama beside two portraits: at one height, the portraits would be 25 mm wide
    panorama, tall = photo("wide", 546, 182), [photo("p1", 368, 552), photo("p2", 368, 552)]
    placed = rows([panorama, *tall])
    for item in placed:
        if isinstance(item, Row):
            assert min(width for _, width in item.placed()) >= ROW_MIN_PHOTO_MM
    assert placed[0] is panorama  # alone, in its column
    assert isinstance(placed[1], Row) and placed[1].photos == tuple(tall)


# --- printed ------------------------------------------------------------------------------

STORY = """\
---
title: Border officials learn to screen for trafficking
date: 2023-04-24
theme: tip
places: [Maseru]
photos:
""" + "".join(f"""\
  - file: 2023/{name}.jpg
    caption: {caption}
    credit: IOM 2023/Tsepo Molefi
    alt: Officials at a training.
    people: none
""" for name, caption in (("wide", "Officials at the border post."), ("second", "A trainer at the board."),
                          ("third", "Officers in a group exercise."))) + """\
---

Officials from the border posts met for two days to learn how to spot and refer cases.
"""


def printed_photos(tmp_path, photos: dict[str, tuple[int, int]], story: str = STORY):
    """Build an edition with `story` and its photos (name: pixels); the PDF, and each photo's
    page, top, left, width and height in mm, read back from it (`pdftohtml -xml`)."""
    from support import image_bytes, make_root_at, run_build

    colours = [(200, 40, 40), (160, 60, 40), (40, 140, 60)]
    root = make_root_at(tmp_path / "root", {
        "content/stories/referral-committees.md": story,
        **{f"images/2023/{name}.jpg": image_bytes(size, colour=colour)
           for (name, size), colour in zip(photos.items(), colours)},
    })
    result = run_build("newsletter", "--period", "2023-Q2", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "newsletter" / "2023-Q2" / "newsletter.pdf"
    subprocess.run(["pdftohtml", "-xml", "-q", str(pdf), str(tmp_path / "pdf")], check=True)
    xml = (tmp_path / "pdf.xml").read_text()
    per_mm = int(re.search(r'<page [^>]*width="(\d+)"', xml)[1]) / 210
    images = [(page, *(int(v) / per_mm for v in box.groups()))
              for page, body in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S)
              for box in re.finditer(r'<image top="(\d+)" left="(\d+)" width="(\d+)" height="(\d+)"', body)]
    return pdf, [image for image in images if image[3] > 40]  # not the logos


def test_a_short_storys_three_photos_print_side_by_side_at_one_height(tmp_path):
    from conftest import normalise, pdf_page_texts, white_beside_photos

    pdf, photos = printed_photos(tmp_path, {"wide": (1200, 900), "second": (1200, 900), "third": (1600, 1200)})
    # the three share a page, a top and a height, side by side within the text's width
    rows = {}
    for page, top, left, width, height in photos:
        rows.setdefault((page, round(top)), []).append((left, width, height))
    row = max(rows.values(), key=len)
    assert len(row) == 3, photos
    assert max(h for _, _, h in row) - min(h for _, _, h in row) < 1
    lefts = sorted(row)
    assert all(a[0] + a[1] <= b[0] for a, b in zip(lefts, lefts[1:]))  # none over another
    assert lefts[0][0] >= 17.5 and lefts[-1][0] + lefts[-1][1] <= 210 - 17.5
    assert min(w for _, w, _ in row) >= ROW_MIN_PHOTO_MM - 0.5
    assert all(white <= 20 for page in white_beside_photos(pdf) for _, white in page)
    # the donor wording ends the story's text, above its row: never apart from its lines
    [page] = [normalise(text) for text in pdf_page_texts(pdf) if "Officials from the border posts" in normalise(text)]
    assert "The support to this activity was provided by the United States" in page


def test_a_photo_alone_beside_white_prints_across_the_page(tmp_path):
    # one photo and one sentence: in a column, the photo stood beside the sentence's two lines
    # and 40 mm of white, even drawn at its shortest; set across the page, nothing is beside it
    from conftest import white_beside_photos

    story = STORY.split("  - file: 2023/second.jpg")[0] + STORY.split("    people: none\n")[-1]
    pdf, photos = printed_photos(tmp_path, {"wide": (1200, 900)}, story)
    assert all(white <= 20 for page in white_beside_photos(pdf) for _, white in page)
    [(_, top, left, width, height)] = [p for p in photos if p[0] != "1"]  # page 1: the lead story's
    assert left < 105 < left + width and left >= 17.5 and left + width <= 210 - 17.5


def test_a_short_lead_storys_quotes_print_beside_the_side_panel(tmp_path):
    # a lead story of one sentence and three quotes, no photo: its quotes went under the side
    # panel, and page 1 was white beside the panel down to them
    from conftest import white_beside_panel
    from support import STORY_CLINIC, make_root_at, normalise, pdf_page_texts, run_build

    said = ["The clinic came to our cattle post for the first time this winter.",
            "I had my blood pressure taken and was told where to find the nearest health centre.",
            "We will come back in spring with more nurses and the same van."]
    quotes = "quotes:\n" + "".join(f"  - text: {text}\n    by: A herder in Sehlabathebe\n" for text in said)
    story = STORY_CLINIC.split("photos:")[0] + quotes + "---\n\nThe mobile clinic spent a week in Qacha's Nek.\n"
    root = make_root_at(tmp_path / "root", {"content/stories/mobile-clinic.md": story})
    result = run_build("newsletter", "--period", "2023-Q2", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "out" / "newsletter" / "2023-Q2" / "newsletter.pdf"
    page_one = normalise(pdf_page_texts(pdf)[0])
    assert all(text in page_one for text in said)
    assert "(continued)" not in page_one.lower()
    assert white_beside_panel(pdf) <= 40
