"""results.py and narrative.py on tiny roots: how each kind of indicator is counted."""

from __future__ import annotations

from datetime import date

from conftest import make_root_at

from bulletin import activities, payload
from bulletin.results import IndicatorRow
from bulletin.check import load_checked
from bulletin.narrative import read_narrative
from bulletin.periods import parse_period
from bulletin.results import award_window, progress

FRAMEWORK = """\
award: SSITIP20GR0006
outcomes:
  - id: "1"
    statement: Victims are identified and referred
    indicators:
      - id: SURVEY
        statement: Share of councillors who know the signs
        unit: "%"
        baseline: 10
        target: 50
      - id: KITS
        statement: Start-up kits handed over
        unit: kits
        target: 40
        targets: {2023: 20}
        to_date: sum
      - id: UNREPORTED
        statement: Cases prosecuted
        unit: cases
        target: 5
      - id: TRAINED
        statement: People trained in Thaba-Tseka or Maseru
        unit: people
        target: 40
        disaggregation: [sex, district]
        measure: participants
        filter: {district: [Thaba Tseka, Maseru Bridge]}
      - id: WOMEN
        statement: Women reached
        unit: women
        target: 20
        measure: female
      - id: DROPOUT
        statement: Share of trainees who leave before the end
        unit: "%"
        baseline: 30
        target: 10
"""
VALUES = """\
indicator,period,value,note,source
SURVEY,2023-Q1,30,,Baseline survey
SURVEY,2023-Q2,45,Second round,Survey
KITS,2023-04,12,,Distribution list
KITS,2023-Q1,10,,Distribution list
KITS,2023-Q3,99,,Distribution list
DROPOUT,2023-Q2,35,,Attendance sheets
"""


def rows_of(tmp_path, period="2023-Q2") -> dict:
    root = make_root_at(tmp_path / "root", {"content/results/a.yaml": FRAMEWORK,
                                            "content/indicator_values.csv": VALUES})
    project, _ = load_checked(root)
    reading = payload.snapshot(project, parse_period(period), "SSITIP20GR0006")
    df = activities.frame(reading.records_to_date())
    return {row["id"]: row for row in progress(reading, df)["rows"]}


def test_a_value_reported_by_hand_to_date_is_the_latest_by_default(tmp_path):
    row = rows_of(tmp_path)["SURVEY"]
    # a level, measured from its baseline: (45 - 10) / (50 - 10), not 45 / 50
    assert (row["period"], row["to_date"], row["percent"]) == (45, 45, 0.875)
    assert row["from_baseline"] and not row["short_of_baseline"]
    assert row["to_date_ids"] == ["content/indicator_values.csv:3"]
    assert row["status"] == "on track"


def test_a_level_to_bring_down_that_rose_is_shown_above_its_baseline(tmp_path):
    row = rows_of(tmp_path)["DROPOUT"]
    assert (row["to_date"], row["percent"], row["status"]) == (35, 0, "behind")
    assert row["short_of_baseline"]
    assert IndicatorRow.model_validate(row).text("percent") == "above baseline"


def test_a_value_reported_by_hand_can_add_up_and_have_a_target_per_year(tmp_path):
    row = rows_of(tmp_path)["KITS"]
    assert (row["period"], row["to_date"], row["year_target"]) == (12, 22, 20)  # 2023-Q3 is later
    assert row["to_date_ids"] == ["content/indicator_values.csv:5", "content/indicator_values.csv:4"]


def test_nothing_reported_is_said_so(tmp_path):
    row = rows_of(tmp_path)["UNREPORTED"]
    figures = (row["period"], row["to_date"], row["percent"], row["status"])
    assert figures == (None, None, None, "not reported")


def test_computed_with_a_district_filter_and_its_disaggregations(tmp_path):
    # TIP-2023-014 (Thaba-Tseka, 27: 15 women, 12 men) and LAB-2023-001 (Maseru Bridge, 20: 10 + 10)
    row = rows_of(tmp_path)["TRAINED"]
    assert (row["period"], row["to_date"], row["status"]) == (47, 47, "achieved")
    assert row["period_ids"] == ["LAB-2023-001", "TIP-2023-014"]
    assert row["period_split"] == {"women and girls": 25, "men and boys": 22, "Maseru": 20, "Thaba-Tseka": 27}


def test_women_are_counted_only_where_the_split_is_given(tmp_path):
    row = rows_of(tmp_path)["WOMEN"]
    assert row["to_date"] == 25 and row["to_date_ids"] == ["LAB-2023-001", "TIP-2023-014"]


def test_to_date_runs_from_the_award_start():
    window = award_window(date(2020, 10, 1), parse_period("2023-Q2"))
    assert (window.start, window.end) == (date(2020, 10, 1), date(2023, 6, 30))


def test_narrative_sections_keep_raw_html_as_text(tmp_path):
    path = tmp_path / "2023-Q2.md"
    path.write_text("---\nprepared_by: PM\n---\n\n# Summary\n\nA <script>alert(1)</script> quarter.\n\n"
                    "```\n## not a heading\n```\n\n## Next steps\n\n- more\n", encoding="utf-8")
    narrative, problems = read_narrative(path, "content/reports/A/2023-Q2.md")
    assert problems == []
    assert [(s.title, s.line) for s in narrative.sections] == [("Summary", 5), ("Next steps", 13)]
    assert "<script>" not in narrative.sections[0].html and "&lt;script&gt;" in narrative.sections[0].html


def test_who_prepared_the_narrative_is_printed_as_text(tmp_path):
    from bulletin.render import environment, render

    path = tmp_path / "2023-Q2.md"
    path.write_text('---\nprepared_by: "<b>PM</b> & co"\n---\n\n# Summary\n\nDone.\n\n# Next\n\nMore.\n',
                    encoding="utf-8")
    narrative, _ = read_narrative(path, "content/reports/A/2023-Q2.md")
    html = render(environment(tmp_path), "_narrative.html.j2", narrative=narrative)
    assert html.count('class="prepared-by"') == 1
    assert '<p class="prepared-by">Prepared by &lt;b&gt;PM&lt;/b&gt; &amp; co</p></section>' in html


def test_a_report_without_the_narrative_its_donor_asks_for_warns(tmp_path):
    from conftest import DONORS

    from bulletin.results_check import missing_narrative

    donors = DONORS.replace("  logo: logos/us-state.png\n",
                            "  logo: logos/us-state.png\n  report_sections: [Summary, Next steps]\n", 1)
    root = make_root_at(tmp_path / "root", {"content/donors.yaml": donors})
    project, _ = load_checked(root)
    assert str(missing_narrative(project, "SSITIP20GR0006", "2023-Q2")) == (
        "content/reports/SSITIP20GR0006/2023-Q2.md: warning: missing: the United States Department "
        "of State asks every report for Summary, Next steps")
    # the Netherlands asks for nothing: nothing is said
    assert missing_narrative(project, "NL-MHP-2022-017", "2023-Q2") is None


def test_the_snapshot_carries_the_framework_and_values_the_project_read(tmp_path):
    """Read once, in load_project: removing the files afterwards changes nothing."""
    root = make_root_at(tmp_path / "root", {"content/results/a.yaml": FRAMEWORK,
                                            "content/indicator_values.csv": VALUES})
    project, _ = load_checked(root)
    (root / "content/results/a.yaml").unlink()
    (root / "content/indicator_values.csv").unlink()
    reading = payload.snapshot(project, parse_period("2023-Q2"), "SSITIP20GR0006")
    assert reading.framework["file"] == "content/results/a.yaml"
    assert [v["indicator"] for v in reading.values] == ["SURVEY", "SURVEY", "KITS", "KITS", "KITS", "DROPOUT"]
