"""load_project on the tiny root: records, places, links, periods, the frame."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from pydantic import ValidationError

from bulletin.activities import frame
from bulletin.periods import parse_period
from bulletin.project import load_project
from conftest import edit


@pytest.fixture
def project(root):
    project, problems = load_project(root)
    assert problems == []
    return project


def by_id(project, activity_id):
    return next(a for a in project.activities if a.id == activity_id)


def by_slug(project, slug):
    return next(s for s in project.stories if s.slug == slug)


def test_everything_is_loaded(project, root):
    assert project.root == root
    assert project.site.office == "IOM Lesotho"
    assert project.site.newsletter.title == "IOM Lesotho Newsletter"
    assert project.site.themes == {"tip": "Counter-trafficking", "health": "Migration health",
                                   "labour": "Labour migration"}
    assert project.site.contacts[0].email == "comms@example.org"
    assert list(project.donors) == ["us-state", "netherlands"]
    assert project.donors["us-state"].key == "us-state"
    assert project.donors["us-state"].acknowledgement == (
        "The support to this activity was provided by the {donor}, under the terms of Award No. {award}.")
    assert project.donors["netherlands"].disclaimer is None
    assert list(project.awards) == ["SSITIP20GR0006", "NL-MHP-2022-017"]
    award = project.awards["NL-MHP-2022-017"]
    assert (award.number, award.donor, award.start, award.end) == (
        "NL-MHP-2022-017", "netherlands", date(2022, 4, 1), date(2025, 3, 31))
    assert [a.id for a in project.activities] == ["TIP-2023-014", "HLT-2023-003", "TIP-2023-015", "LAB-2023-001"]
    assert [a.line for a in project.activities] == [2, 3, 4, 5]
    assert sorted(s.slug for s in project.stories) == ["mobile-clinic", "referral-committees"]
    assert project.activities_file == "content/activities.csv"


def test_activity_fields(project):
    a = by_id(project, "TIP-2023-014")
    assert a.title == "Referral committee training"
    assert (a.start, a.end) == (date(2023, 4, 24), date(2023, 4, 26))
    assert a.award == ("SSITIP20GR0006",)
    assert (a.participants, a.female, a.male) == (27, 15, 12)
    assert a.partners == ("Ministry of Home Affairs", "Department of Social Development")
    assert a.story == "referral-committees"
    b = by_id(project, "TIP-2023-015")
    assert b.end is None
    assert b.award == ()
    assert (b.participants, b.female, b.male) == (230, None, None)
    assert by_id(project, "LAB-2023-001").award == ("SSITIP20GR0006", "NL-MHP-2022-017")


def test_story_fields(project):
    story = by_slug(project, "mobile-clinic")
    assert story.title == "Mobile clinics reach the highlands"
    assert (story.date, story.end) == (date(2023, 5, 8), date(2023, 5, 12))
    assert story.featured is True
    assert story.activities == ("HLT-2023-003",)
    assert story.photos[0].file == "2023/clinic.jpg"
    assert story.photos[0].credit == "IOM 2023/Lineo Mokoena"
    assert story.body.strip() == "The mobile clinic spent a week in the mountains of Qacha's Nek."
    assert story.body_line == 18  # after the photo's people: and consent: lines
    quote = by_slug(project, "referral-committees").quotes[0]
    assert (quote.text, quote.by) == (
        "I learned the correct procedure to follow when referring a victim.", "Ts'oeute Ramone")


def test_records_are_immutable(project):
    story = by_slug(project, "mobile-clinic")
    activity = project.activities[0]
    with pytest.raises(ValidationError):
        story.title = "Changed"
    with pytest.raises(ValidationError):
        story.photos[0].alt = "Changed"
    with pytest.raises(ValidationError):
        activity.participants = 1
    with pytest.raises(ValidationError):
        project.site.office = "Changed"
    with pytest.raises(ValidationError):
        project.awards["SSITIP20GR0006"].end = date(2030, 1, 1)
    with pytest.raises(ValidationError):
        project.donors["us-state"].name = "Changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.stories = ()
    # Lists are tuples: nothing can be appended to them.
    assert isinstance(project.stories, tuple)
    assert isinstance(project.activities, tuple)
    assert isinstance(story.photos, tuple)
    assert isinstance(activity.district, tuple)
    assert isinstance(project.site.newsletter.priorities, tuple)


def test_places_resolve_to_districts(project):
    places = project.places
    assert places.names == ["Maseru", "Leribe", "Qacha's Nek", "Thaba-Tseka"]
    assert places.district_of("Qacha's Nek") == "Qacha's Nek"
    assert places.district_of("Qachas Nek") == "Qacha's Nek"  # alias
    assert places.district_of("Sehlabathebe") == "Qacha's Nek"  # town
    assert places.district_of("Maputsoe") == "Leribe"
    assert places.district_of("maseru bridge") == "Maseru"  # case does not matter
    assert places.district_of(" Roma ") == "Maseru"
    assert places.district_of("Qachas Neck") is None
    assert places.district_of("Johannesburg") is None
    assert places.suggest("Qachas Neck") == "Qacha's Nek"
    assert places.suggest("Maputso") == "Maputsoe"  # a town is suggested as itself


def test_records_carry_their_districts(project):
    assert by_id(project, "HLT-2023-003").districts == ("Qacha's Nek",)
    assert by_id(project, "TIP-2023-015").district == ("Maputsoe", "Roma")
    assert by_id(project, "TIP-2023-015").districts == ("Leribe", "Maseru")
    assert by_id(project, "LAB-2023-001").districts == ("Maseru",)
    # Two spellings of one district count once.
    assert by_slug(project, "mobile-clinic").districts == ("Qacha's Nek",)
    assert by_slug(project, "referral-committees").districts == ("Thaba-Tseka",)


def test_activities_of_a_story_both_link_directions(project):
    # referral-committees is named by its activity; mobile-clinic names its activity.
    assert [a.id for a in project.activities_of(by_slug(project, "referral-committees"))] == ["TIP-2023-014"]
    assert [a.id for a in project.activities_of(by_slug(project, "mobile-clinic"))] == ["HLT-2023-003"]


def test_awards_of_a_story_through_its_activities(project):
    assert project.awards_of(by_slug(project, "referral-committees")) == ("SSITIP20GR0006",)
    assert project.awards_of(by_slug(project, "mobile-clinic")) == ("NL-MHP-2022-017",)


def test_awards_of_a_story_direct_first_once_each(root):
    edit(root, "content/stories/mobile-clinic.md", "activities: [HLT-2023-003]",
         "activities: [HLT-2023-003, LAB-2023-001]\nawards: [SSITIP20GR0006]")
    project, problems = load_project(root)
    assert problems == []
    assert project.awards_of(by_slug(project, "mobile-clinic")) == ("SSITIP20GR0006", "NL-MHP-2022-017")


def test_story_without_links_has_no_awards(root):
    edit(root, "content/activities.csv", ",referral-committees\n", ",\n")
    project, _ = load_project(root)
    assert project.awards_of(by_slug(project, "referral-committees")) == ()


def test_stories_in_period_featured_first_then_by_date(project):
    # mobile-clinic (8 May) is featured: it leads, before the earlier referral story (24 April).
    assert [s.slug for s in project.stories_in(parse_period("2023-Q2"))] == [
        "mobile-clinic", "referral-committees"]
    assert [s.slug for s in project.stories_in(parse_period("2023-04"))] == ["referral-committees"]
    assert [s.slug for s in project.stories_in(parse_period("2023-05"))] == ["mobile-clinic"]
    assert project.stories_in(parse_period("2023-Q3")) == ()
    # Edge days: a story belongs to the period holding its date.
    assert [s.slug for s in project.stories_in(parse_period("2023-04-24..2023-05-07"))] == [
        "referral-committees"]
    assert [s.slug for s in project.stories_in(parse_period("2023-04-25..2023-05-08"))] == ["mobile-clinic"]


def test_stories_in_period_by_date_without_featured(root):
    edit(root, "content/stories/mobile-clinic.md", "featured: true\n", "")
    project, _ = load_project(root)
    assert [s.slug for s in project.stories_in(parse_period("2023-Q2"))] == [
        "referral-committees", "mobile-clinic"]


def test_activities_in_period_and_award(project):
    q2 = parse_period("2023-Q2")
    assert [a.id for a in project.activities_in(q2)] == [
        "TIP-2023-014", "HLT-2023-003", "TIP-2023-015", "LAB-2023-001"]
    # LAB-2023-001 lists both awards: it counts for each.
    assert [a.id for a in project.activities_in(q2, "SSITIP20GR0006")] == ["TIP-2023-014", "LAB-2023-001"]
    assert [a.id for a in project.activities_in(q2, "NL-MHP-2022-017")] == ["HLT-2023-003", "LAB-2023-001"]
    assert [a.id for a in project.activities_in(parse_period("2023-05"))] == ["HLT-2023-003", "TIP-2023-015"]
    assert project.activities_in(parse_period("2023-06-06..2023-12-31")) == ()
    # An activity belongs to the period that holds its start, not its end.
    assert [a.id for a in project.activities_in(parse_period("2023-04-25..2023-04-30"))] == []
    assert [a.id for a in project.activities_in(parse_period("2023-06-05..2023-06-05"))] == ["LAB-2023-001"]
    assert project.activities_in(q2, "NO-SUCH-AWARD") == ()


def test_frame(project):
    df = frame(project.activities)
    assert list(df["id"]) == ["TIP-2023-014", "HLT-2023-003", "TIP-2023-015", "LAB-2023-001"]
    for column in ("participants", "female", "male"):
        assert df[column].dtype == pd.Int64Dtype(), column
    assert pd.api.types.is_datetime64_any_dtype(df["start"])
    assert pd.api.types.is_datetime64_any_dtype(df["end"])
    assert list(df["participants"]) == [27, 412, 230, 20]
    assert df["female"].isna().tolist() == [False, False, True, False]
    assert df.loc[2, "female"] is pd.NA
    assert df.loc[0, "start"] == pd.Timestamp("2023-04-24")
    assert df.loc[0, "end"] == pd.Timestamp("2023-04-26")
    # No end: the activity ended the day it started.
    assert df.loc[2, "end"] == pd.Timestamp("2023-05-16")
    assert df.loc[2, "districts"] == ["Leribe", "Maseru"]
    assert df.loc[3, "awards"] == ["SSITIP20GR0006", "NL-MHP-2022-017"]
    assert df.loc[2, "awards"] == []
    assert df.loc[3, "type"] == "dialogue"
    assert list(df["line"]) == [2, 3, 4, 5]
    assert int(df["participants"].sum()) == 689


def test_frame_of_no_activities():
    df = frame(())
    assert len(df) == 0
    assert "participants" in df.columns
    assert df["participants"].dtype == pd.Int64Dtype()


def test_frame_type_defaults_to_other(root):
    edit(root, "content/activities.csv", ",dialogue,", ",,")
    project, _ = load_project(root)
    assert frame(project.activities).loc[3, "type"] == "other"
