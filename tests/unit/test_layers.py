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
