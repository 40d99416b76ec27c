"""The Word report's charts: PNG at print resolution, each with its text alternative.

Word and LibreOffice do not all show SVG, so report.docx gets pictures: the
PDF's people-by-district and progress charts, drawn again by matplotlib in
the same style and colours (charts.py) at 200 dpi. The words of each chart's
alternative text are the ones the PDF's chart has (the notebook's payload),
so a screen reader hears the same in both. Output is deterministic (no
software or date in the PNG), so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .charts import _label, people_bars, plt
from .indicator_chart import progress_bars
from .payload import ReportPayload

DPI = 200  # print resolution
WIDTH_MM = 160  # the text width of an A4 page with 25 mm margins


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str
    width_mm: int = WIDTH_MM


def report_charts(figures: ReportPayload, language: str = "en") -> dict:
    """`charts` of the report's context: a Picture, or "" with nothing to draw, and the
    text alternative of each (the sentence to print where there is no picture)."""
    # by district is the first (payload.report_charts); its title is in the report's language
    by_district = figures.charts[0] if figures.charts else None
    district_rows = [r for r in figures.by_district if r.people]
    progress = figures.indicators.chart
    rows = [r for r in figures.indicators.rows if r.percent is not None]
    return {
        "by_district": _by_district(district_rows, by_district.alt, language)
        if by_district and by_district.svg else "",
        "by_district_alt": by_district.alt if by_district else "",
        "progress": _progress(rows, figures.indicators.elapsed or 0, progress.alt, language)
        if progress else "",
        "progress_alt": progress.alt if progress else "",
    }


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _by_district(rows, alt: str, language: str = "en") -> Picture:
    """Horizontal bars of people reached: women, men, and people not counted by sex."""
    png = people_bars([_label(r.district) for r in rows], [r.female for r in rows],
                      [r.male for r in rows], [r.not_counted for r in rows], _png, language)
    return Picture(png, alt)


def _progress(rows, elapsed: float, alt: str, language: str = "en") -> Picture:
    """The PDF's progress chart (indicator_chart.progress_bars), as a PNG."""
    return Picture(progress_bars([r.model_dump() for r in rows], elapsed, _png, language), alt)
