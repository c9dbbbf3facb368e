"""A live project: one event per committed write, a readable activity, and projectChanged."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect

from graphql_api.container import Container, build_container
from tests.conftest import PASSWORD, Api, add_member, app_server, invitation_token, make_settings

ACTIVITY = """query($id: ID!, $limit: Int, $next: String, $since: Int) { project(id: $id) {
  version activity(limit: $limit, nextToken: $next, since: $since) {
    items { id projectId version kind action ids summary actorId at } nextToken } } }"""
ADD = """mutation($p: ID!, $ph: ID!, $s: ID!, $t: String!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: {title: $t, estimateHours: 24}) { id } }"""
UPDATE = "mutation($p: ID!, $t: ID!) { updateTask(projectId: $p, taskId: $t, input: {status: DONE}) { id } }"
LINK = """mutation($p: ID!, $ph: ID!, $on: ID!) { setPhaseDependencies(projectId: $p, phaseId: $ph,
  dependencies: [{phaseId: $on, type: START_TO_START, lagDays: 3}]) { id } }"""
FOLLOW = "subscription($p: ID!) { projectChanged(projectId: $p) { version kind action ids summary actorId } }"


async def _world(api: Api) -> tuple[str, str, dict[str, Any]]:
    token, user_id = await api.register(name="Ana Lima")
    layout = [{"name": "Piers", "sprintCount": 1}, {"name": "Deck", "sprintCount": 1}]
    project = await api.create_project(token, name="Footbridge", phases=layout)
    return token, user_id, project


async def test_every_write_is_one_event_newest_first_with_who_and_what(api: Api) -> None:
    token, user_id, project = await _world(api)
    pid, piers, deck = project["id"], project["phases"][0], project["phases"][1]
    task = await api.ok(
        ADD, {"p": pid, "ph": piers["id"], "s": piers["sprints"][0]["id"], "t": "Pour cap beam"}, token
    )
    task_id = task["addTask"]["id"]
    await api.ok(UPDATE, {"p": pid, "t": task_id}, token)
    await api.ok(LINK, {"p": pid, "ph": deck["id"], "on": piers["id"]}, token)
    read = (await api.ok(ACTIVITY, {"id": pid}, token))["project"]
    items = read["activity"]["items"]
    assert [(e["version"], e["kind"], e["action"]) for e in items] == [
        (4, "SCHEDULE", "setPhaseDependencies"),
        (3, "TASK", "updateTask"),
        (2, "TASK", "addTask"),
        (1, "PROJECT", "createProject"),
    ]
    assert read["version"] == items[0]["version"]  # the event carries the version the write made
    assert [e["summary"] for e in items] == [
        "Ana Lima changed the dependencies of phase 'Deck'",
        "Ana Lima set 'Pour cap beam' to DONE",
        "Ana Lima added 'Pour cap beam' to 'Sprint 1'",
        "Ana Lima created the project 'Footbridge'",
    ]
    assert items[1]["ids"] == [task_id]
    assert items[2]["ids"] == [task_id, piers["sprints"][0]["id"], piers["id"]]
    assert {e["actorId"] for e in items} == {user_id}
    assert {e["projectId"] for e in items} == {pid}
    assert read["activity"]["nextToken"] is None


async def test_a_write_that_fails_writes_no_event(api: Api) -> None:
    token, _, project = await _world(api)
    pid, piers = project["id"], project["phases"][0]
    bad = await api.error(ADD, {"p": pid, "ph": piers["id"], "s": "no-such-sprint", "t": "X"}, token)
    assert bad["extensions"]["code"] == "NOT_FOUND"
    stale = 'mutation($id: ID!) { updateProject(id: $id, input: {expectedVersion: 7, name: "Other"}) { id } }'
    assert (await api.error(stale, {"id": pid}, token))["extensions"]["code"] == "CONFLICT"
    read = (await api.ok(ACTIVITY, {"id": pid}, token))["project"]
    assert [e["version"] for e in read["activity"]["items"]] == [1]
    assert read["version"] == 1


async def test_activity_pages_back_and_since_gives_what_was_missed(api: Api) -> None:
    token, _, project = await _world(api)
    pid, piers = project["id"], project["phases"][0]
    where = {"p": pid, "ph": piers["id"], "s": piers["sprints"][0]["id"]}
    for n in range(5):
        await api.ok(ADD, {**where, "t": f"Task {n}"}, token)
    versions, next_token = [], None
    while True:
        page = (await api.ok(ACTIVITY, {"id": pid, "limit": 2, "next": next_token}, token))["project"][
            "activity"
        ]
        versions += [e["version"] for e in page["items"]]
        next_token = page["nextToken"]
        if next_token is None:
            break
    assert versions == [6, 5, 4, 3, 2, 1]
    missed = (await api.ok(ACTIVITY, {"id": pid, "since": 4}, token))["project"]["activity"]["items"]
    assert [e["version"] for e in missed] == [6, 5]
    forged = await api.error(ACTIVITY, {"id": pid, "next": next_token or "eyJ4IjoxfQ.AAAA"}, token)
    assert forged["extensions"] == {"code": "BAD_USER_INPUT", "field": "nextToken"}


async def test_members_read_the_activity_strangers_do_not(api: Api, container: Container) -> None:
    token, _, project = await _world(api)
    viewer, _, _ = await add_member(api, container, token, project["id"], "VIEWER", "Vic")
    items = (await api.ok(ACTIVITY, {"id": project["id"]}, viewer))["project"]["activity"]["items"]
    assert items[0]["summary"] == "Vic joined the project"
    assert items[0]["kind"] == "MEMBER"
    stranger, _ = await api.register(email="stranger@example.com")
    refused = await api.error(ACTIVITY, {"id": project["id"]}, stranger)
    assert refused["extensions"]["code"] == "NOT_FOUND"


# ---------------------------------------------------------------- projectChanged on a real server
@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Container]]:
    container = build_container(make_settings("sqlite", tmp_path, None, activity_poll_seconds=0.5))
    with app_server(container) as base:
        yield base, container
    container.close()


async def _call(http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    body: dict[str, Any] = (
        await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    ).json()
    return body


async def _register(http: httpx.AsyncClient, name: str, email: str) -> str:
    query = "mutation($i: RegisterInput!) { register(input: $i) { token } }"
    body = (
        await http.post(
            "/graphql",
            json={"query": query, "variables": {"i": {"name": name, "email": email, "password": PASSWORD}}},
        )
    ).json()
    return str(body["data"]["register"]["token"])


class Follower:
    """A graphql-transport-ws client following one project, recording when each message came."""

    def __init__(self, base: str, token: str, project_id: str) -> None:
        self.base, self.token, self.project_id = base, token, project_id
        self.messages: list[tuple[float, dict[str, Any]]] = []
        self.ready = asyncio.Event()

    async def run(self) -> None:
        async with connect(f"ws://{self.base}/graphql", subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(
                json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {self.token}"}})
            )
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "connection_ack"
            payload = {"query": FOLLOW, "variables": {"p": self.project_id}}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
            await asyncio.sleep(0.3)  # the subscription is registered before anyone writes
            self.ready.set()
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 20))
                self.messages.append((time.monotonic(), message))
                if message["type"] in {"complete", "error"}:
                    return

    def events(self) -> list[dict[str, Any]]:
        return [m["payload"]["data"]["projectChanged"] for _, m in self.messages if m["type"] == "next"]


def test_members_see_each_write_within_two_seconds_and_removal_ends_it(served: tuple[str, Container]) -> None:
    base, container = served

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=f"http://{base}", timeout=10) as http:
            owner = await _register(http, "Ana Lima", "ana@example.com")
            create = 'mutation { createProject(input: {name: "Footbridge", requirements: "A bridge", disciplines: ["civil"], phases: [{name: "Piers", sprintCount: 1}, {name: "Deck", sprintCount: 1}]}) { id phases { id sprints { id } } } }'
            project = (await _call(http, create, {}, owner))["data"]["createProject"]
            pid, piers, deck = project["id"], project["phases"][0], project["phases"][1]
            viewers = []
            for name in ("Vic", "Val"):
                token = await _register(http, name, f"{name.lower()}@example.com")
                invite = "mutation($p: ID!, $e: String!) { inviteMember(projectId: $p, email: $e, role: VIEWER) { id } }"
                await _call(http, invite, {"p": pid, "e": f"{name.lower()}@example.com"}, owner)
                accept = "mutation($t: String!) { acceptInvitation(token: $t) { id } }"
                await _call(
                    http, accept, {"t": invitation_token(container, f"{name.lower()}@example.com")}, token
                )
                viewers.append(token)
            stranger = await _register(http, "Eve", "eve@example.com")
            followers = [Follower(base, t, pid) for t in viewers]
            intruder = Follower(base, stranger, pid)
            tasks = [asyncio.create_task(f.run()) for f in (*followers, intruder)]
            await asyncio.gather(*(f.ready.wait() for f in followers))
            written: dict[int, float] = {}
            added = await _call(
                http,
                ADD,
                {"p": pid, "ph": piers["id"], "s": piers["sprints"][0]["id"], "t": "Pour cap beam"},
                owner,
            )
            written[len(written)] = time.monotonic()
            await _call(http, UPDATE, {"p": pid, "t": added["data"]["addTask"]["id"]}, owner)
            written[len(written)] = time.monotonic()
            await _call(http, LINK, {"p": pid, "ph": deck["id"], "on": piers["id"]}, owner)
            written[len(written)] = time.monotonic()
            await asyncio.sleep(2.5)
            for follower in followers:
                events = follower.events()
                assert [(e["action"], e["kind"]) for e in events[:3]] == [
                    ("addTask", "TASK"), ("updateTask", "TASK"), ("setPhaseDependencies", "SCHEDULE"),
                ]  # fmt: skip
                assert [e["version"] for e in events[:3]] == [6, 7, 8]
                assert events[1]["summary"] == "Ana Lima set 'Pour cap beam' to DONE"
                arrivals = [at for at, m in follower.messages if m["type"] == "next"][:3]
                assert all(arrivals[n] - written[n] < 2 for n in range(3)), "an event came later than 2 s"
            assert intruder.messages[0][1]["type"] == "error"
            assert intruder.messages[0][1]["payload"][0]["extensions"] == {"code": "NOT_FOUND"}
            # Val leaves: her subscription completes; Vic's goes on.
            remove = "mutation($p: ID!, $u: ID!) { removeMember(projectId: $p, userId: $u) }"
            me = (await _call(http, "{ me { id } }", {}, viewers[1]))["data"]["me"]["id"]
            await _call(http, remove, {"p": pid, "u": me}, owner)
            await asyncio.wait_for(tasks[1], 5)
            assert followers[1].messages[-1][1] == {"id": "1", "type": "complete"}
            await asyncio.sleep(1)
            assert followers[0].events()[-1]["action"] == "removeMember"
            assert not tasks[0].done()
            tasks[0].cancel()

    asyncio.run(scenario())


def test_a_write_in_one_serve_process_reaches_followers_in_another(tmp_path: Path) -> None:
    """What `serve --workers N` needs: processes sharing one store, each following the others' writes.

    uvicorn's workers share a socket and may hand every connection to one of them, so the
    test runs two `serve` processes on one data folder: followers on one, writes to the other.
    """
    from tests.integration.test_serve import serving

    (tmp_path / "b").mkdir()
    shared = {"DATA_DIR": str(tmp_path), "ACTIVITY_POLL_SECONDS": "0.5"}
    with serving(tmp_path, **shared) as (first, _), serving(tmp_path / "b", **shared) as (second, _):

        async def scenario() -> None:
            async with httpx.AsyncClient(base_url=second, timeout=10) as http:
                owner = await _register(http, "Ana Lima", "ana@example.com")
                create = 'mutation { createProject(input: {name: "P", requirements: "R", disciplines: ["civil"], phases: [{name: "Piers", sprintCount: 1}]}) { id phases { id sprints { id } } } }'
                project = (await _call(http, create, {}, owner))["data"]["createProject"]
                followers = [Follower(first.removeprefix("http://"), owner, project["id"]) for _ in range(2)]
                tasks = [asyncio.create_task(f.run()) for f in followers]
                await asyncio.gather(*(f.ready.wait() for f in followers))
                phase = project["phases"][0]
                where = {"p": project["id"], "ph": phase["id"], "s": phase["sprints"][0]["id"]}
                written = []
                for n in range(3):
                    assert "errors" not in await _call(http, ADD, {**where, "t": f"Task {n}"}, owner)
                    written.append(time.monotonic())
                await asyncio.sleep(2.5)
                for follower in followers:
                    assert [e["version"] for e in follower.events()] == [2, 3, 4]
                    arrivals = [at for at, m in follower.messages if m["type"] == "next"]
                    assert all(arrivals[n] - written[n] < 2 for n in range(3)), "later than 2 s"
                for task in tasks:
                    task.cancel()

        asyncio.run(scenario())
