"""schema.graphql is what the code exports, and it keeps the public contract's names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, build_schema

from graphql_api.schema.build import build_schema as build_app_schema

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "api" / "contract.graphql"

# Contract names whose issues have not landed yet: each leaves this list as it lands.
PENDING: set[str] = {
}  # fmt: skip


def _names(sdl: str) -> dict[str, str]:
    """Every type, field, argument, input field and enum value, with its type as a string."""
    schema = build_schema(sdl)
    names: dict[str, str] = {}
    for type_name, gtype in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        names[type_name] = type(gtype).__name__
        if isinstance(gtype, GraphQLObjectType):
            for field_name, field in gtype.fields.items():
                names[f"{type_name}.{field_name}"] = str(field.type)
                for arg_name, arg in field.args.items():
                    names[f"{type_name}.{field_name}({arg_name})"] = str(arg.type)
        elif isinstance(gtype, GraphQLInputObjectType):
            for field_name, field in gtype.fields.items():
                names[f"{type_name}.{field_name}"] = str(field.type)
        elif isinstance(gtype, GraphQLEnumType):
            for value in gtype.values:
                names[f"{type_name}.{value}"] = "value"
    return names


def _pending(name: str) -> bool:
    """A pending name: itself (an argument, say), its field, or its whole type."""
    head = name.split("(", maxsplit=1)[0]
    return name in PENDING or head in PENDING or head.split(".")[0] in PENDING


def test_schema_file_is_what_the_code_exports() -> None:
    exported = subprocess.run(
        [sys.executable, "-m", "graphql_api", "export-schema"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert exported.strip() == (ROOT / "schema.graphql").read_text().strip(), "run `make schema`"
    assert exported.strip() == build_app_schema().as_str().strip()


@pytest.mark.skipif(not CONTRACT.exists(), reason="../shared/api/contract.graphql is not beside the checkout")
def test_every_contract_name_in_scope_is_served_with_a_compatible_type() -> None:
    contract = _names(CONTRACT.read_text())
    served = _names((ROOT / "schema.graphql").read_text())
    missing = sorted(n for n in contract if n not in served and not _pending(n))
    assert missing == []
    different = sorted(
        (n, contract[n], served[n])
        for n in contract
        if n in served and served[n] != contract[n] and not _pending(n)
    )
    assert different == []
    still_pending = sorted(n for n in contract if _pending(n) and n in served)
    assert still_pending == [], "served now: take these off PENDING"


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    """GraphiQL's docs pane is how users explore the API: nothing may be blank there."""
    from graphql_api.schema.docs import elements

    schema = build_app_schema()._schema
    missing = sorted(key for key, _, element in elements(schema) if not (element.description or "").strip())
    assert missing == []


def test_the_description_catalogue_names_only_what_exists() -> None:
    """A renamed field must take its description along: no stale keys in the catalogue."""
    import tomllib

    from graphql_api.schema.docs import CATALOGUE, elements

    schema = build_app_schema()._schema
    known = {key for key, _, _ in elements(schema)}
    known |= {fallback for _, fallbacks, _ in elements(schema) for fallback in fallbacks}
    catalogue = tomllib.loads(CATALOGUE.read_text())
    assert sorted(set(catalogue) - known) == []
