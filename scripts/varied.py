#!/usr/bin/env python3
"""Varied content nobody tuned the layout on: one project root per seed (issue 17).

    .venv/bin/python scripts/varied.py DIR --seed 7

writes a root that passes `check` with one quarter's newsletter (2023-Q3) and
one donor report (award GEN-AWARD-001, 2023-Q3), drawn from the seed:

- 1-60 stories of 30-1,500 words, titles of 2-30 words, 0-10 places, 0-3
  quotes, lists and subheadings, 0-5 photos each of every shape (4:3, 3:2,
  2:3, 3:4, 1:1, 3:1, 16:9) from 400 px to 6,000 px on the long side; a lead
  story with 0-4 photos, or none featured;
- the report's award: 0-2,000 activities in the quarter, 0-10 of the
  stories, 0-25 indicators, with or without a narrative.

The same seed writes the same root, byte for byte, so a layout failure found
on seed 23 is reproduced by `varied.py DIR --seed 23`. `make layout-report`
builds and measures a range of seeds (scripts/layout_report.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "benchmarks")]

from generate import copy_sample  # noqa: E402 - the scale generator's office, as the sample has it
from photos import make_photo  # noqa: E402 - the tests' photo maker

PERIOD, START, DAYS = "2023-Q3", date(2023, 7, 1), 92
AWARD, DONOR = "GEN-AWARD-001", "eu"
SHAPES = {"4:3": (4, 3), "3:2": (3, 2), "2:3": (2, 3), "3:4": (3, 4), "1:1": (1, 1),
          "3:1": (3, 1), "16:9": (16, 9)}
LONG_SIDES = (400, 700, 1200, 2400, 4000, 6000)
THEMES = ("tip", "health", "labour", "data", "border")
TYPES = ("workshop", "training", "visit", "dialogue", "meeting", "campaign")
DISTRICTS = ("Maseru", "Berea", "Leribe", "Butha-Buthe", "Mokhotlong", "Thaba-Tseka", "Qacha's Nek",
             "Quthing", "Mohale's Hoek", "Mafeteng")
WORDS = ("district committee members met village chiefs nurses and police officers to agree how "
         "referrals reach the right service first survivors returnees families border posts clinics "
         "screening training dialogue savings group radio drama labour migration statistics data "
         "dashboard ministry partners volunteers counsellors herders mine workers highlands lowlands "
         "winter roads transport follow-up visits action plans focal points registers forms").split()
UNITS = ("people", "officers", "sessions", "%", "days", "districts")
MEASURES = ("participants", "female", "male", "activities", "districts", "days")


def generate(root: Path, seed: int) -> dict:
    """Write the root for `seed` into `root` (new or empty); return what it holds."""
    root = Path(root)
    if (root / "content").exists():
        raise FileExistsError(f"{root / 'content'} already exists; give a new or empty folder")
    rng = random.Random(seed)
    copy_sample(root)
    photos = _write_photos(root, rng, seed)
    count = rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14)) if rng.random() < 0.85 else rng.randint(15, 60)
    activities = rng.choice((0, 1, 3, 12, 40, 150, 600, 2000)) if rng.random() < 0.9 else rng.randint(0, 2000)
    rows = _rows(activities, rng)
    featured = rng.random() < 0.85
    stories = [_story(root, k, count, rows, photos, featured and k == 0, rng) for k in range(count)]
    _write_awards(root)
    _write_activities(root, rows)
    indicators = rng.choice((0, 0, 3, 8, 25)) if rng.random() < 0.8 else rng.randint(0, 25)
    if indicators:
        _write_results(root, indicators, rng)
    narrative = rng.random() < 0.5
    if narrative:
        _write_narrative(root, rng)
    return {"seed": seed, "stories": stories, "activities": activities, "indicators": indicators,
            "narrative": narrative, "featured": featured, "period": PERIOD, "award": AWARD}


# --- the office ---------------------------------------------------------------------


def _write_awards(root: Path) -> None:
    text = (f"{AWARD}:\n  donor: {DONOR}\n  project: Generated project on safe and orderly migration\n"
            "  theme: tip\n  start: 2022-01-01\n  end: 2025-12-31\n")
    (root / "content" / "awards.yaml").write_text(text, encoding="utf-8")


def _write_photos(root: Path, rng: random.Random, seed: int) -> list[tuple[str, str]]:
    """A pool of 8 photos of mixed shapes and sizes the stories draw from: (file, shape)."""
    pool = []
    for i in range(8):
        shape = rng.choice(list(SHAPES))
        long_side = rng.choice(LONG_SIDES)
        w, h = SHAPES[shape]
        size = (long_side, round(long_side * h / w)) if w >= h else (round(long_side * w / h), long_side)
        name = f"generated/s{seed}-{i}-{shape.replace(':', 'x')}-{size[0]}x{size[1]}.jpg"
        # big photos without noise: a 6,000 px noisy JPEG takes seconds to write
        make_photo(root / "images" / name, size, noisy=max(size) <= 1200, seed=seed * 10 + i, quality=80)
        pool.append((name, shape))
    return pool


# --- activities -----------------------------------------------------------------------


def _rows(count: int, rng: random.Random) -> list[dict]:
    rows = []
    for i in range(count):
        day = START + timedelta(days=rng.randrange(DAYS))
        female = rng.randint(0, 40)
        male = rng.randint(0, 40)
        counted = rng.random() < 0.85
        rows.append({
            "id": f"GEN-{i + 1:05d}", "title": _words(rng, rng.randint(3, 12)).capitalize(),
            "start": day.isoformat(), "end": "", "district": rng.choice(DISTRICTS),
            "theme": rng.choice(THEMES), "award": AWARD, "type": rng.choice(TYPES),
            "participants": female + male + (0 if counted else rng.randint(1, 30)),
            "female": female if counted else "", "male": male if counted else "",
            "partners": "", "story": "",
        })
    return rows


def _write_activities(root: Path, rows: list[dict]) -> None:
    columns = ("id", "title", "start", "end", "district", "theme", "award", "type",
               "participants", "female", "male", "partners", "story")
    with open(root / "content" / "activities.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- stories ------------------------------------------------------------------------------


def _story(root: Path, k: int, count: int, rows: list[dict], photos: list, lead: bool,
           rng: random.Random) -> dict:
    day = START + timedelta(days=rng.randrange(DAYS))
    title = _words(rng, rng.choice((2, 4, 6, 8, 10, 12, 16, 30))).capitalize()
    places = rng.sample(DISTRICTS, rng.choice((0, 1, 1, 2, 3, 10)))
    photo_count = rng.randint(0, 4) if lead else rng.choice((0, 1, 1, 1, 2, 2, 3, 4, 5))
    chosen = [rng.choice(photos) for _ in range(photo_count)]
    # a few stories tell the award's activities, so the report has stories to print
    told = [r["id"] for r in rng.sample(rows, min(len(rows), 2))] if rows and rng.random() < 0.3 else []
    front = {"title": title, "date": day.isoformat(), "theme": rng.choice(THEMES),
             **({"places": places} if places else {}),
             **({"activities": told} if told else {}),
             **({"featured": True} if lead else {}),
             "summary": _words(rng, rng.randint(8, 25)).capitalize() + "."}
    if chosen:
        front["photos"] = [{"file": file, "caption": _words(rng, rng.randint(4, 30)).capitalize() + ".",
                            "credit": "IOM 2023/Generated", "alt": _words(rng, 8).capitalize() + "."}
                           for file, _ in chosen]
    quotes = [{"text": _words(rng, rng.randint(6, 40)).capitalize() + ".",
               **({"by": _words(rng, 4).title()} if rng.random() < 0.7 else {})}
              for _ in range(rng.choice((0, 0, 1, 2, 3)))]
    if quotes:
        front["quotes"] = quotes
    body, headings = _body(rng, rng.choice((30, 60, 120, 250, 400, 700, 1000, 1500)))
    slug = f"2023-{day.month:02d}-generated-{k + 1:02d}"
    text = "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                             for key, value in front.items()) + "---\n\n" + body
    (root / "content" / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")
    return {"slug": slug, "title": title, "date": day.isoformat(), "photos": [shape for _, shape in chosen], "headings": headings,
            "words": len(body.split()), "featured": lead, "quotes": len(quotes),
            "opening": body.split("\n", 1)[0]}


def _body(rng: random.Random, words: int) -> tuple[str, list[str]]:
    """Paragraphs of 20-120 words, with a subheading now and then and sometimes a list."""
    blocks, headings, written = [], [], 0
    while written < words:
        if blocks and rng.random() < 0.15 and words - written > 60:
            heading = _words(rng, rng.randint(2, 8)).capitalize()
            headings.append(heading)
            blocks.append(f"## {heading}")
        if blocks and rng.random() < 0.12:
            items = [_words(rng, rng.randint(3, 20)) for _ in range(rng.randint(2, 6))]
            blocks.append("\n".join(f"- {item}" for item in items))
            written += sum(len(i.split()) for i in items)
            continue
        n = min(words - written, rng.randint(20, 120))
        text = _words(rng, max(n, 1)).capitalize() + "."
        if rng.random() < 0.2:
            text = text.replace(" the ", " **the** ", 1)
        blocks.append(text)
        written += max(n, 1)
    return "\n\n".join(blocks) + "\n", headings


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


# --- results and narrative ------------------------------------------------------------------


def _write_results(root: Path, count: int, rng: random.Random) -> None:
    outputs, values = [], []
    for i in range(count):
        measure = rng.choice(MEASURES) if rng.random() < 0.8 else None
        target = rng.choice((10, 50, 200, 1000, 5000))
        indicator = {"id": f"GEN-{i + 1}", "statement": _words(rng, rng.randint(4, 20)).capitalize(),
                     "unit": "people" if measure in ("participants", "female", "male") else rng.choice(UNITS),
                     "target": target}
        if measure:
            indicator["measure"] = measure
            indicator["unit"] = {"activities": "activities", "districts": "districts",
                                 "days": "days"}.get(measure, "people")
        else:
            indicator["target"] = min(target, 100) if indicator["unit"] == "%" else target
        if i % 5 == 0:
            outputs.append({"id": f"1.{len(outputs) + 1}", "statement": _words(rng, 8).capitalize(),
                            "indicators": []})
        outputs[-1]["indicators"].append(indicator)
        if not measure:
            values.append((indicator["id"], PERIOD, rng.randint(0, indicator["target"]), "", "Partner's register"))
    framework = {"award": AWARD, "outcomes": [{"id": "1", "statement": _words(rng, 10).capitalize(),
                                               "outputs": outputs}]}
    (root / "content" / "results").mkdir()
    (root / "content" / "results" / f"{AWARD}.yaml").write_text(json.dumps(framework, indent=1),
                                                                encoding="utf-8")
    with open(root / "content" / "indicator_values.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("indicator", "period", "value", "note", "source"))
        writer.writerows(values)


def _write_narrative(root: Path, rng: random.Random) -> None:
    sections = [f"## {name}\n\n{_words(rng, rng.randint(20, 300)).capitalize()}.\n"
                for name in ("Summary", "Challenges", "Lessons learnt", "Next steps")]
    folder = root / "content" / "reports" / AWARD
    folder.mkdir(parents=True)
    (folder / f"{PERIOD}.md").write_text("---\nprepared_by: Generated programme manager\n---\n\n"
                                         + "\n".join(sections), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", metavar="DIR", type=Path, help="a new or empty folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        made = generate(args.root, args.seed)
    except FileExistsError as exc:
        parser.error(str(exc))  # usage, exit 2: nothing was written
    print(json.dumps({k: v for k, v in made.items() if k != "stories"} | {"stories": len(made["stories"])}))


if __name__ == "__main__":
    main()
