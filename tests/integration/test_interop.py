"""Interchange (issue 17): imports (JSON, CSV, MS Project) and the XLSX, MSPDI and iCalendar exports."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphql_api.container import Container
from tests.conftest import Api

FIXTURES = Path(__file__).parents[1] / "interop" / "fixtures"
ROOT = Path(__file__).parents[2]
EXPORT = """mutation($p: ID!, $f: ExportFormat!) {
  exportProject(projectId: $p, format: $f) { filename contentType encoding content size } }"""
IMPORT = """mutation($i: ImportProjectInput!) { importProject(input: $i) { id name myRole startDate
  phases { id name durationWeeks startDate endDate dependsOn { phaseId type lagDays }
    sprints { name tasks { title status estimateHours description } } } } }"""
ADD_TASK = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"""


def _java_and_mpxj() -> bool:
    if shutil.which("java") is None:
        return False
    try:
        import jpype  # type: ignore[import-untyped]  # noqa: F401
        import mpxj  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


needs_mpxj = pytest.mark.skipif(
    not _java_and_mpxj(), reason="MPXJ needs Java 17 and the mpxj/jpype1 packages"
)


async def _export(api: Api, token: str, project_id: str, fmt: str) -> tuple[dict[str, Any], bytes]:
    file = (await api.ok(EXPORT, {"p": project_id, "f": fmt}, token))["exportProject"]
    data = base64.b64decode(file["content"]) if file["encoding"] == "base64" else file["content"].encode()
    assert file["size"] == len(data)
    return file, data


TEAM = [
    {"name": "Ana Sousa", "email": "ana@example.com", "role": "Lead structural engineer", "allocation": 0.5},
    {"name": "Bo Lind", "role": "Site engineer", "allocation": 1.0},
]


async def _rich_project(api: Api, container: Container, token: str) -> str:
    """Text, statuses, back-dated completion, hours, task and phase links, a baseline, risks, content."""
    project = await api.create_project(
        token,
        name="Sétra — river bridge",
        startDate="2026-03-02",
        templateId="builtin-civil-construction",
        team=TEAM,
    )
    pid = project["id"]
    first, second = project["phases"][0], project["phases"][1]
    ids = []
    for title, phase, sprint, extra in (
        ("Borehole survey", first, first["sprints"][0], {"status": "DONE", "actualHours": 30}),
        ('=HYPERLINK("http://x","y")', first, first["sprints"][1], {"estimateHours": 12}),
        ("Deck sizing; piers", second, second["sprints"][0], {"storyPoints": 5, "discipline": "structural"}),
    ):
        task = {"title": title, "description": f"About {title},\nin two lines", "estimateHours": 24, **extra}
        variables = {"p": pid, "ph": phase["id"], "s": sprint["id"], "i": task}
        ids.append((await api.ok(ADD_TASK, variables, token))["addTask"]["id"])
    await api.ok(
        'mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {completedOn: "2026-03-05"}) { id } }',
        {"p": pid, "t": ids[0]},
        token,
    )
    await api.ok(
        "mutation($p: ID!, $t: ID!, $d: [ID!]!) { setTaskDependencies(projectId: $p, taskId: $t, dependsOn: $d) { id } }",
        {"p": pid, "t": ids[2], "d": [ids[0]]},
        token,
    )
    await api.ok('mutation($p: ID!) { setBaseline(projectId: $p, name: "Award") { id } }', {"p": pid}, token)
    await api.ok(
        "mutation($p: ID!, $ph: ID!, $d: [PhaseDependencyInput!]!) { setPhaseDependencies(projectId: $p, phaseId: $ph, dependencies: $d) { id } }",
        {
            "p": pid,
            "ph": second["id"],
            "d": [{"phaseId": first["id"], "type": "START_TO_START", "lagDays": 14}],
        },
        token,
    )
    await api.ok("mutation($p: ID!) { assessRisks(projectId: $p) { id } }", {"p": pid}, token)
    await api.ok(
        "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph) { id } }",
        {"p": pid, "ph": first["id"]},
        token,
    )
    await container.dispatcher.drain()  # type: ignore[attr-defined]
    return str(pid)


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """The export without what an import renews: ids (references become names), times, version, derived figures."""
    p = doc["project"]
    phase_names = {ph["id"]: ph["name"] for ph in p["phases"]}
    task_titles = {t["id"]: t["title"] for ph in p["phases"] for s in ph["sprints"] for t in s["tasks"]}
    phases = []
    for ph in p["phases"]:
        sprints = [
            {
                **{k: v for k, v in s.items() if k not in {"id", "generation", "tasks"}},
                "tasks": [
                    {**{k: v for k, v in t.items() if k not in {"id", "assigneeId"}},
                     "dependsOn": [task_titles[i] for i in t["dependsOn"]]}
                    for t in s["tasks"]
                ],
            }
            for s in ph["sprints"]
        ]  # fmt: skip
        phases.append(
            {
                **{k: v for k, v in ph.items() if k not in {"id", "generation", "sprints"}},
                "dependsOn": [{**d, "phaseId": phase_names[d["phaseId"]]} for d in ph["dependsOn"]],
                "sprints": sprints,
            }
        )
    risk = p["riskAssessment"]
    return {
        "name": p["name"],
        "requirements": p["requirements"],
        "constraints": p["constraints"],
        "disciplines": p["disciplines"],
        "team": p["team"],
        "startDate": p["startDate"],
        "endDate": p["endDate"],
        "criticalPath": [phase_names[i] for i in p["criticalPath"]],
        "scheduleVarianceDays": p["scheduleVarianceDays"],
        "baselines": [
            {
                **{k: v for k, v in b.items() if k not in {"id", "createdAt", "phases"}},
                "phases": [
                    {**{k: v for k, v in bp.items() if k != "phaseId"}, "phase": phase_names[bp["phaseId"]]}
                    for bp in b["phases"]
                ],
            }
            for b in p["baselines"]
        ],
        "phases": phases,
        "risks": [
            {
                **{k: v for k, v in r.items() if k not in {"id", "phaseId"}},
                "phase": phase_names.get(r.get("phaseId") or ""),
            }
            for r in risk["risks"]
        ],
        "riskSummary": risk["summary"],
        "analytics": {
            k: v for k, v in p["analytics"].items() if k not in {"ai", "asOf", "velocity", "workload"}
        },
    }


async def test_json_export_import_export_is_the_same_plan(api: Api, container: Container) -> None:
    token, _ = await api.register()
    pid = await _rich_project(api, container, token)
    _, first = await _export(api, token, pid, "JSON")
    imported = (await api.ok(IMPORT, {"i": {"format": "JSON", "content": first.decode()}}, token))[
        "importProject"
    ]
    assert imported["id"] != pid
    assert imported["myRole"] == "OWNER"
    _, second = await _export(api, token, imported["id"], "JSON")
    before, after = _comparable(json.loads(first)), _comparable(json.loads(second))
    assert after == before
    assert before["phases"][1]["dependsOn"] == [
        {"phaseId": before["phases"][0]["name"], "type": "START_TO_START", "lagDays": 14}
    ]
    assert before["baselines"]
    assert before["risks"]
    assert any(
        t["completedAt"] == "2026-03-05T00:00:00Z"
        for ph in before["phases"]
        for s in ph["sprints"]
        for t in s["tasks"]
    )
    assert before["phases"][0]["content"] is not None  # generated text came along
    assert before["team"] == [
        {
            "name": "Ana Sousa",
            "email": "ana@example.com",
            "role": "Lead structural engineer",
            "allocation": 0.5,
        },
        {"name": "Bo Lind", "email": None, "role": "Site engineer", "allocation": 1.0},
    ]  # the roster is planning data: it survives the round trip


async def test_ms_project_resources_become_the_team(api: Api, container: Container) -> None:
    token, _ = await api.register(name="Cy Owner")
    pid = await _rich_project(api, container, token)
    _, xml = await _export(api, token, pid, "MS_PROJECT")
    imported = (
        await api.ok(
            "mutation($i: ImportProjectInput!) { importProject(input: $i) { team { name email role allocation } } }",
            {"i": {"format": "MS_PROJECT", "content": xml.decode()}},
            token,
        )
    )["importProject"]
    # Every work resource with its units: the roster, and the owner's account (no planning role).
    assert imported["team"] == [
        {"name": "Cy Owner", "email": imported["team"][0]["email"], "role": "Team member", "allocation": 1.0},
        {
            "name": "Ana Sousa",
            "email": "ana@example.com",
            "role": "Lead structural engineer",
            "allocation": 0.5,
        },
        {"name": "Bo Lind", "email": None, "role": "Site engineer", "allocation": 1.0},
    ]


async def test_a_roster_that_breaks_the_team_rules_is_refused(api: Api) -> None:
    token, _ = await api.register()
    base = {"name": "x", "requirements": "y", "startDate": "2026-01-05", "phases": [{"name": "A"}]}
    for team, says in (
        ([{"name": "Ana", "role": "Lead", "allocation": 1.5}], "team.allocation"),
        ([{"name": "", "role": "Lead"}], "team.name"),
        ([{"name": "Ana", "role": "Lead", "email": "not an address"}], "team.email"),
    ):
        doc = {"schemaVersion": "iep.project-export/1", "project": {**base, "team": team}}
        error = await api.error(IMPORT, {"i": {"format": "JSON", "content": json.dumps(doc)}}, token)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}, says
        assert error["message"].startswith("The file cannot be imported:")


async def test_csv_export_import_export_keeps_every_row(api: Api) -> None:
    token, _ = await api.register()
    layout = [
        {"name": "Design", "durationWeeks": 2, "sprintCount": 2},
        {"name": "Build", "durationWeeks": 3, "sprintCount": 1},
    ]
    project = await api.create_project(token, name="Sétra — CSV", startDate="2026-03-02", phases=layout)
    pid = project["id"]
    titles = ["=cmd|' /C calc'!A0", "Survey; levels", "Plain"]
    sprints = [(ph["id"], s["id"]) for ph in project["phases"] for s in ph["sprints"]]
    for title, (phase_id, sprint_id) in zip(titles, sprints, strict=True):  # the CSV lists sprints with tasks
        task = {"title": title, "description": "a, b\nc", "estimateHours": 8, "status": "IN_PROGRESS"}
        await api.ok(ADD_TASK, {"p": pid, "ph": phase_id, "s": sprint_id, "i": task}, token)
    file, first = await _export(api, token, pid, "CSV")
    assert first.startswith("\ufeff".encode())  # Excel on Windows reads it as UTF-8
    assert "'=cmd|" in first.decode()  # neutralised on the way out
    imported = (
        await api.ok(
            IMPORT, {"i": {"format": "CSV", "content": first.decode(), "name": "Sétra — CSV"}}, token
        )
    )["importProject"]
    tasks = [t for ph in imported["phases"] for s in ph["sprints"] for t in s["tasks"]]
    assert [t["title"] for t in tasks] == [
        "=cmd|' /C calc'!A0",
        "Survey; levels",
        "Plain",
    ]  # stored as the text it was
    _, second = await _export(api, token, imported["id"], "CSV")

    def rows(data: bytes) -> list[list[str]]:
        table = list(csv.reader(io.StringIO(data.decode().removeprefix("\ufeff"))))
        task_id = table[0].index("task_id")
        return [r[:task_id] + r[task_id + 1 :] for r in table]

    assert rows(second) == rows(first)
    assert file["contentType"] == "text/csv; charset=utf-8"


async def test_ms_project_files_written_by_mpxj_import(api: Api) -> None:
    token, _ = await api.register()
    content = (FIXTURES / "bridge_mpxj.xml").read_text()
    bridge = (await api.ok(IMPORT, {"i": {"format": "MS_PROJECT", "content": content}}, token))[
        "importProject"
    ]
    assert bridge["name"] == "River footbridge (MPXJ)"
    assert bridge["startDate"] == "2027-03-01"
    design, procurement, construction = bridge["phases"]
    assert [p["name"] for p in bridge["phases"]] == ["Detailed design", "Procurement", "Construction"]
    assert [s["name"] for s in design["sprints"]] == ["Design 1", "Design 2"]
    assert [(t["title"], t["status"], t["estimateHours"]) for t in design["sprints"][0]["tasks"]] == [
        ("Deck design", "DONE", 60.0),
        ("Pier design", "NOT_STARTED", 40.0),
    ]
    assert procurement["dependsOn"] == [
        {"phaseId": bridge_id(bridge, "Detailed design"), "type": "START_TO_START", "lagDays": 14}
    ]
    assert construction["dependsOn"] == [
        {"phaseId": bridge_id(bridge, "Procurement"), "type": "FINISH_TO_START", "lagDays": 7}
    ]
    assert procurement["startDate"] == "2027-03-15"  # 14 days after design starts, as the file links them
    assert design["durationWeeks"] == 6

    pump = (
        await api.ok(
            IMPORT,
            {
                "i": {
                    "format": "MS_PROJECT",
                    "content": (FIXTURES / "pump_mpxj.xml").read_text(),
                    "name": "Pump",
                }
            },
            token,
        )
    )["importProject"]
    assert pump["name"] == "Pump"
    risk = pump["phases"][0]
    assert [s["name"] for s in risk["sprints"]] == ["Risk management"]  # a leaf right under a phase
    assert risk["sprints"][0]["tasks"][0]["title"] == "Hazard analysis (ISO 14971)"


def bridge_id(project: dict[str, Any], name: str) -> str:
    return str(next(p["id"] for p in project["phases"] if p["name"] == name))


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        ("MS_PROJECT", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Project xmlns="http://schemas.microsoft.com/project"><Name>&lol2;</Name></Project>'),
        ("MS_PROJECT", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Project xmlns="http://schemas.microsoft.com/project"><Name>&xxe;</Name></Project>'),
        ("MS_PROJECT", "<Project><Tasks><Task><OutlineLevel>1</Outline"),
        ("MS_PROJECT", '<Plan xmlns="x"/>'),
        ("JSON", "[" * 100_000 + "]" * 100_000),
        ("JSON", '{"schemaVersion": "something-else/1", "project": {}}'),
        ("JSON", '{"schemaVersion": "iep.project-export/1", "project": {"name": "x", "requirements": "y", "startDate": "2026-01-05", "phases": [{"name": "A", "sprints": [], "dependsOn": [{"phaseId": "nowhere"}]}]}}'),
        ("CSV", "a,b,c\n1,2,3\n"),
        ("CSV", "phase,sprint,title,status\nA,S1,T,NOT_A_STATUS\n"),
    ],
    ids=["billion-laughs", "external-entity", "broken-xml", "not-ms-project", "deep-json", "other-json", "dangling-link", "no-columns", "bad-status"],
)  # fmt: skip
async def test_hostile_and_broken_files_are_refused_and_write_nothing(
    api: Api, fmt: str, content: str
) -> None:
    token, _ = await api.register()
    error = await api.error(IMPORT, {"i": {"format": fmt, "content": content}}, token)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}
    assert "Traceback" not in error["message"]
    listed = await api.ok("{ projects { items { id } } }", token=token)
    assert listed["projects"]["items"] == []


def _csv_of_exactly(size: int) -> str:
    """A valid task table of `size` UTF-8 bytes whose cells are full of quotes, newlines and accents."""
    unit = 'é""é\n'  # 7 bytes in the file; 18 in a JSON body from an ASCII-only encoder
    cell = unit * 200
    table, n = "phase,sprint,title,description", 0
    while size - len(table.encode()) > 1_600:  # the last cell stays under LIMIT_TEXT_LENGTH
        table += f'\nBuild,Deck,Task {n},"{cell}"'
        n += 1
    head = table + '\nBuild,Deck,Last,"'
    units, rest = divmod(size - len(head.encode()) - 1, len(unit.encode()))
    return head + unit * units + "q" * rest + '"'


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_an_import_at_its_limit_fits_the_request_body_however_it_is_escaped(
    api: Api, container: Container
) -> None:
    token, _ = await api.register()
    limit = container.settings.limits.import_bytes
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}

    async def send(content: str) -> dict[str, Any]:
        # An ASCII-only encoder (Python's json default): é becomes \u00e9, each quote \", each newline \n.
        body = json.dumps({"query": IMPORT, "variables": {"i": {"format": "CSV", "content": content}}})
        assert len(body.encode()) > 2.5 * limit  # far past the old body limit (262,144 bytes)
        response = await api.http.post("/graphql", content=body.encode(), headers=headers)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    at_limit = _csv_of_exactly(limit)
    assert len(at_limit.encode()) == limit
    imported = (await send(at_limit))["data"]["importProject"]
    tasks = imported["phases"][0]["sprints"][0]["tasks"]
    assert tasks[0]["description"].startswith('é"é\né"é\n')
    over = await send(_csv_of_exactly(limit + 1))
    assert over["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}
    assert f"larger than {limit} bytes" in over["errors"][0]["message"]  # the import's own rule


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_file_past_the_limit_is_refused_before_it_is_read(api: Api) -> None:
    token, _ = await api.register()
    big = await api.error(IMPORT, {"i": {"format": "CSV", "content": "x" * 200_001}}, token)
    assert big["extensions"] == {"code": "BAD_USER_INPUT", "field": "content"}
    assert "200000 bytes" in big["message"]
    huge = await api.http.post(
        "/graphql",
        json={"query": IMPORT, "variables": {"i": {"format": "CSV", "content": "x" * 50_000_000}}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert huge.status_code == 413  # the request body limit answers before anything is parsed


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_xlsx_has_typed_cells_and_no_formula(api: Api, container: Container) -> None:
    from openpyxl import load_workbook

    token, _ = await api.register()
    pid = await _rich_project(api, container, token)
    file, data = await _export(api, token, pid, "XLSX")
    assert file["encoding"] == "base64"
    assert file["filename"].endswith(".xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Tasks", "Phases", "Risks", "Analytics"]
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    tasks = book["Tasks"]
    header = [c.value for c in tasks[1]]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in tasks.iter_rows(min_row=2, values_only=True)}
    formula_like = rows['=HYPERLINK("http://x","y")']
    assert formula_like["Estimate (h)"] == 12
    assert isinstance(formula_like["Sprint start"], __import__("datetime").datetime)
    assert rows["Borehole survey"]["Completed at"].date().isoformat() == "2026-03-05"
    assert book["Phases"]["D2"].is_date
    assert len(list(book["Risks"].iter_rows(min_row=2))) > 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_icalendar_has_an_all_day_event_per_phase_and_sprint_with_stable_uids(
    api: Api, container: Container
) -> None:
    from icalendar import Calendar

    token, _ = await api.register()
    pid = await _rich_project(api, container, token)
    project = await api.ok(
        "query($id: ID!) { project(id: $id) { phases { id startDate endDate sprints { id } } } }",
        {"id": pid},
        token,
    )
    phases = project["project"]["phases"]
    _, first = await _export(api, token, pid, "ICALENDAR")
    _, again = await _export(api, token, pid, "ICALENDAR")
    events = list(Calendar.from_ical(first).walk("VEVENT"))
    assert len(events) == len(phases) + sum(len(p["sprints"]) for p in phases)
    uids = [str(e["UID"]) for e in events]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(again).walk("VEVENT")]
    assert uids[0] == f"{phases[0]['id']}@iep.plan"
    start, end = events[0]["DTSTART"].dt, events[0]["DTEND"].dt
    assert (start.isoformat(), (end - __import__("datetime").timedelta(days=1)).isoformat()) == (
        phases[0]["startDate"],
        phases[0]["endDate"],
    )
    assert all(len(line) <= 75 for line in first.split(b"\r\n"))  # folded as RFC 5545 requires
    assert "Sétra — river bridge" in str(events[0]["SUMMARY"])


@needs_mpxj
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_mpxj_reads_our_ms_project_export_with_the_same_tasks_dates_and_links(
    api: Api, container: Container, tmp_path: Path
) -> None:
    token, user_id = await api.register(name="Olive Owner")
    pid = await _rich_project(api, container, token)
    project = (await api.ok(
        "query($id: ID!) { project(id: $id) { phases { name startDate endDate sprints { name startDate endDate tasks { id title } } } } }",
        {"id": pid}, token,
    ))["project"]  # fmt: skip
    task_id = project["phases"][0]["sprints"][0]["tasks"][0]["id"]
    await api.ok(
        "mutation($p: ID!, $t: ID!, $u: ID!) { updateTask(projectId: $p, taskId: $t, input: {assigneeId: $u}) { id } }",
        {"p": pid, "t": task_id, "u": user_id},
        token,
    )
    _, data = await _export(api, token, pid, "MS_PROJECT")
    path = tmp_path / "plan.xml"
    path.write_bytes(data)
    command = [sys.executable, "-m", "tests.interop.mpxj_tool", "read", str(path)]
    read = await asyncio.to_thread(
        subprocess.run, command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    seen = json.loads(read.stdout)
    expected = []
    for phase in project["phases"]:
        expected.append((1, phase["name"], phase["startDate"], phase["endDate"]))
        for sprint in phase["sprints"]:
            expected.append((2, sprint["name"], sprint["startDate"], sprint["endDate"]))
            expected += [(3, t["title"], sprint["startDate"], sprint["endDate"]) for t in sprint["tasks"]]
    assert [(t["level"], t["name"], t["start"], t["finish"]) for t in seen["tasks"]] == expected
    second = next(t for t in seen["tasks"] if t["name"] == project["phases"][1]["name"])
    assert second["links"] == [{"from": project["phases"][0]["name"], "type": "SS", "lag_days": 14.0}]
    assert "Olive Owner" in seen["resources"]
    assert seen["assignments"] == [["Borehole survey", "Olive Owner"]]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_readme_import_examples_run_as_written(api: Api) -> None:
    token, _ = await api.register()
    readme = (ROOT / "docs" / "api.md").read_text()
    block = readme.split("### Import", 1)[1].split("```graphql", 1)[1].split("```", 1)[0]
    examples = [e for e in block.split("\nmutation") if "format: CSV" in e or "format: MS_PROJECT" in e]
    assert len(examples) == 2
    for example in examples:
        data = await api.ok("mutation" + example.removeprefix("mutation"), token=token)
        phases = data["importProject"]["phases"]
        assert phases[0]["name"] == "Design"
        assert phases[0]["sprints"][0]["tasks"][0]["title"] == "Deck design"


@needs_mpxj
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_committed_fixtures_are_what_mpxj_writes_today(api: Api, tmp_path: Path) -> None:
    """Regenerate the MSPDI fixtures with MPXJ; each imports to the same plan as the committed file."""
    command = [sys.executable, "-m", "tests.interop.mpxj_tool", "write", str(tmp_path)]
    await asyncio.to_thread(subprocess.run, command, cwd=ROOT, capture_output=True, timeout=120, check=True)
    token, _ = await api.register()
    for name in ("bridge_mpxj.xml", "pump_mpxj.xml"):
        plans = []
        for folder in (FIXTURES, tmp_path):
            variables = {"i": {"format": "MS_PROJECT", "content": (folder / name).read_text()}}
            imported = (await api.ok(IMPORT, variables, token))["importProject"]
            names = {p["id"]: p["name"] for p in imported["phases"]}
            plans.append(
                [
                    (
                        p["name"],
                        p["durationWeeks"],
                        p["startDate"],
                        p["endDate"],
                        [(names[d["phaseId"]], d["type"], d["lagDays"]) for d in p["dependsOn"]],
                        [
                            (s["name"], [(t["title"], t["status"], t["estimateHours"]) for t in s["tasks"]])
                            for s in p["sprints"]
                        ],
                    )
                    for p in imported["phases"]
                ]
            )
        assert plans[0] == plans[1], name
