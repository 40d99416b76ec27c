"""Stories: one Markdown file each, YAML front matter between `---` lines."""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .schema import Story, partial, validate
from .sources import Yaml, parse_yaml, read_text


def read_story(path: Path, name: str, model=Story) -> tuple[Story | None, Yaml, list[Problem]]:
    """The story, its parsed front matter (for line numbers) and the problems found.

    A story whose front matter breaks the schema comes back partial
    (`schema.partial`, `is_partial(story)`), so `check` still runs its other rules.
    `model`: a translation's (translations.py) is read the same way."""
    text = read_text(path, name)
    empty = Yaml(None, {}, [])
    problems = list(text.problems)
    lines = text.content.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, empty, problems + [Problem(
            name, 1, "no front matter: start the file with a line '---', then the story's "
                     "title, date, theme…, then another '---'")]
    closing = next((i for i, line in enumerate(lines[1:], start=1)
                    if line.strip() in ("---", "...")), None)
    if closing is None:
        return None, empty, problems + [
            Problem(name, 1, "front matter is not closed: add a line '---' after it")]
    front = parse_yaml("\n".join(lines[1:closing]), name, first_line=2)
    problems += front.problems
    if front.data is None:
        if front.problems:  # a syntax error, already reported
            return None, front, problems
        front = Yaml({}, {(): 1}, [])
    story, found = validate(model, front.data, front, (), name)
    problems += found
    if story is None:
        story = partial(model, front.data)
    body = "\n".join(lines[closing + 1:])
    if not body.strip():
        problems.append(Problem(name, closing + 1, "the story has no text after its front matter",
                                "warning"))
    story = story.model_copy(update={"slug": path.stem, "body": body, "body_line": closing + 2})
    return story, front, problems
