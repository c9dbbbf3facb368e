"""Value completion for the compiled path: leaves, nulls and lists, as graphql-core completes them.

Two shapes of completion function, chosen when a selection is compiled:

- `Complete(value)`: for a subtree that is compiled all the way down. It needs no
  response path, so none is built.
- `Deep(value, path, attempt)`: for a subtree holding at least one field that
  graphql-core resolves (an argument, an async resolver whose data is not loaded, an
  abstract type). Only these build paths, and only down to where they are needed;
  what graphql-core returns to await is left with the attempt, which awaits it all
  at once (`compiled.Attempt`).

Both raise `Unhandled` on anything they do not answer exactly as graphql-core would
(a null in a non-null field, a value a serializer refuses); graphql-core then runs the
whole object again and reports it its own way.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from graphql import GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLScalarType
from graphql.pyutils import Path, Undefined

if TYPE_CHECKING:
    from graphql_api.schema.compiled_plans import Attempt

Complete = Callable[[Any], Any]
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class Deep(Protocol):
    def __call__(self, value: Any, path: Path, attempt: Attempt, /) -> Any: ...  # noqa: ANN401 - any value


class Unhandled(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """This value needs graphql-core's executor (it may be an error there, or fine)."""


def _string(value: object) -> object:
    if type(value) is str:
        return value
    raise Unhandled


def _int(value: object) -> object:
    if type(value) is int and _INT_MIN <= value <= _INT_MAX:
        return value
    raise Unhandled


def _float(value: object) -> object:
    if type(value) is float and math.isfinite(value):
        return value
    return _serialized(GraphQLFloat, value)


def _boolean(value: object) -> object:
    if type(value) is bool:
        return value
    raise Unhandled


def _serialized(scalar: GraphQLScalarType | GraphQLEnumType, value: object) -> object:
    result = scalar.serialize(value)
    if result is None or result is Undefined:
        raise Unhandled
    return result


_FAST_LEAVES: dict[object, Complete] = {
    GraphQLID: _string,
    GraphQLInt: _int,
    GraphQLBoolean: _boolean,
    GraphQLFloat: _float,
}
_REFUSE_NONE = frozenset({_string, _int, _boolean})


def leaf(scalar: GraphQLScalarType | GraphQLEnumType) -> Complete:
    fast = _FAST_LEAVES.get(scalar)
    if fast is not None:
        return fast
    if scalar.name == "String" and isinstance(scalar, GraphQLScalarType):
        return _string
    serialized: Complete = functools.partial(_serialized, scalar)
    wrapped = getattr(scalar, "wrapped_cls", None)  # Strawberry's enums: the Python enum they wrap
    if not (isinstance(wrapped, type) and issubclass(wrapped, enum.Enum)):
        return serialized
    names = _enum_names(wrapped, serialized)

    def enum_leaf(value: object) -> object:
        # A member of the wrapped class answers as the type's serializer answered for it.
        return names[value] if type(value) is wrapped and value in names else serialized(value)

    return enum_leaf


def _enum_names(wrapped: type[enum.Enum], serialized: Complete) -> dict[object, object]:
    names: dict[object, object] = {}
    for member in wrapped:
        with contextlib.suppress(Exception):  # a member the serializer refuses stays on `serialized`
            names[member] = serialized(member)
    return names


def checked(is_type_of: Callable[[Any, Any], Any], run: Complete) -> Complete:
    """Strawberry's own type checks (pydantic-derived types) ignore the resolve info."""

    def check(value: object) -> object:
        if is_type_of(value, None) is not True:
            raise Unhandled  # graphql-core asks again, with the info, and reports
        return run(value)

    return check


def checked_deep(is_type_of: Callable[[Any, Any], Any], run: Deep) -> Deep:
    def check(value: object, path: Path, attempt: Attempt) -> object:
        if is_type_of(value, None) is not True:
            raise Unhandled
        return run(value, path, attempt)

    return check


def non_null(inner: Complete) -> Complete:
    if inner in _REFUSE_NONE:
        return inner  # each refuses None as it refuses any other type

    def required(value: object) -> object:
        if value is None:
            raise Unhandled
        return inner(value)

    return required


def nullable(inner: Complete) -> Complete:
    def optional(value: object) -> object:
        return None if value is None else inner(value)

    return optional


def listed(item: Complete) -> Complete:
    def complete_list(value: object) -> object:
        if type(value) is not list and type(value) is not tuple:
            raise Unhandled
        return [item(entry) for entry in value]

    return complete_list


def non_null_deep(inner: Deep) -> Deep:
    def required(value: object, path: Path, attempt: Attempt) -> object:
        if value is None:
            raise Unhandled
        return inner(value, path, attempt)

    return required


def nullable_deep(inner: Deep) -> Deep:
    def optional(value: object, path: Path, attempt: Attempt) -> object:
        return None if value is None else inner(value, path, attempt)

    return optional


def listed_deep(item: Deep) -> Deep:
    def complete_list(value: Any, path: Path, attempt: Attempt) -> object:  # noqa: ANN401 - checked here
        if type(value) is not list and type(value) is not tuple:
            raise Unhandled
        return [item(entry, Path(path, index, None), attempt) for index, entry in enumerate(value)]

    return complete_list
