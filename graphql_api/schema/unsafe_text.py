"""Text no store or encoder takes: NUL characters and lone UTF-16 surrogates.

JSON can carry them (a `ud800` escape), Python keeps them, and then SQLite, DynamoDB, bcrypt
or a report fails on them. They are refused for every argument and input field at once,
before anything runs, as BAD_USER_INPUT naming the field. Other control characters and
bidirectional overrides are the services' rules (`validation.text` and `name`).
"""

from __future__ import annotations

import re

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    ObjectFieldNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)

_UNSAFE = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates: no store or encoder takes them


def _unsafe_variable(value: object, field: str | None) -> str | None:
    """The input field (the innermost key) holding an unsafe string, if any."""
    stack: list[tuple[object, str | None]] = [(value, field)]
    while stack:
        current, name = stack.pop()
        if isinstance(current, str):
            if _UNSAFE.search(current):
                return name or "variables"
        elif isinstance(current, dict):
            stack.extend((v, str(k)) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, name) for v in current)
    return None


def _unsafe_literal(document: DocumentNode) -> tuple[str | None, dict[str, str]]:
    """The argument or input field whose string literal is unsafe, if any, and what each variable feeds.

    An error names the input field a variable feeds, not the variable.
    """
    found: list[str] = []
    fed: dict[str, str] = {}

    class Finder(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: object) -> None:
            self._check(node.value, node.name.value)

        def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
            self._check(node.value, node.name.value)

        @staticmethod
        def _check(value: ValueNode, name: str) -> None:
            if isinstance(value, StringValueNode) and _UNSAFE.search(value.value):
                found.append(name)
            elif isinstance(value, VariableNode):
                fed.setdefault(value.name.value, name)

    visit(document, Finder())
    return (found[0] if found else None), fed


def unsafe_text_errors(document: DocumentNode, variables: dict[str, object] | None) -> list[GraphQLError]:
    """NUL characters and lone surrogates are BAD_USER_INPUT on their field, before anything runs."""
    field, fed = _unsafe_literal(document)
    for name, value in (variables or {}).items():
        if field is not None:
            break
        field = _unsafe_variable(value, fed.get(name, name))
    if field is None:
        return []
    message = f"{field} must be valid text: no NUL characters and no lone UTF-16 surrogates."
    return [GraphQLError(message, extensions={"code": "BAD_USER_INPUT", "field": field})]
