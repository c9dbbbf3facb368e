"""exportProject in five formats, each read back with a real parser."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from pypdf import PdfReader

from graphql_api.container import Container
from graphql_api.jobs.local import LocalRunner
from tests.conftest import Api

EXPORT = "mutation($p: ID!, $f: ExportFormat!) { exportProject(projectId: $p, format: $f) { filename contentType encoding content size } }"
NASTY_TITLE = "<script>alert('x')</script> | **bold** [link](javascript:alert(1))"
NASTY_DESCRIPTION = '=HYPERLINK("http://evil.example","click")'
UNICODE_NAME = "Ø 40 m footbridge – Ærøskøbing ≥ design"


async def _rich_project(api: Api, container: Container, token: str) -> dict[str, Any]:
    project = await api.create_project(
        token,
        name=UNICODE_NAME,
        templateId="builtin-civil-construction",
        team=[{"name": "Zoë", "role": "Lead <engineer>"}],
    )
    await api.ok(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": project["id"]}, token)
    await container.dispatcher.drain()
    phase, sprint = project["phases"][0], project["phases"][0]["sprints"][0]
    await api.ok(
        "mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }",
        {
            "p": project["id"],
            "ph": phase["id"],
            "s": sprint["id"],
            "i": {"title": NASTY_TITLE, "description": NASTY_DESCRIPTION, "status": "DONE", "storyPoints": 3},
        },
        token,
    )
    full = "query($id: ID!) { project(id: $id) { id phases { sprints { tasks { id title } } } } }"
    return dict((await api.ok(full, {"id": project["id"]}, token))["project"])


async def _export(api: Api, token: str, project_id: str, fmt: str) -> tuple[dict[str, Any], bytes]:
    file = (await api.ok(EXPORT, {"p": project_id, "f": fmt}, token))["exportProject"]
    raw = base64.b64decode(file["content"]) if file["encoding"] == "base64" else file["content"].encode()
    assert file["size"] == len(raw)
    return file, raw


def _tasks(project: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for p in project["phases"] for s in p["sprints"] for t in s["tasks"]]


async def test_json_is_lossless_and_versioned(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await _rich_project(api, container, token)
    file, raw = await _export(api, token, project["id"], "JSON")
    assert (file["filename"], file["contentType"], file["encoding"]) == (
        "40-m-footbridge-r-sk-bing-design.json",
        "application/json",
        "utf-8",
    )
    doc = json.loads(raw)
    assert doc["schemaVersion"] == "iep.project-export/1"
    exported = doc["project"]
    assert exported["name"] == UNICODE_NAME
    assert [t["id"] for t in _tasks(exported)] == [t["id"] for t in _tasks(project)]
    nasty = next(t for t in _tasks(exported) if t["title"] == NASTY_TITLE)
    assert nasty["description"] == NASTY_DESCRIPTION  # lossless: stored text, not escaped
    assert all(p["content"]["summary"] and p["generation"]["engine"] == "LOCAL" for p in exported["phases"])
    assert all(s["content"] and s["generation"] for p in exported["phases"] for s in p["sprints"])
    assert (
        exported["riskAssessment"]["risks"][0]["score"]
        == exported["riskAssessment"]["risks"][0]["likelihood"]
        * exported["riskAssessment"]["risks"][0]["impact"]
    )
    assert exported["analytics"]["tasks"]["total"] == len(_tasks(project))
    assert exported["team"] == [{"name": "Zoë", "email": None, "role": "Lead <engineer>", "allocation": 1.0}]


async def test_csv_is_one_row_per_task_and_formula_safe(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await _rich_project(api, container, token)
    file, raw = await _export(api, token, project["id"], "CSV")
    assert file["contentType"].startswith("text/csv")
    assert b"\r\n" in raw  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(_tasks(project))
    assert {r["project"] for r in rows} == {UNICODE_NAME}
    nasty = next(r for r in rows if r["title"].endswith("javascript:alert(1))"))
    assert nasty["description"] == "'" + NASTY_DESCRIPTION  # shown as text, never run
    assert nasty["title"] == NASTY_TITLE
    assert nasty["status"] == "DONE"
    assert nasty["completed_at"]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


async def test_html_is_standalone_escaped_and_has_its_charts(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await _rich_project(api, container, token)
    _, raw = await _export(api, token, project["id"], "HTML")
    page = _Collect()
    page.feed(raw.decode())
    assert "script" not in page.tags
    assert not any(name.startswith("on") for name, _ in page.attrs)
    assert not any(
        value and ("http://" in value or "https://" in value) and name in {"src", "href"}
        for name, value in page.attrs
    )
    text = "".join(page.text)
    assert NASTY_TITLE in text  # shown, as text
    assert UNICODE_NAME in text
    assert page.tags.count("svg") == 3  # velocity, risk matrix, burndown
    assert "rect" in page.tags
    html_text = raw.decode()
    assert 'class="chart velocity"' in html_text
    assert 'class="chart risk-matrix"' in html_text
    assert 'class="chart burndown"' in html_text
    assert "· version" not in text  # the internal version is not the reader's business
    assert "@media print" in html_text


async def test_markdown_reads_as_a_plan_and_is_inert(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await _rich_project(api, container, token)
    _, raw = await _export(api, token, project["id"], "MARKDOWN")
    text = raw.decode()
    assert text.startswith(f"# {UNICODE_NAME}")
    assert "<script>" not in text
    assert "&lt;script>" in text  # no raw HTML: every "<" is an entity
    assert re.search(r"(?<!\\)\]\(javascript", text) is None  # a link needs "](", and "]" is escaped
    assert "## Phase 1: Feasibility & site investigation" in text  # plain text reads as written
    assert "## Risks" in text
    assert "## Team" in text
    assert "| Task | Status | Discipline | Role | Assignee | Hours | Points |" in text


async def test_pdf_is_a_real_document_with_unicode(api: Api, container: Container) -> None:
    token, _ = await api.register()
    project = await _rich_project(api, container, token)
    file, raw = await _export(api, token, project["id"], "PDF")
    assert (file["contentType"], file["encoding"]) == ("application/pdf", "base64")
    assert raw.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(raw))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "footbridge" in text
    assert "Ærøskøbing" in text
    assert "Feasibility & site investigation" in text
    assert "Risks (overall" in text
    assert reader.metadata is not None
    assert reader.metadata.title == UNICODE_NAME


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_12_by_8_project_exports_in_every_format(api: Api, container: Container) -> None:
    token, _ = await api.register()
    phases = [{"name": f"Phase {n}", "durationWeeks": 8, "sprintCount": 8} for n in range(1, 13)]
    project = await api.create_project(token, phases=phases, disciplines=["software", "devops"])
    await api.ok(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    tasks = 0
    for fmt in ("JSON", "CSV", "MARKDOWN", "HTML", "PDF"):
        _, raw = await _export(api, token, project["id"], fmt)
        if fmt == "JSON":
            titles = [t["title"] for t in _tasks(json.loads(raw)["project"])]
            tasks = len(titles)
            assert tasks >= 12 * 8  # work in each of the 96 sprints
            assert len(set(titles)) == tasks  # and no task planned twice in the project
        elif fmt == "CSV":
            assert len(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))) == tasks
        elif fmt == "PDF":
            assert len(PdfReader(io.BytesIO(raw)).pages) > 12
        else:
            assert raw.decode().count("Phase 12") >= 1


async def test_another_users_project_cannot_be_exported(api: Api, container: Container) -> None:
    owner, _ = await api.register()
    intruder, _ = await api.register()
    project = await api.create_project(owner, name="Secret")
    body = await api.call(EXPORT, {"p": project["id"], "f": "JSON"}, intruder)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "Secret" not in json.dumps(body)
