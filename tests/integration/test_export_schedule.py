"""Dependencies, the critical path and earned value in every export a person or a tool reads."""

from __future__ import annotations

import base64
import io
import json
from html import escape
from typing import Any

from pypdf import PdfReader

from graphql_api.services.interchange.text import markdown as md
from tests.conftest import Api

EXPORT = (
    "mutation($p: ID!, $f: ExportFormat!) { exportProject(projectId: $p, format: $f) { content encoding } }"
)
DEPEND = """mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) {
  setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id } }"""
ADD = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"""
PLAN = (
    "query($id: ID!) { project(id: $id) { endDate criticalPath phases { id name totalFloatDays critical } } }"
)


async def _overlapping(api: Api) -> tuple[str, dict[str, Any]]:
    """Phase 2 starts a week into phase 1 (SS +7), with 12 hours logged on a phase 1 task."""
    token, _ = await api.register()
    project = await api.create_project(token, startDate="2026-03-02")
    first, second = project["phases"][0], project["phases"][1]
    dependency = [{"phaseId": first["id"], "type": "START_TO_START", "lagDays": 7}]
    await api.ok(DEPEND, {"p": project["id"], "ph": second["id"], "d": dependency}, token)
    task = {"title": "Bearing survey", "estimateHours": 16, "actualHours": 12}
    await api.ok(
        ADD, {"p": project["id"], "ph": first["id"], "s": first["sprints"][0]["id"], "i": task}, token
    )
    return token, (await api.ok(PLAN, {"id": project["id"]}, token))["project"] | {"id": project["id"]}


async def _export(api: Api, token: str, project_id: str, fmt: str) -> bytes:
    file = (await api.ok(EXPORT, {"p": project_id, "f": fmt}, token))["exportProject"]
    return base64.b64decode(file["content"]) if file["encoding"] == "base64" else file["content"].encode()


async def test_json_carries_dependencies_float_and_the_critical_path(api: Api) -> None:
    token, plan = await _overlapping(api)
    exported = json.loads(await _export(api, token, plan["id"], "JSON"))["project"]
    first, second = exported["phases"][0], exported["phases"][1]
    assert second["dependsOn"] == [{"phaseId": first["id"], "type": "START_TO_START", "lagDays": 7}]
    assert first["dependsOn"] == []
    assert exported["criticalPath"] == plan["criticalPath"]
    assert exported["endDate"] == plan["endDate"]  # the latest phase end, whichever phase that is
    assert [(p["totalFloatDays"], p["critical"]) for p in exported["phases"]] == [
        (p["totalFloatDays"], p["critical"]) for p in plan["phases"]
    ]
    assert exported["phases"][0]["sprints"][0]["tasks"][0]["actualHours"] == 12
    assert exported["analytics"]["earnedValue"]["actualCost"] == 12


async def test_reports_show_the_links_the_critical_phases_and_an_evm_table(api: Api) -> None:
    token, plan = await _overlapping(api)
    first = plan["phases"][0]["name"]
    markdown = (await _export(api, token, plan["id"], "MARKDOWN")).decode()
    html = (await _export(api, token, plan["id"], "HTML")).decode()
    pdf = PdfReader(io.BytesIO(await _export(api, token, plan["id"], "PDF")))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    link = f"after {first} (start-to-start +7 d)"
    assert md(link) in markdown  # escaped as the report escapes any text
    assert escape(link) in html
    assert link in pdf_text
    critical = sum(p["critical"] for p in plan["phases"])
    assert markdown.count(" · Critical · ") == critical
    assert html.count(" · Critical · ") == critical
    for report, measure in (
        (markdown, md("Actual cost (AC, h)")),
        (html, "Actual cost (AC, h)"),
        (pdf_text, "Actual cost (AC, h)"),
    ):
        assert "Earned value on" in report
        assert measure in report
        assert "12.00" in report  # the logged hours
