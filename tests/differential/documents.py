"""Documents for the differential test: the contract's queries, the suite's own, and generated ones."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    get_named_type,
    parse,
    visit,
)
from graphql.language import Visitor
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parents[1]

# Which of the world's ids (or values) feeds an argument: "field.argument" first, then "argument".
ARGUMENTS: dict[str, str] = {
    "project.id": "projectId",
    "template.id": "templateId",
    "generationJob.id": "jobId",
    "generationProgress.jobId": "jobId",
}


def argument_value(field: str, argument: str, world: dict[str, Any]) -> Any:
    key = ARGUMENTS.get(f"{field}.{argument}", argument)
    return world.get(key)


def full_selection(gtype: GraphQLType, depth: int) -> str:
    """Every field without required arguments, to `depth` levels of objects."""
    target = get_named_type(gtype)
    if not isinstance(target, GraphQLObjectType):
        return ""
    parts = []
    for name, field in target.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLObjectType):
            if depth > 1:
                parts.append(f"{name} {full_selection(inner, depth - 1)}")
        else:
            parts.append(name)
    return "{ " + " ".join(parts or ["__typename"]) + " }"


def root_query(
    schema: GraphQLSchema, name: str, world: dict[str, Any], depth: int
) -> tuple[str, dict[str, Any]]:
    assert schema.query_type is not None
    field = schema.query_type.fields[name]
    values = {arg: argument_value(name, arg, world) for arg in field.args}
    present = {arg: value for arg, value in values.items() if value is not None}
    return operation("query", name, field, present, full_selection(field.type, depth))


def operation(
    kind: str, name: str, field: GraphQLField, values: dict[str, Any], selection: str
) -> tuple[str, dict[str, Any]]:
    """`kind Op($a: T, ...) { name(a: $a, ...) selection }` with `values` as its variables."""
    params = [f"${arg}: {field.args[arg].type}" for arg in values]
    args = [f"{arg}: ${arg}" for arg in values]
    signature = f"({', '.join(params)})" if params else ""
    call = f"({', '.join(args)})" if args else ""
    return f"{kind} Op{signature} {{ {name}{call} {selection} }}", dict(values)


def suite_queries() -> list[str]:
    """Every string literal in the tests that parses as a document of queries only."""
    found: set[str] = set()
    for path in sorted(TESTS.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value.strip()
            if not text.startswith(("query", "{", "fragment")) or "{" not in text:
                continue
            try:
                document = parse(text)
            except GraphQLError:
                continue
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) == 1 and operations[0].operation == OperationType.QUERY:
                found.add(text)
    return sorted(found)


def variables_for(document: str, world: dict[str, Any]) -> dict[str, Any]:
    """A value for each variable from the argument it feeds (`project(id: $x)`: the project's id)."""
    values: dict[str, Any] = {}

    class Usages(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    value = argument_value(node.name.value, argument.name.value, world)
                    if value is not None:
                        values[argument.value.name.value] = value

    visit(parse(document), Usages())
    return values


@st.composite
def selections(draw: st.DrawFn, gtype: GraphQLObjectType, depth: int) -> str:
    """A random selection of `gtype`: subsets, aliases, repeats, fragments, @include/@skip, __typename."""
    fields = [
        (name, field)
        for name, field in gtype.fields.items()
        if not any(isinstance(a.type, GraphQLNonNull) for a in field.args.values())
    ]
    chosen = draw(st.lists(st.sampled_from(fields), min_size=1, max_size=6))
    parts = []
    for index, (name, field) in enumerate(chosen):
        inner = get_named_type(field.type)
        sub = ""
        if isinstance(inner, GraphQLObjectType):
            if depth <= 1:
                continue
            sub = f" {{ {draw(selections(inner, depth - 1))} }}"
        alias = f"a{index}: " if draw(st.booleans()) else ""
        directive = draw(
            st.sampled_from(["", "", " @include(if: $yes)", " @skip(if: $yes)", " @skip(if: $no)"])
        )
        text = f"{alias}{name}{directive}{sub}"
        if draw(st.integers(0, 5)) == 0:
            text = f"... on {gtype.name} {{ {text} }}"
        parts.append(text)
    if draw(st.booleans()):
        parts.append("__typename")
    return " ".join(parts or ["__typename"])
