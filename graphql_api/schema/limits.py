"""Query cost: a bound on how many fields one operation may select.

Depth, alias and token limits come from Strawberry; this adds Saleor-style cost: the
number of field selections once fragments are expanded (each is a resolver call per
object), so a wide query built from fragments cannot slip past the alias limit.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import QueryDepthLimiter


def field_count_rule(limit: int) -> type[ValidationRule]:
    class MaxFieldsRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:  # noqa: ANN401
            context: ValidationContext = self.context
            fragments = {
                f.name.value: f
                for f in context.document.definitions
                if hasattr(f, "type_condition") and hasattr(f, "name")
            }
            count = _count(node.selection_set, fragments, set(), limit)
            if count > limit:
                context.report_error(
                    GraphQLError(
                        f"The operation selects more than {limit} fields (limit LIMIT_QUERY_FIELDS).",
                        node,
                        extensions={"code": "GRAPHQL_VALIDATION_FAILED", "limit": "query_fields"},
                    )
                )

    return MaxFieldsRule


def _count(
    selection_set: SelectionSetNode | None, fragments: dict[str, Any], visiting: set[str], limit: int
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if total > limit:
            return total  # stop early: the answer is already "too many"
        if isinstance(selection, FieldNode):
            total += 1 + _count(selection.selection_set, fragments, visiting, limit - total)
        elif isinstance(selection, InlineFragmentNode):
            total += _count(selection.selection_set, fragments, visiting, limit - total)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visiting or name not in fragments:
                continue  # cycles and unknown fragments are other rules' errors
            total += _count(fragments[name].selection_set, fragments, visiting | {name}, limit - total)
    return total


class SafeQueryDepthLimiter(QueryDepthLimiter):
    """Strawberry's depth limiter, minus its crash on an empty selection set.

    graphql-core 3.3 parses `{ me { } }`; the limiter then fails inside `max()` while
    building its rule, which would surface as INTERNAL_SERVER_ERROR. Here that document
    gets a validation error like any other malformed query.
    """

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth=max_depth)
        rules: list[type[ASTValidationRule]] = []
        for rule in self.validation_rules:

            class Guarded(rule):  # type: ignore[valid-type, misc]
                def __init__(self, context: ValidationContext) -> None:
                    try:
                        super().__init__(context)
                    except ValueError:
                        ValidationRule.__init__(self, context)
                        context.report_error(
                            GraphQLError(
                                "Selection sets must not be empty.",
                                extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                            )
                        )

            rules.append(Guarded)
        self.validation_rules = rules
