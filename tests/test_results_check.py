"""`check`'s rules for results frameworks, the values sheet and report narratives:
each with its exact message, file and line."""

from __future__ import annotations

from conftest import DONORS

FRAMEWORK = """\
award: SSITIP20GR0006
outcomes:
  - id: "1"
    statement: Victims are identified and referred
    indicators:
      - id: TIP-1a
        statement: Referral regulations gazetted
        unit: regulations
        baseline: 0
        target: 1
    outputs:
      - id: "1.1"
        statement: Officials are trained
        indicators:
          - id: TIP-1.1a
            statement: Officials trained on the referral mechanism
            unit: people
            baseline: 0
            target: 100
            measure: participants
            filter: {type: training}
"""
# Line 6 is TIP-1a's id; line 15 TIP-1.1a's id, 19 its target, 20 its measure.
VALUES = """\
indicator,period,value,note,source
TIP-1a,2023-Q2,0,Draft with the ministry,Letter of 14 June
"""
NARRATIVE = """\
---
prepared_by: Programme Manager
---

## Summary

A quarter of trainings.

## Challenges

Transfers of staff.
"""
DONORS_WITH_SECTIONS = DONORS.replace(
    "    necessarily reflect the views of the {donor}.\n",
    "    necessarily reflect the views of the {donor}.\n"
    "  report_sections: [Summary, Challenges, Lessons learnt]\n")
FILES = {
    "content/results/SSITIP20GR0006.yaml": FRAMEWORK,
    "content/indicator_values.csv": VALUES,
    "content/reports/SSITIP20GR0006/2023-Q2.md": NARRATIVE,
}


def errors(check_root, root) -> list[str]:
    code, lines, _ = check_root(root)
    return [line for line in lines if ": error: " in line or ": warning: " in line]


def test_a_complete_framework_values_and_narrative_pass(make_root, check_root):
    code, lines, out = check_root(make_root(FILES))
    assert (code, lines) == (0, [])


def test_missing_section_that_the_donor_asks_for(make_root, check_root):
    root = make_root({**FILES, "content/donors.yaml": DONORS_WITH_SECTIONS})
    assert errors(check_root, root) == [
        "content/reports/SSITIP20GR0006/2023-Q2.md:4: error: missing section 'Lessons learnt', "
        "which the United States Department of State asks every report for; "
        "add a heading '## Lessons learnt'"]


def test_missing_section_suggests_a_close_heading(make_root, check_root):
    narrative = NARRATIVE + "\n## Lessons learned\n\nPrepare first.\n"
    root = make_root({**FILES, "content/donors.yaml": DONORS_WITH_SECTIONS,
                      "content/reports/SSITIP20GR0006/2023-Q2.md": narrative})
    assert errors(check_root, root) == [
        "content/reports/SSITIP20GR0006/2023-Q2.md:4: error: missing section 'Lessons learnt', "
        "which the United States Department of State asks every report for; "
        "add a heading '## Lessons learnt'; did you mean 'Lessons learned'?"]


def test_unknown_indicator_in_the_values_sheet(make_root, check_root):
    root = make_root({**FILES, "content/indicator_values.csv": VALUES + "TIP-1b,2023-Q2,3,,\n"})
    assert errors(check_root, root) == [
        "content/indicator_values.csv:3: error: unknown indicator 'TIP-1b'; did you mean 'TIP-1a'?"]


def test_value_for_a_computed_indicator(make_root, check_root):
    root = make_root({**FILES, "content/indicator_values.csv": VALUES + "TIP-1.1a,2023-Q2,30,,\n"})
    assert errors(check_root, root) == [
        "content/indicator_values.csv:3: error: indicator 'TIP-1.1a' is computed from the activity "
        "records (measure: participants, content/results/SSITIP20GR0006.yaml:20); remove this value, "
        "or remove the measure to report it by hand"]


def test_missing_value_for_a_hand_reported_indicator_in_the_period(make_root, check_root):
    root = make_root({**FILES, "content/indicator_values.csv": "indicator,period,value,note,source\n"
                                                              "TIP-1a,2023-Q1,0,,\n"})
    assert errors(check_root, root) == [
        "content/results/SSITIP20GR0006.yaml:6: error: indicator 'TIP-1a' is reported by hand, but "
        "content/indicator_values.csv has no value for 2023-Q2 "
        "(reported on in content/reports/SSITIP20GR0006/2023-Q2.md)"]


def test_target_below_baseline(make_root, check_root):
    framework = FRAMEWORK.replace("            baseline: 0\n            target: 100\n",
                                  "            baseline: 40\n            target: 30\n")
    root = make_root({**FILES, "content/results/SSITIP20GR0006.yaml": framework})
    assert errors(check_root, root) == [
        "content/results/SSITIP20GR0006.yaml:19: error: indicator 'TIP-1.1a': target (30) is below "
        "its baseline (40); a count adds up, so its target cannot be lower; a level to bring down "
        "(a rate, a share) is reported by hand as its latest value (no `measure`, `to_date: latest`)"]


def test_a_level_may_be_brought_down_with_yearly_targets_on_its_way(make_root, check_root):
    # TIP-1a is reported by hand as its latest value: a target below the baseline is a decrease
    framework = FRAMEWORK.replace("        baseline: 0\n        target: 1\n",
                                  "        baseline: 40\n        target: 10\n"
                                  "        targets: {2023: 30, 2024: 45}\n")
    root = make_root({**FILES, "content/results/SSITIP20GR0006.yaml": framework})
    assert errors(check_root, root) == [
        "content/results/SSITIP20GR0006.yaml:11: error: indicator 'TIP-1a': target for 2024 (45) is "
        "above its baseline (40), on the other side from the award's target"]


def test_a_level_whose_target_is_its_baseline_is_a_warning(make_root, check_root):
    framework = FRAMEWORK.replace("        baseline: 0\n        target: 1\n",
                                  "        baseline: 80\n        target: 80\n")
    root = make_root({**FILES, "content/results/SSITIP20GR0006.yaml": framework})
    assert errors(check_root, root) == [
        "content/results/SSITIP20GR0006.yaml:10: warning: indicator 'TIP-1a': target (80) equals its "
        "baseline, so the report can give no % of target and counts it achieved while the value "
        "holds at or above it; give the level the award aims for"]


def test_every_problem_at_once_with_typos_suggested(make_root, check_root):
    framework = (FRAMEWORK.replace("award: SSITIP20GR0006", "award: SSITIP20GR0060")
                 .replace("measure: participants", "measure: participant")
                 .replace("unit: regulations\n", "unit: regulations\n        targt: 3\n"))
    root = make_root({**FILES, "content/results/SSITIP20GR0006.yaml": framework,
                      "content/indicator_values.csv": VALUES + "TIP-1a,2023-Q9,1,,\nTIP-1a,2023-Q3,many,,\n"})
    assert errors(check_root, root) == [
        "content/indicator_values.csv:3: error: '2023-Q9' is not a period; write 2023-05 (a month), "
        "2023-Q2 (a quarter), 2023 (a year) or 2023-04-01..2023-06-30 (a range)",
        "content/indicator_values.csv:4: error: value: 'many' is not a number",
        "content/results/SSITIP20GR0006.yaml:1: error: unknown award 'SSITIP20GR0060'; "
        "did you mean 'SSITIP20GR0006'?",
        "content/results/SSITIP20GR0006.yaml:9: warning: unknown key 'outcomes[0].indicators[0].targt'; "
        "did you mean 'target'?",
        "content/results/SSITIP20GR0006.yaml:21: error: outcomes[0].outputs[0].indicators[0].measure: "
        "'participant' is not one of participants, female, male, activities, districts, days; "
        "did you mean 'participants'?",
    ]


def test_unknown_award_of_a_framework(make_root, check_root):
    framework = FRAMEWORK.replace("award: SSITIP20GR0006", "award: SSITIP20GR0060")
    root = make_root({"content/results/SSITIP20GR0006.yaml": framework})
    assert errors(check_root, root) == [
        "content/results/SSITIP20GR0006.yaml:1: error: unknown award 'SSITIP20GR0060'; "
        "did you mean 'SSITIP20GR0006'?"]


def test_without_any_results_files_nothing_is_said(root, check_root):
    code, lines, _ = check_root(root)
    assert (code, lines) == (0, [])
