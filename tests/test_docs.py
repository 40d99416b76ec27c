"""The documentation keeps up with the code: every content key, command, option and doc.

Checked against the code itself (the pydantic schema, the results and
narrative records, the argparse parser), so a key or an option added later
without a word in docs/ fails here rather than surprising a new user.
"""

from __future__ import annotations

import re

import pytest

from bulletin import schema
from bulletin.activity_sources import ActivitySource
from bulletin.cli import _parser
from bulletin.narrative import FrontMatter
from bulletin.results import VALUE_COLUMNS, Filter, Framework, Indicator, Outcome, Output
from support import REPO

DOCS = REPO / "docs"
README = (REPO / "README.md").read_text(encoding="utf-8")
CONTENT_FORMAT = (DOCS / "content-format.md").read_text(encoding="utf-8")
COMMANDS = (DOCS / "commands.md").read_text(encoding="utf-8")


def keys(model) -> list[str]:
    return [name for name in model.model_fields if name not in model.injected]


CONTENT_MODELS = [schema.Site, schema.NewsletterInfo, schema.Contact, schema.Brand, schema.BrandFonts,
                  schema.Donor, schema.Award, schema.District, schema.Story, schema.Photo, schema.Quote,
                  schema.Activity, Framework, Outcome, Output, Indicator, Filter, FrontMatter, ActivitySource]


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_every_content_key_is_in_content_format(model):
    documented = set(re.findall(r"`([a-z_.]+)`|^\| ([a-z_]+) \|", CONTENT_FORMAT, re.M))
    names = {part for pair in documented for name in pair if name for part in name.split(".")}
    # keys that appear in the examples only, as YAML `key:`, count too
    names |= set(re.findall(r"^\s*-?\s*([a-z_]+):", CONTENT_FORMAT, re.M))
    missing = [key for key in keys(model) if key not in names]
    assert not missing, f"{model.__name__}: {missing} not in docs/content-format.md"


def test_every_content_file_is_in_content_format():
    for name in ("site.yaml", "donors.yaml", "awards.yaml", "places.yaml", "activities.csv",
                 "activities.xlsx", "stories/NAME.md", "results/*.yaml", "indicator_values.csv",
                 "reports/AWARD/PERIOD.md", "sources.yaml"):
        assert f"## {name}" in CONTENT_FORMAT or f"## {name} " in CONTENT_FORMAT \
            or name in CONTENT_FORMAT, name
    for column in VALUE_COLUMNS:
        assert f"| `{column}` |" in CONTENT_FORMAT, column


def subcommands() -> dict:
    action = next(a for a in _parser()._actions if a.dest == "command")
    return action.choices


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_and_option_is_in_commands_md(command):
    heading = "new story" if command == "new" else command
    assert re.search(rf"^## .*\b{heading}\b", COMMANDS, re.M), f"no section for {command}"
    for action in subcommands()[command]._actions:
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert re.search(rf"python3 build.py {command}\b.*{re.escape(option)}\b", COMMANDS) \
                    or f"`{option}" in COMMANDS, f"{command} {option}"


@pytest.mark.parametrize("output", ["newsletter.pdf", "index.html", "email.html", "email.txt", "email.eml",
                                    "newsletter.ipynb", "newsletter.ipynb.html", "feed.xml",
                                    "report.pdf", "report.html", "activities.xlsx", "report.docx", "report.ipynb",
                                    "report.ipynb.html"])
def test_every_output_file_is_in_commands_md(output):
    assert f"`{output}`" in COMMANDS or f"/{output}`" in COMMANDS


def test_every_doc_is_linked_from_the_readme():
    for doc in sorted(DOCS.glob("*.md")):
        assert f"](docs/{doc.name})" in README, doc.name


@pytest.mark.parametrize("doc", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_doc_links_stay_inside_the_repository(doc):
    for link in re.findall(r"\]\(([^)]+)\)", doc.read_text(encoding="utf-8")):
        assert not re.match(r"[a-z]+:", link), f"{doc.name}: {link} leaves the repository"
        target = (doc.parent / link.split("#")[0]).resolve()
        assert target.is_relative_to(REPO) and target.exists(), f"{doc.name}: {link}"
