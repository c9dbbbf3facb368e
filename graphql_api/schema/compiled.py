"""A compiled path for selections that only read already-loaded objects.

A project read is thousands of fields that are plain attributes of objects the root
resolver built (a 12 x 8 x 10 project: about 11,000). graphql-core gives each of them a
resolve-info object, a path, a resolver call through Strawberry's wrapper, an
awaitable check and a completion dispatch on the field's type, which made the
executor four fifths of such a request. Here each selection set that can be read
directly is compiled once per request into one function per field (getter and
completion fused, the type dispatch done at compile time) and run without any of
that bookkeeping.

Correctness is by construction, not by imitation: a selection set is compiled only
when every field in it, to the leaves, is a plain attribute or a synchronous
resolver of `self` alone, of an object, list, enum or scalar type, with no arguments,
no directive other than the already-applied @include/@skip and no @defer; an object
type's `is_type_of` is honoured when it is Strawberry's own (which ignores the info). Anything
else (async resolvers, arguments, abstract types, middleware, subscriptions) runs on
graphql-core's executor, field by field as before; its object-typed children come
back here and are compiled on their own. When a compiled run meets anything
unexpected (a null in a non-null field, a value a serializer refuses, an awaitable,
any exception) it is dropped and graphql-core runs the same object again, so errors,
their paths and partial data are graphql-core's own; that selection then stays on the
standard path for the rest of the request. tests/differential compares both paths
byte for byte.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import math
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationType,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

if TYPE_CHECKING:
    from graphql import GraphQLOutputType
    from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
    from graphql.pyutils import AwaitableOrValue, Path
    from strawberry.types.field import StrawberryField

Complete = Callable[[Any], Any]
_APPLIED_DIRECTIVES = frozenset({"include", "skip"})  # collect_fields has applied them already
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class _Unhandled(Exception):  # noqa: N818 - a signal, not an error anyone sees
    """This value needs graphql-core's executor (it may be an error there, or fine)."""


class _Plan:
    """One selection set of one object type, compiled: a function per response key."""

    __slots__ = ("failed", "fields")

    def __init__(self, fields: tuple[tuple[str, Complete], ...]) -> None:
        self.fields = fields
        self.failed = False

    def run(self, source: object) -> dict[str, Any]:
        if self.failed:
            raise _Unhandled
        return {key: resolve(source) for key, resolve in self.fields}


def _string(value: object) -> object:
    if type(value) is str:
        return value
    raise _Unhandled


def _int(value: object) -> object:
    if type(value) is int and _INT_MIN <= value <= _INT_MAX:
        return value
    raise _Unhandled


def _float(value: object) -> object:
    if type(value) is float and math.isfinite(value):
        return value
    return _serialized(GraphQLFloat, value)


def _boolean(value: object) -> object:
    if type(value) is bool:
        return value
    raise _Unhandled


def _serialized(scalar: GraphQLScalarType | GraphQLEnumType, value: object) -> object:
    result = scalar.serialize(value)
    if result is None or result is Undefined:
        raise _Unhandled
    return result


_FAST_LEAVES: dict[object, Complete] = {
    GraphQLID: _string,
    GraphQLInt: _int,
    GraphQLBoolean: _boolean,
    GraphQLFloat: _float,
}


def _leaf(scalar: GraphQLScalarType | GraphQLEnumType) -> Complete:
    fast = _FAST_LEAVES.get(scalar)
    if fast is not None:
        return fast
    if scalar.name == "String" and isinstance(scalar, GraphQLScalarType):
        return _string
    leaf: Complete = functools.partial(_serialized, scalar)
    wrapped = getattr(scalar, "wrapped_cls", None)  # Strawberry's enums: the Python enum they wrap
    if not (isinstance(wrapped, type) and issubclass(wrapped, enum.Enum)):
        return leaf
    names = _enum_names(wrapped, leaf)

    def enum_leaf(value: object) -> object:
        # A member of the wrapped class answers as the type's serializer answered for it.
        return names[value] if type(value) is wrapped and value in names else leaf(value)

    return enum_leaf


def _enum_names(wrapped: type[enum.Enum], leaf: Complete) -> dict[object, object]:
    names: dict[object, object] = {}
    for member in wrapped:
        with contextlib.suppress(Exception):  # a member the serializer refuses stays on `leaf`
            names[member] = leaf(member)
    return names


_REFUSE_NONE = frozenset({_string, _int, _boolean})


class CompiledExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with compiled selection sets where they apply."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - graphql-core's signature
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        self._compiles = self.operation.operation != OperationType.SUBSCRIPTION and not (
            middleware is not None and middleware.middlewares
        )
        # id(grouped field set) -> (the set, kept alive so its id stays unique; its plan)
        self._plans: dict[int, tuple[GroupedFieldSet, _Plan | None]] = {}

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,  # noqa: ANN401 - graphql-core's signature
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,  # noqa: ANN401 - graphql-core's signature
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self._compiles and position_context is None:
            plan = self._plan(parent_type, grouped_field_set)
            if plan is not None and not plan.failed:
                try:
                    return plan.run(source_value)
                except Exception:  # noqa: BLE001 - graphql-core runs it again and reports properly
                    plan.failed = True
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> _Plan | None:
        known = self._plans.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        fields: list[tuple[str, Complete]] = []
        plan: _Plan | None = None
        for key, details in grouped_field_set.items():
            resolve = self._field(parent_type, details)
            if resolve is None:
                break
            fields.append((key, resolve))
        else:
            plan = _Plan(tuple(fields))
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _field(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> Complete | None:
        node = details[0].node
        name = node.name.value
        if any(d.defer_usage is not None or d.fragment_variable_values is not None for d in details):
            return None
        if any(
            directive.name.value not in _APPLIED_DIRECTIVES
            for d in details
            for directive in d.node.directives or ()
        ):
            return None
        if name == "__typename":
            type_name = parent_type.name
            return lambda _source: type_name
        field_def = self.schema.get_field(parent_type, name)
        if field_def is None or field_def.args or node.arguments:
            return None
        get = _getter(field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF), field_def.resolve)
        complete = self._completion(field_def.type, details)
        if get is None or complete is None:
            return None
        return _fuse(get, complete)

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        """The function that turns a resolved value into its response value, as graphql-core would."""
        required = isinstance(type_, GraphQLNonNull)
        inner = self._inner_completion(type_.of_type if required else type_, details)  # type: ignore[union-attr]
        if inner is None:
            return None
        return _non_null(inner) if required else _nullable(inner)

    def _inner_completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete | None:
        if isinstance(type_, GraphQLList):
            item = self._completion(type_.of_type, details)
            return None if item is None else _list(item)
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            return _leaf(type_)
        if not isinstance(type_, GraphQLObjectType):
            return None  # abstract types: graphql-core resolves the runtime type
        is_type_of = type_.is_type_of
        if is_type_of is not None and not getattr(is_type_of, "__module__", "").startswith("strawberry."):
            return None  # a check of the application's own may use the resolve info
        return self._object_completion(type_, details)

    def _object_completion(self, type_: GraphQLObjectType, details: FieldDetailsList) -> Complete | None:
        collected = self.collect_subfields(type_, details)
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            return None
        plan = self._plan(type_, collected.grouped_field_set)
        if plan is None:
            return None
        return plan.run if type_.is_type_of is None else _checked(type_.is_type_of, plan.run)


def _getter(field: StrawberryField | None, resolve: object) -> Complete | None:
    """How the field reads its value, when that is a plain read with nothing to await."""
    if field is None:
        return None
    if getattr(resolve, "_is_default", False):  # Strawberry's own basic-field resolver
        default = field.default_resolver
        name = field.python_name
        if default is getattr and name is not None:
            return attrgetter(name)
        return lambda source: default(source, name)
    resolver = field.base_resolver
    if resolver is None or resolver.is_async or field.extensions or field.arguments:
        return None
    if resolver.self_parameter is None or any(
        p is not None for p in (resolver.info_parameter, resolver.root_parameter, resolver.parent_parameter)
    ):
        return None
    method = resolver.wrapped_func  # a method of `self` alone: called with the object
    return method if callable(method) else None


def _checked(is_type_of: Callable[[Any, Any], Any], run: Complete) -> Complete:
    """Strawberry's own type checks (pydantic-derived types) ignore the resolve info."""

    def checked(value: object) -> object:
        if is_type_of(value, None) is not True:
            raise _Unhandled  # graphql-core asks again, with the info, and reports
        return run(value)

    return checked


def _fuse(get: Complete, complete: Complete) -> Complete:
    return lambda source: complete(get(source))


def _non_null(inner: Complete) -> Complete:
    if inner in _REFUSE_NONE:
        return inner  # each refuses None as it refuses any other type

    def non_null(value: object) -> object:
        if value is None:
            raise _Unhandled
        return inner(value)

    return non_null


def _nullable(inner: Complete) -> Complete:
    def nullable(value: object) -> object:
        return None if value is None else inner(value)

    return nullable


def _list(item: Complete) -> Complete:
    def complete_list(value: object) -> object:
        if type(value) is not list and type(value) is not tuple:
            raise _Unhandled
        return [item(entry) for entry in value]

    return complete_list
