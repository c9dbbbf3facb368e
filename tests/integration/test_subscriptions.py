"""generationProgress over graphql-transport-ws on a real WebSocket to a real server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from graphql_api.container import build_container
from tests.conftest import PASSWORD, app_server, make_settings

SUBSCRIBE = "subscription($id: ID!) { generationProgress(jobId: $id) { id status progress message } }"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    container = build_container(make_settings("sqlite", tmp_path, None))
    with app_server(container) as base:
        yield base
    container.close()


def gql(
    base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"http://{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def register(base: str, email: str) -> str:
    body = gql(
        base,
        "mutation($i: RegisterInput!) { register(input: $i) { token } }",
        {"i": {"name": "WS", "email": email, "password": PASSWORD}},
    )
    return str(body["data"]["register"]["token"])


async def subscribe(
    base: str, token: str | None, job_id: str, query: str | None = None
) -> list[dict[str, Any]]:
    """Every message after the ack, until complete or error."""
    messages: list[dict[str, Any]] = []
    async with connect(f"ws://{base}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert ack["type"] == "connection_ack"
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": query or SUBSCRIBE, "variables": {"id": job_id}},
                }
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            messages.append(message)
            if message["type"] in {"complete", "error"}:
                return messages


def test_a_client_follows_a_plan_to_succeeded(server: str) -> None:
    token = register(server, "ws@example.com")
    project = gql(
        server,
        'mutation { createProject(input: {name: "Drone", requirements: "Survey drone", disciplines: ["electrical", "firmware"], templateId: "builtin-embedded-product"}) { id } }',
        token=token,
    )["data"]["createProject"]
    job = gql(
        server,
        "mutation($p: ID!) { generateProjectPlan(projectId: $p) { id status } }",
        {"p": project["id"]},
        token,
    )
    job_id = job["data"]["generateProjectPlan"]["id"]
    messages = asyncio.run(subscribe(server, token, job_id))
    assert messages[-1] == {"id": "1", "type": "complete"}
    states = [m["payload"]["data"]["generationProgress"] for m in messages if m["type"] == "next"]
    assert states[-1]["status"] == "SUCCEEDED"
    assert states[-1]["progress"] == 1.0
    progress = [s["progress"] for s in states]
    assert progress == sorted(progress)
    assert all(s["id"] == job_id for s in states)
    # After the end, a new subscription gets the final state at once, then completes.
    again = asyncio.run(subscribe(server, token, job_id))
    assert [m["type"] for m in again] == ["next", "complete"]


def test_another_user_and_no_token_cannot_subscribe(server: str) -> None:
    owner = register(server, "owner@example.com")
    intruder = register(server, "intruder@example.com")
    project = gql(
        server,
        'mutation { createProject(input: {name: "P", requirements: "R", disciplines: ["civil"]}) { id } }',
        token=owner,
    )
    job_id = gql(
        server,
        "mutation($p: ID!) { assessRisks(projectId: $p) { id } }",
        {"p": project["data"]["createProject"]["id"]},
        owner,
    )["data"]["assessRisks"]["id"]
    # The contract: a refused subscribe is the protocol's `error` for its id, with the HTTP code.
    for token, code in ((intruder, "NOT_FOUND"), (None, "UNAUTHENTICATED")):
        messages = asyncio.run(subscribe(server, token, job_id))
        assert [m["type"] for m in messages] == ["error"]
        assert messages[0]["id"] == "1"
        assert messages[0]["payload"][0]["extensions"] == {"code": code}
        assert "Risk" not in json.dumps(messages)
    query = asyncio.run(subscribe(server, owner, job_id, "query($id: ID!) { generationJob(id: $id) { id } }"))
    assert [m["type"] for m in query] == ["error"]
    assert query[0]["payload"][0]["extensions"] == {
        "code": "GRAPHQL_VALIDATION_FAILED"
    }  # queries go over HTTP
