"""A realistic, valid project root of any size, to time `check` and the builds on (issue 11).

    .venv/bin/python benchmarks/generate.py DIR [--awards N] [--activities N] [--stories N]
                                                [--period P] [--seed S]

The root starts from the sample content (site.yaml, donors.yaml, places.yaml
and the logos are copied from this repository) and adds what grows with an
office's years of work: awards spread over the sample's donors and themes,
activity rows spread over the awards, and stories, each with a photo. The
rows are written as people write them: districts as aliases, towns or in
lower case where the gazetteer resolves them, some rows counted by sex and
some not, dates in the period and in the quarters either side of it. Every
award has activities in the period, so `reports --period P` makes one report
per award. The same seed writes the same root, byte for byte.

Photos are a handful of small JPEGs under images/generated/ (landscape and
portrait, some stored turned with an EXIF orientation) that many stories
share, as an office reuses its pictures: the root stays small and quick to
write, while `check` still validates every photo a story names.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from bulletin.periods import Period, parse_period, quarter_of  # noqa: E402
from photos import make_photo  # noqa: E402 - the tests' photo maker: upright content, EXIF turns

COPIED = ("content/site.yaml", "content/donors.yaml", "content/places.yaml")
COLUMNS = ("id", "title", "start", "end", "district", "theme", "award", "type",
           "participants", "female", "male", "partners", "story")

# An award number's shape by donor, as each donor writes them (the sample's awards).
NUMBER_SHAPES = {
    "us-state": "S{THEME}{yy}GR{i:04d}",
    "netherlands": "NL-{THEME}-{year}-{i:03d}",
    "eu": "EU-{THEME}-{yy}-{i:03d}",
    "sdc": "CH-{THEME}-{year}-{i:02d}",
}
TYPES = ("workshop", "training", "visit", "dialogue", "meeting", "campaign")
DOINGS = {
    "workshop": "Workshop on {topic} with {who}",
    "training": "Training of {who} on {topic}",
    "visit": "Monitoring visit to {who} on {topic}",
    "dialogue": "Community dialogue with {who} on {topic}",
    "meeting": "Coordination meeting with {who} on {topic}",
    "campaign": "Awareness campaign on {topic} for {who}",
}
TOPICS = {
    "tip": "the national referral mechanism", "health": "TB screening and referral",
    "labour": "safe labour migration", "data": "migration statistics",
    "border": "traveller screening",
}
WHO = ("district committee members", "village chiefs", "police officers", "nurses",
       "immigration officers", "returned mine workers", "teachers", "social workers")
PARTNERS = ("Ministry of Home Affairs", "Lesotho Mounted Police Service", "Ministry of Health",
            "Ministry of Labour and Employment", "Bureau of Statistics",
            "Department of Immigration", "Kopano Returnees Association", "Lesotho Red Cross Society")
SENTENCES = (
    "Participants came from {place} and the villages around it, some walking for hours to attend.",
    "The sessions walked through {topic} step by step, using real, anonymised cases.",
    "\"We now know who to call first,\" said one of the {who} who took part.",
    "Each group left with an action plan and a list of focal points with phone numbers.",
    "Follow-up visits in the coming months will show what has changed in practice.",
    "The district administrator opened the day and thanked the partners for their support.",
    "Role plays in Sesotho helped the {who} find words that put people at ease.",
    "Attendance was higher than planned, and a second session was added at short notice.",
)
# (name, displayed size, EXIF orientation): the pixels of 6 and 8 are stored turned.
PHOTOS = (
    ("landscape-1.jpg", (1000, 750), None),
    ("landscape-2.jpg", (1000, 667), 1),
    ("landscape-3.jpg", (1000, 750), 3),
    ("portrait-1.jpg", (750, 1000), None),
    ("portrait-2.jpg", (750, 1000), 6),
    ("portrait-3.jpg", (667, 1000), 8),
)
AROUND = timedelta(days=92)  # activities and stories fall in the period or a quarter either side


def generate(root: Path, *, awards: int = 20, activities: int = 100_000, stories: int = 2_000,
             period: str = "2023-Q3", seed: int = 0) -> Path:
    """Write a valid project root in `root` (a new or empty folder) and return it."""
    root = Path(root)
    if (root / "content").exists():  # never write over someone's content
        raise FileExistsError(f"{root / 'content'} already exists; give a new or empty folder")
    if awards < 1 or activities < awards or stories < 0:
        raise ValueError("need at least one award and one activity per award")
    rng = random.Random(seed)
    span = parse_period(period)
    copy_sample(root)
    sample = _sample(root)
    numbers = _write_awards(root, awards, sample, span, rng)
    rows = _rows(activities, numbers, sample, span, seed)
    photos = _write_photos(root, seed)
    _write_stories(root, stories, rows, photos, rng)
    _write_activities(root, rows)
    return root


# --- the sample --------------------------------------------------------------------


def _main_language_only(root: Path) -> None:
    """The sample office publishes in English and French; a generated office in English
    only, as before: its awards are in English, and it times one edition per period."""
    def main(value):
        if isinstance(value, dict):
            if "en" in value and set(value) <= {"en", "fr"}:
                return value["en"]
            return {k: main(v) for k, v in value.items()}
        return [main(v) for v in value] if isinstance(value, list) else value

    for rel in ("content/site.yaml", "content/donors.yaml"):
        data = main(yaml.safe_load((root / rel).read_text(encoding="utf-8")))
        data.pop("languages", None)
        (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")


def copy_sample(root: Path) -> None:
    """The sample office (site, donors, places and logos) and an empty stories folder."""
    for rel in COPIED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, root / rel)
    _main_language_only(root)
    shutil.copytree(REPO / "images" / "logos", root / "images" / "logos")
    (root / "content" / "stories").mkdir()


def _sample(root: Path) -> dict:
    """The sample's donors, themes and every spelling of each district."""
    load = lambda name: yaml.safe_load((root / "content" / name).read_text(encoding="utf-8"))  # noqa: E731
    districts = load("places.yaml")["districts"]
    return {
        "donors": sorted(load("donors.yaml")),
        "themes": sorted(load("site.yaml")["themes"]),
        "districts": {name: ((entry or {}).get("aliases", []), (entry or {}).get("towns", []))
                      for name, entry in districts.items()},
    }


# --- awards ----------------------------------------------------------------------------


def _write_awards(root: Path, count: int, sample: dict, span: Period, rng: random.Random) -> dict:
    """N awards, donors and themes taken in turn; each runs well before and after the period,
    so every activity charged to it starts inside its dates. Returns number -> theme."""
    awards, lines = {}, ["# Generated by benchmarks/generate.py: award number -> award."]
    for i in range(count):
        donor = sample["donors"][i % len(sample["donors"])]
        theme = sample["themes"][i % len(sample["themes"])]
        start = span.start - AROUND - timedelta(days=rng.randrange(365, 3 * 365))
        end = span.end + AROUND + timedelta(days=rng.randrange(180, 2 * 365))
        number = NUMBER_SHAPES.get(donor, "{THEME}-{year}-{i:03d}").format(
            THEME=theme.upper(), yy=start.year % 100, year=start.year, i=i + 1)
        district = rng.choice(sorted(sample["districts"]))
        topic = TOPICS.get(theme, theme)
        project = f"{topic[0].upper()}{topic[1:]} in {district} and beyond, phase {i // 5 + 1}"
        lines += [f"{number}:", f"  donor: {donor}", f"  project: {_quoted(project)}",
                  f"  theme: {theme}", f"  start: {start}", f"  end: {end}"]
        awards[number] = theme
    (root / "content" / "awards.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return awards


# --- activities --------------------------------------------------------------------------


def _rows(count: int, awards: dict, sample: dict, span: Period, seed: int) -> list[dict]:
    """The activity rows. Drawn a column at a time with numpy: a Python draw per cell
    made 100,000 rows take ten seconds, more than `check` is meant to take to read them."""
    draw = np.random.default_rng(seed)
    numbers, themes = list(awards), sample["themes"]
    index = np.arange(count)
    # The first row of each award falls in the period: every award has a report.
    inside = (index < len(numbers)) | (draw.random(count) < 0.7)
    days = _days(span)
    day = np.where(inside, draw.integers(days["inside"][0], days["inside"][1], count),
                   draw.integers(0, len(days["all"]), count))
    lasts = np.where(draw.random(count) < 0.3, draw.integers(1, 5, count), 0)
    charged = _charged(index % len(numbers), len(numbers), draw)
    charged[:len(numbers)] = [(i,) for i in range(len(numbers))]  # the rows in the period, above
    other_theme = draw.integers(0, len(themes), count)
    kind, who = draw.integers(0, len(TYPES), count), draw.integers(0, len(WHO), count)
    pool = _spellings(sample["districts"])
    place, second = draw.integers(0, len(pool), count), draw.integers(0, len(pool), count)
    two_places = draw.random(count) < 0.1
    partners = _partner_pool()
    partner = draw.integers(0, len(partners), count)
    counts = _counts(draw, count)
    columns = zip(day.tolist(), lasts.tolist(), charged, other_theme.tolist(), kind.tolist(),
                  who.tolist(), place.tolist(), second.tolist(), two_places.tolist(),
                  partner.tolist(), counts)
    rows = []
    for i, (d, lasting, charge, other, k, w, p1, p2, two, pa, (total, female, male)) in enumerate(columns):
        start = days["all"][d]
        theme = awards[numbers[charge[0]]] if charge else themes[other]
        rows.append({
            "id": f"{theme.upper()}-{start.year}-{i + 1:06d}",
            "title": DOINGS[TYPES[k]].format(topic=TOPICS.get(theme, theme), who=WHO[w]),
            "start": start.isoformat(),
            "end": (start + timedelta(days=lasting)).isoformat() if lasting else "",
            "district": ";".join((pool[p1], pool[p2]) if two else (pool[p1],)),
            "theme": theme,
            "award": ";".join(numbers[c] for c in charge),
            "type": TYPES[k],
            "participants": total, "female": female, "male": male,
            "partners": partners[pa],
            "story": "",
        })
    return rows


def _days(span: Period) -> dict:
    """Every day of the period and a quarter either side, and where the period's own days lie."""
    first = span.start - AROUND
    every = [first + timedelta(days=d) for d in range((span.end + AROUND - first).days + 1)]
    return {"all": every, "inside": (AROUND.days, AROUND.days + (span.end - span.start).days + 1)}


def _charged(own, count: int, draw) -> list[tuple[int, ...]]:
    """Most rows charge their award; a few none (not donor-funded), a few two (co-funded)."""
    roll = draw.random(len(own)).tolist()
    other = ((own + draw.integers(1, max(2, count), len(own))) % count).tolist()
    return [() if r < 0.05 else (a, b) if r < 0.10 and b != a else (a,)
            for r, a, b in zip(roll, own.tolist(), other)]


def _spellings(districts: dict) -> list[str]:
    """Places as people write them, one entry per chance of being written: mostly the
    district, else a town, an alias, or the district in lower case; each resolves to its district."""
    pool = []
    for name, (aliases, towns) in sorted(districts.items()):
        pool += [name] * 12 + [name.lower()] + [*aliases, *towns] * 2
    return pool


def _partner_pool() -> list[str]:
    """No partner, one, or two, as the partners cell holds them."""
    pairs = [f"{a};{b}" for a in PARTNERS for b in PARTNERS if a < b]
    return [""] * len(PARTNERS) + list(PARTNERS) * 2 + pairs[: len(PARTNERS)]


def _counts(draw, count: int) -> list[tuple]:
    """Counted by sex with a total, by sex only, a total only, or not counted (a visit)."""
    females, males = draw.integers(0, 60, count).tolist(), draw.integers(1, 60, count).tolist()
    rows = []
    for roll, female, male in zip(draw.random(count).tolist(), females, males):
        if roll < 0.40:
            rows.append((female + male, female, male))
        elif roll < 0.60:
            rows.append(("", female, male))
        elif roll < 0.85:
            rows.append((female + male, "", ""))
        else:
            rows.append(("", "", ""))
    return rows


def _write_activities(root: Path, rows: list[dict]) -> None:
    # a consent register with no row: every generated photo shows a crowd (people: crowd)
    (root / "content" / "consent.csv").write_text(
        "id,person,given_by,date,scope,expires,withdrawn\n", encoding="utf-8")
    with open(root / "content" / "activities.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([row[c] for c in COLUMNS] for row in rows)


# --- photos and stories ------------------------------------------------------------------


def _write_photos(root: Path, seed: int) -> list[str]:
    """The few photos every story draws from, as paths under images/."""
    folder = root / "images" / "generated"
    for i, (name, size, orientation) in enumerate(PHOTOS):
        make_photo(folder / name, size, orientation=orientation, seed=seed * 100 + i, quality=80)
    return [f"generated/{name}" for name, _, _ in PHOTOS]


def _write_stories(root: Path, count: int, rows: list[dict], photos: list[str],
                   rng: random.Random) -> None:
    """Stories that each tell one to three activity rows; the first of each quarter leads."""
    featured: set[str] = set()
    for k in range(count):
        told = [rows[rng.randrange(len(rows))] for _ in range(rng.randrange(1, 4))]
        first = told[0]
        day = date.fromisoformat(first["start"])
        slug = f"{day:%Y-%m}-{first['type']}-{first['theme']}-{k + 1:05d}"
        first["story"] = first["story"] or slug  # the row names its story too, as sheets do
        quarter = quarter_of(day).label
        lead = quarter not in featured
        featured.add(quarter)
        text = _story(first, told, day, lead, photos, rng)
        (root / "content" / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")


def _story(first: dict, told: list[dict], day: date, lead: bool, photos: list[str],
           rng: random.Random) -> str:
    places = first["district"].split(";")
    awards = first["award"].split(";") if first["award"] else []
    front = [
        f"title: {_quoted(first['title'])}",
        f"date: {day}",
        *([f"end: {first['end']}"] if first["end"] else []),
        f"theme: {first['theme']}",
        f"places: [{', '.join(map(_quoted, places))}]",
        # Half the stories name their awards; the rest take them from their activities.
        *([f"awards: [{', '.join(awards)}]"] if awards and rng.random() < 0.5 else []),
        f"activities: [{', '.join(dict.fromkeys(r['id'] for r in told))}]",
        *(["featured: true"] if lead else []),
        f"summary: {_quoted(first['title'] + '.')}",
        "photos:",
    ]
    for file in rng.sample(photos, rng.randrange(1, 3)):
        front += [f"  - file: {file}",
                  f"    caption: {_quoted(first['title'] + ', ' + places[0] + '.')}",
                  "    credit: IOM 2023/Tsepo Molefi",
                  "    alt: People seated at long tables facing a facilitator beside a flipchart.",
                  "    people: crowd"]
    if rng.random() < 0.3:
        front += ["quotes:", f"  - text: {_quoted('We now know who to call first.')}",
                  f"    by: {_quoted('A participant from ' + places[0])}"]
    return "---\n" + "\n".join(front) + "\n---\n\n" + _body(first, places[0], rng)


def _body(row: dict, place: str, rng: random.Random) -> str:
    """From two sentences to a long feature with headings and a list."""
    topic, who = TOPICS.get(row["theme"], row["theme"]), rng.choice(WHO)
    paragraphs = []
    for p in range(rng.choice((1, 2, 3, 5, 8, 13))):
        if p and p % 4 == 0:
            paragraphs.append(f"## What changes in {place}")
        sentences = rng.sample(SENTENCES, rng.randrange(2, 5))
        paragraphs.append(" ".join(s.format(place=place, topic=topic, who=who) for s in sentences))
    if len(paragraphs) > 6:
        paragraphs.append("\n".join(f"- {s.format(place=place, topic=topic, who=who)}"
                                    for s in SENTENCES[:3]))
    return "\n\n".join(paragraphs) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one): apostrophes, colons and all."""
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", metavar="DIR", type=Path, help="a new or empty folder")
    parser.add_argument("--awards", type=int, default=20)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=2_000)
    parser.add_argument("--period", default="2023-Q3", help="the period every award reports on")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    root = generate(args.root, awards=args.awards, activities=args.activities,
                    stories=args.stories, period=args.period, seed=args.seed)
    print(root)


if __name__ == "__main__":
    main()
