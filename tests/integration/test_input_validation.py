"""Junk in every field: BAD_USER_INPUT naming the field, and nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Api

CREATE = "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }"
BASE = {"name": "P", "requirements": "R", "disciplines": ["civil"]}


def create(**fields: Any) -> tuple[str, dict[str, Any]]:
    return CREATE, {"i": {**BASE, **fields}}


CASES = [
    ("register name", "mutation($i: RegisterInput!) { register(input: $i) { token } }", {"i": {"name": "n" * 201, "email": "a@example.com", "password": "long enough"}}, "name"),
    ("register email", "mutation($i: RegisterInput!) { register(input: $i) { token } }", {"i": {"name": "n", "email": "a@b", "password": "long enough"}}, "email"),
    ("register password", "mutation($i: RegisterInput!) { register(input: $i) { token } }", {"i": {"name": "n", "email": "a@example.com", "password": "p" * 257}}, "password"),
    ("empty name", *create(name="   "), "name"),
    ("long name", *create(name="n" * 201), "name"),
    ("long requirements", *create(requirements="r" * 20_001), "requirements"),
    ("no disciplines", *create(disciplines=[]), "disciplines"),
    ("too many disciplines", *create(disciplines=[f"d{n}" for n in range(101)]), "disciplines"),
    ("too many constraints", *create(constraints=["c"] * 101), "constraints"),
    ("long constraint", *create(constraints=["c" * 2001]), "constraints"),
    ("allocation", *create(team=[{"name": "A", "role": "R", "allocation": 1.5}]), "team.allocation"),
    ("team email", *create(team=[{"name": "A", "role": "R", "email": "nope"}]), "team.email"),
    ("too many phases", *create(phases=[{"name": f"p{n}"} for n in range(25)]), "phases"),
    ("no phases", *create(phases=[]), "phases"),
    ("phase weeks", *create(phases=[{"name": "p", "durationWeeks": 0}]), "phases.durationWeeks"),
    ("sprint count", *create(phases=[{"name": "p", "sprintCount": 21}]), "phases.sprintCount"),
    ("unknown template", *create(templateId="nope"), "templateId"),
    ("far-future start", *create(startDate="9999-12-01"), "startDate"),
    ("start before 1970", *create(startDate="1969-12-31"), "startDate"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "variables", "field"), CASES, ids=[c[0] for c in CASES])
async def test_bad_input_names_the_field(
    api: Api, case: str, query: str, variables: dict[str, Any], field: str
) -> None:
    token, _ = await api.register()
    before = (await api.ok("{ projects { items { id } } }", token=token))["projects"]["items"]
    error = await api.error(query, variables, token)
    assert error["extensions"]["field"] == field, case
    assert error["extensions"]["code"] in {"BAD_USER_INPUT", "NOT_FOUND"}
    assert (await api.ok("{ projects { items { id } } }", token=token))["projects"]["items"] == before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_task_and_phase_numbers_are_bounded_and_nothing_changes(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
    add = "mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"
    ids = {"p": project["id"], "ph": phase["id"], "s": sprint["id"]}
    for task, field in (
        ({"title": "t", "storyPoints": 101}, "storyPoints"),
        ({"title": "t", "estimateHours": -1}, "estimateHours"),
        ({"title": "t", "estimateHours": 1000.5}, "estimateHours"),
        ({"title": "t" * 201}, "title"),
        ({"title": "t", "description": "d" * 2001}, "description"),
        ({"title": "t", "role": "r" * 201}, "role"),
    ):
        error = await api.error(add, {**ids, "i": task}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    weeks = await api.error(
        "mutation($p: ID!, $ph: ID!) { updatePhase(projectId: $p, phaseId: $ph, input: {durationWeeks: 105}) { id } }",
        {"p": project["id"], "ph": phase["id"]},
        token,
    )
    assert weeks["extensions"] == {"code": "BAD_USER_INPUT", "field": "durationWeeks"}
    me = await api.error('mutation { updateMe(input: {name: ""}) { id } }', token=token)
    assert me["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    template = await api.error(
        'mutation($d: String!) { generateTemplate(input: {description: $d, disciplines: ["x"]}) { id } }',
        {"d": "d" * 2001},
        token,
    )
    assert template["extensions"] == {"code": "BAD_USER_INPUT", "field": "description"}
    date = await api.error(
        'mutation($p: ID!) { updateProject(id: $p, input: {startDate: "2027-13-40"}) { id } }',
        {"p": project["id"]},
        token,
    )
    assert date["extensions"]["code"] in {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}
    after = (
        await api.ok(
            "query($id: ID!) { project(id: $id) { version phases { sprints { tasks { id } } } } }",
            {"id": project["id"]},
            token,
        )
    )["project"]
    assert after["version"] == 1  # nothing was written
    assert after["phases"][0]["sprints"][0]["tasks"] == []


async def test_a_far_future_start_is_refused_on_update_and_the_account_keeps_working(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    update = "mutation($id: ID!, $i: UpdateProjectInput!) { updateProject(id: $id, input: $i) { startDate } }"
    error = await api.error(update, {"id": project["id"], "i": {"startDate": "9999-12-01"}}, token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "startDate"}
    latest = await api.ok(update, {"id": project["id"], "i": {"startDate": "2200-12-31"}}, token)
    assert latest["updateProject"]["startDate"] == "2200-12-31"  # the last allowed day still has an end
    listed = await api.ok("{ projects { items { id endDate } } }", token=token)
    assert [p["id"] for p in listed["projects"]["items"]] == [project["id"]]


UNSAFE = [
    ("lone surrogate in a variable", CREATE, {"i": {**BASE, "name": "Bridge \ud800"}}, "name"),
    ("NUL in a nested variable", CREATE, {"i": {**BASE, "team": [{"name": "A\x00", "role": "R"}]}}, "name"),
    ("NUL in a literal", 'mutation { createProject(input: {name: "x\\u0000", requirements: "r", disciplines: ["civil"]}) { id } }', None, "name"),
    ("surrogate in a login password", "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }", {"e": "a@example.com", "p": "\udc00"}, "password"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "variables", "field"), UNSAFE, ids=[c[0] for c in UNSAFE])
async def test_unsafe_text_is_bad_user_input_on_its_field(
    api: Api, case: str, query: str, variables: dict[str, Any] | None, field: str
) -> None:
    token, _ = await api.register()
    # JSON as a browser sends it: the surrogate as a \\u escape (httpx would refuse to encode it).
    body = json.dumps({"query": query, "variables": variables or {}}, ensure_ascii=True)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    response = await api.http.post("/graphql", content=body, headers=headers)
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, case
    assert (await api.ok("{ projects { items { id } } }", token=token))["projects"]["items"] == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("Bridge\u202eevil", "bidirectional"), ("Two\nlines", "one line"), ("Bell\x07", "control")],
)
async def test_names_are_one_line_without_controls_or_direction_overrides(
    api: Api, name: str, message: str
) -> None:
    token, _ = await api.register()
    error = await api.error(*create(name=name), token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert message in error["message"]


async def test_a_lone_surrogate_escape_in_a_literal_is_a_syntax_error(api: Api) -> None:
    query = (
        'mutation { createProject(input: {name: "x\\ud800", requirements: "r", disciplines: ["c"]}) { id } }'
    )
    error = await api.error(query)
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert "Invalid Unicode escape sequence" in error["message"]
    assert error["locations"]
