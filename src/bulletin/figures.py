"""The figures a newsletter or report prints, computed with pandas.

Every function takes the activities DataFrame (`activities.frame`) and
returns plain JSON-ready data, so a notebook can compute it and hand it to
the build. Each figure carries the ids of the activities behind it.

People are counted from `participants`, or from `female + male` when only
the split is given. A row without the split is never guessed at: its people
are reported as not disaggregated.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from .outputs import write


def _people(df: pd.DataFrame) -> pd.DataFrame:
    """Adds `days`; `people` and `split` come with the frame (Activity.people)."""
    df = df.copy()
    df["days"] = (df["end"] - df["start"]).dt.days + 1
    return df


def _ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["id"].tolist())


def _int(value) -> int:
    return 0 if pd.isna(value) else int(value)


def key_figures(df: pd.DataFrame) -> dict:
    """Activities held, people reached (female, male, not split), districts, days."""
    df = _people(df)
    split, unsplit = df[df["split"]], df[~df["split"] & df["people"].notna()]
    female, male = _int(split["female"].sum()), _int(split["male"].sum())
    districts = sorted({d for ds in df["districts"] for d in ds})
    return {
        "activities": len(df),
        "people": _int(df["people"].sum()),
        "female": female,
        "male": male,
        "female_share": round(female / (female + male), 3) if female + male else None,
        "not_disaggregated": _int(unsplit["people"].sum()),
        "no_attendance": int(df["people"].isna().sum()),
        "districts": districts,
        "days": _int(df["days"].sum()),
        "sources": {
            "activities": _ids(df),
            "people": _ids(df[df["people"].notna()]),
            "female_male": _ids(split),
            "not_disaggregated": _ids(unsplit),
            "no_attendance": _ids(df[df["people"].isna()]),
            "districts": _ids(df),
        },
    }


def breakdown(df: pd.DataFrame, by: str) -> list[dict]:
    """Activities and people per district, activity type, theme or month.

    An activity held in several districts counts in each of them.
    """
    df = _people(df)
    if by == "district":
        df = df.explode("districts").rename(columns={"districts": "district"})
    elif by == "month":
        df["month"] = df["start"].dt.strftime("%Y-%m")
    rows = []
    for key, group in df.groupby(by, sort=True):
        split, unsplit = group[group["split"]], group[~group["split"] & group["people"].notna()]
        rows.append({
            by: key,
            "label": pd.Timestamp(key).strftime("%b %Y") if by == "month" else key,
            "activities": len(group),
            "people": _int(group["people"].sum()) if group["people"].notna().any() else None,
            "female": _int(split["female"].sum()),
            "male": _int(split["male"].sum()),
            # people whose sex was not recorded: female + male + not_counted = people
            "not_counted": _int(unsplit["people"].sum()),
            "ids": _ids(group),
        })
    return rows


def report_figures(df: pd.DataFrame) -> dict:
    """Key figures and breakdowns of a donor report."""
    return {
        "key": key_figures(df),
        "by_district": breakdown(df, "district"),
        "by_type": breakdown(df, "type"),
        "by_month": breakdown(df, "month"),
    }


def newsletter_figures(df: pd.DataFrame, themes: dict[str, str]) -> dict:
    """The "in numbers" panel of an edition."""
    figures = key_figures(df)
    figures["themes"] = [{**row, "name": themes.get(row["theme"], row["theme"])}
                         for row in breakdown(df, "theme")]
    return figures


def save(data: dict, path: str | os.PathLike) -> None:
    """Write figures as JSON for the build to read back."""
    write(Path(path), json.dumps(data, indent=1, ensure_ascii=False, default=str))
