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

from .charts import AMBER, BLUE, GREY, _STYLE, _label, people_bars, plt
from .payload import ReportPayload

DPI = 200  # print resolution
WIDTH_MM = 160  # the text width of an A4 page with 25 mm margins


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str
    width_mm: int = WIDTH_MM


def report_charts(figures: ReportPayload) -> dict:
    """`charts` of the report's context: a Picture, or "" with nothing to draw, and the
    text alternative of each (the sentence to print where there is no picture)."""
    by_district = next((c for c in figures.charts if "district" in c.title.lower()), None)
    district_rows = [r for r in figures.by_district if r.people]
    progress = figures.indicators.chart
    rows = [r for r in figures.indicators.rows if r.percent is not None]
    return {
        "by_district": _by_district(district_rows, by_district.alt)
        if by_district and by_district.svg else "",
        "by_district_alt": by_district.alt if by_district else "",
        "progress": _progress(rows, figures.indicators.elapsed or 0, progress.alt) if progress else "",
        "progress_alt": progress.alt if progress else "",
    }


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _by_district(rows, alt: str) -> Picture:
    """Horizontal bars of people reached: women, men, and people not counted by sex."""
    png = people_bars([_label(r.district) for r in rows], [r.female for r in rows],
                      [r.male for r in rows], [r.not_counted for r in rows], _png)
    return Picture(png, alt)


def _progress(rows, elapsed: float, alt: str) -> Picture:
    """Horizontal bars of % of target to date, a line at the target and one at the time gone by."""
    shares = [min(r.percent, 1.5) * 100 for r in rows]  # a bar far past its target would squash the rest
    colours = [BLUE if r.status in ("achieved", "on track") else AMBER for r in rows]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.2, 0.32 * len(rows) + 0.9))
        bars = ax.barh([r.id for r in rows], shares, color=colours)
        ax.bar_label(bars, labels=[f"{r.percent * 100:.0f}%" for r in rows], padding=2)
        ax.axvline(100, color=GREY, linewidth=1)
        ax.axvline(elapsed * 100, color=GREY, linewidth=1, linestyle="--")
        ax.annotate("time gone by", (elapsed * 100, len(rows) - 0.4), xytext=(2, 0),
                    textcoords="offset points", color="#555555", va="bottom", annotation_clip=False)
        ax.invert_yaxis()
        ax.set_xlim(0, max(110, max(shares) + 15))
        ax.set_xlabel("Value to date, % of the award's target")
        return Picture(_png(fig), alt)
