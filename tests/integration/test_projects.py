"""Projects, phases, sprints and tasks through GraphQL, on both backends."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graphql_api.container import Container
from graphql_api.services.templates.builtin import builtin_by_id
from tests.conftest import PROJECT_FIELDS, Api

PROJECT = f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}"
PAGE = "query($l: Int, $t: String) { projects(limit: $l, nextToken: $t) { items { id name } nextToken } }"
UPDATE = "mutation($id: ID!, $i: UpdateProjectInput!) { updateProject(id: $id, input: $i) { id name version status } }"
ADD_TASK = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id title description status completedAt storyPoints }
}"""
UPDATE_TASK = """mutation($p: ID!, $t: ID!, $i: UpdateTaskInput!) {
  updateTask(projectId: $p, taskId: $t, input: $i) { id title description status completedAt estimateHours }
}"""
TEMPLATE_USAGE = "query($id: ID!) { template(id: $id) { id usage isBuiltIn } }"


def d(text: str) -> date:
    return date.fromisoformat(text)


async def test_create_from_template_lays_out_phases_sprints_and_dates(api: Api) -> None:
    token, _ = await api.register()
    template = builtin_by_id()["builtin-civil-construction"]
    before = (await api.ok(TEMPLATE_USAGE, {"id": template.id}, token))["template"]["usage"]
    project = await api.create_project(token, templateId=template.id, startDate="2027-01-04")
    assert [p["name"] for p in project["phases"]] == [p.name for p in template.phases]
    assert [len(p["sprints"]) for p in project["phases"]] == [p.sprint_count for p in template.phases]
    assert project["templateId"] == template.id
    assert project["version"] == 1
    assert project["status"] == "DRAFT"
    # Phases back to back from the start; sprints split the phase, last takes the rest.
    cursor = d("2027-01-04")
    for phase, spec in zip(project["phases"], template.phases, strict=True):
        assert d(phase["startDate"]) == cursor
        assert d(phase["endDate"]) == cursor + timedelta(days=7 * spec.duration_weeks - 1)
        assert phase["sprints"][0]["startDate"] == phase["startDate"]
        assert phase["sprints"][-1]["endDate"] == phase["endDate"]
        cursor = d(phase["endDate"]) + timedelta(days=1)
    assert project["endDate"] == project["phases"][-1]["endDate"]
    after = (await api.ok(TEMPLATE_USAGE, {"id": template.id}, token))["template"]["usage"]
    assert after == before + 1


async def test_sprint_split_gives_the_remainder_to_the_last_sprint(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(
        token, startDate="2027-03-01", phases=[{"name": "Only", "durationWeeks": 1, "sprintCount": 3}]
    )
    sprints = project["phases"][0]["sprints"]
    assert [(s["startDate"], s["endDate"]) for s in sprints] == [
        ("2027-03-01", "2027-03-02"),
        ("2027-03-03", "2027-03-04"),
        ("2027-03-05", "2027-03-07"),
    ]
    assert [s["order"] for s in sprints] == [1, 2, 3]


async def test_own_phases_and_a_default_for_missing_values(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(
        token,
        phases=[
            {"name": "Survey", "description": "Topographic survey"},
            {"name": "Design", "durationWeeks": 2},
        ],
        team=[{"name": "Ana", "role": "Lead engineer", "allocation": 0.5, "email": "ANA@example.com"}],
        constraints=["Budget 2M", "budget 2m", "No night works"],
    )
    survey, design = project["phases"]
    assert survey["durationWeeks"] is None
    assert (d(survey["endDate"]) - d(survey["startDate"])).days == 27  # null counts as 4 weeks
    assert len(survey["sprints"]) == 2
    assert design["durationWeeks"] == 2
    assert project["startDate"] == datetime.now(UTC).date().isoformat()  # default: the creation day (UTC)
    assert project["team"] == [
        {"name": "Ana", "email": "ana@example.com", "role": "Lead engineer", "allocation": 0.5}
    ]
    assert project["constraints"] == ["Budget 2M", "No night works"]


async def test_default_lifecycle_follows_the_disciplines(api: Api) -> None:
    token, _ = await api.register()
    civil = await api.create_project(token, disciplines=["civil", "structural"])
    assert civil["phases"][0]["name"] == "Feasibility & site investigation"
    assert civil["templateId"] is None
    other = await api.create_project(token, disciplines=["chemistry"])
    assert [p["name"] for p in other["phases"]][:2] == ["Concept", "Requirements"]


async def test_paging_through_45_projects(api: Api) -> None:
    token, _ = await api.register()
    created = [
        (
            await api.ok(
                "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }",
                {"i": {"name": f"P{n}", "requirements": "r", "disciplines": ["software"]}},
                token,
            )
        )["createProject"]["id"]
        for n in range(45)
    ]
    seen: list[str] = []
    sizes: list[int] = []
    next_token = None
    while True:
        page = (await api.ok(PAGE, {"l": 20, "t": next_token}, token))["projects"]
        sizes.append(len(page["items"]))
        seen += [p["id"] for p in page["items"]]
        next_token = page["nextToken"]
        if next_token is None:
            break
    assert sizes == [20, 20, 5]
    assert seen == list(reversed(created))  # newest first, no repeats, none missing


async def test_page_tokens_and_limits_are_checked(api: Api) -> None:
    token, _ = await api.register()
    other, _ = await api.register()
    for n in range(3):
        await api.create_project(token, name=f"P{n}")
    next_token = (await api.ok(PAGE, {"l": 1}, token))["projects"]["nextToken"]
    assert next_token
    forged = next_token[:-3] + ("AAA" if not next_token.endswith("AAA") else "BBB")
    for bad in (forged, "garbage", next_token + "x"):
        error = await api.error(PAGE, {"l": 1, "t": bad}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "nextToken"}
    stolen = await api.error(PAGE, {"l": 1, "t": next_token}, other)
    assert stolen["extensions"]["code"] == "BAD_USER_INPUT"
    for limit in (0, 101):
        error = await api.error(PAGE, {"l": limit}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}
    assert len((await api.ok(PAGE, {"l": 100}, token))["projects"]["items"]) == 3


async def test_stale_expected_version_is_a_conflict_and_writes_nothing(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    updated = await api.ok(
        UPDATE, {"id": project["id"], "i": {"expectedVersion": 1, "name": "Renamed"}}, token
    )
    assert updated["updateProject"]["version"] == 2
    error = await api.error(UPDATE, {"id": project["id"], "i": {"expectedVersion": 1, "name": "Lost"}}, token)
    assert error["extensions"] == {"code": "CONFLICT", "field": "expectedVersion"}
    current = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    assert current["name"] == "Renamed"
    assert current["version"] == 2


async def test_concurrent_updates_with_one_expected_version_have_one_winner(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    results = await asyncio.gather(
        *(
            api.call(UPDATE, {"id": project["id"], "i": {"expectedVersion": 1, "name": f"Tab {n}"}}, token)
            for n in range(4)
        )
    )
    codes = sorted(r["errors"][0]["extensions"]["code"] if "errors" in r else "OK" for r in results)
    assert codes == ["CONFLICT", "CONFLICT", "CONFLICT", "OK"]


async def test_another_users_project_is_not_found_and_untouched(api: Api) -> None:
    owner, _ = await api.register()
    intruder, _ = await api.register()
    project = await api.create_project(owner, name="Secret plan")
    task_id = await _add_task(api, owner, project, title="Secret task")
    attempts: list[tuple[str, dict[str, Any]]] = [
        (PROJECT, {"id": project["id"]}),
        (UPDATE, {"id": project["id"], "i": {"name": "Hijacked"}}),
        ("mutation($id: ID!) { deleteProject(id: $id) }", {"id": project["id"]}),
        (UPDATE_TASK, {"p": project["id"], "t": task_id, "i": {"title": "Hijacked"}}),
        (
            "mutation($p: ID!, $t: ID!) { deleteTask(projectId: $p, taskId: $t) }",
            {"p": project["id"], "t": task_id},
        ),
    ]
    for query, variables in attempts:
        body = await api.call(query, variables, intruder)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert "Secret" not in str(body)
    foreign = await api.error(PROJECT, {"id": project["id"]}, intruder)
    missing = await api.error(PROJECT, {"id": "00000000-0000-0000-0000-000000000000"}, intruder)
    assert (missing["message"], missing["extensions"]) == (foreign["message"], foreign["extensions"])
    assert (await api.ok(PAGE, {}, intruder))["projects"]["items"] == []
    still = (await api.ok(PROJECT, {"id": project["id"]}, owner))["project"]
    assert still["name"] == "Secret plan"
    assert still["version"] == 2


async def _add_task(api: Api, token: str, project: dict[str, Any], **fields: Any) -> str:
    phase = project["phases"][0]
    sprint = phase["sprints"][0]
    payload = {"title": "Task", **fields}
    data = await api.ok(
        ADD_TASK, {"p": project["id"], "ph": phase["id"], "s": sprint["id"], "i": payload}, token
    )
    return str(data["addTask"]["id"])


async def test_tasks_follow_their_status_and_keep_their_text(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    task_id = await _add_task(
        api, token, project, title="Survey", description="Total station survey", storyPoints=5
    )
    done = (await api.ok(UPDATE_TASK, {"p": project["id"], "t": task_id, "i": {"status": "DONE"}}, token))[
        "updateTask"
    ]
    assert done["completedAt"] is not None
    assert done["description"] == "Total station survey"
    again = await api.ok(
        UPDATE_TASK, {"p": project["id"], "t": task_id, "i": {"status": "IN_PROGRESS"}}, token
    )
    assert again["updateTask"]["completedAt"] is None
    edited = await api.ok(
        UPDATE_TASK,
        {"p": project["id"], "t": task_id, "i": {"description": "GNSS survey", "estimateHours": 12.5}},
        token,
    )
    assert edited["updateTask"]["description"] == "GNSS survey"
    stored = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    task = stored["phases"][0]["sprints"][0]["tasks"][0]
    assert task == {
        "id": task_id, "title": "Survey", "description": "GNSS survey", "discipline": None, "role": None,
        "estimateHours": 12.5, "storyPoints": 5, "status": "IN_PROGRESS", "completedAt": None,
    }  # fmt: skip
    deleted = await api.ok(
        "mutation($p: ID!, $t: ID!) { deleteTask(projectId: $p, taskId: $t) }",
        {"p": project["id"], "t": task_id},
        token,
    )
    assert deleted["deleteTask"] is True
    assert (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"][0]["sprints"][0][
        "tasks"
    ] == []
    added_done = await api.ok(
        ADD_TASK,
        {"p": project["id"], "ph": project["phases"][0]["id"], "s": project["phases"][0]["sprints"][0]["id"],
         "i": {"title": "Already done", "status": "DONE"}},
        token,
    )  # fmt: skip
    assert added_done["addTask"]["completedAt"] is not None


async def test_schedule_moves_when_durations_or_start_change(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(
        token,
        startDate="2027-01-04",
        phases=[{"name": "A", "durationWeeks": 2}, {"name": "B", "durationWeeks": 1}],
    )
    first = project["phases"][0]
    await api.ok(
        "mutation($p: ID!, $ph: ID!) { updatePhase(projectId: $p, phaseId: $ph, input: {durationWeeks: 3, status: IN_PROGRESS}) { endDate status } }",
        {"p": project["id"], "ph": first["id"]},
        token,
    )
    moved = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    assert [(p["startDate"], p["endDate"]) for p in moved["phases"]] == [
        ("2027-01-04", "2027-01-24"),
        ("2027-01-25", "2027-01-31"),
    ]
    assert moved["endDate"] == "2027-01-31"
    await api.ok(UPDATE, {"id": project["id"], "i": {"startDate": "2027-02-01"}}, token)
    shifted = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    assert shifted["phases"][1]["endDate"] == "2027-02-28"
    too_short = await api.error(
        "mutation($p: ID!, $ph: ID!) { updatePhase(projectId: $p, phaseId: $ph, input: {durationWeeks: 0}) { id } }",
        {"p": project["id"], "ph": first["id"]},
        token,
    )
    assert too_short["extensions"] == {"code": "BAD_USER_INPUT", "field": "durationWeeks"}


async def test_update_sprint(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    phase = project["phases"][1]
    sprint = phase["sprints"][1]
    data = await api.ok(
        """mutation($p: ID!, $ph: ID!, $s: ID!) { updateSprint(projectId: $p, phaseId: $ph, sprintId: $s,
             input: {name: "Pour deck", goal: "Deck slab cast", status: BLOCKED}) { id name goal status order startDate } }""",
        {"p": project["id"], "ph": phase["id"], "s": sprint["id"]},
        token,
    )
    assert data["updateSprint"] == {
        **data["updateSprint"],
        "name": "Pour deck",
        "goal": "Deck slab cast",
        "status": "BLOCKED",
        "order": 2,
    }
    assert data["updateSprint"]["startDate"] == sprint["startDate"]
    wrong_phase = await api.error(
        'mutation($p: ID!, $ph: ID!, $s: ID!) { updateSprint(projectId: $p, phaseId: $ph, sprintId: $s, input: {name: "x"}) { id } }',
        {"p": project["id"], "ph": project["phases"][0]["id"], "s": sprint["id"]},
        token,
    )
    assert wrong_phase["extensions"] == {"code": "NOT_FOUND", "field": "sprintId"}


async def test_concurrent_edits_to_different_tasks_all_persist(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    sprints = [(p["id"], s["id"]) for p in project["phases"] for s in p["sprints"]][:6]
    await asyncio.gather(
        *(
            api.ok(
                ADD_TASK,
                {"p": project["id"], "ph": ph, "s": s, "i": {"title": f"T{n}", "description": f"D{n}"}},
                token,
            )
            for n, (ph, s) in enumerate(sprints)
        )
    )
    stored = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    tasks = {t["title"]: t["description"] for p in stored["phases"] for s in p["sprints"] for t in s["tasks"]}
    assert tasks == {f"T{n}": f"D{n}" for n in range(len(sprints))}
    assert stored["version"] == 1 + len(sprints)


async def test_delete_project_removes_everything_it_owns(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    await _add_task(api, token, project, description="Has a content item")
    assert len((await container.store.query("projects", project["id"])).items) == 2
    assert (await api.ok("mutation($id: ID!) { deleteProject(id: $id) }", {"id": project["id"]}, token))[
        "deleteProject"
    ]
    assert (await container.store.query("projects", project["id"])).items == []
    assert (await container.store.query("projects", project["id"] + "#E")).items == []  # its activity too
    error = await api.error(PROJECT, {"id": project["id"]}, token)
    assert error["extensions"]["code"] == "NOT_FOUND"


async def test_twenty_parallel_edits_to_different_tasks_all_persist(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    task_ids = [await _add_task(api, token, project, title=f"Task {n}") for n in range(20)]
    results = await asyncio.gather(
        *(
            api.call(
                UPDATE_TASK,
                {"p": project["id"], "t": task_id, "i": {"status": "DONE", "title": f"Done {n}"}},
                token,
            )
            for n, task_id in enumerate(task_ids)
        )
    )
    assert [r.get("errors") for r in results] == [None] * 20  # no CONFLICT: the losers retried
    tasks = {
        t["id"]: (t["title"], t["status"])
        for p in (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"]
        for s in p["sprints"]
        for t in s["tasks"]
    }
    assert [tasks[t] for t in task_ids] == [(f"Done {n}", "DONE") for n in range(20)]


async def test_regenerating_a_sprint_never_removes_done_work(api: Api, container: Container) -> None:
    """Two AI tasks of one title, the first DONE, then the sprint regenerated: it stays, DONE."""
    from graphql_api.ai.meta import Meta
    from graphql_api.core.clock import utcnow
    from graphql_api.core.enums import AIEngine
    from graphql_api.services.models import SprintContent
    from graphql_api.services.projects.specs import GeneratedSprint, TaskSpec

    token, user_id = await api.register()
    project = await api.create_project(token)
    phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
    meta = Meta(engine=AIEngine.LOCAL, model="m", cached=False, generated_at=utcnow())

    def plan(*titles: str) -> GeneratedSprint:
        tasks = [
            TaskSpec(title=t, description=f"About {t}", estimate_hours=8, story_points=3) for t in titles
        ]
        return GeneratedSprint(goal="g", content=SprintContent(summary="s"), tasks=tasks)

    ids = (project["id"], phase["id"], sprint["id"])
    first = await container.results.apply_sprint_plan(
        user_id, *ids, plan("Design review", "Design review"), meta
    )
    done_id = first.sprint.tasks[0].id
    await api.ok(UPDATE_TASK, {"p": project["id"], "t": done_id, "i": {"status": "DONE"}}, token)
    again = await container.results.apply_sprint_plan(user_id, *ids, plan("Design review", "Site walk"), meta)
    kept = {t.id: t.status.value for t in again.sprint.tasks}
    assert kept[done_id] == "DONE"
    assert [t.title for t in again.sprint.tasks] == ["Design review", "Site walk"]


async def test_sprint_and_phase_status_roll_up_from_tasks(api: Api) -> None:
    token, _ = await api.register()
    project = await api.create_project(
        token, phases=[{"name": "Design", "sprintCount": 2}, {"name": "Build"}]
    )
    design = project["phases"][0]
    first, second = design["sprints"]
    statuses = "query($id: ID!) { project(id: $id) { phases { status sprints { status } } } }"

    async def add(sprint: dict[str, Any], title: str) -> str:
        data = await api.ok(
            ADD_TASK,
            {"p": project["id"], "ph": design["id"], "s": sprint["id"], "i": {"title": title}},
            token,
        )
        return str(data["addTask"]["id"])

    a, b = await add(first, "Survey"), await add(first, "Loads")
    await api.ok(UPDATE_TASK, {"p": project["id"], "t": a, "i": {"status": "DONE"}}, token)
    now = (await api.ok(statuses, {"id": project["id"]}, token))["project"]["phases"]
    assert (now[0]["status"], now[0]["sprints"][0]["status"], now[0]["sprints"][1]["status"]) == (
        "IN_PROGRESS",
        "IN_PROGRESS",
        "NOT_STARTED",  # one of two done; the empty sprint keeps its status
    )
    await api.ok(UPDATE_TASK, {"p": project["id"], "t": b, "i": {"status": "BLOCKED"}}, token)
    now = (await api.ok(statuses, {"id": project["id"]}, token))["project"]["phases"]
    assert (now[0]["status"], now[0]["sprints"][0]["status"]) == ("BLOCKED", "BLOCKED")
    await api.ok(UPDATE_TASK, {"p": project["id"], "t": b, "i": {"status": "DONE"}}, token)
    now = (await api.ok(statuses, {"id": project["id"]}, token))["project"]["phases"]
    assert (now[0]["status"], now[0]["sprints"][0]["status"]) == (
        "DONE",
        "DONE",
    )  # only sprints with tasks count
    assert now[1]["status"] == "NOT_STARTED"  # another phase is untouched
    # A status set by hand stands until the next task change.
    set_sprint = "mutation($p: ID!, $ph: ID!, $s: ID!) { updateSprint(projectId: $p, phaseId: $ph, sprintId: $s, input: {status: IN_PROGRESS}) { status } }"
    await api.ok(set_sprint, {"p": project["id"], "ph": design["id"], "s": first["id"]}, token)
    assert (await api.ok(statuses, {"id": project["id"]}, token))["project"]["phases"][0]["sprints"][0][
        "status"
    ] == "IN_PROGRESS"
    await add(second, "Drawings")
    now = (await api.ok(statuses, {"id": project["id"]}, token))["project"]["phases"]
    assert now[0]["sprints"][1]["status"] == "NOT_STARTED"
    assert now[0]["status"] == "IN_PROGRESS"  # IN_PROGRESS (by hand) and NOT_STARTED sprints
