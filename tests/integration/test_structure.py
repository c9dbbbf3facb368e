"""Reshaping a plan (issue 13, item 1): phases, sprints and tasks added, deleted and moved, on both backends."""

from __future__ import annotations

import asyncio
import itertools
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from graphql_api.config import Limits
from tests.conftest import Api, api_with

ADD_PHASE = """mutation($p: ID!, $i: PhaseInput!, $at: Int) {
  addPhase(projectId: $p, input: $i, position: $at) { id name order startDate endDate
    dependsOn { phaseId type lagDays } sprints { id name goal startDate endDate } } }"""
DELETE_PHASE = "mutation($p: ID!, $ph: ID!) { deletePhase(projectId: $p, phaseId: $ph) }"
MOVE_PHASE = """mutation($p: ID!, $ph: ID!, $at: Int!) {
  movePhase(projectId: $p, phaseId: $ph, position: $at) { version phases { id name order } } }"""
ADD_SPRINT = """mutation($p: ID!, $ph: ID!, $i: SprintInput!, $at: Int) {
  addSprint(projectId: $p, phaseId: $ph, input: $i, position: $at) { id name goal order status startDate endDate tasks { id } } }"""
DELETE_SPRINT = (
    "mutation($p: ID!, $ph: ID!, $s: ID!) { deleteSprint(projectId: $p, phaseId: $ph, sprintId: $s) }"
)
MOVE_TASK = """mutation($p: ID!, $t: ID!, $s: ID!, $at: Int) {
  moveTask(projectId: $p, taskId: $t, sprintId: $s, position: $at) { id title description dependsOn scheduleConflict } }"""
ADD_TASK = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"""
DEPEND_PHASE = """mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) {
  setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id } }"""
DEPEND_TASK = """mutation($p: ID!, $t: ID!, $d: [ID!]!) {
  setTaskDependencies(projectId: $p, taskId: $t, dependsOn: $d) { id } }"""
READ = """query($id: ID!) { project(id: $id) { version endDate criticalPath phases {
  id name order status startDate endDate totalFloatDays dependsOn { phaseId type lagDays }
  sprints { id name order status startDate endDate content { summary }
    tasks { id title description status dependsOn scheduleConflict } } } } }"""

THREE = [
    {"name": "Design", "durationWeeks": 2, "sprintCount": 2},
    {"name": "Build", "durationWeeks": 3, "sprintCount": 3},
    {"name": "Handover", "durationWeeks": 1, "sprintCount": 1},
]


async def _project(api: Api, token: str, project_id: str) -> dict[str, Any]:
    project: dict[str, Any] = (await api.ok(READ, {"id": project_id}, token))["project"]
    return project


async def _described_task(api: Api, token: str, where: tuple[str, str, str], title: str, text: str) -> str:
    project_id, phase_id, sprint_id = where
    variables = {"p": project_id, "ph": phase_id, "s": sprint_id, "i": {"title": title, "description": text}}
    task_id: str = (await api.ok(ADD_TASK, variables, token))["addTask"]["id"]
    return task_id


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _assert_back_to_back(project: dict[str, Any]) -> None:
    """The default chain: each phase starts the day after the one before it ends, orders 1..n."""
    phases = project["phases"]
    assert [p["order"] for p in phases] == list(range(1, len(phases) + 1))
    for before, after in itertools.pairwise(phases):
        assert _day(after["startDate"]) == _day(before["endDate"]) + timedelta(days=1), (before, after)
        assert after["dependsOn"] == [{"phaseId": before["id"], "type": "FINISH_TO_START", "lagDays": 0}]
    assert phases[0]["dependsOn"] == []
    assert project["endDate"] == phases[-1]["endDate"]
    assert project["criticalPath"] == [p["id"] for p in phases]


async def test_the_default_chain_stays_back_to_back_through_add_move_and_delete(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, startDate="2027-03-01", phases=THREE)
    pid = created["id"]
    design, build, handover = created["phases"]

    added = (
        await api.ok(
            ADD_PHASE,
            {"p": pid, "i": {"name": "Permits", "durationWeeks": 2, "sprintCount": 1}, "at": 2},
            token,
        )
    )["addPhase"]
    assert (added["name"], added["order"], added["startDate"]) == ("Permits", 2, "2027-03-15")
    assert added["dependsOn"] == [{"phaseId": design["id"], "type": "FINISH_TO_START", "lagDays": 0}]
    assert [s["name"] for s in added["sprints"]] == ["Sprint 7"]  # numbered on after the six there were
    project = await _project(api, token, pid)
    assert [p["name"] for p in project["phases"]] == ["Design", "Permits", "Build", "Handover"]
    _assert_back_to_back(project)

    # Links written out that equal the chain are still the chain: they follow the new order.
    explicit = [{"phaseId": added["id"], "type": "FINISH_TO_START", "lagDays": 0}]
    await api.ok(DEPEND_PHASE, {"p": pid, "ph": build["id"], "d": explicit}, token)
    moved = (await api.ok(MOVE_PHASE, {"p": pid, "ph": build["id"], "at": 1}, token))["movePhase"]
    assert [(p["name"], p["order"]) for p in moved["phases"]] == [
        ("Build", 1),
        ("Design", 2),
        ("Permits", 3),
        ("Handover", 4),
    ]
    project = await _project(api, token, pid)
    _assert_back_to_back(project)
    assert project["phases"][0]["startDate"] == "2027-03-01"

    assert (await api.ok(DELETE_PHASE, {"p": pid, "ph": design["id"]}, token))["deletePhase"] is True
    project = await _project(api, token, pid)
    assert [p["name"] for p in project["phases"]] == ["Build", "Permits", "Handover"]
    _assert_back_to_back(project)
    assert project["endDate"] == str(date(2027, 3, 1) + timedelta(days=7 * (3 + 2 + 1) - 1))

    at_end = (await api.ok(ADD_PHASE, {"p": pid, "i": {"name": "Close-out"}}, token))["addPhase"]
    assert at_end["order"] == 4
    assert at_end["dependsOn"] == [{"phaseId": handover["id"], "type": "FINISH_TO_START", "lagDays": 0}]
    _assert_back_to_back(await _project(api, token, pid))


async def test_a_shaped_network_keeps_its_links_and_dependents_take_over_a_deleted_phase(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, startDate="2027-03-01", phases=THREE)
    pid = created["id"]
    design, build, handover = created["phases"]
    overlap = [{"phaseId": design["id"], "type": "START_TO_START", "lagDays": 5}]
    await api.ok(DEPEND_PHASE, {"p": pid, "ph": build["id"], "d": overlap}, token)
    before = await _project(api, token, pid)
    dates = {p["id"]: (p["startDate"], p["endDate"]) for p in before["phases"]}

    # movePhase changes the order only: no phase waits on anything new, no date moves.
    await api.ok(MOVE_PHASE, {"p": pid, "ph": handover["id"], "at": 1}, token)
    moved = await _project(api, token, pid)
    assert [p["name"] for p in moved["phases"]] == ["Handover", "Design", "Build"]
    assert {p["id"]: (p["startDate"], p["endDate"]) for p in moved["phases"]} == dates
    links = {p["name"]: p["dependsOn"] for p in moved["phases"]}
    assert links == {
        "Handover": [{"phaseId": build["id"], "type": "FINISH_TO_START", "lagDays": 0}],
        "Design": [],
        "Build": [{"phaseId": design["id"], "type": "START_TO_START", "lagDays": 5}],
    }

    # addPhase (not at the end) depends FS on the phase before it and moves nobody else's links.
    added = (
        await api.ok(ADD_PHASE, {"p": pid, "i": {"name": "Survey", "durationWeeks": 1}, "at": 2}, token)
    )["addPhase"]
    handover_id = moved["phases"][0]["id"]
    assert added["dependsOn"] == [{"phaseId": handover_id, "type": "FINISH_TO_START", "lagDays": 0}]
    after_add = await _project(api, token, pid)
    assert {p["name"]: p["dependsOn"] for p in after_add["phases"] if p["name"] != "Survey"} == links

    # Handover waited on Build, Build on Design (SS +5): without Build, Handover waits SS +5 on Design.
    await api.ok(DELETE_PHASE, {"p": pid, "ph": build["id"]}, token)
    after = await _project(api, token, pid)
    assert [p["name"] for p in after["phases"]] == ["Handover", "Survey", "Design"]
    assert next(p for p in after["phases"] if p["name"] == "Handover")["dependsOn"] == overlap
    assert [p["order"] for p in after["phases"]] == [1, 2, 3]


async def test_structure_errors_name_their_field_and_write_nothing(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, phases=THREE[:1])
    pid, only = created["id"], created["phases"][0]
    version = (await _project(api, token, pid))["version"]
    cases: list[tuple[str, dict[str, Any], dict[str, str]]] = [
        (DELETE_PHASE, {"p": pid, "ph": only["id"]}, {"code": "BAD_USER_INPUT", "field": "phaseId"}),
        (DELETE_PHASE, {"p": pid, "ph": "nope"}, {"code": "NOT_FOUND", "field": "phaseId"}),
        (ADD_PHASE, {"p": pid, "i": {"name": "X"}, "at": 0}, {"code": "BAD_USER_INPUT", "field": "position"}),
        (ADD_PHASE, {"p": pid, "i": {"name": "X"}, "at": 3}, {"code": "BAD_USER_INPUT", "field": "position"}),
        (ADD_PHASE, {"p": pid, "i": {"name": " "}}, {"code": "BAD_USER_INPUT", "field": "name"}),
        (
            ADD_PHASE,
            {"p": pid, "i": {"name": "X", "durationWeeks": 1, "sprintCount": 8}},
            {"code": "BAD_USER_INPUT", "field": "durationWeeks"},
        ),
        (MOVE_PHASE, {"p": pid, "ph": only["id"], "at": 2}, {"code": "BAD_USER_INPUT", "field": "position"}),
        (MOVE_PHASE, {"p": pid, "ph": "nope", "at": 1}, {"code": "NOT_FOUND", "field": "phaseId"}),
        (ADD_SPRINT, {"p": pid, "ph": "nope", "i": {"name": "S"}}, {"code": "NOT_FOUND", "field": "phaseId"}),
        (
            ADD_SPRINT,
            {"p": pid, "ph": only["id"], "i": {"name": "S"}, "at": 4},
            {"code": "BAD_USER_INPUT", "field": "position"},
        ),
        (
            ADD_SPRINT,
            {"p": pid, "ph": only["id"], "i": {"name": ""}},
            {"code": "BAD_USER_INPUT", "field": "name"},
        ),
        (
            DELETE_SPRINT,
            {"p": pid, "ph": only["id"], "s": "nope"},
            {"code": "NOT_FOUND", "field": "sprintId"},
        ),
        (
            MOVE_TASK,
            {"p": pid, "t": "nope", "s": only["sprints"][0]["id"]},
            {"code": "NOT_FOUND", "field": "taskId"},
        ),
    ]
    for query, variables, extensions in cases:
        error = await api.error(query, variables, token)
        assert error["extensions"] == extensions, (query, variables, error)
    other_token, _ = await api.register()
    foreign = await api.error(DELETE_PHASE, {"p": pid, "ph": only["id"]}, other_token)
    assert foreign["extensions"]["code"] == "NOT_FOUND"
    assert (await _project(api, token, pid))["version"] == version


async def test_sprints_are_added_and_deleted_with_their_tasks_and_text(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, startDate="2027-03-01", phases=THREE)
    pid = created["id"]
    build = created["phases"][1]
    first, second, third = build["sprints"]
    ids = {}
    for title, sprint in (("Piles", second), ("Deck", third), ("Rails", second)):
        ids[title] = await _described_task(api, token, (pid, build["id"], sprint["id"]), title, f"{title}.")
    await api.ok(DEPEND_TASK, {"p": pid, "t": ids["Deck"], "d": [ids["Piles"]]}, token)

    added = (
        await api.ok(
            ADD_SPRINT,
            {"p": pid, "ph": build["id"], "i": {"name": "Mobilise", "goal": "Site set up"}, "at": 1},
            token,
        )
    )["addSprint"]
    assert (added["name"], added["goal"], added["order"], added["tasks"]) == (
        "Mobilise",
        "Site set up",
        1,
        [],
    )
    assert added["startDate"] == build["startDate"]
    project = await _project(api, token, pid)
    sprints = project["phases"][1]["sprints"]
    assert [s["name"] for s in sprints] == ["Mobilise", first["name"], second["name"], third["name"]]
    assert [s["order"] for s in sprints] == [1, 2, 3, 4]
    # 21 days over four sprints: five each, the last takes the remainder; back to back.
    spans = [(_day(s["startDate"]), _day(s["endDate"])) for s in sprints]
    assert [(end - start).days + 1 for start, end in spans] == [5, 5, 5, 6]
    assert all(b[0] == a[1] + timedelta(days=1) for a, b in itertools.pairwise(spans))

    assert (await api.ok(DELETE_SPRINT, {"p": pid, "ph": build["id"], "s": second["id"]}, token))[
        "deleteSprint"
    ]
    project = await _project(api, token, pid)
    sprints = project["phases"][1]["sprints"]
    assert [s["name"] for s in sprints] == ["Mobilise", first["name"], third["name"]]
    tasks = {t["title"]: t for p in project["phases"] for s in p["sprints"] for t in s["tasks"]}
    assert set(tasks) == {"Deck"}
    assert (tasks["Deck"]["dependsOn"], tasks["Deck"]["description"]) == ([], "Deck.")
    exported = await api.ok(
        "mutation($p: ID!) { exportProject(projectId: $p, format: MARKDOWN) { content } }", {"p": pid}, token
    )
    assert "Piles." not in exported["exportProject"]["content"]


async def test_moving_a_task_carries_its_description_and_judges_conflicts_anew(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, startDate="2027-03-01", phases=THREE)
    pid = created["id"]
    design, build, _ = created["phases"]
    ids = {}
    for title, phase, sprint in (
        ("Survey", build, build["sprints"][2]),
        ("Loads", design, design["sprints"][0]),
        ("Sizing", design, design["sprints"][0]),
        ("Drawings", design, design["sprints"][0]),
    ):
        ids[title] = await _described_task(
            api, token, (pid, phase["id"], sprint["id"]), title, f"On {title}."
        )
    await api.ok(DEPEND_TASK, {"p": pid, "t": ids["Loads"], "d": [ids["Survey"]]}, token)
    assert {t["title"]: t["scheduleConflict"] for t in _tasks(await _project(api, token, pid))}[
        "Loads"
    ] is True

    # Within a sprint: a reorder.
    await api.ok(MOVE_TASK, {"p": pid, "t": ids["Drawings"], "s": design["sprints"][0]["id"], "at": 1}, token)
    first_sprint = (await _project(api, token, pid))["phases"][0]["sprints"][0]
    assert [t["title"] for t in first_sprint["tasks"]] == ["Drawings", "Loads", "Sizing"]

    # Across phases: the description travels; waiting on nothing later, the conflict is gone.
    moved = (
        await api.ok(
            MOVE_TASK, {"p": pid, "t": ids["Survey"], "s": design["sprints"][0]["id"], "at": 1}, token
        )
    )["moveTask"]
    assert (moved["title"], moved["description"]) == ("Survey", "On Survey.")
    project = await _project(api, token, pid)
    first_sprint = project["phases"][0]["sprints"][0]
    assert [t["title"] for t in first_sprint["tasks"]] == ["Survey", "Drawings", "Loads", "Sizing"]
    assert project["phases"][1]["sprints"][2]["tasks"] == []
    by_title = {t["title"]: t for t in _tasks(project)}
    assert by_title["Loads"]["scheduleConflict"] is False
    assert by_title["Survey"]["description"] == "On Survey."

    # Moving the dependency later again brings the conflict back; the answer says so for the mover's dependents.
    later = {"p": pid, "t": ids["Survey"], "s": build["sprints"][0]["id"]}
    await api.ok(MOVE_TASK, later, token)
    assert {t["title"]: t["scheduleConflict"] for t in _tasks(await _project(api, token, pid))}[
        "Loads"
    ] is True
    bad_place = await api.error(MOVE_TASK, {**later, "at": 3}, token)
    assert bad_place["extensions"] == {"code": "BAD_USER_INPUT", "field": "position"}
    nowhere = await api.error(MOVE_TASK, {**later, "s": "nope"}, token)
    assert nowhere["extensions"] == {"code": "NOT_FOUND", "field": "sprintId"}


async def test_task_status_rolls_up_in_both_sprints_of_a_move(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, phases=THREE[:1])
    pid, phase = created["id"], created["phases"][0]
    first, second = phase["sprints"]
    done = {"p": pid, "ph": phase["id"], "s": first["id"], "i": {"title": "Done", "status": "DONE"}}
    open_ = {"p": pid, "ph": phase["id"], "s": first["id"], "i": {"title": "Open"}}
    task = (await api.ok(ADD_TASK, done, token))["addTask"]["id"]
    await api.ok(ADD_TASK, open_, token)
    await api.ok(MOVE_TASK, {"p": pid, "t": task, "s": second["id"]}, token)
    sprints = (await _project(api, token, pid))["phases"][0]["sprints"]
    assert [s["status"] for s in sprints] == ["NOT_STARTED", "DONE"]


def _tasks(project: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for p in project["phases"] for s in p["sprints"] for t in s["tasks"]]


async def test_deleting_a_phase_deletes_its_content_item_and_what_waited_on_its_tasks(
    api: Api, container: Any
) -> None:
    token, _ = await api.register()
    created = await api.create_project(token, phases=THREE)
    pid = created["id"]
    design, build, _ = created["phases"]
    gone = {
        "p": pid,
        "ph": design["id"],
        "s": design["sprints"][0]["id"],
        "i": {"title": "Gone", "description": "x"},
    }
    kept = {"p": pid, "ph": build["id"], "s": build["sprints"][0]["id"], "i": {"title": "Kept"}}
    gone_id = (await api.ok(ADD_TASK, gone, token))["addTask"]["id"]
    kept_id = (await api.ok(ADD_TASK, kept, token))["addTask"]["id"]
    await api.ok(DEPEND_TASK, {"p": pid, "t": kept_id, "d": [gone_id]}, token)
    keys = {str(i["sk"]) for i in (await container.store.query("projects", pid)).items}
    assert f"C#{design['id']}" in keys
    await api.ok(DELETE_PHASE, {"p": pid, "ph": design["id"]}, token)
    keys = {str(i["sk"]) for i in (await container.store.query("projects", pid)).items}
    assert f"C#{design['id']}" not in keys
    assert [(t["title"], t["dependsOn"]) for t in _tasks(await _project(api, token, pid))] == [("Kept", [])]


async def test_ten_sprint_additions_and_ten_task_moves_in_parallel_lose_nothing(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(
        token, phases=[{"name": "Build", "durationWeeks": 8, "sprintCount": 2}]
    )
    pid, phase = created["id"], created["phases"][0]
    source, target = phase["sprints"]
    tasks = []
    for n in range(10):
        variables = {
            "p": pid,
            "ph": phase["id"],
            "s": source["id"],
            "i": {"title": f"T{n}", "description": f"D{n}"},
        }
        tasks.append((await api.ok(ADD_TASK, variables, token))["addTask"]["id"])
    version = (await _project(api, token, pid))["version"]
    await asyncio.gather(
        *(
            api.ok(ADD_SPRINT, {"p": pid, "ph": phase["id"], "i": {"name": f"S{n}"}}, token)
            for n in range(10)
        ),
        *(api.ok(MOVE_TASK, {"p": pid, "t": t, "s": target["id"]}, token) for t in tasks),
    )
    project = await _project(api, token, pid)
    sprints = project["phases"][0]["sprints"]
    assert project["version"] == version + 20
    assert len(sprints) == 12
    assert {s["name"] for s in sprints[2:]} == {f"S{n}" for n in range(10)}
    assert sprints[0]["tasks"] == []
    assert {(t["title"], t["description"]) for t in sprints[1]["tasks"]} == {
        (f"T{n}", f"D{n}") for n in range(10)
    }


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_configured_limits_bound_phases_sprints_and_tasks(backend: str, tmp_path: Path) -> None:
    limits = Limits(phases_per_project=2, sprints_per_phase=2, tasks_per_sprint=1)
    async with api_with(backend, tmp_path, limits=limits) as (api, _):
        token, _ = await api.register()
        created = await api.create_project(token, phases=[{"name": "A", "sprintCount": 1}, {"name": "B"}])
        pid = created["id"]
        a, b = created["phases"]
        full = await api.error(ADD_PHASE, {"p": pid, "i": {"name": "C"}}, token)
        assert full["extensions"] == {"code": "BAD_USER_INPUT", "field": "projectId"}
        too_many = await api.error(ADD_SPRINT, {"p": pid, "ph": b["id"], "i": {"name": "S"}}, token)
        assert too_many["extensions"] == {"code": "BAD_USER_INPUT", "field": "phaseId"}
        await api.ok(ADD_SPRINT, {"p": pid, "ph": a["id"], "i": {"name": "S"}}, token)
        for sprint in b["sprints"]:
            variables = {"p": pid, "ph": b["id"], "s": sprint["id"], "i": {"title": "T"}}
            await api.ok(ADD_TASK, variables, token)
        project = await _project(api, token, pid)
        task = project["phases"][1]["sprints"][0]["tasks"][0]["id"]
        crowded = await api.error(MOVE_TASK, {"p": pid, "t": task, "s": b["sprints"][1]["id"]}, token)
        assert crowded["extensions"] == {"code": "BAD_USER_INPUT", "field": "sprintId"}
        await api.ok(
            MOVE_TASK, {"p": pid, "t": task, "s": b["sprints"][0]["id"], "at": 1}, token
        )  # same sprint


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_sprint_needs_a_day_of_its_phase(api: Api) -> None:
    token, _ = await api.register()
    created = await api.create_project(
        token, phases=[{"name": "Short", "durationWeeks": 1, "sprintCount": 7}]
    )
    phase = created["phases"][0]
    error = await api.error(
        ADD_SPRINT, {"p": created["id"], "ph": phase["id"], "i": {"name": "Eighth"}}, token
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "phaseId"}
    assert "at most 7 sprints" in error["message"]
