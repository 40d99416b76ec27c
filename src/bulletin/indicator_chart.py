"""The progress chart of a donor report: each indicator's value to date against its target.

Indicators have different units, so each bar is the share of its own target;
a mark shows how much of the award's time has gone by, which is where an
indicator on track should have reached.
"""

from __future__ import annotations

from . import locales
from .charts import AMBER, BLUE, GREY, _STYLE, _svg, plt


def to_date_against_target(rows: list[dict], elapsed: float, language: str = "en") -> dict | None:
    """Horizontal bars of % of target to date; None when no indicator has a value."""
    _ = locales.gettext(language)
    rows = [r for r in rows if r["percent"] is not None]
    if not rows:
        return None
    svg = progress_bars(rows, elapsed, _svg, language)
    parts = [f"{r['id']}: {_label(r, language)} ({_(r['status'])})" for r in rows]
    title = _("Progress to date against target")
    said = _("Bar chart, %(title)s; %(share)s of the award's time has gone by.") % {
        "title": title.lower(), "share": locales.format_percent(elapsed, language)}
    return {"title": title, "svg": svg, "alt": said + " " + "; ".join(parts) + "."}


def progress_bars(rows: list[dict], elapsed: float, save, language: str = "en"):
    """The chart of `rows` (each with a percent), in the chart style; `save` turns the
    figure into the file: SVG for the PDF and web, PNG for Word (word_charts.py)."""
    _ = locales.gettext(language)
    labels = [r["id"] for r in rows]
    shares = [min(r["percent"], 1.5) * 100 for r in rows]  # a bar far past its target would squash the rest
    colours = [BLUE if r["status"] in ("achieved", "on track") else AMBER for r in rows]
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.2, 0.32 * len(rows) + 0.9))
        bars = ax.barh(labels, shares, color=colours)
        ax.bar_label(bars, labels=[_label(r, language) for r in rows], padding=2)
        ax.axvline(100, color=GREY, linewidth=1)
        ax.axvline(elapsed * 100, color=GREY, linewidth=1, linestyle="--")
        # set off from its line by an offset, not a leading space: SVG text drops leading spaces
        ax.annotate(_("time gone by"), (elapsed * 100, len(rows) - 0.4), xytext=(2, 0),
                    textcoords="offset points", color="#555555", va="bottom",
                    annotation_clip=False)  # below the last bar, past the axes with few rows
        ax.invert_yaxis()
        ax.set_xlim(0, max(110, max(shares) + 15))
        # matplotlib draws a label as it is: the % stays single
        ax.set_xlabel(_("Progress to date, %% of the award's target").replace("%%", "%"))
        return save(fig)


def _label(row: dict, language: str = "en") -> str:
    """A bar's figure; a level on the wrong side of its baseline has an empty bar, said in words."""
    _ = locales.gettext(language)
    if row.get("short_of_baseline"):
        return _("above baseline") if row["target"] < row["baseline"] else _("below baseline")
    return locales.format_percent(row["percent"], language)
