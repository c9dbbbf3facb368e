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
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    ObjectFieldNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)

from graphql_api.schema.per_document import per_document

MAX_NUMBER_DIGITS = 40  # no Int or Float the API takes is longer
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


class _Scan(Visitor):
    """One pass over a document: unsafe strings, over-long numbers, what each variable feeds.

    An error names the argument or input field a variable feeds, not the variable.
    """

    def __init__(self) -> None:
        super().__init__()
        self.unsafe_field: str | None = None
        self.fed: dict[str, str] = {}
        self.long_numbers: list[IntValueNode | FloatValueNode] = []

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        self._check(node.value, node.name.value)

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        self._check(node.value, node.name.value)

    def enter_int_value(self, node: IntValueNode, *_: object) -> None:
        if len(node.value) > MAX_NUMBER_DIGITS:
            self.long_numbers.append(node)

    def enter_float_value(self, node: FloatValueNode, *_: object) -> None:
        if len(node.value) > MAX_NUMBER_DIGITS:
            self.long_numbers.append(node)

    def _check(self, value: ValueNode, name: str) -> None:
        if isinstance(value, StringValueNode) and _UNSAFE.search(value.value) and self.unsafe_field is None:
            self.unsafe_field = name
        elif isinstance(value, VariableNode):
            self.fed.setdefault(value.name.value, name)


def unsafe_text_errors(document: DocumentNode, variables: dict[str, object] | None) -> list[GraphQLError]:
    """Unsafe text is BAD_USER_INPUT on its field; an over-long number literal a validation error.

    graphql-core would fail converting a 5,000-digit literal (Python's digit limit).
    """
    scan = _scanned(document)
    if scan.long_numbers:
        message = f"A number literal has more than {MAX_NUMBER_DIGITS} digits."
        return [GraphQLError(message, scan.long_numbers, extensions={"code": "GRAPHQL_VALIDATION_FAILED"})]
    field = scan.unsafe_field
    for name, value in (variables or {}).items():
        if field is not None:
            break
        field = _unsafe_variable(value, scan.fed.get(name, name))
    if field is None:
        return []
    message = f"{field} must be valid text: no NUL characters and no lone UTF-16 surrogates."
    return [GraphQLError(message, extensions={"code": "BAD_USER_INPUT", "field": field})]


def variable_fields(document: DocumentNode) -> dict[str, str]:
    """Which argument or input field each variable of a document feeds."""
    return dict(_scanned(document).fed)


@per_document(maxsize=256)
def _scanned(document: DocumentNode) -> _Scan:
    """One scan per document (the parser cache hands the same document back); read only."""
    scan = _Scan()
    visit(document, scan)
    return scan
