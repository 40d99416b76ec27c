"""The figures contract (payload.py): one reading of the content per output.

The notebook computes from the snapshot the build hands it, so its payload is
the one the build would compute in-process, and a change to the files during
a build cannot reach the figures.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AWARD_A, write_report_root

from bulletin import notebooks, payload
from bulletin.check import load_checked
from bulletin.outputs import Staging
from bulletin.periods import parse_period
from bulletin.schema import Activity


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = write_report_root(tmp_path_factory.mktemp("payload"))
    project, _ = load_checked(root)
    return project


def test_snapshot_round_trips_the_activities(project, tmp_path):
    reading = payload.snapshot(project, parse_period("2023-Q2"), AWARD_A)
    again = payload.Snapshot.load(reading.save(tmp_path / "snapshot.json"))
    assert again == reading
    assert again.records() == project.activities_in(parse_period("2023-Q2"), AWARD_A)
    assert again.donor == "United States Department of State"


def test_the_notebooks_payload_is_the_in_process_one(project, tmp_path):
    reading = payload.snapshot(project, parse_period("2023-Q2"), AWARD_A)
    with Staging(tmp_path / "out") as stage:
        from_notebook = notebooks.run("donor_report", {"root": str(project.root), "award": AWARD_A,
                                                       "period": "2023-Q2"},
                                      stage, "report.ipynb", reading, payload.ReportPayload)
    assert from_notebook == payload.report_payload(reading)
    assert from_notebook.key.people == 96 and from_notebook.key.female == 31


def test_the_notebook_counts_what_the_build_read_not_the_files(project, tmp_path):
    """As if activities.csv were saved while a report builds: the snapshot wins."""
    reading = payload.snapshot(project, parse_period("2023-Q2"), AWARD_A)
    kept = reading.model_copy(update={"activities": reading.activities[:1]})
    with Staging(tmp_path / "out") as stage:
        result = notebooks.run("donor_report", {"root": str(project.root), "award": AWARD_A,
                                                "period": "2023-Q2"},
                               stage, "report.ipynb", kept, payload.ReportPayload)
    assert result.key.activities == 1
    assert [row.id for row in result.activities] == [kept.activities[0]["id"]]


def test_the_newsletter_notebooks_payload_is_the_in_process_one(project, tmp_path):
    reading = payload.snapshot(project, parse_period("2023-Q2"))
    with Staging(tmp_path / "out") as stage:
        from_notebook = notebooks.run("newsletter", {"root": str(project.root), "period": "2023-Q2"},
                                      stage, "newsletter.ipynb", reading, payload.NewsletterPayload)
    assert from_notebook == payload.newsletter_payload(reading)
    assert from_notebook.stories == [s.slug for s in project.stories_in(parse_period("2023-Q2"))]


@pytest.mark.parametrize("participants, female, male, expected", [
    (27, 15, 12, (27, 15, 12, None)),
    (22, 18, None, (22, None, None, 22)),  # only a female count: not counted by sex
    (None, 6, 3, (9, 6, 3, None)),
    (None, 18, None, (None, None, None, None)),
    (40, None, None, (40, None, None, 40)),
    (None, None, None, (None, None, None, None)),
])
def test_counting_rules(participants, female, male, expected):
    activity = Activity(id="X", title="t", start=date(2023, 5, 1), district="Maseru", theme="tip",
                        participants=participants, female=female, male=male)
    counted = payload.counted(activity)
    assert (counted.people, counted.female, counted.male, counted.not_split) == expected


def test_every_payload_model_refuses_unknown_keys():
    from pydantic import BaseModel, ValidationError

    models = [m for m in vars(payload).values() if isinstance(m, type) and issubclass(m, BaseModel)
              and m.__module__ == payload.__name__]
    assert payload.Indicators in models and payload.ReportPayload in models
    for model in [*models, payload.IndicatorRow]:
        assert model.model_config.get("extra") == "forbid", model.__name__
    with pytest.raises(ValidationError, match="elapsd"):
        payload.Indicators.model_validate({"framework": None, "rows": [], "elapsd": 0.5})
