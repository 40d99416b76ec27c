"""views: what templates see, from a tiny root (no build, no PDF)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bulletin.gallery import Row
from bulletin.layout import ROW_MIN_PHOTO_MM
from bulletin.project import load_project
from bulletin.render import Image
from bulletin.front_page import Front, front_key, front_page
from bulletin.views import (PhotoView, _interleave, credit, rows_key, span_key, story_view,
                            wording)
from support import edit


class FakeMedia:
    """Names each photo instead of preparing it: views only place them."""

    name = "web"

    def photo(self, file: str, slot: str) -> Image:
        return Image(f"{slot}:{file}", 100, 75)

    def logo(self, file: str) -> Image:
        return Image(f"logo:{file}", 50, 20)


@pytest.fixture
def project(root):
    return load_project(root)[0]


def story(project, slug):
    return next(s for s in project.stories if s.slug == slug)


def test_wording_fills_the_donors_placeholders(project):
    item = wording(project, "SSITIP20GR0006")
    assert item.donor == "United States Department of State"
    assert item.acknowledgement == ("The support to this activity was provided by the United States "
                                    "Department of State, under the terms of Award No. SSITIP20GR0006.")
    assert item.disclaimer.endswith("reflect the views of the United States Department of State.")
    netherlands = wording(project, "NL-MHP-2022-017")
    assert netherlands.acknowledgement == ("This activity was supported by the Government of the Netherlands "
                                           'under the "Healthy Mobility in the Southern Highlands".')
    assert netherlands.disclaimer is None


def test_a_credit_is_printed_with_its_copyright_sign(project):
    referral = story(project, "referral-committees")
    assert credit(project, referral, referral.photos[0]) == "© IOM 2023/Tsepo Molefi"


def test_a_bare_photographer_is_credited_in_the_sites_words(root):
    edit(root, "content/stories/referral-committees.md", "credit: IOM 2023/Tsepo Molefi",
         "credit: Tsepo Molefi")
    project = load_project(root)[0]
    referral = story(project, "referral-committees")
    assert credit(project, referral, referral.photos[0]) == "© IOM 2023/Tsepo Molefi"


def test_a_story_view_places_the_lead_photo_and_resolves_districts(project):
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    # the first photo is prepared for the page's width (the web opens with it across the page)
    assert view.lead.image.src == "wide:2023/referral.jpg"
    assert view.places == ["Thaba-Tseka"]  # written as the alias "Thaba Tseka"
    assert view.theme == "Counter-trafficking"
    assert view.summary == "Referral committees trained in Thaba-Tseka."
    assert [w.award for w in view.wording] == ["SSITIP20GR0006"]  # through its linked activity
    kinds = [kind for kind, _ in view.flow]
    assert kinds[0] == "html" and "quote" in kinds


def test_raw_html_in_a_story_reaches_the_view_as_text(root):
    edit(root, "content/stories/referral-committees.md", "met for three days.",
         "met for three days. <script>alert(1)</script>")
    project = load_project(root)[0]
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    html = "".join(str(value) for kind, value in view.flow if kind == "html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_extras_are_spread_through_the_text_never_first():
    blocks = [("html", n) for n in "abcd"]
    flow = _interleave(blocks, [("photo", 1), ("quote", 2)])
    assert [v for _, v in flow] == ["a", 1, "b", 2, "c", "d"]
    assert _interleave([("html", "a")], [("photo", 1), ("photo", 2)]) == [
        ("html", "a"), ("photo", 1), ("photo", 2)]


def test_extras_never_come_between_a_subheading_and_its_paragraph():
    blocks = [("html", "<p>a</p>"), ("html", "<h3>b</h3>"), ("html", "<p>c</p>"), ("html", "<p>d</p>")]
    flow = _interleave(blocks, [("photo", 1)], start=2)
    assert [v for _, v in flow] == ["<p>a</p>", "<h3>b</h3>", "<p>c</p>", 1, "<p>d</p>"]


def lead_story(project, width: int, height: int, stories: int = 1):
    """The lead story with a long text and a photo of the given size (none when 0 x 0)."""
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    photo = PhotoView(Image("lead.jpg", width, height), "Caption", "© IOM", "Alt") if width else None
    long_text = [("html", f"<p>{'Words of the opening. ' * 5}</p>") for _ in range(40)]
    view = view.__class__(**{**view.__dict__, "lead": photo, "flow": long_text})
    return [view] * stories


def test_page_one_takes_a_landscape_lead_photo_and_leaves_a_portrait_for_the_rest(project):
    landscape = front_page(lead_story(project, 400, 300))
    assert isinstance(landscape, Front) and landscape.photo is not None
    assert all(kind == "html" for kind, _ in landscape.rest)
    portrait = front_page(lead_story(project, 300, 400))
    assert portrait.photo is None
    assert [kind for kind, _ in portrait.rest][:2] == ["html", "photo"]  # after the rest's first paragraph


def test_page_one_holds_less_text_under_a_photo_or_a_long_editions_contents(project):
    def opening_chars(front):
        return sum(len(str(item)) for _, item in front.opening)

    with_photo, without = front_page(lead_story(project, 400, 300)), front_page(lead_story(project, 0, 0))
    assert opening_chars(with_photo) < opening_chars(without)
    few, many = front_page(lead_story(project, 0, 0, 2)), front_page(lead_story(project, 0, 0, 30))
    assert not few.long and many.long
    assert opening_chars(many) < opening_chars(few)  # the contents run across the page above it
    # under the contents of 30 stories a photo would push the opening off page 1: it waits
    assert front_page(lead_story(project, 400, 300, 30)).photo is None
    assert not front_page(lead_story(project, 400, 300, 9)).long and front_page(lead_story(project, 400, 300, 10)).long


def test_a_photo_never_ends_a_story_of_two_paragraphs_or_more():
    """Its last lines follow it: a photo chained to the donor wording left pages white."""
    for count in (2, 3, 6):
        blocks = [("html", str(n)) for n in range(count)]
        flow = _interleave(blocks, [("photo", "p"), ("photo", "q"), ("quote", "r")], start=count)
        assert flow[-1] == blocks[-1] and len(flow) == count + 3


def print_article(project, view, **options) -> str:
    from bulletin.render import environment

    template = environment(project.root).from_string(
        '{% from "_macros.html.j2" import story_article with context %}{{ story_article(s, **o) }}')
    return template.render(s=view, o=options, medium="print")


def test_a_lead_story_that_fits_page_one_ends_there_with_its_wording(root):
    project = load_project(root)[0]
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    front = front_page([view])  # a short story: the whole text on page 1, its quote under it
    assert [kind for kind, _ in front.opening] == ["html", "quote"] and front.rest == []
    # refit.py may give the quote back to the rest, should the page's foot be left white
    assert front.key == front_key(view.slug)
    given = front_page([view], {front_key(view.slug): 1})
    assert [kind for kind, _ in given.opening] == ["html"] and [kind for kind, _ in given.rest] == ["quote"]
    assert given.key == ""
    edit(root, "content/stories/referral-committees.md",
         "quotes:\n  - text: I learned the correct procedure to follow when referring a victim.\n"
         "    by: Ts'oeute Ramone\n", "")
    project = load_project(root)[0]
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    front = front_page([view])
    assert front.rest == [] and front.opening
    acknowledgement = view.wording[0].acknowledgement
    assert acknowledgement in print_article(project, view, part="opening", blocks=front.opening, ends=True)
    assert acknowledgement not in print_article(project, view, part="opening", blocks=front.opening)
    assert acknowledgement in print_article(project, view)  # a whole story ends with it


def test_print_classes_for_long_headlines_and_photos_that_outweigh_the_text(root):
    edit(root, "content/stories/referral-committees.md",
         "title: District committees step up the national referral mechanism",
         "title: " + "District committees step up the national referral mechanism " * 2)
    project = load_project(root)[0]
    view = story_view(project, story(project, "referral-committees"), FakeMedia())
    assert view.long_title and view.compact  # a few lines of text and a photo
    html = print_article(project, view)
    assert 'class="story whole compact long-title"' in html


def test_a_lead_photo_moved_past_the_stories_last_block_sets_its_photos_smaller(root):
    # refit.py moves a photo that opens the page after a white one; once it is after the
    # last paragraph it can go no further, and only smaller photos let the story end higher
    paragraphs = "\n".join(f"Day {n}: " + "the clinic saw herders at the cattle posts. " * 12 + "\n"
                           for n in range(1, 5))
    edit(root, "content/stories/mobile-clinic.md",
         "The mobile clinic spent a week in the mountains of Qacha's Nek.\n", paragraphs)
    project = load_project(root)[0]
    clinic = story(project, "mobile-clinic")
    view = story_view(project, clinic, FakeMedia())
    blocks = sum(kind == "html" for kind, _ in view.flow)
    assert not view.compact and 1 <= view.lead_after < blocks == 4
    to_end = story_view(project, clinic, FakeMedia(), {view.lead.key: blocks - view.lead_after})
    assert to_end.lead_after == blocks and not to_end.compact
    past = story_view(project, clinic, FakeMedia(), {view.lead.key: blocks - view.lead_after + 1})
    assert past.lead_after == blocks and past.compact


def test_refit_may_set_a_short_storys_photos_full_size_or_draw_its_last_photo_to_fit(project):
    # mobile-clinic: one line and one photo, so its photo is set small (compact) and ends it
    clinic = story(project, "mobile-clinic")
    view = story_view(project, clinic, FakeMedia())
    assert view.compact and view.resizable and view.lead_after == 1
    html = print_article(project, view)
    assert 'data-compact="mobile-clinic/compact"' in html  # refit.py may set it full size
    assert f'data-fit="{view.lead.key}/fit"' in html and "max-height" not in html
    # refit.py found the page before too white for the next story's opening: full size
    full = story_view(project, clinic, FakeMedia(), {"mobile-clinic/compact": 1})
    assert not full.compact and full.resizable and not full.lead.fit
    assert 'data-fit=' not in print_article(project, full)
    # or the photo opened a page after a white one, with no text left to move it past
    fitted = story_view(project, clinic, FakeMedia(), {f"{view.lead.key}/fit": 38})
    assert fitted.compact and fitted.lead.fit_mm == 38
    assert 'style="max-height: 38mm"' in print_article(project, fitted)
    # moved past its last line, the photo leaves no other size to try
    moved = story_view(project, clinic, FakeMedia(), {view.lead.key: 1, "mobile-clinic/compact": 1})
    assert moved.compact and not moved.resizable
    assert "data-compact" not in print_article(project, moved)
    # on the web, a photo is never drawn to a print height
    from bulletin.render import environment
    web = environment(project.root).from_string(
        '{% from "_macros.html.j2" import story_article with context %}{{ story_article(s) }}')
    assert "max-height" not in web.render(s=fitted, medium="web")


def test_refit_may_set_a_storys_headline_smaller_in_print_only(project):
    clinic = story(project, "mobile-clinic")
    view = story_view(project, clinic, FakeMedia())
    assert not view.long_title
    html = print_article(project, view)
    assert 'data-headline="mobile-clinic/headline"' in html and "long-title" not in html
    # its opening fell a few millimetres short of a white page's foot (refit.py)
    smaller = story_view(project, clinic, FakeMedia(), {"mobile-clinic/headline": 1})
    assert smaller.long_title and smaller.compact == view.compact
    html = print_article(project, smaller)
    assert "long-title" in html.split('>')[0] and "data-headline" not in html
    # the front page's lead story, and the web, never carry it
    assert "data-headline" not in print_article(project, view, part="opening")
    from bulletin.render import environment
    web = environment(project.root).from_string(
        '{% from "_macros.html.j2" import story_article with context %}{{ story_article(s) }}')
    assert "data-headline" not in web.render(s=view, medium="web")


def test_a_story_with_many_photos_for_its_text_keeps_them_small(root):
    edit(root, "content/stories/mobile-clinic.md", "photos:\n", "photos:\n" + "".join(
        f"  - file: 2023/clinic.jpg\n    caption: Day {n}.\n    credit: IOM 2023/Lineo Mokoena\n"
        f"    alt: A clinic.\n    people: none\n" for n in (1, 2)))
    project = load_project(root)[0]
    view = story_view(project, story(project, "mobile-clinic"), FakeMedia())
    # three photos at full size beside one line would stand in a column of their own
    assert view.compact and not view.resizable
    assert "data-compact" not in print_article(project, view)


def test_a_portrait_lead_photo_waits_under_the_rests_first_paragraph_not_its_subheading(root):
    # the rest of a long lead story after page 1 may open with a subheading; the photo set
    # right under it took the heading to page 2 with it and left page 1's foot white
    def paragraphs(count: int) -> str:  # 880 characters each: page 1 holds two
        return "\n".join("The clinic saw herders at the cattle posts. " * 20 + "\n" for _ in range(count))

    edit(root, "content/stories/mobile-clinic.md", "The mobile clinic spent a week in the mountains of Qacha's Nek.\n",
         paragraphs(2) + "\n### Back at the post\n\n" + paragraphs(4))

    class PortraitMedia(FakeMedia):
        def photo(self, file: str, slot: str) -> Image:
            return Image(f"{slot}:{file}", 75, 100)

    project = load_project(root)[0]
    front = front_page([story_view(project, story(project, "mobile-clinic"), PortraitMedia())])
    assert front.photo is None  # a portrait photo is not set beside the contents
    kinds = [kind if kind != "html" or not item.startswith("<h") else "heading" for kind, item in front.rest]
    assert kinds[:3] == ["heading", "html", "photo"], kinds


def test_a_short_lead_story_leaves_its_last_paragraph_to_the_rest_and_sets_its_photos_small(root):
    # the whole text fits page 1, but not its photo under it: the photo alone under the side
    # panel fits no foot, so the last paragraph opens the rest and fills the foot in two
    # columns, and the photo, after all the text, is set small and may be drawn to fit
    # (generated seed 107: 64 mm white)
    edit(root, "content/stories/mobile-clinic.md", "The mobile clinic spent a week in the mountains of Qacha's Nek.\n",
         "The clinic saw herders at the cattle posts.\n\n" + "The team wrote up each visit. " * 30
         + "It came back with their records.\n")

    class PortraitMedia(FakeMedia):
        def photo(self, file: str, slot: str) -> Image:
            return Image(f"{slot}:{file}", 750, 1000)  # 85 mm tall beside the panel

    project = load_project(root)[0]
    clinic = story(project, "mobile-clinic")
    view = story_view(project, clinic, PortraitMedia())
    front = front_page([view])
    assert [str(item).strip() for _, item in front.opening] == ["<p>The clinic saw herders at the cattle posts.</p>"]
    assert [kind for kind, _ in front.rest] == ["html", "photo"]
    # with fewer lines, the photo fits under them beside the panel, and page 1 holds the story
    short = front_page([replace(view, flow=view.flow[:1])])
    assert [kind for kind, _ in short.opening] == ["html", "photo"] and short.rest == []
    # refit.py moves nothing on page 1: the photo beside the panel is not offered to it
    assert "data-move" not in print_article(project, view, part="opening", blocks=short.opening)
    photo = front.rest[1][1]
    assert front.story.compact and photo.fit == f"{view.lead.key}/fit" and photo.fit_mm is None
    html = print_article(project, front.story, part="rest", blocks=front.rest)
    assert 'class="story rest featured compact' in html and f'data-fit="{view.lead.key}/fit"' in html
    fitted = front_page([view], {f"{view.lead.key}/fit": 38})
    assert fitted.rest[1][1].fit_mm == 38
    # a rest with text after its photo keeps the story's size
    edit(root, "content/stories/mobile-clinic.md", "It came back with their records.\n",
         "It came back with their records.\n\n" + ("The clinic saw herders at the cattle posts. " * 40 + "\n\n") * 5)
    project = load_project(root)[0]
    long = front_page([story_view(project, story(project, "mobile-clinic"), PortraitMedia())])
    assert [kind for kind, _ in long.rest][-1] == "html" and not long.story.compact


def test_a_lead_photo_moved_down_passes_a_subheading_with_its_paragraph(root):
    long = "The clinic saw herders at the cattle posts. " * 22 + "\n"  # the photo's first slot after it
    edit(root, "content/stories/mobile-clinic.md", "The mobile clinic spent a week in the mountains of Qacha's Nek.\n",
         long + "\n### Back at the post\n\n" + long + "\n" + long)
    project = load_project(root)[0]
    clinic = story(project, "mobile-clinic")
    view = story_view(project, clinic, FakeMedia())
    assert view.lead_after == 1 and str(view.flow[1][1]).startswith("<h")
    moved = story_view(project, clinic, FakeMedia(), {view.lead.key: 1})
    assert moved.lead_after == 3  # after the heading's paragraph, not between the two


class PrintMedia(FakeMedia):
    """Photos the size print prepares them at (84 mm at 165 ppi)."""

    name = "print"

    def photo(self, file: str, slot: str) -> Image:
        return Image(f"{slot}:{file}", 546, 410)


def test_in_print_photos_that_follow_one_another_may_go_in_a_row_with_the_opening_photo(root):
    # a one-paragraph story with three photos: stacked in a column, they stood beside white
    # (generated seeds); in print refit.py may set them side by side across the page
    edit(root, "content/stories/mobile-clinic.md", "photos:\n", "photos:\n" + "".join(
        f"  - file: 2023/clinic.jpg\n    caption: Day {n}.\n    credit: IOM 2023/Lineo Mokoena\n"
        f"    alt: A clinic.\n    people: none\n" for n in (1, 2)))
    project = load_project(root)[0]
    clinic = story(project, "mobile-clinic")
    # laid out first in the columns, the story is named to refit.py as one it may set in rows
    first = story_view(project, clinic, PrintMedia())
    assert [kind for kind, _ in first.flow] == ["html", "photo", "photo"] and not first.lead_in_flow
    assert first.rows == rows_key("mobile-clinic")
    assert f'data-rows="{first.rows}"' in print_article(project, first)
    printed = story_view(project, clinic, PrintMedia(), {first.rows: 1})
    assert [kind for kind, _ in printed.flow] == ["html", "row"] and printed.lead_in_flow
    assert not printed.rows
    row = printed.flow[1][1]
    assert row.photos[0] == printed.lead and len(row.photos) == 3 and row.key == printed.lead.key
    assert row.fit == f"{row.key}/fit"  # refit.py may draw it smaller to fit a page's foot
    drawn = story_view(project, clinic, PrintMedia(), {first.rows: 1, row.fit: 41}).flow[1][1]
    assert drawn.fit_mm == 41 and drawn.height_mm == 41 < row.height_mm
    html = print_article(project, printed)
    assert html.count("<figure") == 3 and html.count('class="gallery"') == 1
    assert f'data-move="{printed.lead.key}"' in html
    # the screen keeps one column: the photos follow the text one by one
    web = story_view(project, clinic, FakeMedia())
    assert [kind for kind, _ in web.flow] == ["html", "photo", "photo"] and not web.lead_in_flow
    assert not web.rows and story_view(project, clinic, FakeMedia(), {first.rows: 1}).flow == web.flow
    # page 1 sets the lead story's opening photo itself: refit.py is never offered its rows
    front = front_page([first])
    for part, blocks in (("opening", front.opening), ("rest", front.rest)):
        assert "data-rows" not in print_article(project, front.story, part=part, blocks=blocks)


class PortraitMedia(PrintMedia):
    def photo(self, file: str, slot: str) -> Image:
        return Image(f"{slot}:{file}", 410, 546)


def test_in_print_a_photo_alone_beside_white_may_be_set_across_the_page(root):
    # a photo left alone in its column (its story's text ended above it, or on the page before)
    # that drawing smaller cannot close: refit.py sets it across the page, a row of its own
    project = load_project(root)[0]
    clinic = story(project, "mobile-clinic")
    first = story_view(project, clinic, PrintMedia())
    assert [kind for kind, _ in first.flow] == ["html"] and not first.lead_in_flow
    assert f'data-span="{span_key(first.lead.key)}"' in print_article(project, first)  # offered to refit.py
    spanned = story_view(project, clinic, PrintMedia(), {span_key(first.lead.key): 1})
    assert [kind for kind, _ in spanned.flow] == ["html", "row"] and spanned.lead_in_flow
    row = spanned.flow[1][1]
    assert [p.key for p in row.photos] == [first.lead.key] and row.fit == f"{row.key}/fit"
    html = print_article(project, spanned)
    assert html.count("<figure") == 1 and html.count('class="gallery"') == 1
    # as wide as the text, or as tall as a photo may print: here, its 410 pixels at 150 ppi
    [(_, width)] = row.placed()
    assert row.height_mm == pytest.approx(410 / 150 * 25.4) and width == round(row.height_mm * 546 / 410, 1)
    # the screen is one column already
    assert story_view(project, clinic, FakeMedia(), {span_key(first.lead.key): 1}).flow == \
        story_view(project, clinic, FakeMedia()).flow
    # a photo its pixels print narrower than a caption may be: its caption is not narrower
    small = type("SmallMedia", (PrintMedia,), {"photo": lambda self, file, slot: Image(file, 240, 360)})()
    [(_, narrow)] = story_view(project, clinic, small, {span_key(first.lead.key): 1}).flow[1][1].placed()
    assert narrow < ROW_MIN_PHOTO_MM == Row.figure_mm(narrow)
    # page 1's portrait lead photo waits for the rest of the story: set across the page there
    # once, never twice
    lead = story_view(project, clinic, PortraitMedia(), {span_key(first.lead.key): 1})
    front = front_page([lead])
    printed = [item for kind, item in front.opening + front.rest if kind in ("photo", "row")]
    assert len(printed) == 1 and printed[0].key == lead.lead.key and front.photo is None
    # ...where refit.py is never offered it: page 1's lead story is set apart
    portrait = front_page([story_view(project, clinic, PortraitMedia())])
    printed = print_article(project, portrait.story, part="opening", blocks=portrait.opening) + \
        print_article(project, portrait.story, part="rest", blocks=portrait.rest)
    assert printed.count("<figure") == 1 and "data-span" not in printed
