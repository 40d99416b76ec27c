"""progress_rule: % of target and status of a count and of a level, on small cases worked by hand."""

from __future__ import annotations

import pytest

from bulletin.progress_rule import Progress, measured, status_rule
from bulletin.results import IndicatorRow


@pytest.mark.parametrize("to_date, baseline, target, elapsed, level, expected", [
    # the example: a share from 20% to 34% against 60% has come 14 / 40 = 35% of the way
    (34, 20, 60, 0.5, True, Progress(0.35, "behind", False)),
    (34, 20, 60, 0.3, True, Progress(0.35, "on track", False)),
    # the same figures as a count: 34 / 60, the baseline plays no part
    (34, 20, 60, 0.5, False, Progress(34 / 60, "on track", False)),
    (60, 20, 60, 0.5, True, Progress(1.0, "achieved", False)),
    (70, 20, 60, 0.5, True, Progress(1.25, "achieved", False)),
    # below the baseline: said so, 0 and behind, never -25%
    (10, 20, 60, 0.0, True, Progress(0.0, "behind", True)),
    (20, 20, 60, 0.0, True, Progress(0.0, "on track", False)),  # at the baseline, nothing gone yet
    # a rate to bring down from 40 to 10: at 25 it has come (40 - 25) / (40 - 10) = 50%
    (25, 40, 10, 0.5, True, Progress(0.5, "on track", False)),
    (10, 40, 10, 0.9, True, Progress(1.0, "achieved", False)),
    (45, 40, 10, 0.1, True, Progress(0.0, "behind", True)),  # it rose: above its baseline
    # target equal to the baseline: no % of target; achieved while it holds
    (80, 80, 80, 0.5, True, Progress(None, "achieved", False)),
    (79, 80, 80, 0.5, True, Progress(None, "behind", True)),
    (None, 20, 60, 0.5, True, Progress(None, "not reported", False)),
    (0, 0, 0, 0.5, False, Progress(None, "achieved", False)),  # a count with a target of 0
])
def test_measured(to_date, baseline, target, elapsed, level, expected):
    got = measured(to_date, baseline, target, elapsed, level)
    assert (got.status, got.short_of_baseline) == (expected.status, expected.short_of_baseline)
    assert got.percent == pytest.approx(expected.percent) if expected.percent is not None \
        else got.percent is None


def row(id_, baseline, target, to_date, level, short=False) -> IndicatorRow:
    return IndicatorRow(id=id_, level="Outcome 1: x", statement="s", unit="u", source="values",
                        measure=None, baseline=baseline, target=target, year_target=None, period=None,
                        to_date=to_date, percent=0.0, status="behind", from_baseline=level,
                        short_of_baseline=short)


def test_the_rule_names_the_levels_measured_from_their_baseline():
    rule = status_rule([row("COUNT", 0, 10, 5, False), row("SHARE", 20, 60, 34, True)])
    assert ("% of target: for a count, the value to date divided by the target; for a level reported "
            "as its latest value (SHARE), the way gone from the baseline to the target: "
            "(value to date – baseline) ÷ (target – baseline).") in rule
    assert "below baseline" not in rule and "bring down" not in rule


def test_the_rule_of_a_table_of_counts_says_only_that():
    rule = status_rule([row("COUNT", 0, 10, 5, False)])
    assert rule.endswith("Behind: less than that. % of target: the value to date divided by the target.")


def test_the_rule_explains_a_decrease_a_held_level_and_a_level_below_its_baseline():
    rule = status_rule([row("RATE", 40, 10, 45, True, short=True), row("HELD", 80, 80, 80, True)])
    assert "for a count" not in rule
    assert "% of target: for a level to bring down (RATE), (baseline – value to date) ÷ (baseline – target)." in rule
    assert "A level whose target is its baseline (HELD) has no % of target" in rule
    assert "“below baseline” (“above baseline” for one to bring down) and is behind." in rule


def test_the_table_prints_below_baseline_not_a_negative_share():
    assert row("SHARE", 20, 60, 10, True, short=True).text("percent") == "below baseline"
    assert row("RATE", 40, 10, 45, True, short=True).text("percent") == "above baseline"
    assert row("SHARE", 20, 60, 34, True).model_copy(update={"percent": 0.35}).text("percent") == "35%"
