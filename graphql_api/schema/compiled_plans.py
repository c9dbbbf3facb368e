"""The compiled path's pieces: plans, the attempt that runs one, the plan cache.

schema/compiled.py compiles selections into these and runs them; see its docstring.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from graphql import VariableNode
from graphql.language import Visitor, visit
from graphql.pyutils import Path

from graphql_api.schema.preloaded import NOT_LOADED, Read

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from graphql import DirectiveNode, GraphQLObjectType, OperationDefinitionNode
    from graphql.execution.collect_fields import FieldDetailsList

    from graphql_api.schema.compiled import CompiledExecutionContext
    from graphql_api.schema.compiled_values import Complete, Deep

# Documents whose plans are kept per schema: Strawberry's ParserCache keeps 128 parsed
# documents, and a document it parsed again has new nodes, so more would never be hit.
PLAN_DOCUMENTS: Final = 128
PLAN_VARIANTS: Final = 8  # @include/@skip value combinations kept per document
APPLIED_DIRECTIVES = frozenset({"include", "skip"})  # collect_fields has applied them already


class Call(NamedTuple):
    """A field left to graphql-core, called once the compiled part of the object succeeded."""

    slow: Slow
    source: object
    path: Path


class Attempt:
    """One compiled run of one object: the fields left to graphql-core, then what they left to await."""

    __slots__ = ("calls", "context", "executor", "is_awaitable", "pending")

    def __init__(self, executor: CompiledExecutionContext) -> None:
        self.executor = executor
        self.context = executor.context_value
        self.is_awaitable = executor.is_awaitable
        self.calls: list[tuple[dict[str, Any], str, Call]] = []
        self.pending: list[tuple[dict[str, Any], str, Awaitable[Any]]] = []

    def start(self) -> None:
        """Resolve the fields left to graphql-core, in document order (nothing has started before)."""
        executor, is_awaitable = self.executor, self.is_awaitable
        for results, key, call in self.calls:
            value = executor.execute_field(
                call.slow.parent_type, call.source, call.slow.details, call.path, None
            )
            if is_awaitable(value):
                self.pending.append((results, key, value))
            results[key] = value


class Plan:
    """One selection set of one object type, compiled: a function per response key."""

    __slots__ = ("deep", "fast", "fields", "type_name")

    def __init__(self, type_name: str, fields: tuple[tuple[str, Any, bool], ...]) -> None:
        self.type_name = type_name
        self.fields = fields
        self.deep = any(deep for _, _, deep in fields)
        self.fast: tuple[tuple[str, Complete], ...] = () if self.deep else tuple((k, f) for k, f, _ in fields)

    def run(self, source: object) -> dict[str, Any]:
        return {key: resolve(source) for key, resolve in self.fast}

    def run_deep(self, source: object, path: Path | None, attempt: Attempt) -> dict[str, Any]:
        results: dict[str, Any] = {}
        type_name = self.type_name
        for key, resolve, deep in self.fields:
            if not deep:
                results[key] = resolve(source)
                continue
            value = resolve(source, Path(path, key, type_name), attempt)
            if type(value) is Call:
                attempt.calls.append((results, key, value))
                value = None  # a placeholder, in the response's order
            results[key] = value
        return results


class _Switches(Visitor):
    """The variables a document's @include/@skip read: the only ones a plan depends on."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        if node.name.value in APPLIED_DIRECTIVES:
            arguments = node.arguments or ()
            self.names.update(a.value.name.value for a in arguments if isinstance(a.value, VariableNode))


class PlanCache:
    """Plans of the most recent documents, per @include/@skip variant: bounded, least recent out."""

    def __init__(self, documents: int = PLAN_DOCUMENTS, variants: int = PLAN_VARIANTS) -> None:
        self._documents, self._variants = documents, variants
        # id(operation) -> (the nodes, kept alive so ids stay unique; switch names; variants)
        self._entries: OrderedDict[int, tuple[tuple[object, ...], tuple[str, ...], dict[Any, Any]]] = (
            OrderedDict()
        )

    def plans(
        self, operation: OperationDefinitionNode, fragments: dict[str, Any], variables: dict[str, Any]
    ) -> dict[Any, Plan | None] | None:
        entry = self._entries.get(id(operation))
        if entry is None or entry[0][0] is not operation:
            switches = _Switches()
            for node in (operation, *fragments.values()):
                visit(node, switches)
            entry = ((operation, *fragments.values()), tuple(sorted(switches.names)), {})
            self._entries[id(operation)] = entry
            if len(self._entries) > self._documents:
                self._entries.popitem(last=False)
        self._entries.move_to_end(id(operation))
        _, names, variants = entry
        variant = tuple(variables.get(name) for name in names)
        found = variants.get(variant)
        if found is None and len(variants) < self._variants:
            found = variants[variant] = {}
        return found


class Slow:
    """A field graphql-core resolves, at its path, inside a compiled object."""

    __slots__ = ("details", "parent_type")

    def __init__(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> None:
        self.parent_type, self.details = parent_type, details

    def __call__(self, source: object, path: Path, _attempt: Attempt) -> Call:
        return Call(self, source, path)


def read_or_slow(read: Read, complete: Any, *, deep: bool, slow: Slow) -> Deep:  # noqa: ANN401 - either shape
    if deep:

        def read_deep(source: object, path: Path, attempt: Attempt) -> object:
            value = read(source, attempt.context)
            return slow(source, path, attempt) if value is NOT_LOADED else complete(value, path, attempt)

        return read_deep

    def read_fast(source: object, path: Path, attempt: Attempt) -> object:
        value = read(source, attempt.context)
        return slow(source, path, attempt) if value is NOT_LOADED else complete(value)

    return read_fast
