"""Page geometry shared by the photo pipeline, `check` and the print CSS.

templates/print.css sets the same A4 margins and column gap; keep them in step.
"""

TEXT_WIDTH_MM = 174  # A4 (210 mm) less two 18 mm margins
COLUMN_WIDTH_MM = 84  # two columns with a 6 mm gap
PRINT_DPI = 165  # within 150–200 dpi: sharp in print without bloating the PDF
MIN_PRINT_DPI = 150

# Photo slots: a lead photo spans the text width, others sit in a column.
PRINT_WIDTHS = {
    "wide": round(TEXT_WIDTH_MM / 25.4 * PRINT_DPI),
    "column": round(COLUMN_WIDTH_MM / 25.4 * PRINT_DPI),
}
# The tallest a photo prints (print.css: max-height), so a portrait photo is
# prepared for the width it really prints at.
PRINT_MAX_HEIGHT_MM = {"wide": 110, "column": 85}
WEB_WIDTHS = {"wide": 1200, "column": 720}  # CSS px at up to 1.5x density
LOGO_HEIGHT = 160  # px; logos print about 14 mm high

# The narrowest photo that still prints sharp at column width.
MIN_PHOTO_WIDTH = round(COLUMN_WIDTH_MM / 25.4 * MIN_PRINT_DPI)

# A headline longer than this is set smaller (print.css .story.long-title).
LONG_TITLE_CHARS = 70
# Page 1: the lead story's opening is set 108 mm wide beside the 60 mm panel
# (print.css .front); about 14 characters of it fill a millimetre of height
# (67 a line, 4.8 mm a line). Its photo is at most this tall there.
FRONT_TEXT_WIDTH_MM = 108
FRONT_CHARS_PER_MM = 14
FRONT_PHOTO_MAX_MM = 80
# The height page 1 leaves the lead story: the 259 mm text area less the
# masthead (about 42 mm) and a margin (25 mm) for the estimate's error.
FRONT_PAGE_MM = 259 - 42 - 25
# More stories than this and the contents leave the side panel for a list
# across the page: a panel of 12 two-line titles and the numbers would be
# taller than the page.
LONG_EDITION_STORIES = 9
# Photos are set smaller (print.css .story.compact) in a story with less text
# than this per photo: four column-wide photos beside eight lines leave holes.
COMPACT_CHARS_PER_PHOTO = 400
# Photos that follow one another are set side by side in a row across the page (gallery.py):
# 3 mm apart, at most as tall as a column's portrait, each at least as wide as a caption
# may be set (layout_check: no four lines narrower than 50 mm).
ROW_GAP_MM = 3
ROW_MAX_MM = 85
ROW_MIN_PHOTO_MM = 54  # a caption's lines end short of its photo's width: under 52 mm ones, 50 mm (seed 8)
# Photos and quotes come after about this much of a story's text (views._first_slot).
EXTRAS_AFTER_CHARS = 900
