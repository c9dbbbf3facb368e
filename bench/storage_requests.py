"""DynamoDB requests per operation, counted exactly as boto3 sends them (moto's server).

Authentication is one GetItem in every authenticated row.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.common import FULL_SELECTION, container
from graphql_api.app import create_app
from graphql_api.jobs.local import LocalRunner


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def main() -> None:
    from moto.server import ThreadedMotoServer

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(key, "bench")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    c = container(
        Path(tempfile.mkdtemp()),
        storage="dynamodb",
        dynamodb_endpoint_url=f"http://127.0.0.1:{port}",
        dynamodb_table_prefix=f"b{uuid.uuid4().hex[:6]}",
    )
    await c.store.create_tables()
    counts: Counter[str] = Counter()
    c.store.client.meta.events.register(
        "before-send.dynamodb", lambda **kw: counts.update([kw["event_name"].rsplit(".", 1)[-1]])
    )
    rows: list[tuple[str, Counter[str]]] = []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(container=c, seed=False)), base_url="http://b"
    ) as http:

        async def op(
            label: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
        ) -> dict[str, Any]:
            counts.clear()
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = (
                await http.post(
                    "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
                )
            ).json()
            assert "errors" not in body, body
            rows.append((label, Counter(counts)))
            result: dict[str, Any] = body["data"]
            return result

        reg = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
        token = (
            await op(
                "register", reg, {"i": {"name": "B", "email": "b@example.com", "password": "correct horse"}}
            )
        )["register"]["token"]
        await op("login", 'mutation { login(email: "b@example.com", password: "correct horse") { token } }')
        await op("me", "{ me { id } }", token=token)
        await op("templates", "{ templates { id name } }", token=token)
        create = 'mutation { createProject(input: {name: "P", requirements: "R", disciplines: ["civil"], templateId: "builtin-civil-construction"}) { id phases { id sprints { id } } } }'
        project = (await op("createProject (from a template)", create, token=token))["createProject"]
        for _ in range(19):
            await http.post("/graphql", json={"query": create}, headers={"Authorization": f"Bearer {token}"})
        ids = {
            "p": project["id"],
            "ph": project["phases"][0]["id"],
            "s": project["phases"][0]["sprints"][0]["id"],
        }
        add = 'mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: "T", description: "D"}) { id } }'
        task = (await op("addTask (with a description)", add, ids, token))["addTask"]["id"]
        await op(
            "updateTask (status)",
            "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id } }",
            {"p": ids["p"], "t": task},
            token,
        )
        await op(
            "project(id) with every field",
            f"query($id: ID!) {{ project(id: $id) {{ {FULL_SELECTION} }} }}",
            {"id": ids["p"]},
            token,
        )
        await op(
            "projects(20) { phases sprints tasks }",
            "{ projects(limit: 20) { items { id phases { sprints { tasks { id title status } } } } } }",
            token=token,
        )
        await op(
            "projects(20) with text + analytics",
            "{ projects(limit: 20) { items { id phases { content { summary } sprints { tasks { description } } } analytics { completion ai { requests } } riskAssessment { id } } } }",
            token=token,
        )
        await op(
            "generatePhase (queue the job)",
            "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph) { id } }",
            ids,
            token,
        )
        assert isinstance(c.dispatcher, LocalRunner)
        counts.clear()
        await c.dispatcher.drain()
        rows.append(("  the phase job itself (local engine)", Counter(counts)))
        await op(
            "exportProject(JSON)",
            "mutation($p: ID!) { exportProject(projectId: $p, format: JSON) { size } }",
            {"p": ids["p"]},
            token,
        )
        await op("deleteProject", "mutation($p: ID!) { deleteProject(id: $p) }", {"p": ids["p"]}, token)
    server.stop()
    print("DynamoDB requests per operation (moto's server; exact counts of what boto3 sends)")
    print(f"{'operation':<42} {'total':>5}  by operation")
    for label, counter in rows:
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
        print(f"{label:<42} {sum(counter.values()):>5}  {detail}")
    worst = max(sum(c.values()) for label, c in rows if label.startswith(("project(", "projects(")))
    print(
        f"verdict: {'PASS' if worst <= 3 else 'MISS'}: reads of projects cost at most {worst} requests (goal <= 3, project(id) <= 2)"
    )


if __name__ == "__main__":
    asyncio.run(main())
