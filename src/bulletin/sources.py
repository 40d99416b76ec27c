"""Reading content files: strict UTF-8 text, and YAML with line numbers.

YAML is parsed with PyYAML's BaseLoader, so every scalar stays text exactly
as written (`00123` stays `00123`, `no` stays `no`); the schema decides what
a value means. Line numbers are kept per key path so a problem can name the
line it is on.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

KeyPath = tuple[Any, ...]


@dataclass
class Text:
    """A decoded text file and the problems found while decoding it."""

    content: str
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, name: str) -> Text:
    """Decode a file as UTF-8 (a BOM and CRLF line ends are fine).

    Invalid bytes are reported with their line and value, then replaced so
    the rest of the file can still be checked.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder where a file should be, no permission, …
        return Text("", [Problem(name, None, f"cannot read: {exc.strerror or exc}")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    problems = []
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(
            name, line,
            f"not UTF-8: byte 0x{data[exc.start]:02X} at column {column}; "
            "save the file as UTF-8",
        ))
        content = data.decode("utf-8", errors="replace")
    return Text(content.replace("\r\n", "\n").replace("\r", "\n"), problems)


@dataclass
class Yaml:
    """Parsed YAML: plain dicts, lists and strings, plus where each key is."""

    data: Any
    lines: dict[KeyPath, int]
    problems: list[Problem]

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def parse_yaml(text: str, name: str, first_line: int = 1) -> Yaml:
    """Parse YAML text; `first_line` is the file line the text starts on."""
    offset = first_line - 1
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        return Yaml(None, {}, [Problem(name, line, f"YAML syntax error: {exc.problem}")])
    except yaml.reader.ReaderError as exc:  # a control character, or a binary file
        line = text.count("\n", 0, exc.position) + 1 + offset
        return Yaml(None, {}, [Problem(
            name, line, f"character #x{exc.character:04x} is not allowed in YAML; "
                        "remove it (is this a text file?)")])
    builder = _Builder(name, offset)
    data = builder.build(node, ()) if node is not None else None
    return Yaml(data, builder.lines, builder.problems)


# PyYAML's C parser (libyaml) composes the same node tree some forty times faster
# than its Python one, which takes 2 ms per story's front matter: seconds for a
# root of thousands. The two differ at the edges: fuzzing the sample's YAML
# found libyaml accepting what the Python parser refuses (a tab between tokens,
# a '?' inside a [list], a byte-order mark mid-text, a '#' right after '>') and
# reading a '!tag,' in a list otherwise. So the Python parser still reads every
# text holding one of those characters, and every text libyaml refuses: what
# is accepted, and each error message, stay the same word for word.
_LIBYAML = getattr(yaml, "CBaseLoader", None)
_READ_APART = frozenset("\t\ufeff?!|>")


def _compose(text: str) -> yaml.Node | None:
    if _LIBYAML is not None and not _READ_APART.intersection(text):
        try:
            return yaml.compose(text, Loader=_LIBYAML)
        except (yaml.YAMLError, UnicodeError):
            pass
    return yaml.compose(text, Loader=yaml.BaseLoader)


class _Builder:
    """Turns a composed node tree into plain data, noting lines and duplicates."""

    # Aliases can repeat a node many times over ("billion laughs"): bound the work.
    MAX_NODES = 100_000

    def __init__(self, name: str, offset: int):
        self.name = name
        self.offset = offset
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.open: set[int] = set()  # ids of the collections being built, to catch cycles
        self.count = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        line = node.start_mark.line + 1 + self.offset
        self.lines.setdefault(path, line)
        self.count += 1
        if id(node) in self.open or self.count > self.MAX_NODES:
            if not self.problems or "alias" not in self.problems[-1].message:
                self.problems.append(Problem(self.name, line, "a YAML alias (*name) refers to itself "
                                             "or repeats too much; write the values out"))
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node, path)
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        if isinstance(node, yaml.ScalarNode):
            # A plain `~`, `null` or empty value means "not given". (A plain scalar's
            # style is None from the Python parser, "" from libyaml.)
            if not node.style and node.value in ("", "~", "null", "Null", "NULL"):
                return None
            return node.value
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.name, line, "a key must be plain text"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(Problem(self.name, line, "YAML merge keys (<<) are not supported"))
                continue
            if key in result:
                first = self.lines[path + (key,)]
                self.problems.append(Problem(
                    self.name, line, f"duplicate key '{key}' (first on line {first})"))
                continue
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result


def load_yaml(path: Path, name: str) -> Yaml:
    text = read_text(path, name)
    parsed = parse_yaml(text.content, name)
    parsed.problems[:0] = text.problems
    return parsed


class CsvError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line, self.message = line, message


def csv_rows(content: str, delimiter: str = ",") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV's header (stripped) and its rows that are not blank, each with the line it
    starts on: a quoted cell may span lines. Raises CsvError naming the line."""
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
        rows, line = [], reader.line_num
        for cells in reader:
            first, line = line + 1, reader.line_num
            if "".join(cells).strip():  # any cell not blank (as one string: 100,000 rows)
                rows.append((first, cells))
    except csv.Error as exc:
        raise CsvError(reader.line_num, str(exc)) from None
    return header, rows
