"""AI generation as jobs, through GraphQL on both backends, with the local engine."""

from __future__ import annotations

import asyncio
from pathlib import Path

from graphql_api.config import Limits
from graphql_api.container import Container, build_container
from graphql_api.core.enums import AIEngine
from graphql_api.jobs.local import LocalRunner
from tests.conftest import PROJECT_FIELDS, Api, asgi_client, make_settings

JOB_FIELDS = (
    "id kind status progress message projectId phaseId sprintId engine cached error createdAt updatedAt"
)
GEN_PHASE = f"mutation($p: ID!, $ph: ID!) {{ generatePhase(projectId: $p, phaseId: $ph) {{ {JOB_FIELDS} }} }}"
GEN_SPRINT = f"mutation($p: ID!, $ph: ID!, $s: ID!) {{ generateSprint(projectId: $p, phaseId: $ph, sprintId: $s) {{ {JOB_FIELDS} }} }}"
GEN_PLAN = f"mutation($p: ID!) {{ generateProjectPlan(projectId: $p) {{ {JOB_FIELDS} }} }}"
ASSESS = f"mutation($p: ID!) {{ assessRisks(projectId: $p) {{ {JOB_FIELDS} }} }}"
ASSESS_APPLY = (
    f"mutation($p: ID!) {{ assessRisks(projectId: $p, input: {{apply: APPLY}}) {{ {JOB_FIELDS} }} }}"
)
JOB = f"query($id: ID!) {{ generationJob(id: $id) {{ {JOB_FIELDS} }} }}"
PROJECT = f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}"
RISK_FIELDS = """riskAssessment { id projectId overallLevel summary createdAt generation { engine model }
  risks { id title description category likelihood impact score level mitigation contingency trigger owner status phaseId } }"""


async def run_jobs(container: Container) -> None:
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()


async def test_generate_phase_writes_civil_content(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(
        token, templateId="builtin-civil-construction", constraints=["Budget 2M"]
    )
    phase = project["phases"][2]
    job = (await api.ok(GEN_PHASE, {"p": project["id"], "ph": phase["id"]}, token))["generatePhase"]
    assert job["status"] in {"QUEUED", "RUNNING"}
    assert (job["kind"], job["projectId"], job["phaseId"]) == ("PHASE", project["id"], phase["id"])
    await run_jobs(container)
    done = (await api.ok(JOB, {"id": job["id"]}, token))["generationJob"]
    assert (done["status"], done["progress"], done["engine"], done["error"]) == (
        "SUCCEEDED",
        1.0,
        "LOCAL",
        None,
    )
    stored = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"][2]
    content = stored["content"]
    assert "Detailed design" in content["summary"]
    assert any(d["discipline"] == "civil" for d in content["deliverables"])
    assert any("Budget 2M" in o for o in content["objectives"])
    assert stored["generation"]["engine"] == "LOCAL"
    assert stored["generation"]["model"] == "local-planner-v1"
    assert [
        p["content"] for p in (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"][:2]
    ] == [None, None]


async def test_generate_sprint_keeps_what_the_user_did(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, disciplines=["software"])
    phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
    variables = {"p": project["id"], "ph": phase["id"], "s": sprint["id"]}
    await api.ok(GEN_SPRINT, variables, token)
    await run_jobs(container)
    first = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"][0]["sprints"][0]
    assert first["content"]["summary"]
    assert first["goal"].startswith(phase["name"])
    generated = first["tasks"]
    assert len(generated) >= 2
    assert all(t["id"] and t["description"] for t in generated)
    started, untouched = generated[0], generated[1]
    await api.ok(
        "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: IN_PROGRESS}) { id } }",
        {"p": project["id"], "t": started["id"]},
        token,
    )
    own = await api.ok(
        'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "My own task"}) { id } }',
        variables,
        token,
    )
    await api.ok(GEN_SPRINT, variables, token)  # regenerate: same titles from the local planner
    await run_jobs(container)
    again = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]["phases"][0]["sprints"][0][
        "tasks"
    ]
    by_title = {t["title"]: t for t in again}
    assert by_title[started["title"]]["status"] == "IN_PROGRESS"
    assert by_title[started["title"]]["id"] == started["id"]
    assert by_title[untouched["title"]]["status"] == "NOT_STARTED"
    assert by_title["My own task"]["id"] == own["addTask"]["id"]
    assert len(again) == len(generated) + 1


async def test_project_plan_writes_every_phase_and_sprint_with_monotonic_progress(
    api: Api, container: Container
) -> None:
    token, user_id = await api.register()
    project = await api.create_project(token, templateId="builtin-mechanical-design")
    job = (await api.ok(GEN_PLAN, {"p": project["id"]}, token))["generateProjectPlan"]
    user = await container.auth.get_user(user_id)
    assert user is not None
    seen = [
        (state.status.value, state.progress, state.message)
        async for state in container.jobs.watch(user, job["id"], poll_seconds=0.05)
    ]
    progress = [p for _, p, _ in seen]
    assert progress == sorted(progress)
    assert seen[-1][:2] == ("SUCCEEDED", 1.0)
    assert seen[-1][2] == "Plan written: 6 phases, 13 sprints"
    assert len(seen) >= 2  # at least the state at subscription time, then the end
    stored = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    assert all(p["content"] for p in stored["phases"])
    assert all(s["content"] and s["tasks"] for p in stored["phases"] for s in p["sprints"])
    steps = len(stored["phases"]) + sum(len(p["sprints"]) for p in stored["phases"])
    assert steps == 6 + 13
    result = await api.ok(
        "query($id: ID!) { generationJob(id: $id) { project { id name } } }", {"id": job["id"]}, token
    )
    assert result["generationJob"]["project"]["id"] == project["id"]


async def test_asking_again_while_running_returns_the_same_job(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    first, second = await asyncio.gather(
        api.ok(GEN_PLAN, {"p": project["id"]}, token), api.ok(GEN_PLAN, {"p": project["id"]}, token)
    )
    assert first["generateProjectPlan"]["id"] == second["generateProjectPlan"]["id"]
    await run_jobs(container)
    third = (await api.ok(GEN_PLAN, {"p": project["id"]}, token))["generateProjectPlan"]
    assert third["id"] != first["generateProjectPlan"]["id"]  # the first finished: a new one starts
    await run_jobs(container)


async def test_risks_are_scored_by_us_and_history_is_kept(api: Api, container: Container) -> None:
    token, user_id = await api.register()
    project = await api.create_project(
        token, templateId="builtin-civil-construction", constraints=["No river works in spring"]
    )
    assert (
        await api.ok(
            f"query($id: ID!) {{ project(id: $id) {{ {RISK_FIELDS} }} }}", {"id": project["id"]}, token
        )
    )["project"]["riskAssessment"] is None
    for _ in range(2):  # the second adds to the history at once (APPLY), not as a proposal (AUTO)
        await api.ok(ASSESS_APPLY, {"p": project["id"]}, token)
        await run_jobs(container)
    data = (
        await api.ok(
            f"query($id: ID!) {{ project(id: $id) {{ phases {{ id }} {RISK_FIELDS} }} }}",
            {"id": project["id"]},
            token,
        )
    )["project"]
    assessment = data["riskAssessment"]
    phase_ids = {p["id"] for p in data["phases"]}
    levels = {(1, 4): "LOW", (5, 9): "MEDIUM", (10, 16): "HIGH", (17, 25): "CRITICAL"}
    for risk in assessment["risks"]:
        assert risk["score"] == risk["likelihood"] * risk["impact"]
        assert risk["level"] == next(v for (lo, hi), v in levels.items() if lo <= risk["score"] <= hi)
        assert risk["status"] == "OPEN"
        assert risk["mitigation"]
        assert risk["phaseId"] is None or risk["phaseId"] in phase_ids
    assert any(r["phaseId"] for r in assessment["risks"])
    assert any(r["category"] == "Constraint" for r in assessment["risks"])
    assert assessment["overallLevel"] == "HIGH"  # the worst civil risk scores 12
    user = await container.auth.get_user(user_id)
    assert user is not None
    history = await container.projects.risk_history(user, project["id"])
    assert len(history) == 2
    assert history[-1].id == assessment["id"]


async def test_generate_template_belongs_to_the_caller(api: Api, container: Container) -> None:
    token, _ = await api.register()
    other, _ = await api.register()
    job = (
        await api.ok(
            f'mutation {{ generateTemplate(input: {{description: "Rural water supply scheme", disciplines: ["civil", "environmental"], name: "Water scheme"}}) {{ {JOB_FIELDS} }} }}',
            token=token,
        )
    )["generateTemplate"]
    await run_jobs(container)
    done = (
        await api.ok(
            "query($id: ID!) { generationJob(id: $id) { status template { id name isBuiltIn disciplines phases { name sprintCount } } } }",
            {"id": job["id"]},
            token,
        )
    )["generationJob"]
    template = done["template"]
    assert (done["status"], template["name"], template["isBuiltIn"]) == ("SUCCEEDED", "Water scheme", False)
    assert template["disciplines"] == ["civil", "environmental"]
    mine = [t["id"] for t in (await api.ok("{ templates { id } }", token=token))["templates"]]
    theirs = [t["id"] for t in (await api.ok("{ templates { id } }", token=other))["templates"]]
    assert template["id"] in mine
    assert template["id"] not in theirs
    project = await api.create_project(token, templateId=template["id"])
    assert [p["name"] for p in project["phases"]] == [p["name"] for p in template["phases"]]


async def test_another_user_cannot_read_a_job_or_start_one_on_my_project(
    api: Api, container: Container
) -> None:
    token, _ = await api.register()
    intruder, _ = await api.register()
    project = await api.create_project(token, name="Secret")
    job = (await api.ok(GEN_PLAN, {"p": project["id"]}, token))["generateProjectPlan"]
    error = await api.error(JOB, {"id": job["id"]}, intruder)
    assert error["extensions"]["code"] == "NOT_FOUND"
    for query, variables in (
        (GEN_PLAN, {"p": project["id"]}),
        (ASSESS, {"p": project["id"]}),
        (GEN_PHASE, {"p": project["id"], "ph": project["phases"][0]["id"]}),
    ):
        body = await api.call(query, variables, intruder)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert "Secret" not in str(body)
    await run_jobs(container)


async def test_bad_targets_are_not_found_and_bad_input_is_named(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    error = await api.error(GEN_PHASE, {"p": project["id"], "ph": "nope"}, token)
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "phaseId"}
    long = "x" * 3000
    error = await api.error(
        "mutation($p: ID!, $i: String) { generateProjectPlan(projectId: $p, input: {instructions: $i}) { id } }",
        {"p": project["id"], "i": long},
        token,
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "instructions"}
    empty = await api.error(
        'mutation { generateTemplate(input: {description: "x", disciplines: []}) { id } }', token=token
    )
    assert empty["extensions"] == {"code": "BAD_USER_INPUT", "field": "disciplines"}
    await run_jobs(container)


async def test_a_job_delivered_twice_runs_once(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    job = (await api.ok(ASSESS, {"p": project["id"]}, token))["assessRisks"]
    await run_jobs(container)
    assert await container.worker.run(job["id"]) is None  # a redelivery finds it finished
    user_id = (await api.ok("{ me { id } }", token=token))["me"]["id"]
    user = await container.auth.get_user(user_id)
    assert user is not None
    assert len(await container.projects.risk_history(user, project["id"])) == 1


async def test_usage_is_counted_per_project(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token)
    await api.ok(GEN_PLAN, {"p": project["id"]}, token)
    await run_jobs(container)
    view = await container.projects.get(await container.auth.authenticate(f"Bearer {token}"), project["id"])
    assert view.usage is not None
    steps = len(view.project.phases) + sum(len(p.sprints) for p in view.project.phases)
    assert view.usage.requests == steps
    assert view.usage.by_engine[AIEngine.LOCAL].requests == steps
    assert view.usage.cost_usd == 0.0


async def test_a_long_plan_continues_in_fresh_runs_without_redoing_steps(tmp_path: Path) -> None:
    """With a time budget (as on Lambda) each run does at least one step, then queues the rest."""
    container = build_container(make_settings("sqlite", tmp_path, None, jobs_time_budget_seconds=0))
    runner = container.dispatcher
    assert isinstance(runner, LocalRunner)
    dispatched: list[str] = []

    class Counting:
        async def dispatch(self, job_id: str) -> None:
            dispatched.append(job_id)
            await runner.dispatch(job_id)

    container.jobs.use_dispatcher(Counting())
    async with asgi_client(container) as http:
        api = Api(http)
        token, user_id = await api.register()
        project = await api.create_project(
            token, phases=[{"name": "A", "sprintCount": 2}, {"name": "B", "sprintCount": 1}]
        )
        job_id = (await api.ok(GEN_PLAN, {"p": project["id"]}, token))["generateProjectPlan"]["id"]
        user = await container.auth.get_user(user_id)
        assert user is not None
        seen = [
            (s.status.value, s.progress, s.message)
            async for s in container.jobs.watch(user, job_id, poll_seconds=0.05)
        ]
        await runner.drain()
        final = (await api.ok(JOB, {"id": job_id}, token))["generationJob"]
        stored = (await api.ok(PROJECT, {"id": project["id"]}, token))["project"]
    assert final["status"] == "SUCCEEDED"
    assert final["message"] == "Plan written: 2 phases, 3 sprints"
    progress = [p for _, p, _ in seen]
    assert progress == sorted(progress)
    assert dispatched == [job_id] * 5  # the first run and four continuations: one step each
    assert all(p["content"] for p in stored["phases"])
    assert all(s["content"] and s["tasks"] for p in stored["phases"] for s in p["sprints"])
    view = await container.projects.get(user, project["id"])
    assert view.usage is not None
    assert view.usage.requests == 5  # each of the 5 steps generated exactly once
    container.close()


async def test_one_user_cannot_flood_the_job_queue(tmp_path: Path) -> None:
    settings = make_settings(
        "sqlite", tmp_path, None, limits=Limits(jobs_per_window=3, jobs_window_seconds=600)
    )
    container = build_container(settings)
    await container.store.create_tables()
    try:
        async with asgi_client(container) as http:
            api, other = Api(http), Api(http)
            token, _ = await api.register("flood@example.com")
            bystander, _ = await other.register("calm@example.com")
            generate = 'mutation($d: String!) { generateTemplate(input: {description: $d, disciplines: ["civil"]}) { id } }'
            for n in range(3):
                await api.ok(generate, {"d": f"Bridge {n}"}, token)
            limited = await api.error(generate, {"d": "Bridge 4"}, token)
            assert limited["extensions"]["code"] == "RATE_LIMITED"
            assert 1 <= limited["extensions"]["retryAfter"] <= 600
            assert (await other.ok(generate, {"d": "Culvert"}, bystander))["generateTemplate"]["id"]
        assert isinstance(container.dispatcher, LocalRunner)
        await container.dispatcher.drain()
    finally:
        container.close()
