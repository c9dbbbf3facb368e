"""Baselines: snapshots of the plan and the variance against the latest, on both backends."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from graphql_api.services.interchange.text import markdown as md
from tests.conftest import Api

SET = """mutation($p: ID!, $n: String) { setBaseline(projectId: $p, name: $n) {
  id name createdAt startDate endDate totalPoints totalHours phases { phaseId name startDate endDate } } }"""
READ = """query($id: ID!) { project(id: $id) { version startDate endDate scheduleVarianceDays
  baselines { id name endDate totalPoints totalHours } phases { id name startDate endDate baseline { phaseId startDate endDate } } } }"""
LONGER = """mutation($p: ID!, $ph: ID!, $w: Int!) { updatePhase(projectId: $p, phaseId: $ph, input: {durationWeeks: $w}) { id } }"""
ADD = """mutation($p: ID!, $ph: ID!, $s: ID!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "Load test", estimateHours: 6, storyPoints: 2}) { id } }"""


async def _project(api: Api) -> tuple[str, dict[str, Any]]:
    token, _ = await api.register()
    project = await api.create_project(token, startDate="2026-03-02")
    return token, project


async def test_a_baseline_snapshots_the_plan_and_variance_follows_later_changes(api: Api) -> None:
    token, project = await _project(api)
    phase = project["phases"][0]
    await api.ok(ADD, {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}, token)
    before = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    assert (before["baselines"], before["scheduleVarianceDays"]) == ([], None)
    assert all(p["baseline"] is None for p in before["phases"])

    baseline = (await api.ok(SET, {"p": project["id"], "n": "Contract award"}, token))["setBaseline"]
    assert (baseline["name"], baseline["startDate"], baseline["endDate"]) == (
        "Contract award",
        "2026-03-02",
        before["endDate"],
    )
    assert (baseline["totalPoints"], baseline["totalHours"]) == (2, 6)
    assert [(p["phaseId"], p["startDate"], p["endDate"]) for p in baseline["phases"]] == [
        (p["id"], p["startDate"], p["endDate"]) for p in before["phases"]
    ]

    # The first phase grows by two weeks: the whole plan slips 14 days against the baseline.
    weeks = phase["durationWeeks"] or 4
    await api.ok(LONGER, {"p": project["id"], "ph": phase["id"], "w": weeks + 2}, token)
    after = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    assert after["scheduleVarianceDays"] == 14
    assert after["baselines"][0]["endDate"] == before["endDate"]  # the snapshot does not move
    second = after["phases"][1]
    assert second["baseline"]["startDate"] == before["phases"][1]["startDate"]
    assert second["startDate"] != second["baseline"]["startDate"]


async def test_beyond_the_limit_the_oldest_baseline_goes_and_the_newest_is_first(api: Api) -> None:
    token, project = await _project(api)
    for n in range(1, 8):
        await api.ok(SET, {"p": project["id"], "n": f"B{n}"}, token)
    kept = (await api.ok(READ, {"id": project["id"]}, token))["project"]["baselines"]
    assert [b["name"] for b in kept] == ["B7", "B6", "B5", "B4", "B3"]  # LIMIT_BASELINES_PER_PROJECT = 5
    unnamed = (await api.ok(SET, {"p": project["id"], "n": None}, token))["setBaseline"]
    assert unnamed["name"] == f"Baseline of {unnamed['createdAt'][:10]}"


async def test_concurrent_baselines_and_edits_lose_nothing(api: Api) -> None:
    token, project = await _project(api)
    phase = project["phases"][0]
    await asyncio.gather(
        *(api.ok(SET, {"p": project["id"], "n": f"B{n}"}, token) for n in range(3)),
        *(
            api.ok(ADD, {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}, token)
            for _ in range(3)
        ),
    )
    after = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    assert sorted(b["name"] for b in after["baselines"]) == ["B0", "B1", "B2"]
    assert after["version"] == project["version"] + 6


async def test_a_bad_name_is_refused_and_nothing_is_written(api: Api) -> None:
    token, project = await _project(api)
    error = await api.error(SET, {"p": project["id"], "n": "x" * 201}, token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    missing = await api.error(SET, {"p": "no-such-project", "n": "B"}, token)
    assert missing["extensions"]["code"] == "NOT_FOUND"
    after = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    assert (after["baselines"], after["version"]) == ([], project["version"])


async def test_the_json_export_carries_the_baselines(api: Api) -> None:
    token, project = await _project(api)
    baseline = (await api.ok(SET, {"p": project["id"], "n": "Award"}, token))["setBaseline"]
    file = (
        await api.ok(
            "mutation($p: ID!) { exportProject(projectId: $p, format: JSON) { content } }",
            {"p": project["id"]},
            token,
        )
    )["exportProject"]
    exported = json.loads(file["content"])["project"]["baselines"]
    assert [(b["id"], b["name"], b["endDate"], len(b["phases"])) for b in exported] == [
        (baseline["id"], "Award", baseline["endDate"], len(baseline["phases"]))
    ]


async def test_reports_state_the_drift_against_the_latest_baseline(api: Api) -> None:
    token, project = await _project(api)
    phase = project["phases"][0]
    await api.ok(SET, {"p": project["id"], "n": "Award"}, token)
    await api.ok(
        LONGER, {"p": project["id"], "ph": phase["id"], "w": (phase["durationWeeks"] or 4) + 1}, token
    )
    end = (await api.ok(READ, {"id": project["id"]}, token))["project"]["baselines"][0]["endDate"]
    drift = f"7 d late against baseline Award (end {end})"
    export = "mutation($p: ID!, $f: ExportFormat!) { exportProject(projectId: $p, format: $f) { content } }"
    for fmt, shown in (("MARKDOWN", md(drift)), ("HTML", drift)):  # each escaped its own way
        content = (await api.ok(export, {"p": project["id"], "f": fmt}, token))["exportProject"]["content"]
        assert shown in content, fmt
    exported = (await api.ok(export, {"p": project["id"], "f": "JSON"}, token))["exportProject"]["content"]
    assert json.loads(exported)["project"]["scheduleVarianceDays"] == 7
