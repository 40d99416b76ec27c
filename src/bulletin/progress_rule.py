"""How far an indicator has come: its % of target and status, and the rule printed
under the progress table that says how both were worked out.

A count (computed from the activities, or reported by hand with `to_date: sum`)
starts from nothing, so % of target is the value to date ÷ the target. A level
(reported by hand as its latest value: a share, a rate, a yes/no) starts from its
baseline, so % of target is the way gone from the baseline to the target: a share
that rose from 20% to 34% against a target of 60% has come (34 − 20) ÷ (60 − 20)
= 35% of the way, not the 57% that 34 ÷ 60 would claim. A level whose target is
below its baseline is one to bring down: (baseline − value) ÷ (baseline − target).
A level on the wrong side of its baseline is shown as such and is behind; its %
is 0, never negative. A level whose target equals its baseline has no way to go:
no %, and it is achieved while it holds at or above the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import locales
from .locales import N_

# an indicator's status, a word the templates translate (`_(row.status)`)
STATUSES = (N_("achieved"), N_("on track"), N_("behind"), N_("not reported"))

# A minus is printed as an en dash: the bundled Noto fonts have no U+2212 (the PDF would
# fall back to another face for it)
STATUS_RULE = ("Achieved: the value to date has reached the target. On track: % of target is at "
               "least the share of the award’s time gone by at the end of the period. Behind: less "
               "than that. % of target: for a count, the value to date divided by the target; for a "
               "level reported as its latest value, the way gone from the baseline to the target: "
               "(value to date – baseline) ÷ (target – baseline).")


@dataclass(frozen=True)
class Progress:
    percent: float | None  # None: nothing reported, or no way to go (a target of 0, or at the baseline)
    status: str  # one of STATUSES
    short_of_baseline: bool  # a level on the wrong side of its baseline: shown so, never as a negative %


def measured(to_date: float | None, baseline: float, target: float, elapsed: float,
             from_baseline: bool) -> Progress:
    """% of target and status of a value to date, `elapsed` the share of the award's time gone by."""
    if to_date is None:
        return Progress(None, "not reported", False)
    if from_baseline:
        down = target < baseline  # a level to bring down, such as a rate
        gone = baseline - to_date if down else to_date - baseline
        reached = to_date <= target if down else to_date >= target
        short = gone < 0
        percent = max(gone, 0) / abs(target - baseline) if target != baseline else None
    else:
        reached, short = to_date >= target, False
        percent = to_date / target if target else None
    if reached:
        status = "achieved"
    elif not short and percent is not None and percent >= elapsed:
        status = "on track"
    else:
        status = "behind"
    return Progress(percent, status, short)


def baseline_text(row, language: str = "en") -> str:
    """What the % of target column says of a level on the wrong side of its baseline."""
    _ = locales.gettext(language)
    return _("above baseline") if row.target < row.baseline else _("below baseline")


def status_rule(rows: Sequence, language: str = "en") -> str:
    """The rule under a progress table, naming the levels measured from their baseline
    (`rows` are results.IndicatorRow)."""
    _ = locales.gettext(language)
    levels = [r for r in rows if r.from_baseline]
    rule = _("Achieved: the value to date has reached the target. On track: %% of target is at least "
             "the share of the award’s time gone by at the end of the period. Behind: less than that.") % {}
    if not levels:
        return rule + " " + _("%% of target: the value to date divided by the target.") % {}
    up = [r.id for r in levels if r.target > r.baseline]
    down = [r.id for r in levels if r.target < r.baseline]
    held = [r.id for r in levels if r.target == r.baseline]
    parts = [_("for a count, the value to date divided by the target")] if len(levels) < len(rows) else []
    if up:
        parts.append(_("for a level reported as its latest value (%(ids)s), the way gone from the "
                       "baseline to the target: (value to date – baseline) ÷ (target – baseline)")
                     % {"ids": ", ".join(up)})
    if down:
        parts.append(_("for a level to bring down (%(ids)s), (baseline – value to date) ÷ "
                       "(baseline – target)") % {"ids": ", ".join(down)})
    if parts:
        rule += " " + _("%% of target: %(parts)s.") % {"parts": "; ".join(parts)}
    if held:
        rule += " " + _("A level whose target is its baseline (%(ids)s) has no %% of target and is "
                        "achieved while it holds at or above it.") % {"ids": ", ".join(held)}
    if any(r.short_of_baseline for r in levels):
        rule += " " + _("A level that has moved away from its target since the baseline is shown as "
                        "“below baseline” (“above baseline” for one to bring down) and is behind.")
    return rule
