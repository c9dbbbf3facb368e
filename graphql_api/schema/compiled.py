"""A compiled path for selections over already-loaded objects, shared across requests.

A project read is thousands of fields that are plain attributes of objects the root
resolver built (a 12 x 8 x 10 project: about 11,000). graphql-core gives each of them a
resolve-info object, a path, a resolver call through Strawberry's wrapper, an awaitable
check and a completion dispatch on the field's type. Here each selection set is
compiled into one function per field (getter and completion fused, the type dispatch
done at compile time) and run without that bookkeeping.

What compiles: plain attributes, synchronous resolvers of `self` alone, and async
resolvers marked with a synchronous read of data loaded before execution
(schema/preloaded.py: a phase's content once its text is loaded); of object, list,
enum or scalar type, with no arguments and no directive but the already-applied
@include/@skip. Every other field of the same object (arguments, async resolvers, a
read that finds nothing loaded, abstract types) is resolved by graphql-core's own
`execute_field`, with the response path built only on the branches that lead to one;
what it returns to await is awaited once for the whole compiled subtree (`Attempt`).

Correctness is by construction, not imitation: when a compiled run meets anything
unexpected (a null in a non-null field, a value a serializer refuses, an exception
anywhere, a graphql-core field that raises) the attempt is dropped (its pending
awaitables closed, the errors its graphql-core fields recorded forgotten) and
graphql-core runs the same object again, so errors, paths and partial data are its
own; that plan stays off for the rest of the request. tests/differential compares
both paths byte for byte.

Plans are shared across requests: keyed by the parsed document (Strawberry's
ParserCache hands every request of the same text the same nodes) and by the values of
the variables its @include/@skip read. No value is cached: a plan holds functions, and
each request reads its own objects.
"""

from __future__ import annotations

import weakref
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationType,
)
from graphql.pyutils import Path, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

from graphql_api.schema import compiled_values as values
from graphql_api.schema.compiled_plans import APPLIED_DIRECTIVES, Attempt, Plan, PlanCache, Slow, read_or_slow
from graphql_api.schema.preloaded import Read, reader_of

if TYPE_CHECKING:
    from graphql import GraphQLOutputType, GraphQLSchema
    from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
    from graphql.pyutils import AwaitableOrValue
    from strawberry.types.field import StrawberryField

    from graphql_api.schema.compiled_values import Complete, Deep

_FALLBACK: Final = object()
Compiled = tuple[Any, bool]  # a completion or field function, and whether it is Deep


_CACHES: weakref.WeakKeyDictionary[GraphQLSchema, PlanCache] = weakref.WeakKeyDictionary()


class CompiledExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with compiled selection sets where they apply."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - graphql-core's signature
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        self._compiles = self.operation.operation != OperationType.SUBSCRIPTION and not (
            middleware is not None and middleware.middlewares
        )
        # id(grouped field set) -> (the set, kept alive so its id stays unique; its plan)
        self._plans: dict[int, tuple[GroupedFieldSet, Plan | None]] = {}
        self._failed: set[int] = set()  # ids of plans that handed over in this request
        self._shared: dict[Any, Plan | None] | None = None
        self._shared_read = False

    def compiling(self) -> bool:
        return self._compiles

    def ran_compiled(self, grouped_field_set: GroupedFieldSet) -> bool:
        """Whether this object's last run was compiled (tests compare it with graphql-core's)."""
        known = self._plans.get(id(grouped_field_set))
        return known is not None and known[1] is not None and id(known[1]) not in self._failed

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,  # noqa: ANN401 - graphql-core's signature
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,  # noqa: ANN401 - graphql-core's signature
    ) -> AwaitableOrValue[dict[str, Any]]:
        if position_context is None and path is not None and self.compiling():  # root fields: graphql-core's
            plan = self.plan_for(parent_type, grouped_field_set)
            if plan is not None and id(plan) not in self._failed:
                result = self._run(plan, parent_type, source_value, path, grouped_field_set)
                if result is not _FALLBACK:
                    return result  # type: ignore[return-value]  # the plan's dict, or its awaitable
        return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)

    def _run(
        self,
        plan: Plan,
        parent_type: GraphQLObjectType,
        source: object,
        path: Path | None,
        fields: GroupedFieldSet,
    ) -> object:
        if not plan.deep:
            try:
                return plan.run(source)
            except Exception:  # noqa: BLE001 - graphql-core runs it again and reports properly
                self._failed.add(id(plan))
                return _FALLBACK
        attempt = Attempt(self)
        try:
            data = plan.run_deep(source, path, attempt)
        except Exception:  # noqa: BLE001 - as above; no graphql-core field has started
            self._failed.add(id(plan))
            return _FALLBACK
        try:
            attempt.start()
        except Exception:  # noqa: BLE001 - a field of graphql-core's raised: it raises again there
            if attempt.pending:  # as graphql-core settles its own on the way out
                self.settle_in_background([awaitable for _, _, awaitable in attempt.pending])
            self._hand_over(plan, path)
            return _FALLBACK
        if not attempt.pending:
            return data
        return self._settle(attempt, data, plan, parent_type, source, path, fields)

    async def _settle(
        self,
        attempt: Attempt,
        data: dict[str, Any],
        plan: Plan,
        parent_type: GraphQLObjectType,
        source: object,
        path: Path | None,
        fields: GroupedFieldSet,
    ) -> dict[str, Any]:
        pending = attempt.pending
        try:
            if len(pending) == 1:
                settled = [await pending[0][2]]
            else:
                settled = await gather_with_cancel(*(awaitable for _, _, awaitable in pending))
        except Exception:  # noqa: BLE001 - graphql-core runs the object again and reports properly
            self._hand_over(plan, path)
            again = super().execute_fields(parent_type, source, path, fields, None)
            return again if isinstance(again, dict) else await again
        for (results, key, _), value in zip(pending, settled, strict=True):
            results[key] = value
        return data

    def _hand_over(self, plan: Plan, path: Path | None) -> None:
        """graphql-core runs the object again: what its fields reported in the attempt goes."""
        self._failed.add(id(plan))
        collected = self.collected_errors
        errors = collected._errors  # noqa: SLF001 - graphql-core keeps no other handle on them
        if not errors:
            return
        prefix = path.as_list() if path is not None else []
        errors[:] = [e for e in errors if (e.path or [])[: len(prefix)] != prefix]
        positions = collected._error_positions  # noqa: SLF001 - as above
        positions.difference_update({p for p in positions if _under(p, path)})

    def plan_for(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan | None:
        known = self._plans.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        shared = self._shared_plans()
        key = (parent_type.name, *((k, *map(id, (d.node for d in v))) for k, v in grouped_field_set.items()))
        if shared is not None and key in shared:
            plan = shared[key]
        else:
            plan = self._compile(parent_type, grouped_field_set)
            if shared is not None:
                shared[key] = plan
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _shared_plans(self) -> dict[Any, Plan | None] | None:
        if not self._shared_read:
            cache = _CACHES.get(self.schema)
            if cache is None:
                cache = _CACHES[self.schema] = PlanCache()
            self._shared = cache.plans(
                self.operation, self.fragment_definitions, self.variable_values.coerced
            )
            self._shared_read = True
        return self._shared

    def _compile(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet) -> Plan | None:
        fields: list[tuple[str, Any, bool]] = []
        for key, details in grouped_field_set.items():
            if any(d.defer_usage is not None or d.fragment_variable_values is not None for d in details):
                return None  # incremental delivery is graphql-core's
            compiled = self._field(parent_type, details)
            if compiled is None:
                return None
            fields.append((key, *compiled))
        if all(resolve.__class__ is Slow for _, resolve, _ in fields):
            return None  # nothing to gain: graphql-core runs them as it would
        return Plan(parent_type.name, tuple(fields))

    def _field(  # noqa: PLR0911 - one return per kind of field
        self, parent_type: GraphQLObjectType, details: FieldDetailsList
    ) -> Compiled | None:
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            type_name = parent_type.name
            return (lambda _source: type_name), False
        field_def = self.schema.get_field(parent_type, name)
        if field_def is None:
            return None
        slow = Slow(parent_type, details)
        custom = any(
            directive.name.value not in APPLIED_DIRECTIVES
            for d in details
            for directive in d.node.directives or ()
        )
        if field_def.args or node.arguments or custom:
            return slow, True
        field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        get = _getter(field, field_def.resolve)
        read = _reader(field) if get is None else None
        if get is None and read is None:
            return slow, True
        completion = self._completion(field_def.type, details)
        if completion is None:
            return slow, True
        complete, deep = completion
        if read is not None:
            return read_or_slow(read, complete, deep=deep, slow=slow), True
        getter: Complete = get  # type: ignore[assignment]  # not None: `read` is None only then
        if deep:
            return (lambda source, path, attempt: complete(getter(source), path, attempt)), True
        return (lambda source: complete(getter(source))), False

    def _completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Compiled | None:
        """The function that turns a resolved value into its response value, as graphql-core would."""
        required = isinstance(type_, GraphQLNonNull)
        inner = self._inner_completion(type_.of_type if required else type_, details)  # type: ignore[union-attr]
        if inner is None:
            return None
        complete, deep = inner
        if deep:
            return (values.non_null_deep(complete) if required else values.nullable_deep(complete)), True
        return (values.non_null(complete) if required else values.nullable(complete)), False

    def _inner_completion(  # noqa: PLR0911 - one return per kind of type
        self, type_: GraphQLOutputType, details: FieldDetailsList
    ) -> Compiled | None:
        if isinstance(type_, GraphQLList):
            item = self._completion(type_.of_type, details)
            if item is None:
                return None
            return (values.listed_deep(item[0]) if item[1] else values.listed(item[0])), item[1]
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            return values.leaf(type_), False
        if not isinstance(type_, GraphQLObjectType):
            return None  # abstract types: graphql-core resolves the runtime type
        is_type_of = type_.is_type_of
        if is_type_of is not None and not getattr(is_type_of, "__module__", "").startswith("strawberry."):
            return None  # a check of the application's own may use the resolve info
        collected = self.collect_subfields(type_, details)
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            return None
        plan = self.plan_for(type_, collected.grouped_field_set)
        if plan is None:
            return None
        if plan.deep:
            run_deep: Deep = plan.run_deep
            return (run_deep if is_type_of is None else values.checked_deep(is_type_of, run_deep)), True
        return (plan.run if is_type_of is None else values.checked(is_type_of, plan.run)), False


def _under(position: Path | None, path: Path | None) -> bool:
    while position is not None:
        if position == path:
            return True
        position = position.prev
    return path is None


def _reader(field: StrawberryField | None) -> Read | None:
    """The synchronous read of a marked async resolver of `self` (schema/preloaded.py)."""
    resolver = field.base_resolver if field is not None else None
    if resolver is None or field is None or field.extensions or field.arguments or not resolver.is_async:
        return None
    return reader_of(resolver.wrapped_func)


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
