"""Exact DynamoDB request counts per operation, counted as boto3 sends them.

Authentication is one GetItem of the user; the rest is the operation's own cost.
"""

from __future__ import annotations

import pytest

from graphql_api.container import Container
from tests.conftest import ACCEPT, INVITE, PROJECT_FIELDS, Api, RequestCounter, invitation_token


def written(counter: RequestCounter) -> list[int]:
    """Items in each transaction the counter saw: a write's size, exactly."""
    return counter.transaction_items


pytestmark = pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)

LIST_NESTED = "{ projects(limit: 20) { items { id phases { id sprints { id tasks { id title status } } } } nextToken } }"
LIST_WITH_TEXT = """{ projects(limit: 20) { items { id phases { content { summary } sprints { content { summary }
  tasks { id description } } } } } }"""


async def _seed(api: Api, token: str, projects: int) -> list[dict]:
    created = []
    for n in range(projects):
        project = await api.create_project(token, name=f"P{n}", templateId="builtin-software-product")
        phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
        await api.ok(
            'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "T", description: "D"}) { id } }',
            {"p": project["id"], "ph": phase["id"], "s": sprint["id"]},
            token,
        )
        created.append(project)
    return created


async def test_project_page_with_nested_tasks_costs_two_requests(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    await _seed(api, token, 22)
    dynamo_requests.reset()
    data = await api.ok(LIST_NESTED, token=token)
    assert len(data["projects"]["items"]) == 20
    assert all(p["phases"][0]["sprints"][0]["tasks"] for p in data["projects"]["items"])
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1}


async def test_project_page_with_all_text_adds_one_batch(api: Api, dynamo_requests: RequestCounter) -> None:
    token, _ = await api.register()
    await _seed(api, token, 20)
    dynamo_requests.reset()
    data = await api.ok(LIST_WITH_TEXT, token=token)
    descriptions = [
        t["description"] for p in data["projects"]["items"] for t in p["phases"][0]["sprints"][0]["tasks"]
    ]
    assert descriptions == ["D"] * 20
    assert dynamo_requests.total <= 3
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}


async def test_one_project_with_every_field_costs_two_requests(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    (project,) = await _seed(api, token, 1)
    dynamo_requests.reset()
    data = await api.ok(
        f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}", {"id": project["id"]}, token
    )
    assert data["project"]["phases"][0]["sprints"][0]["tasks"][0]["description"] == "D"
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1}


async def test_me_costs_one_request_and_a_task_edit_three(api: Api, dynamo_requests: RequestCounter) -> None:
    token, _ = await api.register()
    (project,) = await _seed(api, token, 1)
    task_id = None
    dynamo_requests.reset()
    await api.ok("{ me { id } }", token=token)
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1}
    full = await api.ok(
        f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}", {"id": project["id"]}, token
    )
    task_id = full["project"]["phases"][0]["sprints"][0]["tasks"][0]["id"]
    dynamo_requests.reset()
    await api.ok(
        "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id status } }",
        {"p": project["id"], "t": task_id},
        token,
    )
    # user, outline; the outline's conditional write and its event in one transaction
    assert dict(dynamo_requests.by_operation) == {"GetItem": 2, "TransactWriteItems": 1}
    assert written(dynamo_requests) == [2]  # the outline, and one event item: nothing else grew


async def test_a_page_with_text_risks_and_analytics_still_costs_one_batch(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    await _seed(api, token, 20)
    dynamo_requests.reset()
    query = """{ projects(limit: 20) { items { id phases { content { summary } sprints { content { summary }
      tasks { description } } } analytics { completion ai { requests } } riskAssessment { id } } } }"""
    data = await api.ok(query, token=token)
    assert len(data["projects"]["items"]) == 20
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}


async def test_a_clean_login_costs_four_requests(api: Api, dynamo_requests: RequestCounter) -> None:
    await api.register("counted@example.com")
    dynamo_requests.reset()
    await api.ok(
        'mutation { login(email: "counted@example.com", password: "correct horse battery") { token } }'
    )
    # rate-limit check, the attempt counted before the password check, user by email,
    # lastLogin with the attempt cleared
    assert dict(dynamo_requests.by_operation) == {
        "BatchGetItem": 1,
        "UpdateItem": 1,
        "Query": 1,
        "TransactWriteItems": 1,
    }


async def test_a_reset_request_for_an_unknown_address_counts_and_looks_up_like_a_known_one(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    await api.register("known@example.com")
    request = "mutation($e: String!) { requestPasswordReset(email: $e) }"
    dynamo_requests.reset()
    await api.ok(request, {"e": "unknown@example.com"})
    unknown = dict(dynamo_requests.by_operation)
    assert unknown == {"UpdateItem": 1, "Query": 1}  # the mail counter, the lookup
    dynamo_requests.reset()
    await api.ok(request, {"e": "known@example.com"})
    known = dict(dynamo_requests.by_operation)
    # the same two first, then the link: the previous one read, the new one written
    assert known == {"UpdateItem": 1, "Query": 1, "GetItem": 1, "TransactWriteItems": 1}


async def test_setting_phase_dependencies_costs_what_an_ordinary_edit_costs(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, phases=[{"name": "Design"}, {"name": "Procurement"}])
    design, procurement = project["phases"]
    dynamo_requests.reset()
    await api.ok(
        "mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) { setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id totalFloatDays } }",
        {
            "p": project["id"],
            "ph": procurement["id"],
            "d": [{"phaseId": design["id"], "type": "START_TO_START", "lagDays": -3}],
        },
        token,
    )
    assert dict(dynamo_requests.by_operation) == {
        "GetItem": 2,
        "TransactWriteItems": 1,
    }  # the caller, the outline; one write: the outline and its event
    assert written(dynamo_requests) == [2]


async def test_setting_a_baseline_costs_what_an_ordinary_edit_costs(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    dynamo_requests.reset()
    await api.ok(
        'mutation($p: ID!) { setBaseline(projectId: $p, name: "Award") { id endDate phases { endDate } } }',
        {"p": project["id"]},
        token,
    )
    # the caller, the outline; the snapshot travels in the outline's one write, with its event
    assert dict(dynamo_requests.by_operation) == {"GetItem": 2, "TransactWriteItems": 1}
    assert written(dynamo_requests) == [2]
    dynamo_requests.reset()
    await api.ok(
        "query($id: ID!) { project(id: $id) { scheduleVarianceDays baselines { id } phases { baseline { endDate } } } }",
        {"id": project["id"]},
        token,
    )
    # the caller, then the project's partition in one Query, as without baselines
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1}


async def test_setting_task_dependencies_costs_what_an_ordinary_edit_costs(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    phase = project["phases"][0]
    add = 'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "T"}) { id } }'
    variables = {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}
    first, second = [(await api.ok(add, variables, token))["addTask"]["id"] for _ in range(2)]
    dynamo_requests.reset()
    await api.ok(
        "mutation($p: ID!, $t: ID!, $d: [ID!]!) { setTaskDependencies(projectId: $p, taskId: $t, dependsOn: $d) { scheduleConflict } }",
        {"p": project["id"], "t": second, "d": [first]},
        token,
    )
    assert dict(dynamo_requests.by_operation) == {
        "GetItem": 2,
        "TransactWriteItems": 1,
    }  # the caller, the outline; one write: the outline and its event
    assert written(dynamo_requests) == [2]


async def test_moving_a_described_task_to_another_phase_reads_both_texts_in_one_batch(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, phases=[{"name": "Design"}, {"name": "Build"}])
    design, build = project["phases"]
    for phase in (design, build):  # both phases have a content item
        await api.ok(
            'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "T", description: "D"}) { id } }',
            {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]},
            token,
        )
    stored = await api.ok(
        "query($id: ID!) { project(id: $id) { phases { sprints { tasks { id } } } } }",
        {"id": project["id"]},
        token,
    )
    task = stored["project"]["phases"][0]["sprints"][0]["tasks"][0]["id"]
    dynamo_requests.reset()
    moved = await api.ok(
        "mutation($p: ID!, $t: ID!, $s: ID!) { moveTask(projectId: $p, taskId: $t, sprintId: $s) { description } }",
        {"p": project["id"], "t": task, "s": build["sprints"][1]["id"]},
        token,
    )
    assert moved["moveTask"]["description"] == "D"
    # the caller, the outline, both content items in one batch; one transaction writes all three
    assert dict(dynamo_requests.by_operation) == {"GetItem": 2, "BatchGetItem": 1, "TransactWriteItems": 1}


async def test_deleting_a_phase_deletes_its_content_in_the_same_write(
    api: Api, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, phases=[{"name": "Design"}, {"name": "Build"}])
    design = project["phases"][0]
    await api.ok(
        'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "T", description: "D"}) { id } }',
        {"p": project["id"], "ph": design["id"], "s": design["sprints"][0]["id"]},
        token,
    )
    dynamo_requests.reset()
    await api.ok(
        "mutation($p: ID!, $ph: ID!) { deletePhase(projectId: $p, phaseId: $ph) }",
        {"p": project["id"], "ph": design["id"]},
        token,
    )
    # the caller, the outline; the outline's write and the content item's delete in one transaction
    assert dict(dynamo_requests.by_operation) == {"GetItem": 2, "TransactWriteItems": 1}


async def test_a_page_of_owned_and_shared_projects_costs_three_requests(
    api: Api, container: Container, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register("reader-counts@example.com")
    await _seed(api, token, 10)
    other, _ = await api.register()
    for shared in await _seed(api, other, 12):
        await api.ok(INVITE, {"p": shared["id"], "e": "reader-counts@example.com", "r": "VIEWER"}, other)
        await api.ok(ACCEPT, {"t": invitation_token(container, "reader-counts@example.com")}, token)
    dynamo_requests.reset()
    data = await api.ok(LIST_NESTED, token=token)
    items = data["projects"]["items"]
    assert len(items) == 20
    assert sum(1 for p in items for ph in p["phases"] for s in ph["sprints"] for _ in s["tasks"]) == 20
    # the caller; one Query finds owned outlines and membership entries; one batch reads the shared outlines
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}
