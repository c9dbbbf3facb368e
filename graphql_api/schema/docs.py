"""Descriptions for GraphiQL's docs pane, from `descriptions.toml`, for what code leaves undescribed.

Code may describe a field where it declares it (Strawberry's `description=` or a pydantic
`Field(description=...)`); the catalogue fills every other type, field, argument and enum
value, with `*.field` and `(argument)` entries for names that mean the same everywhere.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
)

CATALOGUE = Path(__file__).with_name("descriptions.toml")
BUILT_IN = frozenset({"String", "Int", "Float", "Boolean", "ID"})
Described = GraphQLNamedType | GraphQLField | GraphQLInputField | GraphQLArgument | GraphQLEnumValue


def elements(schema: GraphQLSchema) -> Iterator[tuple[str, tuple[str, ...], Described]]:
    """Every describable element: its key, its fallback keys, the element."""
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        yield name, (), named
        if isinstance(named, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                yield f"{name}.{field_name}", (f"*.{field_name}",), field
                for arg_name, arg in getattr(field, "args", {}).items():
                    yield f"{name}.{field_name}({arg_name})", (f"({arg_name})",), arg
        elif isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                yield f"{name}.{value_name}", (), value


def describe(schema: GraphQLSchema) -> GraphQLSchema:
    with CATALOGUE.open("rb") as file:
        catalogue: dict[str, str] = tomllib.load(file)
    for key, fallbacks, element in elements(schema):
        if element.description:
            continue
        found = next((catalogue[k] for k in (key, *fallbacks) if k in catalogue), None)
        if found is not None:
            element.description = found
    return schema
