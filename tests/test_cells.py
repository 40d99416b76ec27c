"""cells.py: a sheet's rows become the very records `schema.validate` makes, each distinct cell
validated once; a row with a wrong cell is left to `validate` for its messages."""

from __future__ import annotations

import csv
import io

import pytest

from bulletin import cells as cells_module
from bulletin.activities import read_activities
from bulletin.cells import ABSENT, INVALID, Cells
from bulletin.schema import Activity, construct, validate
from bulletin.sources import Yaml
from support import ACTIVITIES, REPO


def _rows(text: str) -> list[dict[str, str]]:
    """Each row as `schema.validate` was given it: the non-empty cells, stripped."""
    return [{k: v.strip() for k, v in row.items() if v and v.strip()}
            for row in csv.DictReader(io.StringIO(text))]


def _validated(raw: dict[str, str], line: int) -> Activity:
    activity, problems = validate(Activity, raw, Yaml(raw, {(): line}, []), (), "activities.csv")
    assert problems == []
    return activity.model_copy(update={"line": line, "districts": ("X",)})


@pytest.mark.parametrize("text", [ACTIVITIES, (REPO / "content" / "activities.csv").read_text()],
                         ids=["tiny-root", "sample"])
def test_a_valid_row_is_the_record_validate_makes(tmp_path, text):
    path = tmp_path / "activities.csv"
    path.write_text(text)
    made, _, problems = read_activities(path, "activities.csv", lambda places: ("X",))
    assert problems == []
    expected = [_validated(raw, line) for line, raw in enumerate(_rows(text), start=2)]
    assert made == expected
    # not only equal: the same fields set, the same dump, field for field and in order
    assert [a.model_fields_set for a in made] == [a.model_fields_set for a in expected]
    assert [list(a.model_dump().items()) for a in made] == [list(a.model_dump().items()) for a in expected]


def test_empty_cells_are_absent_and_a_required_one_is_invalid():
    cells = Cells(Activity)
    assert cells.column("end", ["2023-05-01", "", " ", None]) == [
        cells.column("end", ["2023-05-01"])[0], ABSENT, ABSENT, ABSENT]
    assert cells.column("title", ["", " Training ", None]) == [INVALID, "Training", INVALID]
    assert cells.column("participants", ["12", "twelve"]) == [12, INVALID]


def test_each_distinct_cell_is_validated_once(monkeypatch):
    validated = []
    real = cells_module.field_adapter

    class Counting:
        def __init__(self, adapter):
            self.adapter = adapter

        def validate_python(self, value):
            validated.extend(value if isinstance(value, list) else [value])
            return self.adapter.validate_python(value)

    monkeypatch.setattr(cells_module, "field_adapter", lambda *args, **kw: Counting(real(*args, **kw)))
    cells = Cells(Activity)
    assert cells.column("start", ["2023-05-01"] * 1000 + [" 2023-05-02 "])[-1].isoformat() == "2023-05-02"
    cells.column("start", ["2023-05-01"] * 10 + ["07/05/2023", "2023-05-03"])
    assert sorted(validated) == ["07/05/2023", "07/05/2023", "2023-05-01", "2023-05-02", "2023-05-03",
                                 "2023-05-03"]  # a column with a wrong cell: its new cells one by one


def test_a_record_needs_every_required_field():
    with pytest.raises(ValueError, match="Activity needs start, title"):
        construct(Activity, {"id": "A-1", "district": ("Maseru",), "theme": "tip"}, set())
