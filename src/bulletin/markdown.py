"""Story Markdown to safe HTML.

Stories are written by many hands, so raw HTML is never passed through:
markdown-it escapes it as text, and nh3 then cleans the result against a
short allowlist (defence in depth: no images, scripts, styles or
attributes beyond links).
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "a",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "s", "sub", "sup",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
_LINK_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "typographer": True, "linkify": False})
_md.enable(["table", "strikethrough", "replacements", "smartquotes"])


def _shift_headings(tokens, *_):
    """Story titles are h2, so a story's own headings start at h3."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(max(int(token.tag[1]) + 1, 3), 6)
            token.tag = f"h{level}"


_md.core.ruler.push("shift_headings", lambda state: _shift_headings(state.tokens))


def to_html(text: str) -> str:
    return _clean(_md.render(text))


def to_blocks(text: str) -> list[str]:
    """The HTML of each top-level block (paragraph, list, heading…), in order.

    Lets a layout place photos and quotes between paragraphs.
    """
    tokens = _md.parse(text)
    blocks, start = [], 0
    for i, token in enumerate(tokens):
        if token.level == 0 and token.nesting <= 0:  # a block closes (or stands alone)
            blocks.append(_clean(_md.renderer.render(tokens[start:i + 1], _md.options, {})))
            start = i + 1
    return [b for b in blocks if b.strip()]


_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


def _clean(markup: str) -> str:
    # A paragraph that held only an image (which is dropped) would print as a gap.
    return _EMPTY_PARAGRAPH.sub("", _clean_tags(markup))


def _clean_tags(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_LINK_SCHEMES,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},
    )


def to_text(text: str) -> str:
    """Plain text of a Markdown snippet (for summaries and the email's text part)."""
    return html.unescape(nh3.clean(_md.render(text), tags=set())).strip()
