"""ProjectAnalytics: every figure exact, for a project built with known tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graphql_api.container import Container
from graphql_api.jobs.local import LocalRunner
from tests.conftest import Api, RequestCounter

ANALYTICS = """analytics { completion estimatedHours completedHours
  phases { total notStarted inProgress blocked done } sprints { total notStarted inProgress blocked done }
  tasks { total notStarted inProgress blocked done }
  hoursByDiscipline { key hours } hoursByRole { key hours }
  velocity { sprintId name plannedPoints completedPoints }
  burndown { date remainingPoints idealPoints }
  riskExposure risksByLevel { level count }
  ai { requests cacheHits failovers inputTokens outputTokens costUsd byEngine { engine requests inputTokens outputTokens costUsd } } }"""


async def _known_project(api: Api, token: str) -> tuple[dict[str, Any], str]:
    today = datetime.now(UTC).date()
    start = today - timedelta(days=7)
    project = await api.create_project(
        token,
        startDate=start.isoformat(),
        phases=[
            {"name": "A", "durationWeeks": 2, "sprintCount": 2},
            {"name": "B", "durationWeeks": 1, "sprintCount": 1},
        ],
    )
    s1, s2 = project["phases"][0]["sprints"]
    (s3,) = project["phases"][1]["sprints"]
    add = "mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"
    tasks = [
        (project["phases"][0]["id"], s1["id"], {"title": "t1", "storyPoints": 5, "estimateHours": 10, "discipline": "civil", "role": "Engineer", "status": "DONE"}),
        (project["phases"][0]["id"], s1["id"], {"title": "t2", "storyPoints": 3, "estimateHours": 6, "discipline": "civil", "role": "Engineer", "status": "IN_PROGRESS"}),
        (project["phases"][0]["id"], s2["id"], {"title": "t3", "storyPoints": 8, "estimateHours": 16, "discipline": "structural", "role": "Analyst"}),
        (project["phases"][1]["id"], s3["id"], {"title": "t4", "storyPoints": 2, "estimateHours": 4, "status": "BLOCKED"}),
    ]  # fmt: skip
    for phase_id, sprint_id, task in tasks:
        await api.ok(add, {"p": project["id"], "ph": phase_id, "s": sprint_id, "i": task}, token)
    return project, today.isoformat()


async def test_every_figure_is_exact(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project, today = await _known_project(api, token)
    s1, s2 = project["phases"][0]["sprints"]
    (s3,) = project["phases"][1]["sprints"]
    a = (
        await api.ok(
            f"query($id: ID!) {{ project(id: $id) {{ {ANALYTICS} }} }}", {"id": project["id"]}, token
        )
    )["project"]["analytics"]
    assert a["completion"] == round(5 / 18, 4)
    assert (a["estimatedHours"], a["completedHours"]) == (36.0, 10.0)
    # Rolled up from the tasks (the contract's roll-up rule): s1 DONE+IN_PROGRESS -> IN_PROGRESS,
    # s2 NOT_STARTED, s3 BLOCKED; phase 1 IN_PROGRESS, phase 2 BLOCKED.
    assert a["phases"] == {"total": 2, "notStarted": 0, "inProgress": 1, "blocked": 1, "done": 0}
    assert a["sprints"] == {"total": 3, "notStarted": 1, "inProgress": 1, "blocked": 1, "done": 0}
    assert a["tasks"] == {"total": 4, "notStarted": 1, "inProgress": 1, "blocked": 1, "done": 1}
    assert a["hoursByDiscipline"] == [
        {"key": "civil", "hours": 16.0},
        {"key": "structural", "hours": 16.0},
        {"key": "unassigned", "hours": 4.0},
    ]
    assert a["hoursByRole"] == [
        {"key": "Analyst", "hours": 16.0},
        {"key": "Engineer", "hours": 16.0},
        {"key": "unassigned", "hours": 4.0},
    ]
    assert a["velocity"] == [
        {"sprintId": s1["id"], "name": s1["name"], "plannedPoints": 8, "completedPoints": 5},
        {"sprintId": s2["id"], "name": s2["name"], "plannedPoints": 8, "completedPoints": 0},
        {"sprintId": s3["id"], "name": s3["name"], "plannedPoints": 2, "completedPoints": 0},
    ]
    # t1 was completed today: after sprint 1 ended (yesterday), before sprints 2 and 3 end.
    assert a["burndown"] == [
        {"date": s1["endDate"], "remainingPoints": 18, "idealPoints": 12.0},
        {"date": s2["endDate"], "remainingPoints": 13, "idealPoints": 6.0},
        {"date": s3["endDate"], "remainingPoints": 13, "idealPoints": 0.0},
    ]
    assert s1["endDate"] < today <= s2["endDate"]
    assert a["riskExposure"] == 0
    assert a["risksByLevel"] == [{"level": lv, "count": 0} for lv in ("LOW", "MEDIUM", "HIGH", "CRITICAL")]
    assert a["ai"] == {
        "requests": 0,
        "cacheHits": 0,
        "failovers": 0,
        "inputTokens": 0,
        "outputTokens": 0,
        "costUsd": 0.0,
        "byEngine": [],
    }


async def test_risks_and_ai_usage_show_up(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, templateId="builtin-civil-construction")
    await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": project["id"]}, token)
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    data = (
        await api.ok(
            f"query($id: ID!) {{ project(id: $id) {{ riskAssessment {{ risks {{ score level }} }} {ANALYTICS} }} }}",
            {"id": project["id"]},
            token,
        )
    )["project"]
    risks = data["riskAssessment"]["risks"]
    a = data["analytics"]
    # civil's three known risks score 3x4, 3x4 and 4x3
    assert a["riskExposure"] == sum(r["score"] for r in risks) == 36
    assert a["risksByLevel"] == [
        {"level": "LOW", "count": 0},
        {"level": "MEDIUM", "count": 0},
        {"level": "HIGH", "count": 3},
        {"level": "CRITICAL", "count": 0},
    ]
    assert a["ai"]["requests"] == 1
    assert a["ai"]["byEngine"] == [
        {"engine": "LOCAL", "requests": 1, "inputTokens": 0, "outputTokens": 0, "costUsd": 0.0}
    ]


@pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)
async def test_a_page_of_projects_with_analytics_costs_one_batch_more(
    api: Api, container: Container, dynamo_requests: RequestCounter
) -> None:
    token, _ = await api.register()
    for _ in range(20):
        await _known_project(api, token)
    dynamo_requests.reset()
    data = await api.ok(
        f"{{ projects(limit: 20) {{ items {{ id {ANALYTICS} riskAssessment {{ id }} }} }} }}", token=token
    )
    assert len(data["projects"]["items"]) == 20
    assert all(p["analytics"]["completion"] == round(5 / 18, 4) for p in data["projects"]["items"])
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}
