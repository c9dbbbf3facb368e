"""DynamoDB throttling and 5xx: retried and bounded; acknowledged writes all persist;
the user sees only clean errors. And deleting a project while a job writes to it."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from graphql_api.container import Container, build_container
from graphql_api.jobs.local import LocalRunner
from graphql_api.store.tables import PROJECTS
from tests.conftest import PASSWORD, Api, asgi_client, make_settings
from tests.fakes.fault_proxy import FaultProxy

CONTRACT_CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "BAD_USER_INPUT",
    "CONFLICT",
    "RATE_LIMITED",
    "INTERNAL_SERVER_ERROR",
}


async def test_a_throttled_workload_of_300_operations_loses_nothing(
    tmp_path: Path, moto_endpoint: str
) -> None:
    prefix = f"fault{uuid.uuid4().hex[:8]}"
    direct = build_container(make_settings("dynamodb", tmp_path, moto_endpoint, dynamodb_table_prefix=prefix))
    await direct.store.create_tables()
    proxy = FaultProxy(moto_endpoint, share=0.06).start()
    proxied = build_container(
        make_settings("dynamodb", tmp_path / "p", proxy.url, dynamodb_table_prefix=prefix)
    )
    acknowledged: dict[str, dict[str, str]] = {}  # project id -> task id -> status
    errors: list[dict[str, Any]] = []
    operations = 0
    async with asgi_client(proxied) as http:
        api = Api(http)

        async def attempt(
            query: str, variables: dict[str, Any], token: str | None = None
        ) -> dict[str, Any] | None:
            nonlocal operations
            operations += 1
            body = await api.call(query, variables, token)
            if body.get("errors"):
                errors.extend(body["errors"])
                return None
            data: dict[str, Any] = body["data"]
            return data

        tokens = []
        for n in range(6):
            data = await attempt(
                "mutation($i: RegisterInput!) { register(input: $i) { token } }",
                {"i": {"name": f"U{n}", "email": f"fault{n}-{prefix}@example.com", "password": PASSWORD}},
            )
            if data:
                tokens.append(data["register"]["token"])
        while operations < 300:
            token = tokens[operations % len(tokens)]
            data = await attempt(
                'mutation { createProject(input: {name: "F", requirements: "R", disciplines: ["civil"], phases: [{name: "A", sprintCount: 1}]}) { id phases { id sprints { id } } } }',
                {},
                token,
            )
            if not data:
                continue
            project = data["createProject"]
            acknowledged[project["id"]] = {}
            ids = {
                "p": project["id"],
                "ph": project["phases"][0]["id"],
                "s": project["phases"][0]["sprints"][0]["id"],
            }
            for t in range(3):
                added = await attempt(
                    'mutation($p: ID!, $ph: ID!, $s: ID!, $t: String!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: $t, description: "d"}) { id status } }',
                    {**ids, "t": f"T{t}"},
                    token,
                )
                if added:
                    acknowledged[project["id"]][added["addTask"]["id"]] = "NOT_STARTED"
            for task_id in list(acknowledged[project["id"]])[:2]:
                done = await attempt(
                    "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { status } }",
                    {"p": project["id"], "t": task_id},
                    token,
                )
                if done:
                    acknowledged[project["id"]][task_id] = "DONE"
    # Every error was a clean, contract-coded one.
    assert all(e["extensions"]["code"] in CONTRACT_CODES and "Traceback" not in e["message"] for e in errors)
    assert proxy.counts.total() > operations  # faults were injected along the way
    assert sum(v for k, v in proxy.counts.items() if k.startswith("fault:")) > 15
    # Read back without the proxy: every acknowledged write is there.
    for project_id, tasks in acknowledged.items():
        page = await direct.store.query(PROJECTS.name, project_id)
        outline = next(i for i in page.items if i["sk"] == "P")
        from graphql_api.services.models import Project
        from graphql_api.store.codec import unpack_item

        stored = {
            t.id: t.status.value
            for p in unpack_item(Project, outline).phases
            for s in p.sprints
            for t in s.tasks
        }
        for task_id, status in tasks.items():
            assert stored.get(task_id) == status
    assert len(acknowledged) >= 30
    proxy.stop()
    proxied.close()
    direct.close()


@pytest.mark.parametrize("delay", [0, 1, 3, 10])
async def test_deleting_a_project_while_a_job_writes_leaves_nothing(
    api: Api, container: Container, delay: int
) -> None:
    token, _ = await api.register()
    project = await api.create_project(token, templateId="builtin-software-product")
    await api.ok(
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id } }", {"p": project["id"]}, token
    )
    for _ in range(delay):
        await asyncio.sleep(0)  # let the job get a few writes in first
    assert (await api.ok("mutation($id: ID!) { deleteProject(id: $id) }", {"id": project["id"]}, token))[
        "deleteProject"
    ]
    assert isinstance(container.dispatcher, LocalRunner)
    await container.dispatcher.drain()
    assert (
        await container.store.query(PROJECTS.name, project["id"])
    ).items == []  # no orphans, no resurrection
    error = await api.error("query($id: ID!) { project(id: $id) { id } }", {"id": project["id"]}, token)
    assert error["extensions"]["code"] == "NOT_FOUND"
