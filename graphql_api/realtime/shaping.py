"""Running a subscription document against one state of its source: what `next` carries.

graphql-core executes a subscription operation like a query whose root value is the
event, so the client's own selection set shapes every message, on every transport.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationType,
    VariableNode,
    get_operation_ast,
    parse,
    validate,
)
from graphql.execution import ExecutionResult, execute

from graphql_api.schema.context import Context
from graphql_api.schema.errors import process_errors
from graphql_api.schema.limits import document_errors

if TYPE_CHECKING:
    from graphql_api.container import Container
    from graphql_api.schema.build import ApiSchema
    from graphql_api.services.models import User

NOT_A_SUBSCRIPTION = (
    "Only subscription operations run over this socket; send queries and mutations over HTTP."
)


@lru_cache(maxsize=256)
def parsed(text: str) -> DocumentNode:
    return parse(text)


def checked(
    schema: ApiSchema, container: Container, payload: dict[str, Any]
) -> tuple[DocumentNode | None, list[dict[str, Any]]]:
    """The document when it may run as a subscription; else the errors, shaped as over HTTP."""
    query = payload.get("query")
    errors: list[GraphQLError]
    document: DocumentNode | None = None
    if not isinstance(query, str):
        errors = [GraphQLError("A subscribe message needs a query.")]
    else:
        try:
            document = parsed(query)
        except GraphQLError as exc:
            errors = [exc]
        else:
            errors = document_errors(document, container.settings.limits) or validate(schema.core, document)
            operation = get_operation_ast(document, payload.get("operationName"))
            if not errors and (operation is None or operation.operation != OperationType.SUBSCRIPTION):
                errors = [GraphQLError(NOT_A_SUBSCRIPTION)]
                errors[0].extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
    if errors:
        return None, _formatted(errors)
    return document, []


def root_field(document: DocumentNode, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The subscription's field and its literal or variable arguments (validation checked their types)."""
    operation = get_operation_ast(document, payload.get("operationName"))
    assert operation is not None  # noqa: S101 - checked() accepted it
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)  # noqa: S101 - a subscription selects one root field
    given = payload.get("variables")
    variables: dict[str, Any] = given if isinstance(given, dict) else {}
    arguments: dict[str, Any] = {}
    for argument in field.arguments or ():
        value = argument.value
        if isinstance(value, VariableNode):
            arguments[argument.name.value] = variables.get(value.name.value)
        else:
            arguments[argument.name.value] = getattr(value, "value", None)
    return field.name.value, arguments


def _formatted(errors: list[GraphQLError]) -> list[dict[str, Any]]:
    process_errors(errors, None)
    return [dict(e.formatted) for e in errors]


async def shaped(
    schema: ApiSchema,
    container: Container,
    document: DocumentNode,
    variables: dict[str, Any],
    root: object,
    user: User,
) -> dict[str, Any]:
    """`next`'s payload: the selection set run against `root` as `user` would see it."""
    context = Context(container=container, _user=user)
    result = execute(schema.core, document, root_value=root, context_value=context, variable_values=variables)
    if not isinstance(result, ExecutionResult):
        result = await result
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = _formatted(list(result.errors))
    return payload
