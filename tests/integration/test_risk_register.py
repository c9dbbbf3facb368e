"""Keeping the risk register up to date: updateRisk on the latest assessment, on both backends."""

from __future__ import annotations

from typing import Any

from graphql_api.container import Container
from graphql_api.jobs.local import LocalRunner
from tests.conftest import Api

READ = """query($id: ID!) { project(id: $id) { version riskAssessment { id risks { id title likelihood impact
  score level status owner mitigation contingency } } analytics { riskExposure } } }"""
UPDATE = """mutation($p: ID!, $r: ID!, $i: UpdateRiskInput!) {
  updateRisk(projectId: $p, riskId: $r, input: $i) { id status likelihood impact score level owner mitigation contingency } }"""


async def _assessed(api: Api, container: Container) -> tuple[str, dict[str, Any]]:
    token, _ = await api.register()
    project = await api.create_project(token, disciplines=["civil", "structural"])
    await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": project["id"]}, token)
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    return token, (await api.ok(READ, {"id": project["id"]}, token))["project"] | {"id": project["id"]}


async def test_a_risk_changes_and_its_score_and_level_follow(api: Api, container: Container) -> None:
    token, project = await _assessed(api, container)
    risk = project["riskAssessment"]["risks"][0]
    changes = {
        "likelihood": 5,
        "impact": 4,
        "owner": "Site manager",
        "mitigation": "Daily checks",
        "contingency": "",
    }
    updated = (await api.ok(UPDATE, {"p": project["id"], "r": risk["id"], "i": changes}, token))["updateRisk"]
    assert (updated["likelihood"], updated["impact"], updated["score"], updated["level"]) == (
        5,
        4,
        20,
        "CRITICAL",
    )
    assert (updated["owner"], updated["mitigation"], updated["contingency"]) == (
        "Site manager",
        "Daily checks",
        None,
    )
    assert updated["status"] == "OPEN"
    after = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    stored = next(r for r in after["riskAssessment"]["risks"] if r["id"] == risk["id"])
    assert stored == {**risk, **{k: updated[k] for k in updated if k in risk}}
    assert after["version"] == project["version"] + 1


async def test_closed_and_occurred_risks_leave_the_exposure(api: Api, container: Container) -> None:
    token, project = await _assessed(api, container)
    risks = project["riskAssessment"]["risks"]
    exposure = project["analytics"]["riskExposure"]
    assert exposure == sum(r["score"] for r in risks)  # every risk is OPEN when assessed
    for risk, status in zip(risks[:2], ("CLOSED", "OCCURRED"), strict=True):
        await api.ok(UPDATE, {"p": project["id"], "r": risk["id"], "i": {"status": status}}, token)
    await api.ok(UPDATE, {"p": project["id"], "r": risks[2]["id"], "i": {"status": "MITIGATING"}}, token)
    after = (await api.ok(READ, {"id": project["id"]}, token))["project"]
    assert after["analytics"]["riskExposure"] == exposure - risks[0]["score"] - risks[1]["score"]


async def test_bad_updates_are_refused_and_nothing_is_written(api: Api, container: Container) -> None:
    token, project = await _assessed(api, container)
    risk = project["riskAssessment"]["risks"][0]
    for changes, field in (({"likelihood": 6}, "likelihood"), ({"impact": 0}, "impact")):
        error = await api.error(UPDATE, {"p": project["id"], "r": risk["id"], "i": changes}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
    missing = await api.error(
        UPDATE, {"p": project["id"], "r": "no-such-risk", "i": {"status": "CLOSED"}}, token
    )
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "riskId"}
    assert (await api.ok(READ, {"id": project["id"]}, token))["project"]["version"] == project["version"]
