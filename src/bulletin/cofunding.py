"""One award's part of a co-funded activity (content-format.md, "Co-funded activities").

An activity with several awards counts in full in each award's report, unless
its `award` cell gives shares (`A:60;B:40`): then each award's report counts
that share of its participants, female and male, rounded by largest remainder
so that the awards' parts of one activity add up to its whole.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Sequence

from . import locales
from .schema import Activity


def apportion(total: int, shares: Sequence[float], caps: Sequence[int] | None = None) -> list[int]:
    """`total` split by `shares` (percentages adding to 100) in whole parts that add up
    to it: each part its quota rounded down, the rest one by one to the largest
    remainders, a tie to the earlier share. `caps`: no part may exceed its cap."""
    # Fractions: 26 × 60 / 100 is 15.6 exactly, so ties are ties, not float noise.
    quotas = [Fraction(total) * Fraction(str(share)) / 100 for share in shares]
    parts = [floor(q) for q in quotas]
    if caps is not None:
        parts = [min(part, cap) for part, cap in zip(parts, caps)]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floor(quotas[i])), i))
    left = total - sum(parts)
    while left > 0:
        open_ = [i for i in order if caps is None or parts[i] < caps[i]]
        if not open_:  # caps that add up to less than the total: nothing more fits
            break
        for i in open_[:left]:
            parts[i] += 1
        left = total - sum(parts)
    return parts


def co_funding(activity: Activity, award: str) -> tuple[list[str], float | None]:
    """The other awards of the activity, in the cell's order, and `award`'s share of
    it in percent (None: counted in full)."""
    return [n for n in dict.fromkeys(activity.award) if n != award], activity.share_of(award)


def part_of(activity: Activity, award: str) -> Activity:
    """The activity as `award`'s report counts it: its share of the people, or all."""
    if not activity.shares or award not in activity.award:
        return activity
    index = activity.award.index(award)
    shares = activity.shares
    participants, female, male = activity.participants, activity.female, activity.male
    split = female is not None and male is not None
    counts: dict[str, int] = {}
    if split and participants in (None, female + male):
        # female first, within each award's people; male is the rest, so the two
        # always add up to the award's people
        people = apportion(female + male, shares)
        women = apportion(female, shares, caps=people)
        counts["female"], counts["male"] = women[index], people[index] - women[index]
        if participants is not None:
            counts["participants"] = people[index]
        return activity.model_copy(update=counts)
    if participants is not None:
        counts["participants"] = apportion(participants, shares)[index]
    for name, count in (("female", female), ("male", male)):
        if count is not None:  # one of them alone: not counted by sex, but never more than all
            part = apportion(count, shares)[index]
            counts[name] = min(part, counts["participants"]) if "participants" in counts else part
    return activity.model_copy(update=counts)


# saying so -------------------------------------------------------------------------

def percent(share: float, language: str = "en") -> str:
    """60.0 -> "60%", 33.3 -> "33.3%" ("33,3 %" in French)."""
    if language == "en":
        return f"{share:g}%"
    # in decimal: 33.3 / 100 as a float prints 33,299999999999996 %
    return locales.format_percent(Decimal(str(share)) / 100, language, exact=True)


def funders(others: Sequence[str], donors: dict[str, str]) -> str:
    """"SSITIP20GR0006 (United States Department of State), …": awards with their donors."""
    return ", ".join(f"{n} ({donors[n]})" if donors.get(n) else n for n in others)


def described(others: Sequence[str], share: float | None, donors: dict[str, str],
              language: str = "en") -> str:
    """What an activities table says under a co-funded activity's title."""
    _ = locales.gettext(language)
    # short: it sits in the title's column; the note under the key figures explains
    how = _("%(share)s counted here") % {"share": percent(share, language)} if share is not None \
        else _("counted in full")
    return _("Co-funded with %(funders)s, %(how)s.") % {"funders": funders(others, donors), "how": how}


def note(rows: Sequence, donors: dict[str, str], summarised: bool, language: str = "en") -> str | None:
    """The note under a report's key figures: which activities are co-funded, with
    which awards and donors, and how this report counts them (None: none is).
    `rows` are the report's ActivityRows; `summarised`: count them, do not name them."""
    _, n_ = locales.gettext(language), locales.ngettext(language)
    shared = [r for r in rows if r.co_funded_with]
    if not shared:
        return None
    others = list(dict.fromkeys(n for r in shared for n in r.co_funded_with))
    def named(rs):  # a long report counts them; the table beside the note names them
        return _("%(num)s of them") % {"num": len(rs)} if summarised else ", ".join(
            r.id + (f" ({percent(r.share, language)})" if r.share is not None else "") for r in rs)

    text = [n_("%(num)s activity is co-funded with %(others)s: %(funders)s.",
               "%(num)s activities are co-funded with %(others)s: %(funders)s.", len(shared))
            % {"num": len(shared), "funders": funders(others, donors),
               "others": _("another award") if len(others) == 1 else _("other awards")}]
    full = [r for r in shared if r.share is None]
    parts = [r for r in shared if r.share is not None]
    if full:
        text.append(n_("%(which)s counts in full here and in each co-funding award’s report, so those "
                       "reports count the same people too.",
                       "%(which)s count in full here and in each co-funding award’s report, so those "
                       "reports count the same people too.", len(full)) % {"which": named(full)})
    if parts:
        text.append(n_("%(which)s counts this award’s share of the people, as the activity sheet gives "
                       "it, rounded so that the awards’ shares of an activity add up to its whole.",
                       "%(which)s count this award’s share of the people, as the activity sheet gives "
                       "it, rounded so that the awards’ shares of an activity add up to its whole.",
                       len(parts)) % {"which": named(parts)})
    return " ".join(text)
