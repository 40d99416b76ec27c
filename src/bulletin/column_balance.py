"""WeasyPrint's column balancing, made to find its height by search instead of by pixel steps.

A story's text runs in two balanced columns. WeasyPrint balances them by
laying the content out again and again, from half its height upwards, each
time adding the space the next block needs. When the first column takes
nothing at the height tried (a portrait photo taller than that height, or a
photo kept with the donor wording after it), it has no measure of what is
missing and adds one pixel per pass: a story's last page holding a photo
and the wording is laid out 100 to 250 times. That was a tenth of the time
WeasyPrint spent on a batch of generated reports (benchmarks/run.py).

The first column taking something at a height is monotonic in the height
(more room never fits less), so the smallest number of pixels to add can be
found by doubling and halving, in a dozen trial layouts of that column
alone. Adding just that many pixels reaches the very height the pixel steps
reach, so the pages are the same, only sooner (tests/test_column_balance.py
renders both ways and compares).

A second fix, in the same function: when the columns of a page are laid
out for real and a later column cannot take its first block (a photo taller
than the room left at the page's foot), WeasyPrint dropped the columns it
had already filled and moved the whole column box, headline and all, to the
next page: a short story with a photo left up to 100 mm of white behind it.
The columns already filled now stay, and the rest continues on the next
page, as it does when the text simply overflows (tests/test_column_balance.py
shows the case, reduced).

Both are small changes to one function of WeasyPrint (layout/column.py,
`columns_layout`), made to its source when this module is imported, and
only on the WeasyPrint versions they were checked on, `CHECKED_ON` (the
versions pyproject.toml pins). On any other version nothing is changed:
stderr says so once (`FALLBACK`) and WeasyPrint balances columns as it
always does (the same pages, laid out more slowly, except that a column
box whose next column cannot take its first block moves to the next page
whole). `APPLIED` and `KEEPS_FILLED_COLUMNS` say which fixes are in. The
change as a patch to propose upstream: docs/weasyprint-column-balance.patch,
explained in docs/weasyprint-notes.md.
"""

from __future__ import annotations

import inspect
import sys
from contextlib import contextmanager
from math import inf

import weasyprint
from weasyprint.layout import block, column

# The WeasyPrint versions whose columns_layout the fixes were checked on: pyproject.toml pins
# exactly these, and on any other the lines they change may mean something else.
CHECKED_ON = ("70.0",)
FALLBACK = ("warning: the column balancing fixes are for WeasyPrint {checked}, not {version}: columns are "
            "balanced WeasyPrint's own way, more slowly, and a story whose next column cannot take its "
            "photo moves to the next page whole (docs/weasyprint-notes.md)")

# The lines of columns_layout the fix hooks into: where the first column took nothing,
# where the next height is chosen, and where a balancing run starts.
_NOTHING_FITS = ("                if new_box is None:\n"
                 "                    # We didn't render anything, retry\n")
_NEXT_HEIGHT = "                add_height = 1 if lost_space == inf else lost_space\n"
_RUN_STARTS = "        lost_space = inf\n"
# The real layout of the columns, where a column that takes nothing throws away those before it.
_COLUMN_TAKES_NOTHING = ("            if new_child is None:\n"
                         "                columns = []\n"
                         "                break_page = True\n"
                         "                break\n")
_KEEP_FILLED = ("            if new_child is None and columns:\n"
                "                # the columns filled so far stay; the rest goes on from where the last one ended\n"
                "                column_skip_stack = skip_stack\n"
                "                stop_rendering = True\n"
                "                break\n")

_SEARCH = ("                    if balancing and i == 0 and lost_space == inf:\n"
           "                        jump = _pixels_to_first_fit(\n"
           "                            context, column_box, column_skip_stack, containing_block,\n"
           "                            first_letter_style, first_line_style, current_position_y,\n"
           "                            height, max_height, len(original_excluded_shapes))\n")


def _pixels_to_first_fit(context, column_box, skip_stack, containing_block, first_letter_style,
                         first_line_style, top: float, height: float, max_height: float,
                         shapes: int) -> int:
    """The fewest whole pixels to add to `height` for the first column to take something:
    what WeasyPrint's one-pixel steps would add, found in O(log n) trial layouts."""

    def fits(extra: int) -> bool:
        del context.excluded_shapes[shapes:]  # as each of WeasyPrint's own passes starts
        new_box = block.block_box_layout(
            context, column_box, context.page_bottom - top - (height + extra), skip_stack,
            containing_block, False, [], [], [], first_letter_style, first_line_style,
            discard=False, max_lines=None)[0]
        if new_box is None:
            return False
        block.remove_placeholders(context, [new_box], [], [])
        return True

    fails, fitting = 0, 1  # adding `fails` pixels is known not to fit
    while not fits(fitting):
        fails, fitting = fitting, fitting * 2
        if height + fails > max_height:  # WeasyPrint's own loop stops here too
            return fails
    while fitting - fails > 1:
        middle = (fails + fitting) // 2
        if fits(middle):
            fitting = middle
        else:
            fails = middle
    return fitting


def _patched_source() -> tuple[str, bool, bool]:
    """columns_layout's source with each fix whose lines are there; and which were made."""
    source = inspect.getsource(STOCK)
    search = all(source.count(line) == 1 for line in (_NOTHING_FITS, _NEXT_HEIGHT, _RUN_STARTS))
    if search:
        source = source.replace(_NOTHING_FITS, _NOTHING_FITS + _SEARCH)
        source = source.replace(_NEXT_HEIGHT, "                add_height = jump or (\n"
                                              "                    1 if lost_space == inf else lost_space)\n"
                                              "                jump = 0\n")
        source = source.replace(_RUN_STARTS, _RUN_STARTS + "        jump = 0\n")
    keep = source.count(_COLUMN_TAKES_NOTHING) == 1
    if keep:
        source = source.replace(_COLUMN_TAKES_NOTHING, _KEEP_FILLED + _COLUMN_TAKES_NOTHING)
    return source, search, keep


def _install() -> tuple[bool, bool]:
    """Put the fixed columns_layout in WeasyPrint's place on a version in CHECKED_ON; which fixes are in.

    On another version WeasyPrint's own stays, and stderr says so once (this runs once a
    process, at import). A checked version lacking the lines of a fix (an edited install)
    goes without it, and tests/test_column_balance.py fails."""
    if weasyprint.__version__ not in CHECKED_ON:
        print(FALLBACK.format(version=weasyprint.__version__, checked=" or ".join(CHECKED_ON)),
              file=sys.stderr)
        return False, False
    source, search, keep = _patched_source()
    if not (search or keep):
        return False, False
    namespace = {**vars(column), "_pixels_to_first_fit": _pixels_to_first_fit, "inf": inf}
    exec(compile(source, column.__file__, "exec"), namespace)  # noqa: S102 - our edit of its source
    # block.py calls columns_layout through its own import of the name
    block.columns_layout = column.columns_layout = namespace["columns_layout"]
    return search, keep


STOCK = column.columns_layout
APPLIED, KEEPS_FILLED_COLUMNS = _install()


@contextmanager
def stock_balancing():
    """WeasyPrint's own balancing while the block lasts (the tests compare the two)."""
    patched = block.columns_layout
    block.columns_layout = column.columns_layout = STOCK
    try:
        yield
    finally:
        block.columns_layout = column.columns_layout = patched
