"""What one document may cost, computed in linear time before any other validation.

Depth, aliases, field selections (Saleor-style cost: a resolver call each) and export
fields are counted as if fragments were expanded, but each fragment's cost is computed
once and reused, so a document whose fragments spread each other twice per level (2^n
expanded fields) costs n steps here, not 2^n. A document over a limit is refused
before graphql-core's own rules run, so none of them can be made to do exponential work
either; fragment spreads are capped as well, which bounds the pairwise comparisons of
graphql-core's overlapping-fields rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    ValuesOfCorrectTypeRule,
)
from graphql.language.visitor import VisitorAction
from strawberry.extensions import ValidationCache

from graphql_api.schema.per_document import per_document
from graphql_api.schema.unsafe_text import unsafe_text_errors

if TYPE_CHECKING:
    from graphql_api.config import Limits

HEAVY_FIELDS = frozenset({"exportProject"})  # renders a file: CPU-heavy, one per operation


@dataclass(frozen=True, slots=True)
class Cost:
    depth: int = 0
    aliases: int = 0
    fields: int = 0
    heavy: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.fields + other.fields,
            self.heavy + other.heavy,
        )


class _Costs:
    """Costs of selection sets, with each fragment's cost memoised (cycles cost nothing)."""

    def __init__(self, document: DocumentNode) -> None:
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[str, Cost] = {}
        self._active: set[str] = set()
        self.steps = 0  # selections visited: linear in the document, whatever it expands to
        self.empty = False  # `{ me { } }` parses in graphql-core 3.3, but is no query

    def of(self, selection_set: SelectionSetNode | None) -> Cost:
        total = Cost()
        if selection_set is not None and not selection_set.selections:
            self.empty = True
        for selection in selection_set.selections if selection_set else ():
            self.steps += 1
            if isinstance(selection, FieldNode):
                total += self._field(selection)
            elif isinstance(selection, InlineFragmentNode):
                total += self.of(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _field(self, node: FieldNode) -> Cost:
        if node.name.value.startswith("__"):
            return Cost(fields=1)  # introspection: counted, never deep (as Strawberry's limiter did)
        inner = self.of(node.selection_set)
        return Cost(
            depth=inner.depth + 1 if node.selection_set else 0,
            aliases=inner.aliases + (1 if node.alias else 0),
            fields=inner.fields + 1,
            heavy=inner.heavy + (1 if node.name.value in HEAVY_FIELDS else 0),
        )

    def _fragment(self, name: str) -> Cost:
        if name in self._memo:
            return self._memo[name]
        definition = self._fragments.get(name)
        if definition is None or name in self._active:
            return Cost()  # unknown fragments and cycles are graphql-core's errors to report
        self._active.add(name)
        cost = self.of(definition.selection_set)
        self._active.discard(name)
        self._memo[name] = cost
        return cost


def _spreads(document: DocumentNode) -> Iterator[FragmentSpreadNode]:
    stack = [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while stack:
        selection_set = stack.pop()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FragmentSpreadNode):
                yield selection
            elif selection.selection_set is not None:
                stack.append(selection.selection_set)


def document_errors(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """The limits a document breaks; empty when it may be validated and run.

    Worked out once per document (the parser cache hands the same document back for the
    same text); each request gets errors of its own, since error shaping edits them.
    """
    cached = _document_errors(document, limits)
    return [GraphQLError(e.message, e.nodes, extensions=dict(e.extensions or {})) for e in cached]


@per_document(maxsize=256)
def _document_errors(document: DocumentNode, limits: Limits) -> tuple[GraphQLError, ...]:
    return tuple(_check(document, limits))


def _check(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    spreads = sum(1 for _ in _spreads(document))
    if spreads > limits.query_fragment_spreads:
        message = f"The document spreads fragments {spreads} times (limit LIMIT_QUERY_FRAGMENT_SPREADS)."
        return [_error(message, None, "query_fragment_spreads")]
    costs = _Costs(document)
    errors: list[GraphQLError] = []
    aliases = 0
    for operation in (d for d in document.definitions if isinstance(d, OperationDefinitionNode)):
        cost = costs.of(operation.selection_set)
        aliases += cost.aliases
        name = operation.name.value if operation.name else "anonymous"
        if cost.depth > limits.query_depth:
            message = f"'{name}' exceeds maximum operation depth of {limits.query_depth}"
            errors.append(_error(message, operation, "query_depth"))
        if cost.fields > limits.query_fields:
            message = (
                f"The operation selects more than {limits.query_fields} fields (limit LIMIT_QUERY_FIELDS)."
            )
            errors.append(_error(message, operation, "query_fields"))
        if cost.heavy > limits.exports_per_operation:
            message = (
                f"An operation may export at most {limits.exports_per_operation} file(s) "
                "(limit LIMIT_EXPORTS_PER_OPERATION); send one request per export."
            )
            errors.append(_error(message, operation, "exports_per_operation"))
    if costs.empty:
        errors.append(
            GraphQLError(
                "Selection sets must not be empty.", extensions={"code": "GRAPHQL_VALIDATION_FAILED"}
            )
        )
    if aliases > limits.query_aliases:
        message = f"{aliases} aliases found. Allowed: {limits.query_aliases} (limit LIMIT_QUERY_ALIASES)."
        errors.append(_error(message, None, "query_aliases"))
    return errors


def _error(message: str, node: OperationDefinitionNode | None, limit: str) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": "GRAPHQL_VALIDATION_FAILED", "limit": limit})


class LocatedValuesOfCorrectTypeRule(ValuesOfCorrectTypeRule):
    """graphql-core's rule, with each error placed at its literal.

    A custom scalar's own parse error (a bad Date, say) reaches the rule without a node,
    and a client could not tell where in the document it is.
    """

    _literal: ValueNode | None = None

    def is_valid_value_node(self, node: ValueNode, input_type: GraphQLInputType | None) -> VisitorAction:
        self._literal = node
        return super().is_valid_value_node(node, input_type)

    def report_error(self, error: GraphQLError) -> None:
        if not error.nodes and self._literal is not None:
            error = GraphQLError(
                error.message, self._literal, original_error=error.original_error, extensions=error.extensions
            )
        super().report_error(error)


class BoundedValidation(ValidationCache):
    """Strawberry's validation cache, behind the linear cost check.

    A document over a limit gets only the limit errors: graphql-core's rules never see
    it. Strawberry skips its own validation when an extension has set the errors.
    """

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self._limits = limits

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        errors = document_errors(document, self._limits) if document is not None else []
        if document is not None and not errors:
            errors = unsafe_text_errors(document, context.variables)
        if errors:
            self.execution_context.pre_execution_errors = errors
            yield
            return
        context.validation_rules = tuple(
            LocatedValuesOfCorrectTypeRule if rule is ValuesOfCorrectTypeRule else rule
            for rule in context.validation_rules
        )
        yield from super().on_validate()
