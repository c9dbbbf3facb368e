"""Shared fixtures: both storage backends, moto's DynamoDB server, an ASGI client.

The DynamoDB backend talks to moto's real HTTP server on 127.0.0.1, never an
in-process patch; each test gets its own table prefix so tests never share data.
"""

from __future__ import annotations

import contextlib
import email
import json
import logging
import os
import re
import socket
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from tests.fakes.apigw_websocket import ApiGatewayEmulator

from graphql_api.app import create_app
from graphql_api.config import Settings, load_settings
from graphql_api.container import Container, build_container
from graphql_api.jobs.local import LocalRunner
from graphql_api.schema import build
from tests.differential.shadow import ShadowedExecutionContext

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.pop("AWS_PROFILE", None)

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's server logs every request


@pytest.fixture(scope="session", autouse=True)
def _shadowed_execution() -> Iterator[None]:
    """Every schema the tests build checks its compiled selections against graphql-core."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "CompiledExecutionContext", ShadowedExecutionContext)
        yield


@pytest.fixture(autouse=True)
def _compiled_matches_graphql_core() -> Iterator[None]:
    ShadowedExecutionContext.mismatches.clear()
    yield
    assert not ShadowedExecutionContext.mismatches, "\n".join(ShadowedExecutionContext.mismatches)


TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    with _isolated_moto_writes():
        server.start()
        yield f"http://127.0.0.1:{port}"
        server.stop()


@contextlib.contextmanager
def _isolated_moto_writes() -> Iterator[None]:
    """Give moto's server DynamoDB's isolation between concurrent writes.

    moto's TransactWriteItems deep-copies each table it touches and, when a condition
    fails, restores that copy: a write another request committed meanwhile is erased
    (seen as a lost update when 20 edits race, each a transaction of the outline and its
    event). DynamoDB cancels a conflicting transaction without touching anything, so the
    emulator's writes run one at a time (its threaded server otherwise interleaves them).
    """
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()  # batch writes call put_item and delete_item inside
    names = ("put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item")
    originals = {name: getattr(DynamoDBBackend, name) for name in names}

    def serialised(method: Any) -> Any:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                return method(self, *args, **kwargs)

        return call

    for name, method in originals.items():
        setattr(DynamoDBBackend, name, serialised(method))
    try:
        yield
    finally:
        for name, method in originals.items():
            setattr(DynamoDBBackend, name, method)


def make_settings(backend: str, tmp_path: Path, endpoint: str | None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "storage": backend,
        "data_dir": tmp_path / "data",
        "jwt_secret": TEST_SECRET,
        "bcrypt_rounds": 10,
        "dynamodb_table_prefix": f"t{uuid.uuid4().hex[:10]}",
        "dynamodb_endpoint_url": endpoint,
        # Never the real Bedrock: AI tests aim it at the fake server explicitly.
        "bedrock_enabled": False,
        "gemini_api_key": None,
        # The reset answer's fixed delay hides nothing from a test; tests of it set it back.
        "reset_response_seconds": 0,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(params=["sqlite", "dynamodb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def container(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Container]:
    endpoint = request.getfixturevalue("moto_endpoint") if backend == "dynamodb" else None
    built = build_container(make_settings(backend, tmp_path, endpoint))
    await built.store.create_tables()
    yield built
    if isinstance(built.dispatcher, LocalRunner):
        await built.dispatcher.drain()  # jobs a test started must not outlive its store
    built.close()


@asynccontextmanager
async def api_with(backend: str, tmp_path: Path, **overrides: Any) -> AsyncIterator[tuple[Api, Container]]:
    """A client on an app built with other settings (small limits, say), closed afterwards."""
    built = build_container(make_settings(backend, tmp_path, None, **overrides))
    await built.store.create_tables()
    try:
        async with asgi_client(built) as http:
            yield Api(http), built
    finally:
        built.close()


def asgi_client(container: Container, client_ip: str = "127.0.0.1") -> httpx.AsyncClient:
    """An HTTP client that calls the app built on `container` in-process (use `async with`)."""
    transport = httpx.ASGITransport(app=create_app(container=container), client=(client_ip, 123))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(container) as http:
        yield http


@dataclass
class Api:
    """A GraphQL client for tests: `call` returns the whole response, `ok` the data."""

    http: httpx.AsyncClient

    async def call(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def ok(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        body = await self.call(query, variables, token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        body = await self.call(query, variables, token)
        assert body.get("errors"), body
        error: dict[str, Any] = body["errors"][0]
        return error

    async def register(self, email: str | None = None, name: str = "Ada Lovelace") -> tuple[str, str]:
        email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
        data = await self.ok(
            "mutation($i: RegisterInput!) { register(input: $i) { token user { id } } }",
            {"i": {"name": name, "email": email, "password": PASSWORD}},
        )
        return data["register"]["token"], data["register"]["user"]["id"]

    async def create_project(self, token: str, **fields: Any) -> dict[str, Any]:
        payload = {
            "name": "Footbridge",
            "requirements": "A 40 m pedestrian bridge.",
            "disciplines": ["civil"],
        }
        payload.update(fields)
        data = await self.ok(
            f"mutation($i: CreateProjectInput!) {{ createProject(input: $i) {{ {PROJECT_FIELDS} }} }}",
            {"i": payload},
            token,
        )
        project: dict[str, Any] = data["createProject"]
        return project


PROJECT_FIELDS = """
  id name requirements constraints disciplines status templateId startDate endDate version createdAt updatedAt
  team { name email role allocation }
  phases { id name order status description durationWeeks startDate endDate
    content { summary objectives deliverables { name description discipline } milestones { name week criteria }
              roles { role discipline count allocation } acceptanceCriteria risks }
    generation { engine model cached generatedAt inputTokens outputTokens costUsd }
    sprints { id name order status goal startDate endDate content { summary definitionOfDone }
      generation { engine model cached generatedAt inputTokens outputTokens costUsd }
      tasks { id title description discipline role estimateHours storyPoints status completedAt } } }
"""


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


class RequestCounter:
    """Counts the HTTP requests boto3 sends to DynamoDB, by operation (retries included)."""

    def __init__(self) -> None:
        self.by_operation: Counter[str] = Counter()
        self.transaction_items: list[int] = []  # items in each TransactWriteItems, in order

    def __call__(self, **kwargs: Any) -> None:
        model = kwargs.get("model")
        name = model.name if model is not None else kwargs.get("event_name", "?").rsplit(".", 1)[-1]
        self.by_operation[name] += 1
        if name == "TransactWriteItems":
            body = kwargs.get("request").body if kwargs.get("request") is not None else b"{}"
            self.transaction_items.append(len(json.loads(body or b"{}").get("TransactItems", [])))

    @property
    def total(self) -> int:
        return sum(self.by_operation.values())

    def reset(self) -> None:
        self.by_operation.clear()
        self.transaction_items.clear()


@pytest.fixture
def dynamo_requests(container: Container) -> RequestCounter:
    from graphql_api.store.dynamodb import DynamoStore

    if not isinstance(container.store, DynamoStore):
        pytest.skip("request counts are a DynamoDB property")
    counter = RequestCounter()
    container.store.client.meta.events.register("before-send.dynamodb", counter)
    return counter


def outbox(container: Container) -> list[Message]:
    """The mails the local outbox holds, oldest first."""
    folder = container.settings.data_dir / "outbox"
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns) if folder.exists() else []
    return [email.message_from_bytes(p.read_bytes()) for p in files]


def bodies(message: Message) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            parts[part.get_content_subtype()] = payload.decode()
    return parts


def invitation_token(container: Container, address: str) -> str:
    """The token of the newest invitation mailed to `address`, read from the link as a user would."""
    mails = [m for m in outbox(container) if m["To"] == address and "invites you" in str(m["Subject"])]
    assert mails, f"no invitation mailed to {address}"
    found = re.search(r"/invitations\?token=(\S+)", bodies(mails[-1])["plain"])
    assert found is not None
    return found.group(1)


INVITE = """mutation($p: ID!, $e: String!, $r: ProjectRole!) {
  inviteMember(projectId: $p, email: $e, role: $r) { id email role status } }"""
ACCEPT = "mutation($t: String!) { acceptInvitation(token: $t) { id myRole } }"


async def add_member(
    api: Api, container: Container, owner: str, project_id: str, role: str, name: str = "Member"
) -> tuple[str, str, str]:
    """Register someone, invite them with `role` and accept by the mailed link: (token, user id, email)."""
    address = f"{name.lower().replace(' ', '-')}-{uuid.uuid4().hex[:6]}@example.com"
    token, user_id = await api.register(address, name=name)
    await api.ok(INVITE, {"p": project_id, "e": address, "r": role}, owner)
    joined = await api.ok(ACCEPT, {"t": invitation_token(container, address)}, token)
    assert joined["acceptInvitation"]["myRole"] == role
    return token, user_id, address


def deploy_lambda(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str, **env: str) -> None:
    """The function's environment as template.yaml sets it, against moto's server: tables made, handler fresh."""
    import graphql_api.handler as handler_module
    from graphql_api.__main__ import main

    for name, value in {
        "AWS_LAMBDA_FUNCTION_NAME": "graphql-api",
        "APP_ENV": "production",
        "JWT_SECRET": "a-production-grade-secret-of-more-than-32-bytes",
        "DYNAMODB_ENDPOINT_URL": moto_endpoint,
        "DYNAMODB_TABLE_PREFIX": f"lambda{uuid.uuid4().hex[:8]}",
        "BCRYPT_ROUNDS": "10",
        "DATA_DIR": str(tmp_path),
        **env,
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["create-tables"]) == 0
    handler_module.reset()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, moto_endpoint: str) -> Iterator[ApiGatewayEmulator]:
    """The function as deployed, emulated: API Gateway (REST and WebSocket), its Management API, SQS."""
    import boto3

    import graphql_api.handler as handler_module
    from tests.fakes.apigw_websocket import ApiGatewayEmulator

    sqs = boto3.client("sqs", endpoint_url=moto_endpoint, region_name="us-east-1")
    queue = sqs.create_queue(QueueName=f"jobs-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    emulator = ApiGatewayEmulator(handler_module.handler)
    emulator.start()
    deploy_lambda(
        monkeypatch,
        tmp_path,
        moto_endpoint,
        FRONTEND_URL="https://app.example.com",
        SQS_ENDPOINT_URL=moto_endpoint,
        JOBS_QUEUE_URL=queue,
        APIGW_MANAGEMENT_ENDPOINT_URL=emulator.http_url,
        DYNAMODB_TABLE_PREFIX=f"ws{uuid.uuid4().hex[:8]}",
        BEDROCK_ENABLED="false",
    )
    emulator.queue = (sqs, queue)  # type: ignore[attr-defined]
    yield emulator
    emulator.stop()
    handler_module.reset()


@contextlib.contextmanager
def app_server(container: Container) -> Iterator[str]:
    """The app on `container`, served by uvicorn on a thread: yields host:port (real sockets)."""
    import threading

    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(container=container), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
