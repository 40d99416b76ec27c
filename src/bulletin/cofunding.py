"""One award's part of a co-funded activity (content-format.md, "Co-funded activities").

An activity with several awards counts in full in each award's report, unless
its `award` cell gives shares (`A:60;B:40`): then each award's report counts
that share of its participants, female and male, rounded by largest remainder
so that the awards' parts of one activity add up to its whole.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor
from typing import Sequence

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
