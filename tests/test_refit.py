"""A photo that leaves a page white moves down its story (refit.py, issue 17)."""

from __future__ import annotations

from types import SimpleNamespace

from weasyprint import HTML

from bulletin import refit
from bulletin.views import _moved

PAGE = "<style>@page { size: A4; margin: 20mm } body { margin: 0; font: 10pt/5mm serif }</style>"
# an image WeasyPrint draws without reading a file
PICTURE = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='3'/>"


def paragraph(height_mm: int) -> str:
    """A paragraph of 5 mm lines, `height_mm` tall."""
    lines = "<br>".join("A line of the story." for _ in range(height_mm // 5))
    return f"<p style='margin: 0'>{lines}</p>"


def photo(height_mm: int) -> str:
    return (f"<figure data-move='story/photo.jpg' style='margin: 0'>"
            f"<img src=\"{PICTURE}\" style='display: block; height: {height_mm}mm'></figure>")


PHOTO = photo(110)


def story(moves: dict) -> str:
    """170 mm of text, a 110 mm photo, then 60 mm paragraphs: the photo fits no page's foot."""
    blocks = [paragraph(170), PHOTO, paragraph(60), paragraph(60), paragraph(60)]
    for _ in range(moves.get("story/photo.jpg", 0)):
        at = blocks.index(PHOTO)
        blocks[at], blocks[at + 1] = blocks[at + 1], blocks[at]
    return PAGE + "".join(blocks)


def lay_out(moves: dict):
    lay_out.calls.append(dict(moves))
    return HTML(string=story(moves)).render()


def test_the_pages_say_how_white_their_foot_is_and_what_opens_them():
    pages = refit.pages(HTML(string=story({})).render())
    assert len(pages) == 3
    # 257 mm of text area, 170 mm of text: 87 mm left white, the photo opens page 2
    assert 86 < pages[0].foot_mm < 88
    assert pages[0].opening == () and pages[1].opening == ("story/photo.jpg",)
    assert refit.white(pages) == (1, pages[0].foot_mm)


def test_a_photo_that_leaves_a_page_white_is_set_after_the_next_paragraph():
    lay_out.calls = []
    first = lay_out({})
    best = refit.refit(first, lay_out)
    assert lay_out.calls == [{}, {"story/photo.jpg": 1}]
    pages = refit.pages(best)
    assert best is not first and refit.white(pages) == (0, 0)
    assert pages[0].foot_mm < 30


def test_a_layout_no_whiter_than_the_first_is_not_kept():
    # the photo would open page 2 wherever it goes: nothing better to keep, the first layout stays
    tall = photo(240)
    calls = []

    def worse(moves):
        calls.append(dict(moves))
        return HTML(string=PAGE + paragraph(170) + paragraph(200) + tall).render()

    first = HTML(string=PAGE + paragraph(170) + tall + paragraph(200)).render()
    assert refit.white(refit.pages(first))[0] == 1
    assert refit.refit(first, worse) is first
    assert len(calls) <= refit.PASSES


def test_a_page_without_a_movable_block_after_it_is_left_as_it_is():
    # a page ended on purpose (a break before a section) has nothing to move
    html = PAGE + paragraph(170) + "<p style='break-before: page'>Back page</p>" + paragraph(20)
    document = HTML(string=html).render()
    assert refit.white(refit.pages(document))[0] == 1
    calls = []
    assert refit.refit(document, lambda moves: calls.append(moves)) is document and calls == []


def item(kind: str, key: str = "") -> tuple[str, object]:
    return kind, SimpleNamespace(key=key) if kind != "html" else key


def test_a_moved_photo_skips_that_many_text_blocks_and_keeps_the_rest_in_order():
    flow = [item("html", "p1"), item("photo", "a"), item("quote", "q"), item("html", "p2"),
            item("html", "p3"), item("html", "p4")]
    moved, ran_out = _moved(flow, {"a": 2})
    assert [block[1] if block[0] == "html" else block[1].key for block in moved] == [
        "p1", "q", "p2", "p3", "a", "p4"] and not ran_out
    # past the story's last block it ends the story, and says so (its photos are set smaller)
    moved, ran_out = _moved(flow, {"a": 9})
    assert [b[1] if b[0] == "html" else b[1].key for b in moved][-1] == "a" and ran_out
    assert _moved(flow, {}) == (flow, False)
