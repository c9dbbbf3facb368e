"""Where the compiled path must hand over: errors, awaitables, odd values, resolvers it cannot call.

A small schema whose objects hold each kind of trouble, run with and without the
compiled path; the whole result (data, then each error's message, path and
location) must be the same, and the well-behaved parts must really have run compiled.
"""

from __future__ import annotations

import asyncio
import enum
import json
from typing import Any

import pydantic
import pytest
import strawberry

from graphql_api.schema.compiled import CompiledExecutionContext


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"


@strawberry.type
class Leaf:
    name: str
    count: int
    ratio: float
    colour: Colour
    tags: list[str]
    maybe: str | None

    @strawberry.field
    def shout(self) -> str:
        if self.name == "boom":
            msg = "resolver failed"
            raise ValueError(msg)
        return self.name.upper()

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return f"later {self.name}"


class Point(pydantic.BaseModel):
    x: int


@strawberry.experimental.pydantic.type(model=Point, all_fields=True)
class PointType:  # Strawberry gives it an is_type_of: the compiled path asks it too
    pass


@strawberry.type
class Branch:
    leaves: list[Leaf]
    optional: Leaf | None
    required: Leaf
    points: list[PointType | None]


def _leaf(name: str = "ok", **overrides: Any) -> Leaf:
    values: dict[str, Any] = {
        "name": name,
        "count": 2,
        "ratio": 0.5,
        "colour": Colour.RED,
        "tags": ["a", "b"],
        "maybe": None,
    }
    values.update(overrides)
    return Leaf(**values)


def _awaitable_name() -> Any:
    async def name() -> str:
        return "awaited"

    return name()


CASES: dict[str, Leaf] = {
    "plain": _leaf(),
    "none in a non-null string": _leaf(name=None),
    "int beyond 32 bits": _leaf(count=2**40),
    "an int where a float goes": _leaf(ratio=3),
    "nan": _leaf(ratio=float("nan")),
    "a string where an enum goes": _leaf(colour="red"),
    "a tuple list": _leaf(tags=("x", "y")),
    "a string where a list goes": _leaf(tags="xy"),
    "none inside a list": _leaf(tags=["x", None]),
    "a resolver that raises": _leaf(name="boom"),
    "an awaitable attribute": _leaf(name="awaitable"),
    "a bool where an int goes": _leaf(count=True),
    "an object of another type where a point goes": _leaf(),
}
SELECTION = "name count ratio colour tags maybe shout __typename"


@strawberry.type
class Query:
    @strawberry.field
    def branch(self, case: str) -> Branch:
        leaf = CASES[case]
        if case == "an awaitable attribute":
            leaf = _leaf(name=_awaitable_name())
        points: list[Any] = [PointType.from_pydantic(Point(x=1)), Point(x=2)]  # the model itself passes too
        if case == "an object of another type where a point goes":
            points.append(leaf)
        return Branch(
            leaves=[_leaf("first"), leaf, _leaf("last")], optional=leaf, required=_leaf("fine"), points=points
        )


class CountingContext(CompiledExecutionContext):
    plans_run = 0

    def execute_fields(self, *args: Any, **kwargs: Any) -> Any:
        result = super().execute_fields(*args, **kwargs)
        if self.is_awaitable(result):
            return self._count_later(result, args[3])
        type(self).plans_run += self.ran_compiled(args[3])  # the grouped field set
        return result

    async def _count_later(self, result: Any, fields: Any) -> Any:
        value = await result
        type(self).plans_run += self.ran_compiled(fields)
        return value


COMPILED = strawberry.Schema(query=Query, execution_context_class=CountingContext)
STANDARD = strawberry.Schema(query=Query)


async def _answer(schema: strawberry.Schema, document: str, case: str) -> str:
    result = await schema.execute(document, variable_values={"case": case})
    errors = [error.formatted for error in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors})


@pytest.mark.parametrize("case", list(CASES))
async def test_compiled_and_graphql_core_agree(case: str) -> None:
    document = (
        "query($case: String!) { branch(case: $case) { "
        f"leaves {{ {SELECTION} }} optional {{ {SELECTION} }} required {{ name }} "
        f"again: leaves {{ later count }} points {{ x }} }} }}"
    )
    compiled = await _answer(COMPILED, document, case)
    assert compiled == await _answer(STANDARD, document, case)
    if case == "plain":
        assert json.loads(compiled)["errors"] == []


async def test_the_plain_parts_really_ran_compiled() -> None:
    CountingContext.plans_run = 0
    document = (
        f"query($case: String!) {{ branch(case: $case) {{ leaves {{ {SELECTION} }} required {{ name }} }} }}"
    )
    await _answer(COMPILED, document, "plain")
    assert CountingContext.plans_run == 1  # branch, its leaves and required: one compiled plan
    CountingContext.plans_run = 0
    answer = await _answer(COMPILED, document.replace("shout", "later"), "plain")
    # An async field is graphql-core's, at its path; the rest of its object, the list and the
    # branch around it still run compiled, in one plan.
    assert CountingContext.plans_run == 1
    assert json.loads(answer)["data"]["branch"]["leaves"][0]["later"] == "later first"
