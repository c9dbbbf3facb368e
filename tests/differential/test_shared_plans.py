"""What the compiled path leaves to graphql-core, and plans shared across requests.

A project read asks for content, generation, myRole and members: data loaded before
execution, so no field below the root goes through graphql-core's executor. A page of
projects has no texts loaded: there each `content` is graphql-core's, at its path, and
the rest of the page is still compiled. A second request of the same document compiles
nothing; one with other @include values gets its own plan; every read sees the stored
plan (plans hold functions, never values).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from graphql_api.schema.build import ApiSchema, configured_schema
from graphql_api.schema.compiled import CompiledExecutionContext, Plan
from graphql_api.schema.context import Context
from tests.conftest import api_with
from tests.differential.test_compiled_paths import ROOMY, World, _build

CONTENT = "content { summary objectives deliverables { name description } }"
SPRINT = f"id name goal generation {{ engine model cached generatedAt repairs fixes }} {CONTENT.replace('objectives deliverables { name description }', 'definitionOfDone')} tasks {{ id title status }}"
PROJECT = (
    "id name myRole members { userId name role } "
    f"phases {{ id name generation {{ engine }} {CONTENT} sprints {{ {SPRINT} }} }}"
)


class Counting(CompiledExecutionContext):
    """Counts graphql-core's field executions and the plans compiled."""

    fields: ClassVar[list[str]] = []
    compiles: ClassVar[int] = 0

    def execute_field(self, parent_type: Any, source: Any, details: Any, path: Any, position: Any) -> Any:
        type(self).fields.append(f"{parent_type.name}.{details[0].node.name.value}")
        return super().execute_field(parent_type, source, details, path, position)

    def _compile(self, parent_type: Any, grouped_field_set: Any) -> Plan | None:
        type(self).compiles += 1
        return super()._compile(parent_type, grouped_field_set)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with api_with("sqlite", tmp_path, limits=ROOMY) as (api, container):
        yield await _build(api, container)


async def _run(world: World, document: str, variables: dict[str, Any], who: str = "owner") -> dict[str, Any]:
    """One request through the world's counting schema (built once: its plans are shared)."""
    schema: ApiSchema | None = getattr(world, "counting_schema", None)
    if schema is None:
        schema = configured_schema(world.container.settings)
        schema.execution_context_class = Counting
        world.counting_schema = schema  # type: ignore[attr-defined]
    Counting.fields.clear()
    Counting.compiles = 0
    context = Context(container=world.container, authorization=f"Bearer {world.tokens[who]}")
    result = await schema.execute(document, variable_values=variables, context_value=context)
    assert not result.errors, result.errors
    assert result.data is not None
    return result.data


async def test_a_project_read_with_content_and_roles_never_leaves_the_compiled_path(world: World) -> None:
    document = f"query($id: ID!) {{ project(id: $id) {{ {PROJECT} }} }}"
    data = await _run(world, document, {"id": world.ids["projectId"]}, "viewer")
    assert Counting.fields == ["Query.project"]  # the root only
    project = data["project"]
    assert project["myRole"] == "VIEWER"
    assert all(p["content"]["summary"] for p in project["phases"])  # generated: real content, compiled
    assert any(s["content"] for p in project["phases"] for s in p["sprints"])


async def test_a_page_without_texts_hands_only_content_to_graphql_core(world: World) -> None:
    document = f"{{ projects(limit: 5) {{ items {{ {PROJECT} }} }} }}"
    data = await _run(world, document, {})
    (project,) = data["projects"]["items"]
    phases = project["phases"]
    sprints = [s for p in phases for s in p["sprints"]]
    handed = sorted(set(Counting.fields))
    assert handed == ["Phase.content", "Query.projects", "Sprint.content"]
    assert Counting.fields.count("Phase.content") == len(phases)
    assert Counting.fields.count("Sprint.content") == len(sprints)
    assert all(p["content"]["summary"] for p in phases)  # loaded through the DataLoader, in one batch


async def test_plans_are_shared_per_document_and_include_values_and_reads_stay_fresh(world: World) -> None:
    document = (
        "query($id: ID!, $tasks: Boolean!) { project(id: $id) { id name version "
        "phases { id sprints { id tasks @include(if: $tasks) { id title } } } } }"
    )
    pid = world.ids["projectId"]
    first = await _run(world, document, {"id": pid, "tasks": True})
    assert Counting.compiles > 0
    again = await _run(world, document, {"id": pid, "tasks": True})
    assert Counting.compiles == 0  # the same plans, from the shared cache
    assert again == first
    without = await _run(world, document, {"id": pid, "tasks": False})
    assert Counting.compiles > 0  # another @include value: another plan
    assert "tasks" not in without["project"]["phases"][0]["sprints"][0]
    owner = world.tokens["owner"]
    rename = 'mutation($p: ID!) { updateProject(id: $p, input: {name: "Renamed pump controller"}) { id } }'
    context = Context(container=world.container, authorization=f"Bearer {owner}")
    assert not (await world.schemas[0].execute(rename, {"p": pid}, context_value=context)).errors
    fresh = await _run(world, document, {"id": pid, "tasks": True})
    assert Counting.compiles == 0
    assert fresh["project"]["name"] == "Renamed pump controller"
    assert fresh["project"]["version"] == first["project"]["version"] + 1
    assert json.dumps(fresh["project"]["phases"]) == json.dumps(first["project"]["phases"])


async def test_a_switch_inside_a_fragment_keys_the_plan_too(world: World) -> None:
    document = (
        "query($id: ID!, $tasks: Boolean!) { project(id: $id) { phases { sprints { ...S } } } } "
        "fragment S on Sprint { id tasks @include(if: $tasks) { id } }"
    )
    pid = world.ids["projectId"]
    shown = await _run(world, document, {"id": pid, "tasks": True})
    hidden = await _run(world, document, {"id": pid, "tasks": False})
    assert "tasks" in shown["project"]["phases"][0]["sprints"][0]
    assert "tasks" not in hidden["project"]["phases"][0]["sprints"][0]
    assert Counting.compiles > 0  # the variant was compiled, not taken from the other's plan
    again = await _run(world, document, {"id": pid, "tasks": False})
    assert (again, Counting.compiles) == (hidden, 0)
