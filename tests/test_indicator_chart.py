"""indicator_chart: the progress chart's words are text, none lost at the chart's edge."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from bulletin.indicator_chart import to_date_against_target

SVG_NS = "{http://www.w3.org/2000/svg}"


def rows(*percents: float) -> list[dict]:
    return [{"id": f"IND-{i}", "percent": p, "status": "on track" if p >= 0.5 else "behind"}
            for i, p in enumerate(percents, start=1)]


def texts(svg: str) -> dict[str, ET.Element]:
    return {t.text: t for t in ET.fromstring(svg).iter(f"{SVG_NS}text")}


@pytest.mark.parametrize("percents", [(0.4,), (0.46, 0.35, 0.12), (0.1, 0.7, 1.1, 0.83, 0.78, 0.7)])
def test_every_word_is_text_whatever_the_number_of_rows(percents):
    chart = to_date_against_target(rows(*percents), elapsed=0.4)
    words = texts(chart["svg"])
    # the time-gone-by label sits below the last bar, past the axes when rows are few
    assert {"time gone by", "Progress to date, % of the award's target", "IND-1"} <= set(words)
    assert f"{percents[0] * 100:.0f}%" in words


def test_the_time_gone_by_label_is_set_off_from_its_line():
    svg = to_date_against_target(rows(0.46, 0.35, 0.12), elapsed=0.4)["svg"]
    label = texts(svg)["time gone by"]
    dashed = [p for p in ET.fromstring(svg).iter(f"{SVG_NS}path")
              if "stroke-dasharray" in (p.get("style") or "")]
    [line_x] = {float(x) for x in re.findall(r"[ML] ([\d.]+) ", dashed[0].get("d"))}
    # an SVG viewer drops a leading space, so the gap is an offset: 2 pt
    assert float(label.get("x")) - line_x == pytest.approx(2, abs=0.1)


def test_no_values_no_chart():
    assert to_date_against_target([{"id": "A", "percent": None, "status": "no data"}], 0.5) is None


def test_a_level_below_its_baseline_is_said_so_not_drawn_as_a_negative_bar():
    rows = [{"id": "UP", "percent": 0.0, "status": "behind", "baseline": 20, "target": 60,
             "short_of_baseline": True},
            {"id": "DOWN", "percent": 0.0, "status": "behind", "baseline": 40, "target": 10,
             "short_of_baseline": True}]
    chart = to_date_against_target(rows, elapsed=0.5)
    assert {"below baseline", "above baseline"} <= set(texts(chart["svg"]))
    assert "UP: below baseline (behind); DOWN: above baseline (behind)." in chart["alt"]
