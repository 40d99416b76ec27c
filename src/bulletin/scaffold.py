"""`new story "Title"`: a story file to fill in, valid as it stands.

Its summary and body are placeholders that `check` warns about until they
are replaced (`unfinished`), so a half-written story never goes out
unnoticed. `init DIR` (office.py) starts a whole root.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from .errors import Problem, UsageError
from .outputs import write
from .project import CONTENT, load_project
from .schema import Story

PLACEHOLDER_SUMMARY = "One sentence for the contents and the email."
PLACEHOLDER_BODY = "Write the story here, in Markdown."


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].rstrip("-")


def new_story(root: Path, title: str, today: date | None = None) -> Path:
    today = today or date.today()
    slug = slugify(title)
    if not slug:
        raise UsageError("give the story a title with letters or digits in it")
    path = Path(root) / CONTENT / "stories" / f"{today:%Y-%m}-{slug}.md"
    if path.exists():
        raise UsageError(f"{path} already exists; choose another title or edit that story")
    project, _ = load_project(Path(root))
    themes = list(project.site.themes) if project.site else []
    theme = themes[0] if themes else "THEME"
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    fields = [
        (f'title: "{quoted}"', ""),
        (f"date: {today.isoformat()}", "when it happened; add `end:` for several days"),
        (f"theme: {theme}", f"one of: {', '.join(themes) or 'the keys of themes in site.yaml'}"),
        ("places: []", "districts, towns or aliases from places.yaml"),
        (f"summary: {PLACEHOLDER_SUMMARY}", ""),
        ("# awards: [AWARD-NUMBER]", "who paid for it (also taken from linked activities)"),
        ("# activities: [ACTIVITY-ID]", "rows of activities.csv this story tells"),
        ("# photos:", ""),
        (f"#   - file: {today.year}/photo.jpg", "under images/"),
        ("#     caption: What the photo shows.", ""),
        (f"#     credit: IOM {today.year}/Photographer Name", 'printed as "© IOM …"'),
        ("#     alt: What someone who cannot see it needs to know.", ""),
    ]
    front = "\n".join(f"{code:<40} # {note}" if note else code for code, note in fields)
    write(path, f"---\n{front}\n---\n\n{PLACEHOLDER_BODY} The donor's "
                "acknowledgement and disclaimer\nare added by the build; do not type them.\n")
    return path


def unfinished(story: Story, name: str, line) -> list[Problem]:
    """Warnings for the placeholders `new story` left in a story."""
    problems = []
    # a story with a schema error may lack either (schema.partial)
    if getattr(story, "summary", None) == PLACEHOLDER_SUMMARY:
        problems.append(Problem(name, line("summary"), "'summary' is still the placeholder from "
                                "`new story`; write one sentence about this story", "warning"))
    if PLACEHOLDER_BODY in (getattr(story, "body", None) or ""):
        problems.append(Problem(name, story.body_line or None, "the story's text is still the "
                                "placeholder from `new story`; write the story", "warning"))
    return problems
