"""Reading content files: strict UTF-8 and YAML that keeps text and lines."""

from __future__ import annotations

import pytest

from bulletin.errors import Problem
from bulletin import sources
from bulletin.sources import load_yaml, parse_yaml, read_text
from support import REPO

DOC = """\
office: IOM Lesotho
newsletter:
  title: IOM Lesotho Newsletter
  priorities:
    - first
    - second
contacts:
  - role: Communication Assistant
    email: comms@example.org
"""


def test_parse_yaml_records_the_line_of_every_key():
    parsed = parse_yaml(DOC, "content/site.yaml")
    assert parsed.problems == []
    assert parsed.data["newsletter"]["title"] == "IOM Lesotho Newsletter"
    assert parsed.line(("office",)) == 1
    assert parsed.line(("newsletter",)) == 2
    assert parsed.line(("newsletter", "title")) == 3
    assert parsed.line(("newsletter", "priorities", 1)) == 6
    assert parsed.line(("contacts", 0)) == 8
    assert parsed.line(("contacts", 0, "email")) == 9
    # A key that is not there takes the line of its nearest ancestor.
    assert parsed.line(("contacts", 0, "phone")) == 8
    assert parsed.line(("newsletter", "slogan")) == 2
    assert parsed.line(()) == 1


def test_first_line_offsets_every_line():
    # Front matter of a story starts on line 2 of its file.
    parsed = parse_yaml(DOC, "content/stories/x.md", first_line=2)
    assert parsed.line(("office",)) == 2
    assert parsed.line(("newsletter", "title")) == 4
    assert parsed.line(("contacts", 0, "email")) == 10


def test_syntax_error_names_its_line_with_the_offset():
    text = "title: ok\nplaces: [Maseru, Leribe\ntheme: tip\n"
    plain = parse_yaml(text, "a.yaml")
    shifted = parse_yaml(text, "a.yaml", first_line=5)
    assert plain.data is None
    assert len(plain.problems) == 1 and len(shifted.problems) == 1
    problem = plain.problems[0]
    assert problem.path == "a.yaml"
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.is_error
    assert shifted.problems[0].line == problem.line + 4


def test_mapping_value_syntax_error_line():
    parsed = parse_yaml("office: IOM\nslogan: Migration: for all\n", "content/site.yaml")
    assert parsed.problems == [Problem("content/site.yaml", 2,
                                       "YAML syntax error: mapping values are not allowed here")]


def test_duplicate_key():
    text = "us-state:\n  name: A\n  logo: x.png\n  name: B\n"
    parsed = parse_yaml(text, "content/donors.yaml", first_line=3)
    assert parsed.problems == [Problem("content/donors.yaml", 6, "duplicate key 'name' (first on line 4)")]
    assert str(parsed.problems[0]) == "content/donors.yaml:6: error: duplicate key 'name' (first on line 4)"
    # The first value is kept.
    assert parsed.data == {"us-state": {"name": "A", "logo": "x.png"}}


def test_duplicate_top_level_key():
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in parsed.problems] == ["f.yaml:3: error: duplicate key 'a' (first on line 1)"]


@pytest.mark.parametrize("value", [
    "00123", "no", "yes", "off", "on", "true", "False", "2023-05-01", "12.0", "1e3", "0x1F", "0o17", ".inf",
    "12:30", "1_000",
])
def test_scalars_stay_text_exactly_as_written(value):
    parsed = parse_yaml(f"key: {value}\nlist: [{value}]\n", "f.yaml")
    assert parsed.problems == []
    assert parsed.data == {"key": value, "list": [value]}
    assert type(parsed.data["key"]) is str


@pytest.mark.parametrize("text", ["key: ~", "key:", "key: null", "key: Null", "key: NULL"])
def test_not_given_is_none(text):
    assert parse_yaml(text, "f.yaml").data == {"key": None}


@pytest.mark.parametrize("text, value", [('key: "~"', "~"), ("key: ''", ""), ('key: "null"', "null")])
def test_quoted_null_words_are_text(text, value):
    assert parse_yaml(text, "f.yaml").data == {"key": value}


def test_empty_document_is_none_without_problems():
    for text in ("", "\n", "# only a comment\n"):
        parsed = parse_yaml(text, "f.yaml")
        assert parsed.data is None
        assert parsed.problems == []


def test_keys_are_text_too():
    parsed = parse_yaml("2023: a\nno: b\n007: c\n", "f.yaml")
    assert parsed.data == {"2023": "a", "no": "b", "007": "c"}


def test_merge_keys_are_refused():
    parsed = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert [str(p) for p in parsed.problems] == ["f.yaml:3: error: YAML merge keys (<<) are not supported"]


def test_read_text_bom_and_crlf(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfoffice: IOM\r\nlanguage: en\r\n")
    text = read_text(path, "a.yaml")
    assert text.content == "office: IOM\nlanguage: en\n"
    assert text.problems == []


def test_read_text_invalid_byte_names_line_column_and_byte(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("line one\nline two\nCaf\xe9 au lait\n".encode("latin-1"))
    text = read_text(path, "content/stories/a.md")
    assert [str(p) for p in text.problems] == [
        "content/stories/a.md:3: error: not UTF-8: byte 0xE9 at column 4; save the file as UTF-8"]
    # The rest of the file is still there to be checked.
    assert text.content == "line one\nline two\nCaf\ufffd au lait\n"


def test_load_yaml_puts_encoding_problems_first(tmp_path):
    path = tmp_path / "site.yaml"
    path.write_bytes(b"office: Caf\xe9\nlanguage: en\nlanguage: fr\n")
    parsed = load_yaml(path, "content/site.yaml")
    assert [str(p) for p in parsed.problems] == [
        "content/site.yaml:1: error: not UTF-8: byte 0xE9 at column 12; save the file as UTF-8",
        "content/site.yaml:3: error: duplicate key 'language' (first on line 2)",
    ]
    assert parsed.data == {"office": "Caf\ufffd", "language": "en"}


def test_control_character_is_a_problem_not_an_exception():
    parsed = parse_yaml("office: IOM\x0cLesotho\n", "content/site.yaml")
    assert parsed.data is None
    assert len(parsed.problems) == 1
    assert parsed.problems[0].path == "content/site.yaml"
    assert parsed.problems[0].line == 1


def test_recursive_alias_is_a_problem_not_an_exception():
    parsed = parse_yaml("a: &x [*x]\n", "f.yaml")
    assert len(parsed.problems) == 1
    assert parsed.problems[0].line == 1


# --- libyaml first, the Python parser where they differ ------------------------------

def _python_parser_only(monkeypatch, text: str, name: str = "f.yaml", first_line: int = 1):
    with monkeypatch.context() as patch:
        patch.setattr(sources, "_LIBYAML", None)
        return parse_yaml(text, name, first_line)


def _sample_yaml() -> list[tuple[str, str, int]]:
    found = [(p.name, p.read_text(encoding="utf-8"), 1) for p in sorted((REPO / "content").rglob("*.yaml"))]
    for story in sorted((REPO / "content" / "stories").glob("*.md")):
        front = story.read_text(encoding="utf-8").split("---\n")[1]
        found.append((story.name, front, 2))
    return found


@pytest.mark.skipif(sources._LIBYAML is None, reason="this PyYAML has no libyaml")
@pytest.mark.parametrize("name, text, first_line", _sample_yaml(), ids=lambda v: v if isinstance(v, str)
                         and v.endswith((".yaml", ".md")) else "")
def test_libyaml_reads_every_sample_file_as_the_python_parser_does(monkeypatch, name, text, first_line):
    fast = parse_yaml(text, name, first_line)
    slow = _python_parser_only(monkeypatch, text, name, first_line)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)
    assert fast.problems == []


@pytest.mark.parametrize("text", [
    "places: [Mokhotl?ng]\n",       # libyaml takes '?' inside a flow list as text
    "places: [\tMaseru]\n",         # ... and a tab between tokens as a space
    "a: 1\n\ufeff",                  # ... and skips a byte-order mark mid-text
    "a: >#\n  text\n",              # ... and a comment right after a block scalar's '>'
    "awards: [!X-1, Y-2]\n",        # the two read a tag in a flow list differently
])
def test_where_libyaml_differs_the_python_parser_decides(monkeypatch, text):
    fast = parse_yaml(text, "f.yaml")
    slow = _python_parser_only(monkeypatch, text)
    assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)


def test_an_error_libyaml_finds_is_worded_by_the_python_parser():
    parsed = parse_yaml("title: x\nplaces: [Maseru\n", "f.yaml", first_line=2)
    assert [str(p) for p in parsed.problems] == [
        "f.yaml:4: error: YAML syntax error: expected ',' or ']', but got '<stream end>'"]
