"""Charts for the donor reports: matplotlib to SVG, each with a text alternative.

SVG keeps charts sharp in print. Words stay text (`svg.fonttype: none`), in
the Noto Sans the pages already use: WeasyPrint draws them with the
document's own @font-face, so the PDF embeds no extra font, a reader can
select and search them, and the render is much faster than drawing every
letter as a path. The web page shows a chart as an image, which cannot see
the page's fonts, so `svg_fonts` puts the font inside its copy. Output is
deterministic (no date, fixed ids), so an unchanged report renders the same
bytes.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: notebooks and builds draw to files

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from . import locales  # noqa: E402
from .resources import FONTS  # noqa: E402

BLUE, AMBER, GREY = "#0b4f8a", "#e3a21a", "#b7c2cf"

for _font in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
    if (FONTS / _font).exists():
        font_manager.fontManager.addfont(str(FONTS / _font))

_STYLE = {
    # measured in Noto Sans; written into the SVG as "'Noto Sans', 'DejaVu Sans', sans-serif",
    # so a viewer without the font (the notebook opened by hand) still shows words
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans", "DejaVu Sans"],
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "svg.hashsalt": "bulletin",
    "svg.fonttype": "none",  # words as <text>, not paths: see the module's docstring
}


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def _label(value) -> str:
    """Printed names start with a capital ("Training", not "training")."""
    text = str(value)
    return text[:1].upper() + text[1:]


def _single(rows: list[dict], labels: list[str], title: str, words: str, language: str) -> dict:
    """One category makes a one-bar chart: a sentence says the same in less space."""
    _ = locales.gettext(language)
    return {"title": title, "svg": None,
            "alt": _("%(title)s: all %(what)s in %(where)s.") % {"title": title, "what": words,
                                                                 "where": labels[0]}
            if rows else _("%(title)s: none recorded.") % {"title": title}}


def _bar_chart(title: str, parts: list[str], language: str) -> str:
    """The text alternative of a chart: what it is, then each bar's figures."""
    _ = locales.gettext(language)
    return _("Bar chart, %(title)s.") % {"title": title.lower()} + " " + "; ".join(parts) + "."


def people_by(rows: list[dict], key: str, title: str, language: str = "en") -> dict:
    """Horizontal bars of people reached: women, men, and people not counted by sex.

    With one category there is no chart (`svg` is None) and `alt` is the sentence to print.
    """
    n_ = locales.ngettext(language)
    rows = [r for r in rows if r["people"]]  # nobody counted: nothing to draw
    labels = [_label(r[key]) for r in rows]
    if len(rows) < 2:
        people = n_("%(num)s person (%(split)s)", "%(num)s people (%(split)s)",
                    rows[0]["people"]) if rows else ""
        return _single(rows, labels, title, people % {"num": rows[0]["people"],
                                                      "split": _split_words(rows[0], language)}
                       if rows else "", language)
    svg = people_bars(labels, [r["female"] for r in rows], [r["male"] for r in rows],
                      [r["people"] - r["female"] - r["male"] for r in rows], _svg, language)
    parts = [f"{label}: {r['people']} ({_split_words(r, language)})" for label, r in zip(labels, rows)]
    return {"title": title, "svg": svg, "alt": _bar_chart(title, parts, language)}


def people_bars(labels, female, male, unsplit, save, language: str = "en"):
    """Horizontal bars of people reached: women, men, and people not counted by sex;
    `save` turns the figure into the file (SVG for the PDF and web, PNG for Word), in
    the chart style, which applies when the figure is drawn."""
    _ = locales.gettext(language)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.2, 0.35 * len(labels) + 0.9))
        ax.barh(labels, female, color=AMBER, label=_("Women and girls"))
        ax.barh(labels, male, left=female, color=BLUE, label=_("Men and boys"))
        if any(unsplit):
            ax.barh(labels, unsplit, left=[f + m for f, m in zip(female, male)], color=GREY,
                    label=_("Not counted by sex"))
        ax.invert_yaxis()
        ax.set_xlabel(_("People reached"))
        ax.legend(frameon=False, ncols=3, loc="lower left", bbox_to_anchor=(0, 1.0))
        return save(fig)


def _split_words(row: dict, language: str = "en") -> str:
    # nobody counted by sex is not "0 women, 0 men": a donor would read 0 as a fact
    _, n_ = locales.gettext(language), locales.ngettext(language)
    female, male = row["female"], row["male"]
    words = [n_("%(num)s woman", "%(num)s women", female) % {"num": female},
             n_("%(num)s man", "%(num)s men", male) % {"num": male}] if female + male else []
    unsplit = row["people"] - female - male
    if unsplit:
        words.append(_("%(num)s not counted by sex") % {"num": unsplit})
    return ", ".join(words)


def activities_by(rows: list[dict], key: str, title: str, language: str = "en") -> dict:
    """Vertical bars: activities held per month, type or district (a sentence for one category)."""
    _, n_ = locales.gettext(language), locales.ngettext(language)
    labels = [_label(r[key]) for r in rows]
    counts = [r["activities"] for r in rows]
    if len(rows) < 2:
        words = n_("%(num)s activity", "%(num)s activities", counts[0]) % {"num": counts[0]} if rows else ""
        return _single(rows, labels, title, words, language)
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.2, 2.4))
        bars = ax.bar(labels, counts, color=BLUE)
        ax.bar_label(bars, padding=2)
        ax.set_ylabel(_("Activities"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        svg = _svg(fig)
    parts = [f"{label}: {count}" for label, count in zip(labels, counts)]
    return {"title": title, "svg": svg, "alt": _bar_chart(title, parts, language)}
