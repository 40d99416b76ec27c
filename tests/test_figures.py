"""figures.py and charts.py on five hand-written activities: every number by hand.

The activities (CSV order is not id order, so the id lists must be sorted):

    id    start       end         districts        type      participants female male
    T-03  2023-04-03  2023-04-05  Maseru           training  30           18     12   full split, 3 days
    T-01  2023-04-20  -           Leribe           workshop  25           -      -    total only, 1 day
    T-05  2023-05-02  2023-05-03  Maseru; Leribe   training  -            7      5    split only, 2 days
    T-02  2023-05-15  -           Berea            workshop  -            -      -    no counts, 1 day
    T-04  2023-05-20  -           Maseru           workshop  10           4      -    total + female only, 1 day
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bulletin import charts, figures
from bulletin.activities import frame, read_activities

CSV = """\
id,title,start,end,district,theme,type,participants,female,male
T-03,Full split,2023-04-03,2023-04-05,Maseru,tip,training,30,18,12
T-01,Total only,2023-04-20,,Leribe,tip,workshop,25,,
T-05,Split only,2023-05-02,2023-05-03,Maseru;Leribe,tip,training,,7,5
T-02,No counts,2023-05-15,,Berea,tip,workshop,,,
T-04,Total and female only,2023-05-20,,Maseru,tip,workshop,10,4,
"""
ALL = ["T-01", "T-02", "T-03", "T-04", "T-05"]
SVG_NS = "{http://www.w3.org/2000/svg}"


def activities_from(tmp_path, text: str):
    path = tmp_path / "activities.csv"
    path.write_text(text, encoding="utf-8")
    activities, _, problems = read_activities(path, "activities.csv")
    assert problems == []
    # The loader resolves places through the gazetteer; here they are districts already.
    return [a.model_copy(update={"districts": a.district}) for a in activities]


@pytest.fixture
def df(tmp_path):
    return frame(activities_from(tmp_path, CSV))


def test_key_figures_by_hand(df):
    assert figures.key_figures(df) == {
        "activities": 5,
        # T-03 30 + T-01 25 + T-05 (7 + 5) 12 + T-04 10; T-02 has no count
        "people": 77,
        # only rows with both female and male: T-03 18 + T-05 7, and 12 + 5
        "female": 25,
        "male": 17,
        "female_share": 0.595,  # 25 / 42 = 0.5952…
        # people without the split: T-01 25 + T-04 10 (its female 4 alone is no split)
        "not_disaggregated": 35,
        "no_attendance": 1,  # T-02
        "districts": ["Berea", "Leribe", "Maseru"],
        "days": 8,  # T-03 3 + T-01 1 + T-05 2 + T-02 1 + T-04 1
        "sources": {
            "activities": ALL,
            "people": ["T-01", "T-03", "T-04", "T-05"],
            "female_male": ["T-03", "T-05"],
            "not_disaggregated": ["T-01", "T-04"],
            "no_attendance": ["T-02"],
            "districts": ALL,
        },
    }


def test_key_figures_add_up(df):
    key = figures.key_figures(df)
    assert key["female"] + key["male"] + key["not_disaggregated"] == key["people"]
    assert sorted(key["sources"]["people"] + key["sources"]["no_attendance"]) == ALL
    assert sorted(key["sources"]["female_male"] + key["sources"]["not_disaggregated"]) \
        == key["sources"]["people"]


def test_no_split_at_all_has_no_share(tmp_path):
    header, total_only = CSV.split("\n")[:3:2]
    df = frame(activities_from(tmp_path, f"{header}\n{total_only}\n"))
    key = figures.key_figures(df)
    assert (key["people"], key["female"], key["male"], key["female_share"]) == (25, 0, 0, None)
    assert key["not_disaggregated"] == 25


def test_breakdown_by_district_counts_an_activity_in_each_of_its_districts(df):
    assert figures.breakdown(df, "district") == [
        {"district": "Berea", "label": "Berea", "activities": 1, "people": None,
         "female": 0, "male": 0, "not_counted": 0, "ids": ["T-02"]},
        # T-01 25 + T-05 12; split only T-05
        {"district": "Leribe", "label": "Leribe", "activities": 2, "people": 37,
         "female": 7, "male": 5, "not_counted": 25, "ids": ["T-01", "T-05"]},
        # T-03 30 + T-05 12 + T-04 10; split T-03 and T-05
        {"district": "Maseru", "label": "Maseru", "activities": 3, "people": 52,
         "female": 25, "male": 17, "not_counted": 10, "ids": ["T-03", "T-04", "T-05"]},
    ]


def test_breakdown_by_type(df):
    assert figures.breakdown(df, "type") == [
        {"type": "training", "label": "training", "activities": 2, "people": 42,
         "female": 25, "male": 17, "not_counted": 0, "ids": ["T-03", "T-05"]},
        {"type": "workshop", "label": "workshop", "activities": 3, "people": 35,
         "female": 0, "male": 0, "not_counted": 35, "ids": ["T-01", "T-02", "T-04"]},
    ]


def test_breakdown_by_month(df):
    assert figures.breakdown(df, "month") == [
        {"month": "2023-04", "label": "Apr 2023", "activities": 2, "people": 55,
         "female": 18, "male": 12, "not_counted": 25, "ids": ["T-01", "T-03"]},
        {"month": "2023-05", "label": "May 2023", "activities": 3, "people": 22,
         "female": 7, "male": 5, "not_counted": 10, "ids": ["T-02", "T-04", "T-05"]},
    ]


def test_every_breakdown_row_is_traceable(df):
    for by in ("district", "type", "month"):
        rows = figures.breakdown(df, by)
        ids = [i for row in rows for i in row["ids"]]
        assert set(ids) == set(ALL)
        assert all(row["activities"] == len(row["ids"]) for row in rows)


def test_report_figures(df):
    result = figures.report_figures(df)
    assert set(result) == {"key", "by_district", "by_type", "by_month"}
    assert result["key"] == figures.key_figures(df)
    assert result["by_district"] == figures.breakdown(df, "district")
    assert result["by_type"] == figures.breakdown(df, "type")
    assert result["by_month"] == figures.breakdown(df, "month")


def test_figures_are_json_ready(df, tmp_path):
    import json

    target = tmp_path / "figures.json"
    figures.save(figures.report_figures(df), target)
    assert json.loads(target.read_text(encoding="utf-8")) == figures.report_figures(df)


# --- charts -------------------------------------------------------------------


def parse_svg(svg: str) -> ET.Element:
    element = ET.fromstring(svg.encode("utf-8"))
    assert element.tag == f"{SVG_NS}svg"
    return element


def chart_words(svg: ET.Element) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG_NS}text")]


def test_chart_words_are_set_in_the_pages_sans_at_8pt(df):
    svg = parse_svg(charts.activities_by(figures.breakdown(df, "district"), "district", "A")["svg"])
    styles = {text.get("style") for text in svg.iter(f"{SVG_NS}text")}
    assert styles and all("font-size: 8px" in style for style in styles)  # 8 px of a pt viewBox
    # Noto Sans first (the font every page embeds), then a fallback for a viewer without it
    assert all("font-family: 'Noto Sans', 'DejaVu Sans', sans-serif" in style for style in styles)


def test_people_by_district_chart(df):
    rows = figures.breakdown(df, "district")
    chart = charts.people_by(rows, "district", "People reached by district")
    assert chart["title"] == "People reached by district"
    svg = parse_svg(chart["svg"])
    # words are text, not paths: print draws them in the page's Noto Sans, readers can select them
    words = chart_words(svg)
    assert {"Leribe", "Maseru", "People reached", "Women and girls", "Men and boys",
            "Not counted by sex"} <= set(words)
    assert "Berea" not in words  # nobody counted there: no bar, no label
    alt = chart["alt"]
    assert alt.startswith("Bar chart, people reached by district.")
    # Every drawn bar is described with its counts; Berea has nobody counted.
    assert "Leribe: 37 (7 women, 5 men" in alt
    assert "Maseru: 52 (25 women, 17 men" in alt


def test_people_by_type_chart_names_every_label(df):
    chart = charts.people_by(figures.breakdown(df, "type"), "type", "People reached by type of activity")
    parse_svg(chart["svg"])
    assert "Training: 42 (25 women, 17 men" in chart["alt"]
    # nobody in a workshop was counted by sex: no "0 women, 0 men"
    assert "Workshop: 35 (35 not counted by sex)" in chart["alt"]


def test_activities_by_month_chart(df):
    chart = charts.activities_by(figures.breakdown(df, "month"), "label", "Activities by month")
    assert chart_words(parse_svg(chart["svg"])) == [
        "Apr 2023", "May 2023", "0", "1", "2", "3", "Activities", "2", "3"]  # ticks, label, bar values
    assert chart["alt"] == "Bar chart, activities by month. Apr 2023: 2; May 2023: 3."


def test_activities_by_district_names_every_label(df):
    rows = figures.breakdown(df, "district")
    chart = charts.activities_by(rows, "district", "Activities by district")
    parse_svg(chart["svg"])
    assert chart["alt"] == "Bar chart, activities by district. Berea: 1; Leribe: 2; Maseru: 3."


def test_charts_are_deterministic(df):
    rows = figures.breakdown(df, "district")
    first = charts.people_by(rows, "district", "People reached by district")
    again = charts.people_by(rows, "district", "People reached by district")
    assert first["svg"] == again["svg"]
    assert charts.activities_by(rows, "district", "A")["svg"] == charts.activities_by(rows, "district", "A")["svg"]


def test_a_single_category_gets_a_sentence_not_a_chart(df):
    one_month = [row for row in figures.breakdown(df, "month") if row["month"] == "2023-04"]
    chart = charts.people_by(one_month, "label", "People reached by month")
    assert chart["svg"] is None
    assert chart["alt"] == "People reached by month: all 55 people (18 women, 12 men, 25 not counted by sex) in Apr 2023."
    chart = charts.activities_by(one_month, "label", "Activities by month")
    assert (chart["svg"], chart["alt"]) == (None, "Activities by month: all 2 activities in Apr 2023.")


def test_breakdown_rows_add_up(df):
    for by in ("district", "type", "month"):
        for row in figures.breakdown(df, by):
            assert row["female"] + row["male"] + row["not_counted"] == (row["people"] or 0), row
