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
PRINT_MAX_HEIGHT_MM = {"wide": 110, "column": 100}
WEB_WIDTHS = {"wide": 1200, "column": 720}  # CSS px at up to 1.5x density
LOGO_HEIGHT = 160  # px; logos print about 14 mm high

# The narrowest photo that still prints sharp at column width.
MIN_PHOTO_WIDTH = round(COLUMN_WIDTH_MM / 25.4 * MIN_PRINT_DPI)

# About how many characters of body text a print column line holds (9.6 pt
# Noto Serif in 84 mm), and the length under which a story is set in one
# column: two columns of a few lines each read badly.
COLUMN_CHARS = 52
SHORT_STORY_LINES = 15
# The text of the lead story that fits on page 1 beside the contents panel.
LEAD_OPENING_CHARS = 1100
# Photos and quotes come after about this much of a story's text (views._first_slot).
EXTRAS_AFTER_CHARS = 900
