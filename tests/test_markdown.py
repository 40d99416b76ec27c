"""Story Markdown to safe HTML: bulletin.markdown.to_html, to_blocks and to_text.

Stories are written by many hands: raw HTML must come out as text, links only
as http, https or mailto (with rel="noopener"), no images, and the story's own
headings below the story title (h2).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bulletin.markdown import to_blocks, to_html, to_text


class Elements(HTMLParser):
    """Every start tag of a fragment, as (tag, {attribute: value})."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.tags}


# --- raw HTML -------------------------------------------------------------

RAW_HTML = [
    "<script>alert(1)</script>",
    "Hello <script>alert(1)</script> world",
    '<img src="file:///etc/passwd">',
    '<img src=x onerror="alert(1)">',
    '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "<iframe src=\"https://evil.example\"></iframe>",
    "<style>body { display: none }</style>",
    '<div onclick="alert(1)">text</div>',
    "<b>bold</b> and <span style=\"color:red\">red</span>",
    "<!-- a comment -->",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<object data=\"file:///etc/passwd\"></object>",
    '<link rel="stylesheet" href="http://127.0.0.1/x.css">',
    "<base href=\"file:///\">",
]


@pytest.mark.parametrize("source", RAW_HTML)
def test_raw_html_is_never_markup(source):
    html = to_html(source)
    elements = Elements(html)
    # Only the paragraph markdown-it wraps the text in, nothing the author typed.
    assert elements.names <= {"p"}, html
    assert all(attrs == {} for _, attrs in elements.tags), html
    assert "<" + source.lstrip("<")[:3] not in html


def test_raw_html_is_kept_as_visible_text():
    html = to_html("Type <script>alert(1)</script> & <b>bold</b>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&amp;" in html
    assert "".join(Elements(html).text).strip() == "Type <script>alert(1)</script> & <b>bold</b>"


@pytest.mark.parametrize("source", RAW_HTML)
def test_blocks_escape_raw_html_too(source):
    for block in to_blocks(f"First paragraph.\n\n{source}\n\nLast paragraph."):
        elements = Elements(block)
        assert elements.names <= {"p"}, block
        assert all(attrs == {} for _, attrs in elements.tags), block


# --- links ----------------------------------------------------------------

BAD_LINKS = [
    "[link](javascript:alert(1))",
    "[link](JavaScript:alert(1))",
    "[link](jav&#x61;script:alert(1))",
    "[link](javascript&colon;alert(1))",
    "[link]( javascript:alert(1) )",
    "<javascript:alert(1)>",
    "[link](vbscript:msgbox(1))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[link](file:///etc/passwd)",
    "<file:///etc/passwd>",
    "[link][ref]\n\n[ref]: javascript:alert(1)",
]


@pytest.mark.parametrize("source", BAD_LINKS)
def test_unsafe_links_are_dropped(source):
    html = to_html(source)
    anchors = Elements(html).named("a")
    assert all(a.get("href") is None for a in anchors), html
    lowered = html.lower()
    for scheme in ("href=\"javascript", "href=\"vbscript", "href=\"data:", "href=\"file:"):
        assert scheme not in lowered, html


@pytest.mark.parametrize("href", [
    "https://www.iom.int/countries/lesotho",
    "http://example.org/page?x=1&y=2",
    "mailto:comms.lesotho@example.org",
])
def test_safe_links_are_kept_with_noopener(href):
    html = to_html(f"Read [the page]({href}) now.")
    anchors = Elements(html).named("a")
    assert len(anchors) == 1, html
    assert anchors[0]["href"] == href
    assert "noopener" in (anchors[0].get("rel") or "").split()
    assert set(anchors[0]) <= {"href", "rel", "title"}


def test_autolinks_and_titles_on_safe_links():
    html = to_html('See <https://example.org/a> and [b](https://example.org/b "The B page").')
    anchors = Elements(html).named("a")
    assert [a["href"] for a in anchors] == ["https://example.org/a", "https://example.org/b"]
    assert anchors[1]["title"] == "The B page"
    assert all("noopener" in a["rel"].split() for a in anchors)


@pytest.mark.parametrize("source", [
    '[x](https://example.org/" onclick="alert(1))',
    '[x](<https://example.org/" onclick="alert(1)>)',
    '[x](https://example.org/ "t\\" onclick=\\"alert(1)")',
])
def test_link_attributes_cannot_be_injected(source):
    html = to_html(source)
    for tag, attrs in Elements(html).tags:
        assert set(attrs) <= {"href", "rel", "title"}, html


# --- headings, tables, images -----------------------------------------------

def test_headings_are_shifted_below_the_story_title():
    html = to_html("# One\n\ntext\n\n### Three\n\n#### Four\n\n###### Six")
    elements = Elements(html)
    assert not elements.names & {"h1", "h2"}, html
    assert "<h3>One</h3>" in html
    assert "<h4>Three</h4>" in html
    assert "<h5>Four</h5>" in html
    assert "<h6>Six</h6>" in html


def test_heading_levels_never_go_up_and_never_reach_h2():
    levels = []
    for depth in range(1, 7):
        html = to_html("#" * depth + " Heading")
        (tag,) = [t for t, _ in Elements(html).tags]
        levels.append(int(tag[1]))
    assert min(levels) == 3, levels
    assert max(levels) == 6, levels
    assert levels == sorted(levels), levels


def test_setext_headings_are_shifted_too():
    html = to_html("Big\n===\n\nSmaller\n-------\n")
    assert not Elements(html).names & {"h1", "h2"}, html


def test_tables_are_allowed_with_alignment_only():
    html = to_html("| District | People |\n|:---|---:|\n| Maseru | 47 |\n| Leribe | 104 |\n")
    elements = Elements(html)
    assert {"table", "thead", "tbody", "tr", "th", "td"} <= elements.names, html
    assert len(elements.named("td")) == 4
    styles = {a.get("style") for t, a in elements.tags if t in ("th", "td")}
    assert styles <= {None, "text-align:left", "text-align:right"}, styles
    assert "text-align:right" in styles


def test_images_are_removed():
    for source in ("![A photo](2023/photo.jpg)", "![x](file:///etc/passwd)",
                   "Text with ![inline](https://example.org/x.png) image."):
        html = to_html(source)
        assert "img" not in Elements(html).names, html
        assert "<img" not in html
    # an image with an acceptable address leaves nothing behind, not even its address
    for source in ("![A photo](2023/photo.jpg)", "Text ![inline](https://example.org/x.png) image."):
        html = to_html(source)
        assert "photo.jpg" not in html and "x.png" not in html, html


def test_formatting_is_kept():
    html = to_html("**bold**, *em*, `code`, ~~gone~~\n\n> quoted\n\n---\n\n```\npre\n```")
    assert {"strong", "em", "code", "s", "blockquote", "hr", "pre"} <= Elements(html).names, html


# --- to_blocks --------------------------------------------------------------

STORY = """\
First paragraph, with **bold** text.

Second paragraph
on two lines.

- one
- two
  - nested

## A subheading

1. first
2. second

> A quotation
>
> in two paragraphs.

Last paragraph.
"""


def test_blocks_split_paragraphs_lists_and_headings_in_order():
    blocks = to_blocks(STORY)
    starts = [Elements(b).tags[0][0] for b in blocks]
    assert starts == ["p", "p", "ul", "h3", "ol", "blockquote", "p"], blocks
    assert "First paragraph" in blocks[0] and "<strong>bold</strong>" in blocks[0]
    assert "Second paragraph" in blocks[1] and "on two lines" in blocks[1]
    assert blocks[2].count("<ul>") == 2 and "nested" in blocks[2]  # a nested list stays in its block
    assert blocks[5].count("<p>") == 2  # a blockquote is one block
    assert "Last paragraph." in blocks[6]


def test_blocks_are_each_whole_elements_and_add_up_to_the_html():
    blocks = to_blocks(STORY)
    for block in blocks:
        elements = Elements(block)
        first = elements.tags[0][0]
        assert block.strip().startswith(f"<{first}") and block.strip().endswith(f"</{first}>"), block
    assert "".join(blocks).split() == to_html(STORY).split()


def test_blocks_have_no_empty_ones():
    assert to_blocks("") == []
    assert to_blocks("\n\n   \n") == []
    # A paragraph holding only an image loses the image: it must not leave an
    # empty <p></p> block behind (a layout places photos and quotes between blocks).
    blocks = to_blocks("Before.\n\n![A photo](2023/photo.jpg)\n\nAfter.")
    assert [b for b in blocks if not "".join(Elements(b).text).strip()] == [], blocks
    assert len(blocks) == 2, blocks


# --- to_text --------------------------------------------------------------

def test_text_unescapes_entities_and_drops_markup():
    assert to_text("Fish &amp; chips") == "Fish & chips"
    assert to_text("Tom & Jerry") == "Tom & Jerry"
    assert to_text("&copy; IOM 2023") == "© IOM 2023"
    assert to_text("**Bold** and *em* and [a link](https://example.org)") == "Bold and em and a link"
    assert to_text("a < b > c") == "a < b > c"


def test_text_keeps_raw_html_as_literal_text():
    text = to_text("Say <b>hi</b> & <script>alert(1)</script>")
    assert text == "Say <b>hi</b> & <script>alert(1)</script>"
    assert "&lt;" not in text and "&amp;" not in text


def test_text_uses_typographic_quotes_and_no_entities():
    text = to_text('He said "go" and it\'s done')
    assert "“go”" in text and "it’s" in text
    assert "&" not in text


def test_text_of_several_blocks_starts_with_the_first():
    text = to_text("# Title\n\nFirst paragraph.\n\nSecond.")
    assert text.split("\n")[0] == "Title"
    assert "First paragraph." in text and "Second." in text
    assert "<" not in text
