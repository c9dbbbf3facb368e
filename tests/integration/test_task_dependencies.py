"""Task dependencies and schedule conflicts, on both backends."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api

ADD = """mutation($p: ID!, $ph: ID!, $s: ID!, $t: String!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: $t}) { id } }"""
DEPEND = """mutation($p: ID!, $t: ID!, $d: [ID!]!) {
  setTaskDependencies(projectId: $p, taskId: $t, dependsOn: $d) { id dependsOn scheduleConflict } }"""
READ = """query($id: ID!) { project(id: $id) { version phases { sprints { tasks { id title dependsOn scheduleConflict } } } } }"""


async def _two_sprints(api: Api) -> tuple[str, dict[str, Any], dict[str, str]]:
    """Survey in sprint 2, Foundations in sprint 1, Deck in sprint 2 of the first phase."""
    token, _ = await api.register()
    project = await api.create_project(token, phases=[{"name": "Build", "sprintCount": 2}])
    phase = project["phases"][0]
    first, second = phase["sprints"]
    ids = {}
    for title, sprint in (("Survey", second), ("Foundations", first), ("Deck", second)):
        added = await api.ok(
            ADD, {"p": project["id"], "ph": phase["id"], "s": sprint["id"], "t": title}, token
        )
        ids[title] = added["addTask"]["id"]
    return token, project, ids


async def _tasks(api: Api, token: str, project_id: str) -> dict[str, dict[str, Any]]:
    project = (await api.ok(READ, {"id": project_id}, token))["project"]
    return {t["title"]: t for p in project["phases"] for s in p["sprints"] for t in s["tasks"]} | {
        "_version": project["version"]
    }


async def test_waiting_on_work_planned_later_is_a_schedule_conflict(api: Api) -> None:
    token, project, ids = await _two_sprints(api)
    early = await api.ok(DEPEND, {"p": project["id"], "t": ids["Foundations"], "d": [ids["Survey"]]}, token)
    assert early["setTaskDependencies"] == {
        "id": ids["Foundations"],
        "dependsOn": [ids["Survey"]],
        "scheduleConflict": True,
    }
    same = await api.ok(
        DEPEND, {"p": project["id"], "t": ids["Deck"], "d": [ids["Survey"], ids["Foundations"]]}, token
    )
    assert same["setTaskDependencies"]["scheduleConflict"] is False  # same sprint end and an earlier one
    tasks = await _tasks(api, token, project["id"])
    assert (tasks["Foundations"]["scheduleConflict"], tasks["Deck"]["scheduleConflict"]) == (True, False)
    assert tasks["Deck"]["dependsOn"] == [ids["Survey"], ids["Foundations"]]

    # Deleting Survey takes it out of what others wait on; the conflict goes with it.
    await api.ok(
        "mutation($p: ID!, $t: ID!) { deleteTask(projectId: $p, taskId: $t) }",
        {"p": project["id"], "t": ids["Survey"]},
        token,
    )
    tasks = await _tasks(api, token, project["id"])
    assert (tasks["Foundations"]["dependsOn"], tasks["Foundations"]["scheduleConflict"]) == ([], False)
    assert tasks["Deck"]["dependsOn"] == [ids["Foundations"]]


async def test_cycles_itself_and_foreign_tasks_are_refused_and_nothing_is_written(api: Api) -> None:
    token, project, ids = await _two_sprints(api)
    await api.ok(DEPEND, {"p": project["id"], "t": ids["Deck"], "d": [ids["Foundations"]]}, token)
    await api.ok(DEPEND, {"p": project["id"], "t": ids["Foundations"], "d": [ids["Survey"]]}, token)
    _, other, foreign = await _two_sprints(api)
    before = await _tasks(api, token, project["id"])
    for task, depends_on in (
        ("Survey", [ids["Deck"]]),  # Survey <- Foundations <- Deck <- Survey
        ("Deck", [ids["Deck"]]),
        ("Deck", ["no-such-task"]),
        ("Deck", [foreign["Survey"]]),
    ):
        error = await api.error(DEPEND, {"p": project["id"], "t": ids[task], "d": depends_on}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "dependsOn"}, (task, depends_on)
    missing = await api.error(DEPEND, {"p": project["id"], "t": "no-such-task", "d": []}, token)
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "taskId"}
    assert await _tasks(api, token, project["id"]) == before
    assert other["id"] != project["id"]
