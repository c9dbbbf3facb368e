"""Actual hours, back-dated completion and figures as of a day, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.conftest import Api

ADD = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id actualHours status completedAt } }"""
UPDATE = """mutation($p: ID!, $t: ID!, $i: UpdateTaskInput!) {
  updateTask(projectId: $p, taskId: $t, input: $i) { id status actualHours completedAt } }"""
FIGURES = """query($id: ID!, $on: Date) { project(id: $id) { version analytics(asOf: $on) { asOf
  burndown { date remainingPoints projected }
  earnedValue { asOf budgetAtCompletion plannedValue earnedValue actualCost spi cpi estimateAtCompletion } } } }"""


def _today() -> date:
    return datetime.now(UTC).date()  # the API's "today" is UTC's


async def _running(api: Api, days_ago: int = 30) -> tuple[str, dict[str, Any], date]:
    """A project that started `days_ago` days ago, with one 8-hour task of 5 points in its first sprint."""
    token, _ = await api.register()
    start = _today() - timedelta(days=days_ago)
    project = await api.create_project(token, startDate=start.isoformat())
    phase = project["phases"][0]
    sprint = phase["sprints"][0]
    task = (
        await api.ok(
            ADD,
            {
                "p": project["id"],
                "ph": phase["id"],
                "s": sprint["id"],
                "i": {
                    "title": "Survey the abutments",
                    "estimateHours": 8,
                    "storyPoints": 5,
                    "actualHours": 3,
                },
            },
            token,
        )
    )["addTask"]
    assert task["actualHours"] == 3
    return token, project | {"task": task, "sprint": sprint}, start


async def test_completion_is_back_dated_and_the_figures_follow_it(api: Api) -> None:
    token, project, start = await _running(api)
    done_on = start + timedelta(days=2)
    changes = {"status": "DONE", "completedOn": done_on.isoformat(), "actualHours": 10.5}
    task = (await api.ok(UPDATE, {"p": project["id"], "t": project["task"]["id"], "i": changes}, token))[
        "updateTask"
    ]
    assert (task["status"], task["actualHours"]) == ("DONE", 10.5)
    assert task["completedAt"].startswith(f"{done_on.isoformat()}T00:00:00")

    before = await api.ok(
        FIGURES, {"id": project["id"], "on": (done_on - timedelta(days=1)).isoformat()}, token
    )
    after = await api.ok(FIGURES, {"id": project["id"], "on": done_on.isoformat()}, token)
    ev_before = before["project"]["analytics"]["earnedValue"]
    ev_after = after["project"]["analytics"]["earnedValue"]
    assert (ev_before["earnedValue"], ev_after["earnedValue"]) == (0, 8)
    assert ev_after["actualCost"] == ev_before["actualCost"] == 10.5  # logged hours count whenever
    assert ev_after["budgetAtCompletion"] == 8
    assert ev_after["cpi"] == round(8 / 10.5, 4)
    assert ev_after["estimateAtCompletion"] == 10.5  # BAC / CPI
    assert after["project"]["analytics"]["asOf"] == done_on.isoformat()

    # The first sprint's burndown point: projected while its end is after asOf, with the
    # remaining points as of asOf (5 before the completion day, 0 from it).
    first_end = project["sprint"]["endDate"]
    point = next(p for p in before["project"]["analytics"]["burndown"] if p["date"] == first_end)
    assert point["projected"] is (first_end > before["project"]["analytics"]["asOf"])
    assert point["remainingPoints"] == 5
    today = (await api.ok(FIGURES, {"id": project["id"], "on": None}, token))["project"]["analytics"]
    assert today["asOf"] == _today().isoformat()
    assert [p["projected"] for p in today["burndown"]] == [
        p["date"] > today["asOf"] for p in today["burndown"]
    ]
    assert not today["burndown"][0]["projected"]  # the first sprint ended within the 30 days
    assert all(p["remainingPoints"] == 0 for p in today["burndown"])  # the one task is done


async def test_bad_actuals_and_completion_dates_are_refused_and_nothing_is_written(api: Api) -> None:
    token, project, start = await _running(api)
    tomorrow = _today() + timedelta(days=1)
    cases = [
        ({"actualHours": -1}, "actualHours"),
        ({"actualHours": 10_000.5}, "actualHours"),
        ({"completedOn": start.isoformat()}, "completedOn"),  # the task is not DONE
        ({"status": "IN_PROGRESS", "completedOn": start.isoformat()}, "completedOn"),
        ({"status": "DONE", "completedOn": tomorrow.isoformat()}, "completedOn"),
        ({"status": "DONE", "completedOn": (start - timedelta(days=1)).isoformat()}, "completedOn"),
    ]
    version = (await api.ok(FIGURES, {"id": project["id"], "on": None}, token))["project"]["version"]
    for changes, field in cases:
        error = await api.error(UPDATE, {"p": project["id"], "t": project["task"]["id"], "i": changes}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, changes
    after = await api.ok(FIGURES, {"id": project["id"], "on": None}, token)
    assert after["project"]["version"] == version
    ev = after["project"]["analytics"]["earnedValue"]
    assert (ev["actualCost"], ev["earnedValue"]) == (3, 0)


async def test_a_task_made_done_today_completes_today_and_keeps_its_hours(api: Api) -> None:
    token, project, _ = await _running(api, days_ago=0)
    changes = {"status": "DONE"}
    task = (await api.ok(UPDATE, {"p": project["id"], "t": project["task"]["id"], "i": changes}, token))[
        "updateTask"
    ]
    assert task["actualHours"] == 3
    # completedAt is the click time: today, or yesterday if midnight passed since.
    assert task["completedAt"][:10] in {
        _today().isoformat(),
        (_today() - timedelta(days=1)).isoformat(),
    }
    reopened = {"status": "IN_PROGRESS"}
    task = (await api.ok(UPDATE, {"p": project["id"], "t": project["task"]["id"], "i": reopened}, token))[
        "updateTask"
    ]
    assert (task["completedAt"], task["actualHours"]) == (None, 3)
