"""An activity's `award` cell: its award numbers and, when it gives them, their shares.

`A;B` is a row co-funded by two awards, each counting it in full; `A:60;B:40`
gives each award its share of the row's people (cofunding.py applies them).
"""

from __future__ import annotations

import re
from decimal import Decimal

_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*%?")


def award_cell(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """An activity's `award` cell: its award numbers and, for a co-funded row that
    gives them (`A:60;B:40`), each one's share in percent (empty when none).

    Raises ValueError saying every problem of the cell, each with its fix."""
    numbers, written, problems = [], [], []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        number, colon, share = (s.strip() for s in part.rpartition(":")) if ":" in part else (part, "", "")
        numbers.append(number)
        written.append(share if colon else None)
    given = [n for n, s in zip(numbers, written) if s is not None]
    if not given:
        return tuple(numbers), ()
    problems += [f"{n} is named twice; name it once" for n in dict.fromkeys(numbers) if numbers.count(n) > 1]
    if len(given) < len(numbers):
        bare = ", ".join(n for n, s in zip(numbers, written) if s is None)
        problems.append(f"{', '.join(given)} {'has a share' if len(given) == 1 else 'have shares'} but {bare} "
                        f"{'does' if ',' not in bare else 'do'} not; give every award a share (A:60;B:40) "
                        "or none (counted in full in each)")
    shares = []
    for number, share in zip(numbers, written):
        match = _SHARE.fullmatch(share or "")
        if share is not None and not match:
            what = f"the share '{share}' of {number} is not a number" if share else f"{number} has no share after ':'"
            problems.append(f"{what}; write a percentage, e.g. {number}:60")
        elif match and Decimal(match[1]) <= 0:
            problems.append(f"the share of {number} is {share}; a share must be more than 0 "
                            "(remove the award if it paid nothing)")
        shares.append(Decimal(match[1]) if match else None)
    total = sum(s for s in shares if s is not None)
    if not problems and total != 100:
        problems.append(f"the shares add up to {total.normalize():f}, not 100; make them add up to 100")
    if problems:
        raise ValueError("; ".join(problems))
    return tuple(numbers), tuple(float(s) for s in shares)
