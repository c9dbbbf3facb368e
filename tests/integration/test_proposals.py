"""Proposals on both backends: AI results that would change existing work, reviewed and decided.

The sprint answers come from the fake Bedrock server (the real boto3 parses them), so
every diff below is worked out by hand: the same title is the same task, started,
finished, hand-made and assigned work is never proposed for removal, an unchanged item
makes no change.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from graphql_api.container import Container, build_container
from graphql_api.jobs.local import LocalRunner
from tests.conftest import Api, RequestCounter, add_member, asgi_client, make_settings
from tests.fakes.model_servers import FakeBedrock
from tests.integration.ai.conftest import REMOTE_PLAN

PLAN = """mutation($p: ID!, $ph: ID!, $s: ID!, $m: ApplyMode!) {
  generateSprint(projectId: $p, phaseId: $ph, sprintId: $s, input: {apply: $m, useCache: false}) { id } }"""
JOB = """query($id: ID!) { generationJob(id: $id) { status message
  proposal { id status kind baseVersion jobId changes { id kind target taskId summary before after accepted } } } }"""
SPRINT = """query($id: ID!) { project(id: $id) { version phases { sprints { goal
  tasks { id title estimateHours status description } } } } }"""
PROPOSALS = """query($id: ID!, $s: ProposalStatus) { project(id: $id) {
  proposals(status: $s) { id status decidedBy decidedAt changes { id kind accepted taskId } } } }"""
ACCEPT = """mutation($p: ID!, $q: ID!, $c: [ID!]) { acceptProposal(projectId: $p, proposalId: $q, changeIds: $c) {
  version phases { sprints { tasks { title estimateHours } } } } }"""
REJECT = (
    "mutation($p: ID!, $q: ID!) { rejectProposal(projectId: $p, proposalId: $q) { id status decidedAt } }"
)
TASK = "mutation($p: ID!, $t: ID!, $i: UpdateTaskInput!) { updateTask(projectId: $p, taskId: $t, input: $i) { id } }"
ADD = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"""


def answer(goal: str, *tasks: tuple[str, float]) -> dict[str, Any]:
    return {
        "goal": goal,
        "summary": f"{goal}, as the model wrote it.",
        "definition_of_done": ["Checked"],
        "tasks": [
            {"title": t, "description": f"{t}.", "estimate_hours": h, "story_points": 2} for t, h in tasks
        ],
    }


FIRST = answer("Survey and design", ("Survey piers", 8), ("Design cap beam", 16), ("Order rebar", 4))
SECOND = answer("Build the cap beam", ("Survey piers", 12), ("Pour cap beam", 24), ("Design cap beam", 16))


@pytest.fixture(scope="module")
def bedrock() -> Iterator[FakeBedrock]:
    server = FakeBedrock().start()
    yield server
    server.stop()


@pytest.fixture
async def world(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, bedrock: FakeBedrock
) -> AsyncIterator[tuple[Api, Container, FakeBedrock]]:
    bedrock.reset()
    endpoint = request.getfixturevalue("moto_endpoint") if backend == "dynamodb" else None
    settings = make_settings(
        backend,
        tmp_path,
        endpoint,
        bedrock_enabled=True,
        bedrock_endpoint_url=bedrock.url,
        ai_engines="bedrock,local",
    )
    built = build_container(settings)
    await built.store.create_tables()
    try:
        async with asgi_client(built) as http:
            yield Api(http), built, bedrock
    finally:
        built.close()


async def _generate(
    api: Api, container: Container, token: str, where: dict[str, str], mode: str
) -> dict[str, Any]:
    job = (await api.ok(PLAN, {**where, "m": mode}, token))["generateSprint"]["id"]
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    found: dict[str, Any] = (await api.ok(JOB, {"id": job}, token))["generationJob"]
    return found


async def _tasks(api: Api, token: str, project_id: str) -> dict[str, dict[str, Any]]:
    sprint = (await api.ok(SPRINT, {"id": project_id}, token))["project"]["phases"][0]["sprints"][0]
    return {t["title"]: t for t in sprint["tasks"]}


async def _worked_on(
    api: Api, container: Container, bedrock: FakeBedrock
) -> tuple[str, dict[str, str], dict[str, dict[str, Any]]]:
    """A sprint written at once (AUTO, empty sprint), then worked on: one task DONE, one added by hand."""
    token, _ = await api.register()
    layout = [{"name": "Pier works", "durationWeeks": 4, "sprintCount": 2}]
    project = await api.create_project(token, disciplines=["civil"], phases=layout)
    phase = project["phases"][0]
    where = {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}
    bedrock.script(lambda: bedrock.ok(FIRST))
    written = await _generate(api, container, token, where, "AUTO")
    assert (written["status"], written["proposal"]) == ("SUCCEEDED", None)  # an empty sprint: written
    tasks = await _tasks(api, token, project["id"])
    assert list(tasks) == ["Survey piers", "Design cap beam", "Order rebar"]
    await api.ok(
        TASK, {"p": project["id"], "t": tasks["Design cap beam"]["id"], "i": {"status": "DONE"}}, token
    )
    await api.ok(ADD, {**where, "i": {"title": "Site visit", "estimateHours": 3}}, token)
    return token, where, await _tasks(api, token, project["id"])


async def test_a_regenerated_sprint_is_proposed_item_by_item_and_accepted_in_part(
    world: tuple[Api, Container, FakeBedrock],
) -> None:
    api, container, bedrock = world
    token, where, before = await _worked_on(api, container, bedrock)
    pid = where["p"]
    version = (await api.ok(SPRINT, {"id": pid}, token))["project"]["version"]
    bedrock.script(lambda: bedrock.ok(SECOND))
    job = await _generate(api, container, token, where, "AUTO")
    proposal = job["proposal"]
    assert job["status"] == "SUCCEEDED"
    assert job["message"] == "Sprint 'Sprint 1': 4 changes proposed for review"
    assert (proposal["status"], proposal["kind"], proposal["baseVersion"]) == ("OPEN", "SPRINT", version)
    changes = {c["summary"]: c for c in proposal["changes"]}
    assert list(changes) == [
        "Set the goal of 'Sprint 1': 'Build the cap beam'",
        "Update task 'Survey piers' (estimateHours 8.0 -> 12.0)",
        "Add task 'Pour cap beam' (24 h)",
        "Remove task 'Order rebar' (4 h, not started)",
    ]  # 'Design cap beam' (DONE, unchanged) and 'Site visit' (hand-made) make no change
    update = changes["Update task 'Survey piers' (estimateHours 8.0 -> 12.0)"]
    assert update["taskId"] == before["Survey piers"]["id"]
    assert (update["before"]["estimateHours"], update["after"]["estimateHours"]) == (8.0, 12.0)
    assert update["before"]["description"] == "Survey piers."
    add, remove = (
        changes["Add task 'Pour cap beam' (24 h)"],
        changes["Remove task 'Order rebar' (4 h, not started)"],
    )
    assert (add["before"], add["taskId"], remove["after"]) == (None, None, None)
    assert all(c["accepted"] is None for c in proposal["changes"])
    # Nothing in the plan moved yet.
    assert await _tasks(api, token, pid) == before
    # Accept the addition and the removal only: one write.
    accepted = (await api.ok(ACCEPT, {"p": pid, "q": proposal["id"], "c": [add["id"], remove["id"]]}, token))[
        "acceptProposal"
    ]
    assert accepted["version"] == version + 2  # the proposal's own write, then the accept
    after = await _tasks(api, token, pid)
    assert list(after) == ["Survey piers", "Design cap beam", "Site visit", "Pour cap beam"]
    assert after["Survey piers"]["estimateHours"] == 8  # the declined update left it as it was
    assert after["Pour cap beam"]["description"] == "Pour cap beam."
    assert after["Design cap beam"]["status"] == "DONE"
    decided = (await api.ok(PROPOSALS, {"id": pid}, token))["project"]["proposals"][0]
    assert decided["status"] == "PARTLY_ACCEPTED"
    assert decided["decidedBy"]
    assert decided["decidedAt"]
    flags = {c["id"]: c["accepted"] for c in decided["changes"]}
    assert flags == {c["id"]: c["id"] in {add["id"], remove["id"]} for c in proposal["changes"]}
    added = next(c for c in decided["changes"] if c["id"] == add["id"])
    assert added["taskId"] == after["Pour cap beam"]["id"]  # set once accepted
    # A decided proposal cannot be decided again.
    again = await api.error(ACCEPT, {"p": pid, "q": proposal["id"], "c": None}, token)
    assert again["extensions"] == {"code": "BAD_USER_INPUT", "field": "proposalId"}


async def test_an_edited_target_is_a_conflict_and_nothing_is_written(
    world: tuple[Api, Container, FakeBedrock],
) -> None:
    api, container, bedrock = world
    token, where, before = await _worked_on(api, container, bedrock)
    pid = where["p"]
    bedrock.script(lambda: bedrock.ok(SECOND))
    proposal = (await _generate(api, container, token, where, "PROPOSE"))["proposal"]
    update = next(c for c in proposal["changes"] if c["kind"] == "UPDATE" and c["target"] == "TASK")
    # A person edits the task the proposal would update, and moves the one it would remove.
    await api.ok(TASK, {"p": pid, "t": before["Survey piers"]["id"], "i": {"estimateHours": 9}}, token)
    move = "mutation($p: ID!, $t: ID!, $s: ID!) { moveTask(projectId: $p, taskId: $t, sprintId: $s) { id } }"
    second_sprint = (
        await api.ok("query($id: ID!) { project(id: $id) { phases { sprints { id } } } }", {"id": pid}, token)
    )["project"]["phases"][0]["sprints"][1]["id"]
    await api.ok(move, {"p": pid, "t": before["Order rebar"]["id"], "s": second_sprint}, token)
    remove = next(c for c in proposal["changes"] if c["kind"] == "REMOVE")
    version = (await api.ok(SPRINT, {"id": pid}, token))["project"]["version"]
    error = await api.error(ACCEPT, {"p": pid, "q": proposal["id"], "c": None}, token)
    assert error["extensions"] == {"code": "CONFLICT", "changeIds": [update["id"], remove["id"]]}
    assert (await api.ok(SPRINT, {"id": pid}, token))["project"]["version"] == version  # nothing written
    assert "Pour cap beam" not in await _tasks(api, token, pid)
    # The changes that do not clash can still be taken.
    rest = [c["id"] for c in proposal["changes"] if c["id"] not in {update["id"], remove["id"]}]
    await api.ok(ACCEPT, {"p": pid, "q": proposal["id"], "c": rest}, token)
    assert "Pour cap beam" in await _tasks(api, token, pid)


async def test_a_newer_proposal_supersedes_and_a_rejection_changes_nothing(
    world: tuple[Api, Container, FakeBedrock],
) -> None:
    api, container, bedrock = world
    token, where, before = await _worked_on(api, container, bedrock)
    pid = where["p"]
    bedrock.script(lambda: bedrock.ok(SECOND), lambda: bedrock.ok(SECOND))
    older = (await _generate(api, container, token, where, "AUTO"))["proposal"]
    newer = (await _generate(api, container, token, where, "AUTO"))["proposal"]
    listed = (await api.ok(PROPOSALS, {"id": pid}, token))["project"]["proposals"]
    assert [(p["id"], p["status"]) for p in listed] == [(newer["id"], "OPEN"), (older["id"], "SUPERSEDED")]
    only_open = (await api.ok(PROPOSALS, {"id": pid, "s": "OPEN"}, token))["project"]["proposals"]
    assert [p["id"] for p in only_open] == [newer["id"]]
    superseded = await api.error(ACCEPT, {"p": pid, "q": older["id"], "c": None}, token)
    assert superseded["extensions"]["code"] == "BAD_USER_INPUT"
    rejected = (await api.ok(REJECT, {"p": pid, "q": newer["id"]}, token))["rejectProposal"]
    assert rejected["status"] == "REJECTED"
    assert rejected["decidedAt"]
    assert await _tasks(api, token, pid) == before
    # A viewer sees proposals but may not decide them.
    viewer, _, _ = await add_member(api, container, token, pid, "VIEWER", "Vera")
    assert len((await api.ok(PROPOSALS, {"id": pid}, viewer))["project"]["proposals"]) == 2
    refused = await api.error(REJECT, {"p": pid, "q": newer["id"]}, viewer)
    assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_an_unchanged_answer_makes_no_proposal(world: tuple[Api, Container, FakeBedrock]) -> None:
    api, container, bedrock = world
    token, _ = await api.register()
    layout = [{"name": "Pier works", "durationWeeks": 4, "sprintCount": 1}]
    project = await api.create_project(token, disciplines=["civil"], phases=layout)
    phase = project["phases"][0]
    where = {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}
    bedrock.script(lambda: bedrock.ok(FIRST), lambda: bedrock.ok(FIRST))
    await _generate(api, container, token, where, "AUTO")
    same = await _generate(api, container, token, where, "PROPOSE")
    assert same["proposal"] is None
    assert same["message"] == "Sprint 'Sprint 1': the new answer changes nothing"


async def test_phase_and_risk_results_are_proposed_and_accepted_into_the_plan(
    world: tuple[Api, Container, FakeBedrock],
) -> None:
    """The offline planner on the same project: a phase plan proposed into an empty phase, a register updated."""
    api, container, _ = world
    token, _ = await api.register()
    project = await api.create_project(
        token, templateId="builtin-civil-construction", constraints=["No works in spring"]
    )
    pid, phase = project["id"], project["phases"][0]
    local = {"e": "LOCAL"}
    phase_job = await api.ok(
        "mutation($p: ID!, $ph: ID!, $e: AIEngine!) { generatePhase(projectId: $p, phaseId: $ph, "
        "input: {apply: PROPOSE, engine: $e}) { id } }",
        {"p": pid, "ph": phase["id"], **local},
        token,
    )
    assess = "mutation($p: ID!, $e: AIEngine!) { assessRisks(projectId: $p, input: {engine: $e}) { id } }"
    await api.ok(assess, {"p": pid, **local}, token)  # AUTO into an empty register: written
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    job = (await api.ok(JOB, {"id": phase_job["generatePhase"]["id"]}, token))["generationJob"]
    [write] = job["proposal"]["changes"]
    assert (write["kind"], write["target"]) == ("ADD", "PHASE_CONTENT")
    assert write["after"]["deliverables"]
    content = "query($id: ID!) { project(id: $id) { phases { content { summary } } riskAssessment { id risks { id title likelihood owner status } } } }"
    assert (await api.ok(content, {"id": pid}, token))["project"]["phases"][0]["content"] is None
    await api.ok(ACCEPT, {"p": pid, "q": job["proposal"]["id"], "c": None}, token)
    read = (await api.ok(content, {"id": pid}, token))["project"]
    assert read["phases"][0]["content"]["summary"] == write["after"]["summary"]
    # The team works the register; a new assessment proposes to update it, keeping owner and status.
    risk = read["riskAssessment"]["risks"][0]
    update = "mutation($p: ID!, $r: ID!, $i: UpdateRiskInput!) { updateRisk(projectId: $p, riskId: $r, input: $i) { id } }"
    await api.ok(
        update,
        {"p": pid, "r": risk["id"], "i": {"likelihood": 5, "owner": "Ana", "status": "MITIGATING"}},
        token,
    )
    again = await api.ok(assess, {"p": pid, **local}, token)
    await container.dispatcher.drain()
    proposal = (await api.ok(JOB, {"id": again["assessRisks"]["id"]}, token))["generationJob"]["proposal"]
    [change] = proposal["changes"]
    assert (change["kind"], change["target"]) == ("UPDATE", "RISK")
    assert (change["before"]["likelihood"], change["after"]["likelihood"]) == (5, risk["likelihood"])
    assert (change["after"]["owner"], change["after"]["status"]) == ("Ana", "MITIGATING")
    await api.ok(ACCEPT, {"p": pid, "q": proposal["id"], "c": None}, token)
    register = (await api.ok(content, {"id": pid}, token))["project"]["riskAssessment"]
    assert register["id"] != read["riskAssessment"]["id"]  # a new latest assessment
    updated = next(r for r in register["risks"] if r["id"] == risk["id"])
    assert (updated["likelihood"], updated["owner"], updated["status"]) == (
        risk["likelihood"],
        "Ana",
        "MITIGATING",
    )


@pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)
async def test_accepting_costs_a_fixed_number_of_requests(world: tuple[Api, Container, FakeBedrock]) -> None:
    api, container, bedrock = world
    token, where, _ = await _worked_on(api, container, bedrock)
    bedrock.script(lambda: bedrock.ok(SECOND))
    proposal = (await _generate(api, container, token, where, "AUTO"))["proposal"]
    counter = RequestCounter()
    assert hasattr(container.store, "client")
    container.store.client.meta.events.register("before-send.dynamodb", counter)
    await api.ok("mutation($p: ID!, $q: ID!) { acceptProposal(projectId: $p, proposalId: $q) { id } }",
                 {"p": where["p"], "q": proposal["id"]}, token)  # fmt: skip
    # The caller, the outline (role and version), the phase's text; the proposal; one transaction.
    assert dict(counter.by_operation) == {"GetItem": 3, "BatchGetItem": 1, "TransactWriteItems": 1}


async def test_proposals_travel_in_the_json_export(world: tuple[Api, Container, FakeBedrock]) -> None:
    api, container, bedrock = world
    token, where, _ = await _worked_on(api, container, bedrock)
    bedrock.script(lambda: bedrock.ok(SECOND))
    proposal = (await _generate(api, container, token, where, "AUTO"))["proposal"]
    export = "mutation($p: ID!) { exportProject(projectId: $p, format: JSON) { content } }"
    doc = json.loads((await api.ok(export, {"p": where["p"]}, token))["exportProject"]["content"])
    [exported] = doc["project"]["proposals"]
    assert (exported["id"], exported["status"], len(exported["changes"])) == (proposal["id"], "OPEN", 4)
    assert exported["changes"][2]["summary"] == "Add task 'Pour cap beam' (24 h)"


async def test_a_whole_plan_proposes_once_for_every_target_with_work(
    world: tuple[Api, Container, FakeBedrock],
) -> None:
    api, container, bedrock = world
    token, _ = await api.register()
    layout = [{"name": "Pier works", "durationWeeks": 4, "sprintCount": 2}]
    pid = (await api.create_project(token, disciplines=["civil"], phases=layout))["id"]
    deck = answer("Deck", ("Lay deck units", 8))
    plan = "mutation($p: ID!) { generateProjectPlan(projectId: $p, input: {useCache: false}) { id } }"
    assert isinstance(container.dispatcher, LocalRunner)
    bedrock.script(*(lambda a=a: bedrock.ok(a) for a in (REMOTE_PLAN, FIRST, deck)))
    first = (await api.ok(plan, {"p": pid}, token))["generateProjectPlan"]["id"]
    await container.dispatcher.drain()
    assert (await api.ok(JOB, {"id": first}, token))["generationJob"][
        "proposal"
    ] is None  # all empty: written
    rewritten = {**REMOTE_PLAN, "summary": "A second look at the pier works."}
    bedrock.script(*(lambda a=a: bedrock.ok(a) for a in (rewritten, SECOND, deck)))
    second = (await api.ok(plan, {"p": pid}, token))["generateProjectPlan"]["id"]
    await container.dispatcher.drain()
    job = (await api.ok(JOB, {"id": second}, token))["generationJob"]
    proposal = job["proposal"]
    assert proposal["kind"] == "PROJECT_PLAN"
    assert [(c["id"], c["kind"], c["target"]) for c in proposal["changes"]] == [
        ("c1", "UPDATE", "PHASE_CONTENT"),
        ("c2", "UPDATE", "SPRINT_GOAL"),
        ("c3", "UPDATE", "TASK"),
        ("c4", "ADD", "TASK"),
        ("c5", "REMOVE", "TASK"),
    ]  # the second sprint's answer is what it has: no change
    assert job["message"].endswith("; 5 changes to existing work proposed for review")
    listed = (await api.ok(PROPOSALS, {"id": pid}, token))["project"]["proposals"]
    assert [p["id"] for p in listed] == [proposal["id"]]
