"""A chart's font, carried inside its SVG, for the web page.

The charts keep their words as text in Noto Sans (see `charts`). WeasyPrint
draws them with the print page's own @font-face; a browser cannot: a page
shows a chart as an <img>, and an SVG image may not reach the page's fonts
(browsers load nothing outside an image but data: URLs). So the web copy of
a chart gets the bundled Noto Sans Regular as a WOFF data: URL, and reads as
in print whatever fonts the reader's machine has. The print copy stays
without it: the PDF has the font already, and a second Noto Sans in
WeasyPrint's font configuration would compete with the page's.
"""

from __future__ import annotations

import base64
import functools
import io
import re

from .resources import FONTS

# the charts set their words in this one face (matplotlib's default weight and style)
FAMILY, FILE = "Noto Sans", "NotoSans-Regular.ttf"
_SVG_START = re.compile(r"<svg\b[^>]*>")


def with_font(svg: str) -> str:
    """`svg` with an @font-face for the charts' face, first thing inside its root element."""
    start = _SVG_START.search(svg)
    if start is None:
        raise ValueError("not an SVG document: no <svg> element")
    style = (f'<defs><style type="text/css">@font-face {{ font-family: "{FAMILY}"; '
             f'font-weight: 400; font-style: normal; '
             f'src: url(data:font/woff;base64,{_woff()}) format("woff"); }}</style></defs>')
    return svg[:start.end()] + style + svg[start.end():]


@functools.cache
def _woff() -> str:
    """The bundled face as WOFF, base64: made once a process (the whole face,
    ~17 kB, not a subset per chart: that costs ~60 ms a chart, this once ~75 ms)."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / FILE, recalcTimestamp=False)  # the same bytes on every build
    font.flavor = "woff"
    data = io.BytesIO()
    font.save(data)
    return base64.b64encode(data.getvalue()).decode("ascii")
