"""A second sample root whose activities come from where offices keep them.

`make_kobo_root(folder)` copies the repository's sample root and replaces
content/activities.csv by content/sources.yaml and two sources holding the same
rows: a KoboToolbox-style XLSX export (the TIP, labour and health rows) with
`group/field` headers, system columns, districts as a select_multiple of codes
mapped back through `values:`, themes as codes, and participants on a repeat
sheet of training days; and a SQLite database with the rest, under column
names of its own. Its reports must equal the CSV sample's, figure for figure
(tests/test_activity_sources.py).

    python tests/kobo_root.py OUT    writes the root to OUT, to look at
"""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

REPO = Path(__file__).resolve().parent.parent
KOBO_THEMES = {"tip", "labour", "health"}
THEME_CODES = {"tip": "ct", "labour": "lm", "health": "mh"}
SHEET, REPEAT = "activity_log", "training_days"
SOURCES = """\
# where this office keeps its activity records
activities:
  - file: kobo/activity_log.xlsx
    sheet: activity_log
    columns:
      id: activity/code
      title: activity/title
      start: activity/date_start
      end: activity/date_end
      district: location/districts
      theme: activity/theme
      award: funding/award
      type: activity/type
      participants: training_days/attendees
      female: attendance/female
      male: attendance/male
      partners: activity/partners
      story: activity/story
    values:
      theme: {ct: tip, lm: labour, mh: health}
      district:
{districts}
  - url: sqlite:///content/records.db
    query: SELECT * FROM activity_log ORDER BY position
    columns: {id: code, start: started_on, end: ended_on}
"""


def sample_rows() -> list[dict[str, str]]:
    with open(REPO / "content" / "activities.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def district_codes(rows) -> dict[str, str]:
    """Each spelling of a district in the sample, as a select_multiple choice code of its own."""
    codes: dict[str, str] = {}
    for row in rows:
        for name in filter(None, (n.strip() for n in row["district"].split(";"))):
            if name not in codes.values():
                code = re.sub(r"\W+", "_", name.lower()).strip("_")
                while code in codes:
                    code += "_x"
                codes[code] = name
    return codes


def make_kobo_root(folder: Path) -> Path:
    folder = Path(folder)
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "images", folder / "images")
    (folder / "content" / "activities.csv").unlink()
    rows = sample_rows()
    codes = district_codes(rows)
    kobo = [r for r in rows if r["theme"] in KOBO_THEMES]
    (folder / "content" / "kobo").mkdir()
    write_export(kobo, codes, folder / "content" / "kobo" / "activity_log.xlsx")
    write_database([r for r in rows if r["theme"] not in KOBO_THEMES], folder / "content" / "records.db")
    mapping = "\n".join(f"        {code}: \"{name}\"" for code, name in codes.items())
    (folder / "content" / "sources.yaml").write_text(SOURCES.replace("{districts}", mapping), encoding="utf-8")
    return folder


def write_export(rows, codes: dict[str, str], target: Path) -> None:
    """Rows as KoboToolbox exports them to XLSX, with a repeat group of training days."""
    by_name = {name: code for code, name in codes.items()}
    book = Workbook()
    main = book.active
    main.title = SHEET
    main.append(["start", "end", "activity/code", "activity/title", "activity/date_start", "activity/date_end",
                 "location/districts", "activity/theme", "funding/award", "activity/type", "attendance/female",
                 "attendance/male", "activity/partners", "activity/story", "_id", "_uuid", "_submission_time",
                 "_index", "__version__"])
    repeat = book.create_sheet(REPEAT)
    repeat.append(["training_days/day", "training_days/attendees", "_index", "_parent_table_name",
                   "_parent_index", "_submission__uuid"])
    for index, row in enumerate(rows, start=1):
        start = date.fromisoformat(row["start"])
        uuid = f"5d1f{index:04d}-0b7e-4c43-9a51-00000000{index:04d}"
        districts = " ".join(by_name[n.strip()] for n in row["district"].split(";") if n.strip())
        main.append([datetime(2023, 1, 1, 8, 0) + timedelta(days=index),  # when the form was filled in
                     datetime(2023, 1, 1, 8, 20) + timedelta(days=index), row["id"], row["title"],
                     datetime.combine(start, datetime.min.time()),  # a date-time at midnight: its date
                     date.fromisoformat(row["end"]) if row["end"] else None, districts or None,
                     THEME_CODES[row["theme"]], row["award"], row["type"] or None, _number(row["female"]),
                     _number(row["male"]), row["partners"] or None, row["story"] or None, 1000 + index, uuid,
                     datetime(2023, 8, 1, 10, 0) + timedelta(hours=index), index, "vAbc123"])
        if row["participants"]:  # the attendance of each day, summed back to the participants
            total = int(row["participants"])
            for day, count in enumerate((total // 2, total - total // 2), start=1):
                repeat.append([start + timedelta(days=day - 1), count, 2 * index + day, SHEET, index, uuid])
    book.save(target)


def _number(cell: str) -> int | None:
    return int(cell) if cell else None


def write_database(rows, target: Path) -> None:
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE activity_log (position INTEGER, code TEXT, title TEXT, started_on DATE, "
                   "ended_on DATE, district TEXT, theme TEXT, award TEXT, type TEXT, participants INTEGER, "
                   "female INTEGER, male INTEGER, partners TEXT, story TEXT)")
        db.executemany("INSERT INTO activity_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(i, r["id"], r["title"], r["start"], r["end"] or None, r["district"] or None,
                         r["theme"], r["award"], r["type"] or None, _number(r["participants"]),
                         _number(r["female"]), _number(r["male"]), r["partners"] or None, r["story"] or None)
                        for i, r in enumerate(rows)])
    db.close()


if __name__ == "__main__":
    print(make_kobo_root(Path(sys.argv[1])))
