"""The narrative of a donor report: content/reports/AWARD/PERIOD.md.

Front matter (optional) and then sections, each under a `## Heading`
(Summary, Challenges, Lessons learnt, Next steps…). The text goes through the
same safe Markdown renderer as the stories: raw HTML is shown as text.
`load_project` reads every narrative once (`Project.narratives`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .errors import Problem
from .schema import OptText, Record, validate
from .sources import parse_yaml, read_text

# project.py's CONTENT, spelt out: project.py reads the narratives (load_narratives)
# into the Project, so this module cannot import it
REPORTS = "content/reports"


class FrontMatter(Record):
    award: OptText = None  # default: the folder's name
    period: OptText = None  # default: the file's name
    prepared_by: OptText = None


@dataclass(frozen=True)
class Section:
    title: str
    line: int  # the heading's line in the file
    body: str  # Markdown

    @property
    def html(self) -> Markup:
        from . import markdown  # only a report renders it: check and the manifests never do

        # nh3 has cleaned it (markdown.to_html), so a template may print it as markup
        return Markup(markdown.to_html(self.body))


@dataclass(frozen=True)
class Narrative:
    file: str  # relative to the root
    award: str
    period: str
    prepared_by: str | None
    sections: tuple[Section, ...]
    heading_line: int  # where a missing section would go: the line after the front matter


def narrative_file(award: str, period: str) -> str:
    return f"{REPORTS}/{award}/{period}.md"


def load_narratives(root: Path) -> tuple[list[Narrative], list[Problem]]:
    folder = Path(root) / REPORTS
    narratives, problems = [], []
    for path in sorted(folder.glob("*/*.md")) if folder.is_dir() else []:
        narrative, found = read_narrative(path, f"{REPORTS}/{path.parent.name}/{path.name}")
        problems += found
        if narrative is not None:
            narratives.append(narrative)
    return narratives, problems


def read_narrative(path: Path, name: str) -> tuple[Narrative | None, list[Problem]]:
    text = read_text(path, name)
    problems = list(text.problems)
    lines = text.content.split("\n")
    front, body_start = FrontMatter(), 0
    if lines and lines[0].strip() == "---":
        closing = next((i for i, line in enumerate(lines[1:], start=1)
                        if line.strip() in ("---", "...")), None)
        if closing is None:
            unclosed = Problem(name, 1, "front matter is not closed: add a line '---' after it")
            return None, [*problems, unclosed]
        parsed = parse_yaml("\n".join(lines[1:closing]), name, first_line=2)
        problems += parsed.problems
        if parsed.data is not None:
            record, found = validate(FrontMatter, parsed.data, parsed, (), name)
            problems += found
            front = record or front
        body_start = closing + 1
    sections = _sections(lines, body_start)
    if not sections:
        problems.append(Problem(name, body_start + 1, "no sections: write each one under a heading "
                                                      "such as '## Summary'"))
    return Narrative(
        file=name, award=front.award or path.parent.name, period=front.period or path.stem,
        prepared_by=front.prepared_by, sections=tuple(sections), heading_line=body_start + 1,
    ), problems


def _sections(lines: list[str], start: int) -> list[Section]:
    """Split at level-1 and level-2 headings outside code blocks."""
    sections, title, line, body, fenced = [], None, 0, [], False
    for number, text in enumerate(lines[start:], start=start + 1):
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = not fenced and (text.startswith("# ") or text.startswith("## "))
        if heading:
            if title is not None:
                sections.append(Section(title, line, "\n".join(body).strip()))
            title, line, body = text.lstrip("#").strip().rstrip("#").strip(), number, []
        elif title is not None:
            body.append(text)
    if title is not None:
        sections.append(Section(title, line, "\n".join(body).strip()))
    return sections

