"""Phase dependencies through the API: dates, float and the critical path, on both backends."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api

PHASES = [
    {"name": "Detailed design", "durationWeeks": 6, "sprintCount": 2},
    {"name": "Procurement", "durationWeeks": 4, "sprintCount": 1},
    {"name": "Construction", "durationWeeks": 8, "sprintCount": 2},
]
SCHEDULE = """query($id: ID!) { project(id: $id) { id version endDate criticalPath
  phases { id name startDate endDate totalFloatDays critical dependsOn { phaseId type lagDays }
    sprints { startDate endDate } } } }"""
SET = """mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) {
  setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id startDate endDate dependsOn { phaseId type lagDays } } }"""


async def _project(api: Api, token: str) -> dict[str, Any]:
    created = await api.create_project(token, phases=PHASES, startDate="2027-01-04")
    return (await api.ok(SCHEDULE, {"id": created["id"]}, token))["project"]


async def test_by_default_phases_run_back_to_back_and_all_are_critical(api: Api) -> None:
    token, _ = await api.register()
    project = await _project(api, token)
    design, procurement, construction = project["phases"]
    assert design["dependsOn"] == []
    assert procurement["dependsOn"] == [{"phaseId": design["id"], "type": "FINISH_TO_START", "lagDays": 0}]
    assert (design["startDate"], design["endDate"]) == ("2027-01-04", "2027-02-14")
    assert procurement["startDate"] == "2027-02-15"
    assert project["endDate"] == construction["endDate"] == "2027-05-09"
    assert project["criticalPath"] == [design["id"], procurement["id"], construction["id"]]
    assert {p["totalFloatDays"] for p in project["phases"]} == {0}


async def test_procurement_overlapping_design_moves_the_dates_and_the_critical_path(api: Api) -> None:
    token, _ = await api.register()
    project = await _project(api, token)
    design, procurement, construction = project["phases"]
    # Procurement starts two weeks into design; construction waits for both.
    await api.ok(
        SET,
        {
            "p": project["id"],
            "ph": procurement["id"],
            "d": [{"phaseId": design["id"], "type": "START_TO_START", "lagDays": 14}],
        },
        token,
    )
    links = [{"phaseId": design["id"]}, {"phaseId": procurement["id"], "lagDays": 7}]
    await api.ok(SET, {"p": project["id"], "ph": construction["id"], "d": links}, token)
    after = (await api.ok(SCHEDULE, {"id": project["id"]}, token))["project"]
    design, procurement, construction = after["phases"]
    assert (procurement["startDate"], procurement["endDate"]) == ("2027-01-18", "2027-02-14")
    assert construction["startDate"] == "2027-02-22"  # procurement's end + 1 + 7 days' lag
    assert after["endDate"] == construction["endDate"] == "2027-04-18"
    assert after["criticalPath"] == [design["id"], procurement["id"], construction["id"]]
    # Drop the lag: procurement now ends with design, and both feed construction at once.
    await api.ok(
        SET, {"p": project["id"], "ph": construction["id"], "d": [{"phaseId": procurement["id"]}]}, token
    )
    shorter = (await api.ok(SCHEDULE, {"id": project["id"]}, token))["project"]
    design, procurement, construction = shorter["phases"]
    assert construction["startDate"] == "2027-02-15"
    assert design["totalFloatDays"] == 0  # procurement starts 14 days into design, so design drives it
    assert construction["sprints"][0]["startDate"] == construction["startDate"]  # sprints follow their phase


async def test_cycles_self_and_unknown_phases_are_refused_and_nothing_is_written(api: Api) -> None:
    token, _ = await api.register()
    project = await _project(api, token)
    design, procurement, _ = project["phases"]
    cases = [
        (design["id"], [{"phaseId": procurement["id"]}]),  # procurement already follows design: a cycle
        (design["id"], [{"phaseId": design["id"]}]),
        (design["id"], [{"phaseId": "no-such-phase"}]),
    ]
    for phase_id, links in cases:
        error = await api.error(SET, {"p": project["id"], "ph": phase_id, "d": links}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "dependencies"}, links
    lag = await api.error(
        SET,
        {"p": project["id"], "ph": procurement["id"], "d": [{"phaseId": design["id"], "lagDays": 366}]},
        token,
    )
    assert lag["extensions"] == {"code": "BAD_USER_INPUT", "field": "lagDays"}
    unchanged = (await api.ok(SCHEDULE, {"id": project["id"]}, token))["project"]
    assert unchanged["version"] == 1
    assert unchanged["phases"] == project["phases"]
