"""The package's shape (issue 18): no import cycle, short modules, short functions.

The import graph is read from the source with `ast`, every module of
src/bulletin and its subpackages, counting imports made inside functions (they
run, only later) and leaving out those under `if TYPE_CHECKING:` (they never
run). `importlib.import_module` calls are not imports the graph can see.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "src" / "bulletin"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60



def modules(src: Path, package: str) -> dict[str, Path]:
    """Dotted name -> file, for the package folder `src` and every subpackage in it."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = [package, *path.relative_to(src).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(tree: ast.AST):
    """Every Import and ImportFrom, at any depth, except under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for branch in node.orelse:  # the else branch does run
                yield from _imports_in(branch)
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    yield from _imports(node)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _targets(node: ast.Import | ast.ImportFrom, name: str, is_package: bool, known) -> set[str]:
    """The package's modules one import statement of module `name` runs."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        here = name.split(".") if is_package else name.split(".")[:-1]
        base = here[:len(here) - node.level + 1]
        module = ".".join(base + (node.module.split(".") if node.module else []))
    else:
        module = node.module or ""
    found = {f"{module}.{alias.name}" for alias in node.names} & set(known)
    # a name that is not a submodule comes from the module itself
    if module in known and len(found) < len(node.names):
        found.add(module)
    return found


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    known = modules(src, package)
    graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[name] = set().union(*(_targets(node, name, is_package, known)
                                    for node in _imports(tree))) - {name}
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of two or more modules that import each other, directly or not (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group, member = set(), None
            while member != node:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def a_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One shortest import cycle through the group's first module, to name it."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node] & group):
            if other == start:
                return paths[node] + [start]
            if other not in paths:
                paths[other] = paths[node] + [other]
                queue.append(other)
    raise AssertionError(f"no cycle through {start} in {sorted(group)}")


def _short(name: str) -> str:
    return name.removeprefix("bulletin.")


def test_no_import_cycle():
    graph = import_graph(PACKAGE, "bulletin")
    assert {"bulletin.schema", "bulletin.filetree"} <= graph["bulletin.project"]  # it reads something
    cycles = [" -> ".join(map(_short, a_cycle(graph, group)))
              + f" (all of: {', '.join(sorted(map(_short, group)))})"
              for group in strongly_connected(graph)]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_graph_counts_imports_in_functions_and_not_for_type_checking(tmp_path):
    files = {
        "__init__.py": "",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import C\n"
                "else:\n    from . import d\n\ndef f():\n    from .b import g\n",
        "b.py": "import pkg.kernels.k\n",
        "c.py": "from .a import f\n",
        "d.py": "",
        "kernels/__init__.py": "from .. import d\n",
        "kernels/k.py": "from ..a import f\nfrom . import j\n",
        "kernels/j.py": "from pkg import d\n",
    }
    for name, text in files.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path / "pkg", "pkg")
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b", "pkg.d"}, "pkg.b": {"pkg.kernels.k"},
                     "pkg.c": {"pkg.a"}, "pkg.d": set(), "pkg.kernels": {"pkg.d"},
                     "pkg.kernels.k": {"pkg.a", "pkg.kernels.j"}, "pkg.kernels.j": {"pkg.d"}}
    [group] = strongly_connected(graph)
    assert a_cycle(graph, group) == ["pkg.a", "pkg.b", "pkg.kernels.k", "pkg.a"]


def _functions(tree: ast.AST, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def test_modules_and_functions_are_short():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for function, length in _functions(ast.parse(text, str(path))):
            if length > MAX_FUNCTION_LINES:
                too_long.append(f"{name}: {function}: {length} lines (at most {MAX_FUNCTION_LINES})")
    assert not too_long, "\n".join(too_long)
