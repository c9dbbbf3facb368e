"""Progress subscriptions on AWS: graphql-transport-ws through API Gateway's WebSocket API (emulated).

Real WebSocket clients talk to the emulator, which hands the real handler the events
API Gateway sends and serves the Management API back onto the sockets; DynamoDB and
SQS are moto's server; generation jobs run through the handler's SQS path.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

import graphql_api.handler as handler_module
from tests.conftest import PASSWORD, RequestCounter
from tests.fakes.apigw_websocket import ApiGatewayEmulator

T = TypeVar("T")
PROTOCOL = "graphql-transport-ws"
PROGRESS = "subscription($id: ID!) { generationProgress(jobId: $id) { id status progress message } }"


def in_lambda(emulator: ApiGatewayEmulator, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` inside the function's execution environment (its thread and event loop)."""
    return emulator._lambda.submit(lambda: handler_module._loop().run_until_complete(work())).result()


async def gql(
    emulator: ApiGatewayEmulator,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=emulator.http_url, timeout=30) as http:
        response = await http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


async def register(emulator: ApiGatewayEmulator, name: str) -> str:
    data = await gql(
        emulator,
        "mutation($i: RegisterInput!) { register(input: $i) { token } }",
        {"i": {"name": name, "email": f"{name}-{uuid.uuid4().hex[:6]}@example.com", "password": PASSWORD}},
    )
    return str(data["register"]["token"])


async def project_job(
    emulator: ApiGatewayEmulator, token: str, mutation: str = "generateProjectPlan"
) -> tuple[str, str]:
    project = await gql(
        emulator,
        'mutation { createProject(input: {name: "Footbridge", requirements: "A 40 m footbridge.", disciplines: ["civil"], phases: [{name: "Design", sprintCount: 1}]}) { id } }',
        token=token,
    )
    pid = project["createProject"]["id"]
    job = await gql(
        emulator, f"mutation($p: ID!) {{ {mutation}(projectId: $p) {{ id }} }}", {"p": pid}, token
    )
    return pid, str(job[mutation]["id"])


async def open_socket(emulator: ApiGatewayEmulator, token: str | None, **options: Any) -> ClientConnection:
    socket = await connect(emulator.ws_url, subprotocols=[PROTOCOL], **options)  # type: ignore[list-item]
    if token is not None:
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        assert json.loads(await asyncio.wait_for(socket.recv(), 10)) == {"type": "connection_ack"}
    return socket


async def until_done(
    socket: ClientConnection, operation_id: str = "1", seconds: float = 60
) -> list[dict[str, Any]]:
    """Messages for one operation until complete or error."""
    messages = []
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), seconds))
        messages.append(message)
        if message.get("id") == operation_id and message["type"] in {"complete", "error"}:
            return messages


def subscribe(job_id: str, operation_id: str = "1", query: str = PROGRESS) -> str:
    return json.dumps(
        {"id": operation_id, "type": "subscribe", "payload": {"query": query, "variables": {"id": job_id}}}
    )


def items(emulator: ApiGatewayEmulator) -> list[dict[str, Any]]:
    async def scan() -> list[dict[str, Any]]:
        container = handler_module._get_container()
        client = container.store.client  # type: ignore[attr-defined]
        table = f"{container.settings.dynamodb_table_prefix}-connections"
        found: list[dict[str, Any]] = await asyncio.to_thread(lambda: client.scan(TableName=table)["Items"])
        return found

    return in_lambda(emulator, scan)


async def test_a_plan_generated_through_sqs_streams_to_the_socket_and_completes(
    aws: ApiGatewayEmulator,
) -> None:
    token = await register(aws, "ada")
    _, job_id = await project_job(aws, token)
    socket = await open_socket(aws, token)
    await socket.send(subscribe(job_id))
    first = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert first["type"] == "next"
    assert first["payload"]["data"]["generationProgress"]["status"] == "QUEUED"
    aws.poll_queue(*aws.queue)  # type: ignore[attr-defined]  # now the function consumes the job from SQS
    messages = [first, *await until_done(socket)]
    assert messages[-1] == {"id": "1", "type": "complete"}
    states = [m["payload"]["data"]["generationProgress"] for m in messages if m["type"] == "next"]
    assert [s["status"] for s in states][-1] == "SUCCEEDED"
    progress = [s["progress"] for s in states]
    assert progress == sorted(progress)
    assert progress[-1] == 1.0
    assert len(states) > 2  # progress arrived while the job ran, not only at the end
    assert any(e.get("Records") for e in aws.events)  # the job ran on the SQS path
    await socket.close()


async def test_the_handshake_needs_the_subprotocol_and_an_allowed_origin(aws: ApiGatewayEmulator) -> None:
    with pytest.raises(InvalidStatus):
        await connect(aws.ws_url, subprotocols=["graphql-ws"])  # type: ignore[list-item]
    with pytest.raises(InvalidStatus):
        await connect(aws.ws_url, subprotocols=[PROTOCOL], origin="https://evil.example.com")  # type: ignore[list-item, arg-type]
    socket = await connect(aws.ws_url, subprotocols=[PROTOCOL], origin="https://app.example.com")  # type: ignore[list-item, arg-type]
    assert socket.subprotocol == PROTOCOL
    await socket.close()


async def test_init_rules_ping_and_subscribe_before_ack(aws: ApiGatewayEmulator) -> None:
    token = await register(aws, "bo")
    socket = await open_socket(aws, None)
    await socket.send(json.dumps({"type": "ping"}))
    assert json.loads(await socket.recv()) == {"type": "pong"}
    await socket.send(subscribe("any"))  # before connection_init: the connection is closed
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(socket.recv(), 10)

    bad = await open_socket(aws, None)
    await bad.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}})
    )
    refusal = json.loads(await asyncio.wait_for(bad.recv(), 10))
    assert refusal["type"] == "error"
    assert "4403" in refusal["payload"][0]["message"]
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(bad.recv(), 10)

    twice = await open_socket(aws, token)
    await twice.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
    assert "4429" in json.loads(await asyncio.wait_for(twice.recv(), 10))["payload"][0]["message"]
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(twice.recv(), 10)


async def test_subscribe_is_validated_and_authorised_as_over_http(aws: ApiGatewayEmulator) -> None:
    owner = await register(aws, "owner")
    intruder = await register(aws, "intruder")
    _, job_id = await project_job(aws, owner, "assessRisks")
    socket = await open_socket(aws, intruder)
    await socket.send(subscribe(job_id))
    (refused,) = await until_done(socket)
    assert refused["type"] == "error"
    assert refused["payload"][0]["extensions"]["code"] == "NOT_FOUND"
    await socket.send(subscribe(job_id, "2", "{ me { id } }"))
    (query,) = await until_done(socket, "2")
    assert (query["type"], query["payload"][0]["extensions"]["code"]) == (
        "error",
        "GRAPHQL_VALIDATION_FAILED",
    )
    await socket.send(subscribe(job_id, "3", "subscription { generationProgress(jobId: 1) { nope } }"))
    (invalid,) = await until_done(socket, "3")
    assert invalid["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Risk" not in json.dumps([refused, query, invalid])
    await socket.close()


async def test_a_finished_job_answers_at_once_and_a_member_may_follow_it(aws: ApiGatewayEmulator) -> None:
    owner = await register(aws, "olive")
    pid, job_id = await project_job(aws, owner, "assessRisks")
    aws.poll_queue(*aws.queue)  # type: ignore[attr-defined]
    viewer_mail = f"vic-{uuid.uuid4().hex[:6]}@example.com"
    viewer = (
        await gql(
            aws,
            "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            {"i": {"name": "Vic", "email": viewer_mail, "password": PASSWORD}},
        )
    )["register"]["token"]
    await gql(
        aws,
        "mutation($p: ID!, $e: String!) { inviteMember(projectId: $p, email: $e, role: VIEWER) { id } }",
        {"p": pid, "e": viewer_mail},
        owner,
    )
    from tests.conftest import invitation_token

    class _Outbox:  # the outbox of the function's environment
        settings = handler_module._get_container().settings

    await gql(
        aws,
        "mutation($t: String!) { acceptInvitation(token: $t) { id } }",
        {"t": invitation_token(_Outbox, viewer_mail)},
        viewer,
    )  # type: ignore[arg-type]
    for _ in range(100):
        state = await gql(
            aws, "query($id: ID!) { generationJob(id: $id) { status } }", {"id": job_id}, viewer
        )
        if state["generationJob"]["status"] == "SUCCEEDED":
            break
        await asyncio.sleep(0.1)
    socket = await open_socket(aws, viewer)
    await socket.send(subscribe(job_id))
    messages = await until_done(socket)
    assert [m["type"] for m in messages] == ["next", "complete"]
    assert messages[0]["payload"]["data"]["generationProgress"]["status"] == "SUCCEEDED"
    assert items(aws) == [i for i in items(aws) if i["sk"]["S"] == "C"]  # nothing stored for a finished job
    await socket.close()


async def test_complete_disconnect_and_a_gone_socket_leave_nothing_behind(aws: ApiGatewayEmulator) -> None:
    token = await register(aws, "cy")
    _, job_id = await project_job(aws, token)
    socket = await open_socket(aws, token)
    await socket.send(subscribe(job_id, "a"))
    await socket.send(subscribe(job_id, "b"))
    for _ in range(2):
        await asyncio.wait_for(socket.recv(), 10)
    stored = items(aws)
    assert len([i for i in stored if i["sk"]["S"].startswith("S#")]) == 2  # under the connection
    assert len([i for i in stored if i["id"]["S"].startswith("T#")]) == 2  # under the job
    await socket.send(json.dumps({"id": "a", "type": "complete"}))
    await socket.send(json.dumps({"type": "ping"}))
    assert json.loads(await asyncio.wait_for(socket.recv(), 10)) == {"type": "pong"}
    assert len([i for i in items(aws) if i["id"]["S"].startswith("T#")]) == 1
    await socket.close()
    for _ in range(50):
        if not items(aws):
            break
        await asyncio.sleep(0.1)
    assert items(aws) == []

    # A socket API Gateway lost without a $disconnect: the next push finds it gone (410).
    lost = await open_socket(aws, token)
    await lost.send(subscribe(job_id))
    await asyncio.wait_for(lost.recv(), 10)
    connection_id = next(iter(aws.sockets))
    aws.sockets.pop(connection_id)  # the Management API now answers 410 GoneException for it
    container = handler_module._get_container()
    counter = RequestCounter()
    container.store.client.meta.events.register("before-send.dynamodb", counter)  # type: ignore[attr-defined]
    job = in_lambda(aws, lambda: container.jobs.load(job_id))
    assert job is not None
    sockets = container.sockets
    assert sockets is not None
    newer = job.model_copy(update={"rev": job.rev + 1, "progress": 0.5})
    counter.reset()
    in_lambda(aws, lambda: sockets._publisher.publish(newer))
    # one Query for the job's subscribers; then the gone socket's cleanup (Query + batch delete)
    assert counter.by_operation["Query"] == 2
    assert counter.by_operation["BatchWriteItem"] == 1
    assert [i for i in items(aws) if connection_id in json.dumps(i)] == []
    await lost.close()


async def test_one_publish_costs_one_query_plus_the_posts(aws: ApiGatewayEmulator) -> None:
    token = await register(aws, "di")
    _, job_id = await project_job(aws, token)
    sockets = [await open_socket(aws, token) for _ in range(3)]
    for socket in sockets:
        await socket.send(subscribe(job_id))
        await asyncio.wait_for(socket.recv(), 10)
    container = handler_module._get_container()
    job = in_lambda(aws, lambda: container.jobs.load(job_id))
    assert job is not None
    assert container.sockets is not None
    counter = RequestCounter()
    container.store.client.meta.events.register("before-send.dynamodb", counter)  # type: ignore[attr-defined]
    newer = job.model_copy(update={"rev": job.rev + 1, "progress": 0.25, "message": "Halfway there"})
    in_lambda(aws, lambda: container.sockets._publisher.publish(newer))  # type: ignore[union-attr]
    assert dict(counter.by_operation) == {"Query": 1}
    for socket in sockets:
        pushed = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert pushed["payload"]["data"]["generationProgress"]["progress"] == 0.25
        assert pushed["payload"]["data"]["generationProgress"]["message"] == "Halfway there"
    # An older state than a subscriber was sent is never pushed: progress does not go back.
    in_lambda(aws, lambda: container.sockets._publisher.publish(job))  # type: ignore[union-attr]
    await sockets[0].send(json.dumps({"type": "ping"}))
    assert json.loads(await asyncio.wait_for(sockets[0].recv(), 10)) == {"type": "pong"}
    for socket in sockets:
        await socket.close()


FOLLOW = "subscription($p: ID!) { projectChanged(projectId: $p) { version kind action ids actorId summary } }"


async def test_project_changes_reach_members_through_the_gateway_and_removal_ends_it(
    aws: ApiGatewayEmulator,
) -> None:
    from tests.conftest import invitation_token

    owner = await register(aws, "olive")
    project = await gql(
        aws,
        'mutation { createProject(input: {name: "Footbridge", requirements: "A bridge.", disciplines: ["civil"], '
        'phases: [{name: "Piers", sprintCount: 1}, {name: "Deck", sprintCount: 1}]}) { id phases { id sprints { id } } } }',
        token=owner,
    )
    pid = project["createProject"]["id"]
    piers, deck = project["createProject"]["phases"]

    class _Outbox:  # the outbox of the function's environment
        settings = handler_module._get_container().settings

    mail = f"vic-{uuid.uuid4().hex[:6]}@example.com"
    viewer = (await gql(aws, "mutation($i: RegisterInput!) { register(input: $i) { token } }",
                        {"i": {"name": "Vic", "email": mail, "password": PASSWORD}}))["register"]["token"]  # fmt: skip
    await gql(aws, "mutation($p: ID!, $e: String!) { inviteMember(projectId: $p, email: $e, role: VIEWER) { id } }",
              {"p": pid, "e": mail}, owner)  # fmt: skip
    await gql(aws, "mutation($t: String!) { acceptInvitation(token: $t) { id } }",
              {"t": invitation_token(_Outbox, mail)}, viewer)  # type: ignore[arg-type]  # fmt: skip
    stranger = await register(aws, "eve")
    refused = await open_socket(aws, stranger)
    await refused.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": FOLLOW, "variables": {"p": pid}}})
    )
    [error] = await until_done(refused)
    assert error["type"] == "error"
    assert error["payload"][0]["extensions"] == {"code": "NOT_FOUND"}
    await refused.close()
    socket = await open_socket(aws, viewer)
    await socket.send(
        json.dumps({"id": "1", "type": "subscribe", "payload": {"query": FOLLOW, "variables": {"p": pid}}})
    )
    await asyncio.sleep(0.5)
    task = await gql(aws, """mutation($p: ID!, $ph: ID!, $s: ID!) { addTask(projectId: $p, phaseId: $ph,
        sprintId: $s, input: {title: "Pour cap beam"}) { id } }""",
        {"p": pid, "ph": piers["id"], "s": piers["sprints"][0]["id"]}, owner)  # fmt: skip
    await gql(aws, "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id } }",
              {"p": pid, "t": task["addTask"]["id"]}, owner)  # fmt: skip
    await gql(aws, """mutation($p: ID!, $ph: ID!, $on: ID!) { setPhaseDependencies(projectId: $p, phaseId: $ph,
        dependencies: [{phaseId: $on, lagDays: 2}]) { id } }""", {"p": pid, "ph": deck["id"], "on": piers["id"]}, owner)  # fmt: skip
    events = [
        json.loads(await asyncio.wait_for(socket.recv(), 2))["payload"]["data"]["projectChanged"]
        for _ in range(3)
    ]
    assert [(e["action"], e["kind"]) for e in events] == [
        ("addTask", "TASK"), ("updateTask", "TASK"), ("setPhaseDependencies", "SCHEDULE"),
    ]  # fmt: skip
    assert events[1]["summary"] == "olive set 'Pour cap beam' to DONE"
    assert [e["version"] for e in events] == sorted(e["version"] for e in events)
    me = (await gql(aws, "{ me { id } }", token=viewer))["me"]["id"]
    await gql(
        aws,
        "mutation($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) }",
        {"p": pid, "u": me},
        owner,
    )
    assert json.loads(await asyncio.wait_for(socket.recv(), 5)) == {"id": "1", "type": "complete"}
    await socket.close()
