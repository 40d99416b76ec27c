"""`new translation NAME --lang fr`: a translation of a story to fill in.

It holds the original's title, summary, captions and alt text, quotes and
body, for the translator to write over, and the original's hash in `source`,
so `check` can say later when the original changed (translations.py).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import UsageError
from .languages import languages_of
from .names import did_you_mean
from .outputs import write
from .project import CONTENT, load_project
from .translations import source_hash


def new_translation(root: Path, name: str, language: str | None) -> Path:
    root = Path(root)
    project, _ = load_project(root)
    if project.site is None:
        raise UsageError(f"no readable content/site.yaml in {root}; run check")
    names = sorted(s.slug for s in project.stories)
    name = name.removesuffix(".md")
    story = next((s for s in project.stories if s.slug == name), None)
    if story is None:
        raise UsageError(f"no story content/stories/{name}.md{did_you_mean(name, names)} "
                         "(a story with errors cannot be translated: run check)")
    codes = languages_of(project)
    if not language:
        raise UsageError(f"say which language with --lang (one of {', '.join(codes[1:]) or 'none'})")
    if language not in codes[1:]:
        why = "is the main language, the one stories are written in" if language == codes[0] \
            else f"not one of site.yaml's languages ({', '.join(codes)}){did_you_mean(language, codes)}"
        raise UsageError(f"--lang {language}: {why}")
    path = root / CONTENT / "stories" / f"{name}.{language}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; edit it (check says when its original changed)")
    original = root / CONTENT / "stories" / f"{name}.md"
    write(path, _text(story, source_hash(original), language))
    return path


def _text(story, source: str, language: str) -> str:
    front = {"source": source, "title": story.title}
    if story.summary:
        front["summary"] = story.summary
    if story.photos:
        front["photos"] = [{"file": p.file, "caption": p.caption, "alt": p.alt} for p in story.photos]
    if story.quotes:
        front["quotes"] = [{"text": q.text, **({"by": q.by} if q.by else {})} for q in story.quotes]
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    note = (f"# The translation into '{language}' of {story.slug}.md: write over its texts.\n"
            "# Date, places, awards, photos and credits are the original's. `source` is the\n"
            "# original as translated: check warns when it changes.\n")
    body = story.body if story.body.startswith("\n") else "\n" + story.body
    return f"---\n{note}{dumped}---{body}"
