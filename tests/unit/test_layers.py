"""The package's layers point one way, and no module grows past what a reader takes in at once.

Imports are read from the source (ast), so a forbidden import fails here even when it
sits inside a function or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "graphql_api"
MAX_LINES = 400

# (layer, what it must not import): the arrows of ARCHITECTURE.md.
FORBIDDEN = [
    ("ai", "graphql_api.services"),
    ("ai", "graphql_api.schema"),
    ("schema", "graphql_api.store"),
    ("services", "strawberry"),
    ("services", "graphql_api.schema"),
    ("services", "graphql_api.realtime"),
    ("schema", "graphql_api.realtime"),
    ("realtime", "graphql_api.store"),
    ("store", "graphql_api.services"),
    ("store", "graphql_api.ai"),
    ("core", "graphql_api."),
    ("catalogue", "graphql_api.ai"),
    ("catalogue", "graphql_api.services"),
]


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(("layer", "forbidden"), FORBIDDEN, ids=[f"{a}-{b}" for a, b in FORBIDDEN])
def test_layer_does_not_import_upwards(layer: str, forbidden: str) -> None:
    modules = _modules(layer)
    assert modules, f"no modules under {layer}/"
    offending = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules
        for name in _imports(path)
        if name == forbidden or name.startswith(forbidden.rstrip(".") + ".")
    )
    assert offending == []


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if "static" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, known: set[str]) -> set[str]:
    """Modules of the package this one imports when it runs: functions' imports too, TYPE_CHECKING's not."""
    found: set[str] = set()

    class Imports(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
            ):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(alias.name for alias in node.names)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)

    Imports().visit(ast.parse(path.read_text(), str(path)))
    return {name for name in found if name in known} - {_module_name(path)}


def test_the_package_has_no_import_cycle() -> None:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "static" not in p.parts}
    graph = {name: _runtime_imports(path, set(paths)) for name, path in paths.items()}
    cycles: list[list[str]] = []
    done: set[str] = set()

    def walk(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append([*trail[trail.index(name) :], name])
            return
        if name in done:
            return
        for imported in sorted(graph[name]):
            walk(imported, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])
    assert cycles == [], " | ".join(" -> ".join(c) for c in cycles[:5])
    assert len(graph) > 150  # the whole package was read, not a corner of it


def test_the_cycle_check_finds_a_cycle(tmp_path: Path) -> None:
    """The check above can fail: two modules importing each other, one inside a function."""
    package = tmp_path / "graphql_api"
    package.mkdir()
    (package / "a.py").write_text("import graphql_api.b\n")
    (package / "b.py").write_text("def f():\n    from graphql_api import a\n")
    names = {"graphql_api.a", "graphql_api.b"}
    global PACKAGE  # noqa: PLW0603 - point the reader at the little package for this test only
    saved, PACKAGE = PACKAGE, package
    try:
        assert _runtime_imports(package / "a.py", names) == {"graphql_api.b"}
        assert _runtime_imports(package / "b.py", names) == {"graphql_api.a"}
    finally:
        PACKAGE = saved
