"""Strawberry types built from the services' records by field name.

A GraphQL type whose fields bear the record's names needs no hand-written copy: an ID is
a str, a JSON value a dict and the enums are the records' own classes, so the values
pass as they are. What does need converting (nested types, private fields) is named.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def plain_fields(type_: type) -> frozenset[str]:
    """The type's fields that hold a value (not its resolvers), by Python name."""
    definition = type_.__strawberry_definition__  # type: ignore[attr-defined]
    return frozenset(f.python_name for f in definition.fields if f.base_resolver is None)


def from_record(type_: type[T], record: object, **converted: Any) -> T:  # noqa: ANN401 - any field's value
    """The type with its plain fields read from `record`'s same-named attributes; `converted` the rest."""
    names = plain_fields(type_)  # type: ignore[arg-type]  # a class is hashable; mypy's T is not known to be
    values = {name: getattr(record, name) for name in names if name not in converted}
    return type_(**values, **converted)
