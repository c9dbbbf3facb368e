"""The compiled path answers exactly as graphql-core does: whole responses, byte for byte.

One shared project with everything a response can hold (generated content, members, an
assignee, links with lags, completed work with hours, a baseline, a risk assessment, a
pending invitation), read through two schemas on the same container: the compiled one
and one with COMPILED_EXECUTION off. Compared: the contract's every query with its whole
selection, every query document the test suite sends, and generated selections; as the
owner, an editor, a viewer and a stranger (whose answers are errors). The bytes compared are
the JSON of data and the formatted errors, as the HTTP layer would send them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLObjectType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphql_api.config import Limits
from graphql_api.container import Container
from graphql_api.jobs.local import LocalRunner
from graphql_api.schema.build import ApiSchema, configured_schema
from graphql_api.schema.context import Context
from tests.conftest import Api, add_member, api_with
from tests.differential.documents import root_query, selections, suite_queries, variables_for
from tests.differential.shadow import ShadowedExecutionContext

# Whole selections of the contract are far beyond what a client may send; both paths get them.
ROOMY = Limits(query_depth=14, query_fields=20_000, query_tokens=100_000, query_aliases=400)
CONTRACT_QUERIES = ("me", "projects", "project", "templates", "template", "generationJob", "aiStatus")
ROLES = ("owner", "editor", "viewer", "stranger")


class World:
    def __init__(self, container: Container, tokens: dict[str, str], ids: dict[str, Any]) -> None:
        self.container, self.tokens, self.ids = container, tokens, ids
        compiled = configured_schema(container.settings)
        graphql_core = configured_schema(container.settings.model_copy(update={"compiled_execution": False}))
        assert compiled.execution_context_class is ShadowedExecutionContext
        assert graphql_core.execution_context_class is not ShadowedExecutionContext
        self.schemas: tuple[ApiSchema, ApiSchema] = (compiled, graphql_core)

    async def both(self, document: str, variables: dict[str, Any], who: str) -> tuple[str, str]:
        answers = []
        for schema in self.schemas:
            context = Context(container=self.container, authorization=f"Bearer {self.tokens[who]}")
            result = await schema.execute(document, variable_values=variables, context_value=context)
            errors = [error.formatted for error in result.errors or []]
            answers.append(json.dumps({"data": result.data, "errors": errors}))
        return answers[0], answers[1]


async def _drain(container: Container) -> None:
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()


async def _build(api: Api, container: Container) -> World:
    owner, _ = await api.register("owner@example.com", name="Olive Owner")
    project = await api.create_project(
        owner,
        name="Pump controller",
        templateId="builtin-software-product",
        constraints=["IEC 62304 class B", "Budget 400k"],
        team=[{"name": "Ian", "role": "Firmware engineer", "allocation": 0.5}],
    )
    pid = project["id"]
    job = await api.ok("mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": pid}, owner)
    await _drain(container)
    editor, editor_id, _ = await add_member(api, container, owner, pid, "EDITOR", name="Eddie Editor")
    viewer, _, _ = await add_member(api, container, owner, pid, "VIEWER", name="Vera Viewer")
    stranger, _ = await api.register("stranger@example.com", name="Stan Stranger")
    read = await api.ok(
        "query($id: ID!) { project(id: $id) { phases { id sprints { id tasks { id } } } } }",
        {"id": pid},
        owner,
    )
    phases = read["project"]["phases"]
    first, second = phases[0]["sprints"][0]["tasks"][:2]
    done = {
        "status": "DONE",
        "actualHours": 6.5,
        "assigneeId": editor_id,
        "completedOn": datetime.now(UTC).date().isoformat(),
    }
    await api.ok(
        "mutation($p: ID!, $t: ID!, $i: UpdateTaskInput!) { updateTask(projectId: $p, taskId: $t, input: $i) { id } }",
        {"p": pid, "t": first["id"], "i": done},
        owner,
    )
    await api.ok(
        "mutation($p: ID!, $t: ID!, $d: [ID!]!) { setTaskDependencies(projectId: $p, taskId: $t, dependsOn: $d) { id } }",
        {"p": pid, "t": second["id"], "d": [first["id"]]},
        owner,
    )
    await api.ok(
        "mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) { setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id } }",
        {
            "p": pid,
            "ph": phases[2]["id"],
            "d": [{"phaseId": phases[0]["id"], "type": "START_TO_START", "lagDays": 3}],
        },
        owner,
    )
    await api.ok('mutation($p: ID!) { setBaseline(projectId: $p, name: "Agreed") { id } }', {"p": pid}, owner)
    await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": pid}, owner)
    await api.ok(
        'mutation($p: ID!) { inviteMember(projectId: $p, email: "later@example.com", role: VIEWER) { id } }',
        {"p": pid},
        owner,
    )
    template_job = await api.ok(
        'mutation { generateTemplate(input: {description: "Bridges", disciplines: ["civil"], name: "Mine"}) { id } }',
        None,
        owner,
    )
    await _drain(container)
    template = await api.ok(
        "query($id: ID!) { generationJob(id: $id) { template { id } } }",
        {"id": template_job["generateTemplate"]["id"]},
        owner,
    )
    ids = {
        "projectId": pid,
        "id": pid,
        "phaseId": phases[0]["id"],
        "sprintId": phases[0]["sprints"][0]["id"],
        "taskId": first["id"],
        "jobId": job["generateProjectPlan"]["id"],
        "templateId": template["generationJob"]["template"]["id"],
        "limit": 5,
        "asOf": "2027-02-01",
    }
    return World(container, {"owner": owner, "editor": editor, "viewer": viewer, "stranger": stranger}, ids)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with api_with("sqlite", tmp_path, limits=ROOMY) as (api, container):
        yield await _build(api, container)


async def test_every_contract_query_answers_the_same(world: World) -> None:
    core = world.schemas[0].core
    compared = 0
    for who in ROLES:
        for name in CONTRACT_QUERIES:
            document, variables = root_query(core, name, world.ids, depth=6)
            compiled, standard = await world.both(document, variables, who)
            assert compiled == standard, (who, document)
            compared += 1
    # The owner's whole project is data, not an error, and holds what the world put there.
    document, variables = root_query(core, "project", world.ids, depth=6)
    owner_view = json.loads((await world.both(document, variables, "owner"))[0])
    assert owner_view["errors"] == []
    text = json.dumps(owner_view["data"])
    for expected in ("Eddie Editor", "START_TO_START", "Agreed", "later@example.com", "IEC 62304"):
        assert expected in text
    assert compared == len(ROLES) * len(CONTRACT_QUERIES)


async def test_every_query_of_the_test_suite_answers_the_same(world: World) -> None:
    documents = suite_queries()
    assert len(documents) > 40  # the suite's queries, not a handful
    with_data = 0
    for document in documents:
        variables = variables_for(document, world.ids)
        compiled, standard = await world.both(document, variables, "owner")
        assert compiled == standard, document
        with_data += json.loads(compiled)["data"] is not None
    assert with_data > len(documents) // 2  # most run against real data, not into errors


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_generated_selections_answer_the_same(world: World, data: st.DataObject) -> None:
    project = world.schemas[0].core.get_type("Project")
    assert isinstance(project, GraphQLObjectType)
    selection = data.draw(selections(project, depth=5))
    document = (
        "query Op($id: ID!, $yes: Boolean!, $no: Boolean!) "
        f"{{ __typename @include(if: $yes) @skip(if: $no) project(id: $id) {{ {selection} }} }}"
    )
    variables = {
        "id": world.ids["projectId"],
        "yes": data.draw(st.booleans()),
        "no": data.draw(st.booleans()),
    }
    who = data.draw(st.sampled_from(["owner", "editor", "viewer"]))
    compiled, standard = await world.both(document, variables, who)
    assert compiled == standard, document
