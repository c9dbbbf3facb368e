"""Every error leaves with a contract `extensions.code`; unexpected ones are masked.

Service errors carry their code. Parse and validation errors become
GRAPHQL_VALIDATION_FAILED (bad variable values BAD_USER_INPUT). Anything else is a bug:
logged with its traceback server-side, sent as INTERNAL_SERVER_ERROR with no detail.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError

from graphql_api.ai.errors import AIUnavailableError
from graphql_api.core.errors import AppError
from graphql_api.schema.unsafe_text import variable_fields

if TYPE_CHECKING:
    from strawberry.types import ExecutionContext

logger = logging.getLogger("graphql_api.errors")
INTERNAL_MESSAGE = "Internal server error."


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


# A variable's value could not be coerced: the client's input, not its document.
_COERCION = re.compile(r"^Variable '\$(\w+)' (?:has invalid value|got invalid value)(?: at ([^:]+))?")


def _input_field(path: str | None, variable: str, fed: dict[str, str]) -> str:
    """The input field a coercion error is about: the path's last key, else what the variable feeds."""
    if path:
        keys = [k for k in re.split(r"[.\[\]]", path.strip().strip("'")) if k and not k.isdigit()]
        keys = [k for k in keys if k != variable]
        if keys:
            return keys[-1]
    return fed.get(variable, variable)


def shape_error(error: GraphQLError, fed: dict[str, str] | None = None) -> GraphQLError:
    original = error.original_error
    if isinstance(original, AppError):
        return _with(error, original.message, original.extensions())
    if isinstance(original, AIUnavailableError):
        return _with(error, original.message, {"code": original.code})
    if original is None or isinstance(original, GraphQLError):
        # GraphQL's own errors: parsing, validation, limits, variable coercion.
        extensions = {**(original.extensions or {} if original else {}), **(error.extensions or {})}
        if extensions.get("code"):
            return _with(error, error.message, extensions)
        coercion = _COERCION.match(error.message)
        if coercion is None:  # parse and validation errors, the document's variable definitions included
            return _with(error, error.message, {"code": "GRAPHQL_VALIDATION_FAILED"})
        field = _input_field(coercion[2], coercion[1], fed or {})
        return _with(error, error.message, {"code": "BAD_USER_INPUT", "field": field})
    return _with(error, INTERNAL_MESSAGE, {"code": "INTERNAL_SERVER_ERROR"})


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, AppError | AIUnavailableError | GraphQLError)


_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def process_errors(
    errors: list[GraphQLError], execution_context: ExecutionContext | None, *, suggestions: bool = True
) -> None:
    """Log what a developer must look at, then give every error its code in place.

    Strawberry calls this for every error path (parse errors included, which skip the
    extension hooks), so shaping here leaves no error without a code.
    """
    operation = execution_context.operation_name if execution_context else None
    document = execution_context.graphql_document if execution_context else None
    fed = variable_fields(document) if document is not None else {}
    for error in errors:
        if is_unexpected(error):
            logger.error(
                "unexpected error in %s at %s",
                operation or "anonymous operation",
                error.path,
                exc_info=error.original_error,
            )
        shaped = shape_error(error, fed)
        error.message = shaped.message if suggestions else _SUGGESTION.sub("", shaped.message)
        error.extensions = shaped.extensions
