"""WeasyPrint without HarfBuzz-Subset: said once, not once per font and page.

WeasyPrint subsets the embedded fonts with HarfBuzz-Subset when the system
has it (Debian: libharfbuzz-subset0) and falls back to fontTools, slower,
when it does not. It then warns on import (a DeprecationWarning that turns
a test run with warnings-as-errors into a collection error) and again for
every font of every PDF: seventy lines for one `make demo`. The PDFs are
right either way, so the build says it once, with the fix.
"""

from __future__ import annotations

import logging
import warnings

NOTICE = ("HarfBuzz-Subset is not installed, so PDF fonts are subset with fontTools, more slowly; "
          "install it with: sudo apt-get install libharfbuzz-subset0 (or run scripts/system-deps.sh)")


class _DropFontToolsNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "instead of HarfBuzz-Subset" not in str(record.msg)


def _import_weasyprint_quietly() -> bool:
    """Import WeasyPrint without its missing-library warning; True when HarfBuzz-Subset is there."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required",
                                category=DeprecationWarning)
        from weasyprint.text import ffi
    return ffi.harfbuzz_subset is not None


AVAILABLE = _import_weasyprint_quietly()
logging.getLogger("weasyprint").addFilter(_DropFontToolsNotice())


def notice() -> str | None:
    """The one line a build prints when HarfBuzz-Subset is missing."""
    return None if AVAILABLE else NOTICE
