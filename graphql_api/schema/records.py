"""Strawberry types built from, or served as, the services' records.

A GraphQL type whose fields bear the record's names needs no hand-written copy: an ID is
a str, a JSON value a dict and the enums are the records' own classes, so the values
pass as they are. What does need converting (nested types, private fields) is named.

A type derived from a pydantic record with nothing of its own (`all_fields=True`, at
most IDs re-declared) needs no copy at all: its `is_type_of` accepts the record, and
its fields are the record's attributes. `served` hands the record over as it is, where
`from_pydantic` would copy it field by field, resolving each field's type per call
(a third of a full project read's time, measured).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from pydantic import BaseModel

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


def served(type_: type[T], record: BaseModel) -> T:
    """`record` as the Strawberry type derived from its model (it answers as one: no copy)."""
    if not type_.is_type_of(record, None):  # type: ignore[attr-defined]  # Strawberry's pydantic types have it
        msg = f"{type(record).__name__} is not served as {type_.__name__}"
        raise TypeError(msg)
    return cast("T", record)
