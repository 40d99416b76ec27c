"""What is wrong with a Word template, before it is filled: a list of problems.

A template is a .docx whose paragraphs and table rows hold Jinja tags
(docxtpl). Jinja itself would print a misspelt `{{ figures.participantz }}`
as an empty field, in a report sent to a donor, so every tag is checked
against a context before anything is filled: `check` tries a donor's
template against word_context.sample_context(), a build against the
report's own context. Found from the template's parsed tags (every branch
of an `{% if %}`, every loop body), all at once:

- the file is not a .docx (not a zip, or a zip without word/document.xml);
- a Jinja syntax error, with the paragraph it is in;
- a name the context lacks, at the top (`{{ figure.x }}`) or below it
  (`{{ figures.participantz }}`, `{{ i.statment }}` in a loop over
  indicators), with the closest name the context has;
- a loop (`{%tr for i in award %}`) over something that is not a list.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

from jinja2 import Environment, TemplateSyntaxError, nodes

from .errors import Problem
from .names import did_you_mean

_UNKNOWN = object()  # a value the check cannot know (a `{% set %}` variable, a filter's result)


def environment() -> Environment:
    """The Jinja environment of every Word filling: a missing name is an error, never an
    empty field; None (a number nobody counted) prints as nothing; text is XML-escaped."""
    from jinja2 import StrictUndefined

    return Environment(undefined=StrictUndefined, autoescape=True,
                       finalize=lambda value: "" if value is None else value)


def template_problems(path: Path, name: str, context: dict) -> list[Problem]:
    """Every problem of the Word template at `path`, named `name` in the messages."""
    if not zipfile.is_zipfile(path):
        return [Problem(name, None, "is not a Word document (.docx): it is not a zip file; "
                                    "open it in Word and save it as a Word Document (.docx)")]
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            return [Problem(name, None, "is a zip file but not a Word document (it has no "
                                        "word/document.xml); save it from Word as a .docx")]
    try:
        sources = jinja_sources(path)
    except Exception as exc:  # python-docx refuses a damaged package in many ways
        return [Problem(name, None, f"cannot be read as a Word document ({exc}); "
                                    "save it again from Word as a .docx")]
    problems: list[Problem] = []
    for source in sources:
        try:
            tree = environment().parse(source)
        except TemplateSyntaxError as exc:
            problems.append(Problem(name, None, f"Jinja syntax error: {exc.message}, in "
                                                f"{_paragraph(source, exc.lineno)}"))
            continue
        problems += [Problem(name, None, message) for message in _tag_problems(tree, source, context)]
    return problems


def jinja_sources(path: Path) -> list[str]:
    """The Jinja text of the template's body, headers and footers, as docxtpl fills them:
    one paragraph a line, so a line number finds the paragraph."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    template = DocxTemplate(path)
    template.init_docx()
    parts = [template.get_xml()]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        parts += [template.xml_to_string(parse_xml(part.blob))
                  for _, part in template.get_headers_footers(uri)]
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml)) for xml in parts]


def _paragraph(source: str, line: int | None) -> str:
    """The text of the paragraph on `line` of a Jinja source, as the reader sees it in Word."""
    lines = source.split("\n")
    text = " ".join(re.sub(r"<[^>]+>", "", lines[line - 1]).split()) if line and line <= len(lines) else ""
    return f"the paragraph “{text[:80]}”" if text else "the template"


def _tag_problems(tree: nodes.Template, source: str, context: dict) -> Iterator[str]:
    assigned = {n.name for node in tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.With,
                                                  nodes.Macro, nodes.CallBlock, nodes.For))
                for n in node.find_all(nodes.Name) if n.ctx in ("store", "param")}
    loop_names = {n.name for node in tree.find_all(nodes.For)
                  for n in [node.target, *node.target.find_all(nodes.Name)] if isinstance(n, nodes.Name)}
    for name in sorted(_top_names(tree) - set(context) - assigned - {"loop"}):
        yield f"unknown tag '{name}'{did_you_mean(name, context)}"
    scope = {**context, **{n: _UNKNOWN for n in assigned - loop_names}}
    yield from _walk(tree, scope, source, context)


def _top_names(tree: nodes.Template) -> set[str]:
    from jinja2 import meta

    return set(meta.find_undeclared_variables(tree))


def _walk(node: nodes.Node, scope: dict, source: str, context: dict) -> Iterator[str]:
    if isinstance(node, nodes.For):
        value = _resolve(node.iter, scope)
        if value is not _UNKNOWN and not isinstance(value, list):
            where = _paragraph(source, node.lineno)
            yield (f"the loop over '{_dotted(node.iter)}' in {where}: '{_dotted(node.iter)}' is not "
                   f"a list (the lists are {', '.join(_lists(context))})")
        item = value[0] if isinstance(value, list) and value else _UNKNOWN
        inner = {**scope, "loop": _UNKNOWN}
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item
        for target in node.target.find_all(nodes.Name):  # `for a, b in …`: not followed
            inner[target.name] = _UNKNOWN
        yield from _walk(node.iter, scope, source, context)
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            yield from _walk(child, inner, source, context)
        return
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        missing = _missing(node, scope)
        if missing:
            yield f"{missing}, in {_paragraph(source, node.lineno)}"
            return
    for child in node.iter_child_nodes():
        yield from _walk(child, scope, source, context)


def _missing(node: nodes.Node, scope: dict) -> str | None:
    """A message if the attribute chain ending at `node` names something the context lacks."""
    base = _resolve(node.node, scope)
    key = node.attr if isinstance(node, nodes.Getattr) else \
        node.arg.value if isinstance(node.arg, nodes.Const) else _UNKNOWN
    if base is _UNKNOWN or key is _UNKNOWN or not isinstance(base, dict) or key in base \
            or hasattr(base, str(key)):
        return None
    dotted = _dotted(node)
    choices = [f"{_dotted(node.node)}.{k}" for k in base]
    return f"unknown tag '{dotted}'{did_you_mean(dotted, choices)}"


def _resolve(node: nodes.Node, scope: dict) -> Any:
    """The sample value an expression stands for, or _UNKNOWN."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name, _UNKNOWN)
    if isinstance(node, nodes.Getattr):
        base, key = _resolve(node.node, scope), node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base, key = _resolve(node.node, scope), node.arg.value
    else:
        return _UNKNOWN
    if isinstance(base, dict) and key in base:
        return base[key]
    if isinstance(base, list) and isinstance(key, int) and base:
        return base[0]  # a sample list has one row: what any row has
    return _UNKNOWN


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "an expression"


def _lists(context: dict, prefix: str = "") -> list[str]:
    found = []
    for key, value in context.items():
        if isinstance(value, list):
            found.append(prefix + key)
        elif isinstance(value, dict):
            found += _lists(value, f"{prefix}{key}.")
    return found
