"""A project root (content-format.md) loaded into immutable records.

`load_project` reads every file and collects every problem; `check.py` then
looks across files. The results frameworks, the values sheet and the reports'
narratives are read here too, once (results.py, narrative.py): nothing else
reads them from disk. Nothing here writes to the root.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .activities import ACTIVITY_FILES, read_activities
from .consent import Register, read_register
from .errors import Problem
from .filetree import digest
from .narrative import Narrative, load_narratives
from .periods import Period
from .places import Gazetteer
from .results import Results, load_results
from .schema import Activity, Award, District, Donor, Record, Site, Story, validate
from .sources import Yaml, load_yaml
from .stories import read_story
from .languages import reading_in, site_languages
from .translations import load_translations, split_name

CONTENT = "content"
IMAGES = "images"
SOURCES = f"{CONTENT}/sources.yaml"  # where activity records come from, when not activities.csv


@dataclass(frozen=True)
class Project:
    root: Path
    site: Site | None
    donors: dict[str, Donor] = field(default_factory=dict)
    awards: dict[str, Award] = field(default_factory=dict)
    places: Gazetteer = field(default_factory=Gazetteer)
    activities: tuple[Activity, ...] = ()
    stories: tuple[Story, ...] = ()
    activities_file: str = f"{CONTENT}/activities.csv"
    # file name -> parsed YAML, so later checks can name the line of a key
    sources: dict[str, Yaml] = field(default_factory=dict, repr=False, compare=False)
    # every donor, award, story and activity the content declares, valid or not,
    # so that one invalid record is not also reported as unknown wherever it is named
    declared: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    # stories whose front matter breaks the schema, as far as they could be read:
    # `check` runs its other rules on them; nothing is built from them
    partial_stories: tuple[Story, ...] = field(default=(), repr=False, compare=False)
    # content/results/*.yaml and content/indicator_values.csv
    results: Results = field(default_factory=Results)
    # content/reports/AWARD/PERIOD.md, by that name (narrative.narrative_file)
    narratives: dict[str, Narrative] = field(default_factory=dict)
    # content/sources.yaml's databases: "source:<url, password masked>" -> hash of the rows
    # read, each one an input of every output (manifest.common_inputs)
    source_digests: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # what reading those found wrong: `check` reports it with its results rules
    # (results_check.py), as it did when it read them itself
    results_problems: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    # content/consent.csv (consent.py); None when the root has none: no photo is gated
    consent: Register | None = None
    # translated stories (translations.py): (NAME, LANG) -> Translation
    translations: dict = field(default_factory=dict, repr=False, compare=False)
    # a project made for one language (languages.localise): that language, and the stories
    # printed in the main language for want of a translation; "" before
    language: str = ""
    untranslated: frozenset[str] = frozenset()

    def line(self, name: str, *path) -> int | None:
        source = self.sources.get(name)
        return source.line(path) if source else None

    @property
    def images(self) -> Path:
        return self.root / IMAGES

    def story_path(self, story: Story) -> str:
        return f"{CONTENT}/stories/{story.slug}.md"

    def activities_of(self, story: Story) -> tuple[Activity, ...]:
        """The activities a story tells: linked from either side."""
        return tuple(a for a in self.activities if a.id in story.activities or a.story == story.slug)

    def awards_of(self, story: Story) -> tuple[str, ...]:
        """A story's awards, named directly or through its activities, in order, once each."""
        numbers = list(story.awards)
        for activity in self.activities_of(story):
            numbers += activity.award
        return tuple(n for n in dict.fromkeys(numbers) if n in self.awards)

    def stories_in(self, period: Period) -> tuple[Story, ...]:
        """The period's stories: the featured one first, then by date."""
        chosen = [s for s in self.stories if s.date in period]
        return tuple(sorted(chosen, key=lambda s: (not s.featured, s.date, s.title)))

    def activities_in(self, period: Period, award: str | None = None) -> tuple[Activity, ...]:
        """The period's activities (those of one award, if given), by date."""
        chosen = [a for a in self.activities
                  if a.start in period and (award is None or award in a.award)]
        return tuple(sorted(chosen, key=lambda a: (a.start, a.id)))


def load_project(root: Path) -> tuple[Project, list[Problem]]:
    """Read every content file under `root`; return the project and all problems.

    A build reads the root to plan and again to build, a batch worker for each of
    its outputs: it is read once per process, and again only when a file under it
    changed size or modification time (filetree.digest, as the up-to-date answers). The
    project is read-only.
    """
    key = (Path(root).resolve(), digest(root))
    if _last_read.get("key") != key:
        with _cycles_not_collected():
            _last_read.update(key=key, read=_load(Path(root)))
    project, problems = _last_read["read"]
    return project, list(problems)


_last_read: dict = {}


@contextlib.contextmanager
def _cycles_not_collected():
    """Reading a root of 100,000 activity rows makes millions of small objects, and
    no reference cycles among them: the cycle collector, paused meanwhile, would go
    over all of them again and again as they pile up (a fifth of `check`'s time).
    Reference counting frees garbage as ever."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Counted as new, they would all be gone over at the next collection (0.3 s):
        # put with the oldest objects instead, gone over when those are.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _load(root: Path) -> tuple[Project, list[Problem]]:
    problems: list[Problem] = []
    sources: dict[str, Yaml] = {}
    if not (root / CONTENT).is_dir():
        return Project(root, None), [Problem(
            f"{CONTENT}/", None, f"no content folder in {root}; pass the project root with --root")]
    # a plain text is in the main language: known before any text is read
    site_source = _yaml(root, "site.yaml", [], {})
    languages, found = site_languages(site_source)
    problems += found
    with reading_in(languages):
        return _read(root, languages, problems, sources)


def _read(root: Path, languages: tuple[str, ...], problems: list[Problem], sources: dict):
    site = _one(root, "site.yaml", Site, problems, sources)
    if site is not None:
        site = site.model_copy(update={"language": languages[0], "languages": languages})
    donors = _keyed(root, "donors.yaml", Donor, "key", problems, sources)
    awards = _keyed(root, "awards.yaml", Award, "number", problems, sources)
    places = _places(root, problems, sources)
    digests: dict[str, str] = {}
    unread: list[str] = []
    activities, activity_ids, activities_file = _activities(root, places, problems, sources, digests, unread)
    every_file = sorted((root / CONTENT / "stories").glob("*.md"))
    story_files = [p for p in every_file if split_name(p) is None]
    read = list(_stories(story_files, places, problems, sources))
    stories = tuple(s for s in read if not is_partial(s))
    translations, found = load_translations(
        [p for p in every_file if split_name(p) is not None], {s.slug: s for s in stories},
        {p.stem for p in story_files}, languages)
    problems += found
    declared = {
        "donors": _declared_keys(sources, "donors.yaml"),
        "awards": _declared_keys(sources, "awards.yaml"),
        "stories": frozenset(p.stem for p in story_files),
        "activities": frozenset(activity_ids),
        # sources of content/sources.yaml that could not be read: their ids are unknown, not wrong
        "unread sources": frozenset(unread),
    }
    results, results_problems = load_results(root)
    narratives, found = load_narratives(root)
    register, consent_problems = read_register(root)
    problems += consent_problems
    project = Project(root, site, donors, awards, places, activities, stories, activities_file,
                      sources, declared, tuple(s for s in read if is_partial(s)),
                      results=results, narratives={n.file: n for n in narratives},
                      results_problems=(*results_problems, *found), consent=register,
                      translations=translations, source_digests=digests)
    return project, problems


def _declared_keys(sources: dict, file: str) -> frozenset[str]:
    source = sources.get(f"{CONTENT}/{file}")
    data = source.data if source is not None else None
    return frozenset(data) if isinstance(data, dict) else frozenset()


def _one(root: Path, file: str, model: type[Record], problems: list[Problem], sources: dict):
    source = _yaml(root, file, problems, sources)
    if source is None:
        return None
    record, found = validate(model, source.data, source, (), f"{CONTENT}/{file}")
    problems += found
    return record


def _keyed(root: Path, file: str, model: type[Record], key_field: str,
           problems: list[Problem], sources: dict) -> dict:
    """A mapping file (donors, awards): each entry validated on its own."""
    name = f"{CONTENT}/{file}"
    source = _yaml(root, file, problems, sources)
    if source is None or source.data is None:
        return {}
    if not isinstance(source.data, dict):
        problems.append(Problem(name, source.line(()), "must be a mapping from key to entry"))
        return {}
    records = {}
    for key, raw in source.data.items():
        record, found = validate(model, raw, source, (key,), name)
        problems += found
        if record is not None:
            records[key] = record.model_copy(update={key_field: key})
    return records


def _places(root: Path, problems: list[Problem], sources: dict) -> Gazetteer:
    name = f"{CONTENT}/places.yaml"
    source = _yaml(root, "places.yaml", problems, sources)
    if source is None:
        return Gazetteer()
    data = source.data if isinstance(source.data, dict) else {}
    for key in data:
        if key != "districts":
            problems.append(Problem(name, source.line((key,)), f"unknown key '{key}'", "warning"))
    raw = data.get("districts")
    if not isinstance(raw, dict):
        problems.append(Problem(name, source.line(("districts",)),
                                "missing required key 'districts' (a mapping of district names)"))
        return Gazetteer()
    districts = []
    for district, entry in raw.items():
        record, found = validate(District, entry if entry is not None else {}, source,
                                 ("districts", district), name)
        problems += found
        if record is not None:
            districts.append(record.model_copy(update={"name": district}))
    return Gazetteer(tuple(districts))


def _activities(root: Path, places: Gazetteer, problems: list[Problem], sources: dict, digests: dict,
                unread: list):
    if (root / SOURCES).exists():
        return _from_sources(root, places, problems, sources, digests, unread)
    present = [f for f in ACTIVITY_FILES if (root / CONTENT / f).exists()]
    if not present:
        problems.append(Problem(f"{CONTENT}/activities.csv", None,
                                "missing: the activity records are needed (or activities.xlsx)"))
        return (), set(), f"{CONTENT}/activities.csv"
    name = f"{CONTENT}/{present[0]}"
    if len(present) > 1:
        problems.append(Problem(name, None, f"both {' and '.join(present)} exist; keep one"))
    if not (root / name).is_file():
        problems.append(Problem(name, None, "is not a file"))
        return (), set(), name
    # Rows repeat the same few places: each spelling, or pair of them, is resolved once.
    districts_of = functools.cache(lambda names: _resolve(places, names))
    activities, declared, found = read_activities(root / name, name, districts_of)
    problems += found
    return tuple(activities), declared, name


def _from_sources(root: Path, places: Gazetteer, problems: list[Problem], sources: dict, digests: dict,
                  unread: list):
    """The activities content/sources.yaml lists (activity_sources.py)."""
    from .activity_sources import read_sources

    read = read_sources(root, functools.cache(lambda names: _resolve(places, names)))
    problems += read.problems
    for name in ACTIVITY_FILES:
        if (root / CONTENT / name).exists():  # left from before: say it is no longer read
            problems.append(Problem(f"{CONTENT}/{name}", None, f"not read: {SOURCES} lists where the activity "
                                    f"records come from; add it there (- file: {name}) or remove it", "warning"))
    sources[SOURCES] = read.spec
    digests.update(read.digests)
    unread += read.unread
    return tuple(read.activities), read.declared, SOURCES


def _stories(paths: list[Path], places: Gazetteer, problems: list[Problem], sources: dict):
    for path in paths:
        name = f"{CONTENT}/stories/{path.name}"
        if not path.is_file():
            problems.append(Problem(name, None, "is not a file"))
            continue
        story, front, found = read_story(path, name)
        problems += found
        sources[name] = front
        if story is not None:
            yield story.model_copy(update={"districts": _resolve(places, story.places),
                                           "slug": path.stem})


def is_partial(record) -> bool:
    """A record made by `schema.partial`: some required field could not be read."""
    values = record.__dict__
    return any(name not in values for name in type(record).model_fields) or any(
        is_partial(item) for value in values.values() if isinstance(value, tuple)
        for item in value if isinstance(item, Record))


def _resolve(places: Gazetteer, names: Iterable[str]) -> tuple[str, ...]:
    found = (places.district_of(n) for n in names)
    return tuple(dict.fromkeys(d for d in found if d))


def _yaml(root: Path, file: str, problems: list[Problem], sources: dict):
    path = root / CONTENT / file
    name = f"{CONTENT}/{file}"
    if not path.is_file():
        problems.append(Problem(name, None, "missing: see content-format.md for what it holds"))
        return None
    source = sources[name] = load_yaml(path, name)
    problems += source.problems
    return None if source.data is None and source.problems else source
