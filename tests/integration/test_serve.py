"""`serve` as a user runs it: forwarded headers, header and message limits, logs, workers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.conftest import PASSWORD, free_port

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
JSON = {"content-type": "application/json"}


@contextlib.contextmanager
def serving(tmp_path: Path, *args: str, **env: str) -> Iterator[tuple[str, Path]]:
    """`python -m graphql_api serve` on a free port; yields its URL and its log file."""
    port = free_port()
    log = tmp_path / "serve.log"
    environment = {**os.environ, "DATA_DIR": str(tmp_path), "BCRYPT_ROUNDS": "10", "LOG_LEVEL": "INFO", **env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "graphql_api", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                time.sleep(0.2)
            else:
                pytest.fail("serve did not start: " + log.read_text())
            yield url, log
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_forwarded_headers_headers_size_and_the_access_log(tmp_path: Path) -> None:
    with serving(tmp_path) as (url, log), httpx.Client(base_url=url, timeout=10) as http:
        register = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
        variables = {"i": {"name": "Ada", "email": "xff@example.com", "password": PASSWORD}}
        assert http.post("/graphql", json={"query": register, "variables": variables}).status_code == 200
        # Rotating X-Forwarded-For does not make new clients: no proxy is trusted by default.
        codes = []
        for n in range(7):
            body = {"query": LOGIN, "variables": {"e": "xff@example.com", "p": "guess"}}
            response = http.post("/graphql", json=body, headers={"x-forwarded-for": f"198.51.100.{n}"})
            codes.append(response.json()["errors"][0]["extensions"]["code"])
        assert codes[:5] == ["UNAUTHENTICATED"] * 5
        assert codes[5:] == ["RATE_LIMITED"] * 2
        # A request head over LIMIT_HEADER_BYTES is refused, not read to the end.
        huge = http.get("/health", headers={"x-filler": "a" * 100_000})
        assert huge.status_code in {400, 413, 431}
        # A GET operation's query string does not reach the access log.
        query = "?query=%7B__typename%7D&variables=%7B%22secret%22%3A%22hunter2%22%7D"
        assert http.get("/graphql" + query, headers={"apollo-require-preflight": "1"}).status_code == 200
    text = log.read_text()
    assert '"GET /graphql?[redacted] HTTP/1.1" 200' in text
    assert "hunter2" not in text
    assert "__typename" not in text


def test_a_trusted_proxy_forwards_the_client_address(tmp_path: Path) -> None:
    with (
        serving(tmp_path, FORWARDED_ALLOW_IPS="127.0.0.1") as (url, _),
        httpx.Client(base_url=url, timeout=10) as http,
    ):
        register = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
        variables = {"i": {"name": "Ada", "email": "proxied@example.com", "password": PASSWORD}}
        http.post("/graphql", json={"query": register, "variables": variables})
        for _ in range(5):
            body = {"query": LOGIN, "variables": {"e": "proxied@example.com", "p": "guess"}}
            http.post("/graphql", json=body, headers={"x-forwarded-for": "198.51.100.7"})
        # Behind a trusted proxy the owner's own address is another client: not locked out.
        body = {"query": LOGIN, "variables": {"e": "proxied@example.com", "p": PASSWORD}}
        ok = http.post("/graphql", json=body, headers={"x-forwarded-for": "192.0.2.10"}).json()
        assert ok["data"]["login"]["token"]


def test_two_workers_serve_one_api(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2") as (url, log):
        for _ in range(10):
            response = httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}, timeout=10)
            assert response.json() == {"data": {"__typename": "Query"}}
        deadline = time.monotonic() + 10
        while len(re.findall(r"Started server process \[(\d+)\]", log.read_text())) < 2:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    assert "workers=2" in log.read_text()
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))) == 2


def _register(url: str, email: str) -> str:
    query = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
    variables = {"i": {"name": "Ada", "email": email, "password": PASSWORD}}
    return str(
        httpx.post(f"{url}/graphql", json={"query": query, "variables": variables}).json()["data"][
            "register"
        ]["token"]
    )


def _init(socket: ClientConnection, token: str) -> dict[str, object]:
    socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
    return dict(json.loads(socket.recv(timeout=10)))


def test_websockets_per_user_message_size_and_origins(tmp_path: Path) -> None:
    env = {"LIMIT_SOCKETS_PER_USER": "2", "LIMIT_WS_MESSAGE_BYTES": "4096"}
    with serving(tmp_path, **env) as (url, _):
        ws = url.replace("http://", "ws://") + "/graphql"
        token = _register(url, "sockets@example.com")
        protocol = ["graphql-transport-ws"]
        with connect(ws, subprotocols=protocol) as first, connect(ws, subprotocols=protocol) as second:
            assert _init(first, token)["type"] == "connection_ack"
            assert _init(second, token)["type"] == "connection_ack"
            with connect(ws, subprotocols=protocol) as third:
                with pytest.raises(ConnectionClosed) as closed:
                    _init(third, token)
                assert closed.value.rcvd is not None
                assert closed.value.rcvd.code == 4403  # a third socket for one user
            other = _register(url, "other@example.com")
            with connect(ws, subprotocols=protocol) as someone_else:
                assert _init(someone_else, other)["type"] == "connection_ack"
        # The first two closed: the user may connect again.
        with connect(ws, subprotocols=protocol) as again:
            assert _init(again, token)["type"] == "connection_ack"
            again.send(json.dumps({"type": "ping", "payload": {"pad": "x" * 10_000}}))
            with pytest.raises(ConnectionClosed) as too_big:
                again.recv(timeout=10)
            assert too_big.value.rcvd is not None
            assert too_big.value.rcvd.code == 1009  # message too big
        # Development: any localhost page may connect, another site may not.
        with connect(ws, subprotocols=protocol, origin="http://localhost:5173") as local:
            assert _init(local, token)["type"] == "connection_ack"
        with pytest.raises(InvalidStatus) as refused:
            connect(ws, subprotocols=protocol, origin="https://evil.example")
        assert refused.value.response.status_code == 403


def test_the_frontend_may_open_a_websocket_in_production(tmp_path: Path) -> None:
    env = {"APP_ENV": "production", "JWT_SECRET": "p" * 48, "FRONTEND_URL": "https://app.example.com"}
    with serving(tmp_path, **env) as (url, _):
        ws = url.replace("http://", "ws://") + "/graphql"
        token = _register(url, "prod@example.com")
        with connect(ws, subprotocols=["graphql-transport-ws"], origin="https://app.example.com") as app:
            assert _init(app, token)["type"] == "connection_ack"
        with pytest.raises(InvalidStatus):
            connect(ws, subprotocols=["graphql-transport-ws"], origin="http://localhost:5173")


def test_a_client_that_never_finishes_its_request_head_is_disconnected(tmp_path: Path) -> None:
    with serving(tmp_path, HEAD_TIMEOUT_SECONDS="1") as (url, _):
        port = int(url.rsplit(":", 1)[1])
        with (
            socket.create_connection(("127.0.0.1", port), timeout=10) as silent,
            socket.create_connection(("127.0.0.1", port), timeout=10) as trickling,
        ):
            trickling.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # no blank line: the head never ends
            assert silent.recv(1) == b""  # closed by the server, not by our 10 s timeout
            assert trickling.recv(1) == b""
        # A client that finishes its head is served as ever.
        assert httpx.get(f"{url}/health", timeout=10).status_code == 200


def test_a_websocket_outlives_the_head_timeout_and_streams_a_job(tmp_path: Path) -> None:
    """The head timer belongs to the HTTP phase: an upgraded socket is not cut by it."""
    with serving(tmp_path, HEAD_TIMEOUT_SECONDS="1") as (url, _):
        token = _register(url, "long-lived@example.com")
        create = "mutation($i: CreateProjectInput!) { createProject(input: $i) { id phases { id } } }"
        project = httpx.post(
            f"{url}/graphql",
            json={
                "query": create,
                "variables": {
                    "i": {
                        "name": "Pump station",
                        "requirements": "Two duty pumps.",
                        "disciplines": ["mechanical"],
                    }
                },
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()["data"]["createProject"]
        ws = url.replace("http://", "ws://") + "/graphql"
        with connect(ws, subprotocols=["graphql-transport-ws"]) as live:
            assert _init(live, token)["type"] == "connection_ack"
            # Six times the head timeout, idle but for pings the server answers.
            for n in range(6):
                time.sleep(1)
                live.send(json.dumps({"type": "ping", "payload": {"n": n}}))
                assert json.loads(live.recv(timeout=5))["type"] == "pong"
            generate = "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph) { id } }"
            job = httpx.post(
                f"{url}/graphql",
                json={"query": generate, "variables": {"p": project["id"], "ph": project["phases"][0]["id"]}},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            ).json()["data"]["generatePhase"]["id"]
            subscribe = "subscription($id: ID!) { generationProgress(jobId: $id) { status progress } }"
            live.send(
                json.dumps(
                    {
                        "id": "1",
                        "type": "subscribe",
                        "payload": {"query": subscribe, "variables": {"id": job}},
                    }
                )
            )
            statuses = []
            while True:
                message = json.loads(live.recv(timeout=30))
                if message["type"] == "complete":
                    break
                assert message["type"] == "next", message
                statuses.append(message["payload"]["data"]["generationProgress"]["status"])
            assert statuses[-1] == "SUCCEEDED"
            # Still open after the job: the socket is the client's to close.
            live.send(json.dumps({"type": "ping"}))
            assert json.loads(live.recv(timeout=5))["type"] == "pong"
