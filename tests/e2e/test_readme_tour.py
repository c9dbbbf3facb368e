"""The README's tour, as written, against `serve`: every GraphQL step and the curl block.

Steps are the README's own text; the only thing filled in is each `"…"`, with the id the
step needs from earlier answers (by argument name), as a reader would paste it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from tests.integration.test_serve import serving

ROOT = Path(__file__).resolve().parents[2]
BASH = shutil.which("bash") or "/bin/bash"
README = (ROOT / "README.md").read_text()
TOUR = README[README.index("## A short tour") : README.index("\n## ", README.index("## A short tour") + 5)]


def tour_steps() -> list[str]:
    """Every GraphQL operation of the tour's graphql blocks, in order."""
    steps: list[str] = []
    for block in re.findall(r"```graphql\n(.*?)```", TOUR, re.DOTALL):
        steps += [step.strip() for step in re.split(r"\n\s*\n", block) if step.strip()]
    return steps


class Reader:
    """Fills each `"…"` with the id a reader would paste: chosen by the argument's name."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def fill(self, step: str) -> str:
        def paste(match: re.Match[str]) -> str:
            name = match[1]
            key = "projectId" if name == "id" else name
            return f'{name}: "{self.ids[key]}"'

        step = re.sub(r'changeIds: \["…"\]', lambda _: f'changeIds: ["{self.ids["changeId"]}"]', step)
        return re.sub(r'(\w+): "…"', paste, step)

    def learn(self, data: dict[str, Any]) -> None:
        created = data.get("createProject")
        if created:
            self.ids["projectId"] = created["id"]
            self.ids["phaseId"] = created["phases"][0]["id"]
            self.ids["sprintId"] = created["phases"][0]["sprints"][0]["id"]
        if "addTask" in data:
            self.ids["taskId"] = data["addTask"]["id"]
        for job in ("generateProjectPlan", "assessRisks", "generateSprint"):
            if job in data:
                self.ids["jobId"] = data[job]["id"]

    def learn_job(self, job: dict[str, Any]) -> None:
        """A job that ended as a proposal: its id and its first change, as a reader picks one."""
        if job.get("proposal"):
            self.ids["proposalId"] = job["proposal"]["id"]
            self.ids["changeId"] = job["proposal"]["changes"][0]["id"]


def subscribe(url: str, token: str, query: str) -> list[dict[str, Any]]:
    """graphql-transport-ws, as GraphiQL speaks it: every `next` until `complete`."""
    received: list[dict[str, Any]] = []
    ws_url = url.replace("http://", "ws://") + "/graphql"
    with connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=10) as socket:
        socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}))
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        while True:
            message = json.loads(socket.recv(timeout=120))
            if message["type"] == "complete":
                return received
            assert message["type"] == "next", message
            received.append(message["payload"]["data"]["generationProgress"])


def test_the_readme_tour_runs_as_written(tmp_path: Path) -> None:
    steps = tour_steps()
    assert len(steps) >= 12
    reader = Reader()
    with serving(tmp_path, LOG_LEVEL="WARNING") as (url, _), httpx.Client(base_url=url, timeout=60) as http:
        page = http.get("/graphql", headers={"accept": "text/html"})
        assert "mutation Register" in page.text  # GraphiQL opens on the tour's first step
        token = ""
        for step in steps:
            query = reader.fill(step)
            if query.startswith("subscription"):
                updates = subscribe(url, token, query)
                progress = [u["progress"] for u in updates]
                assert progress == sorted(progress), step
                assert updates[-1]["status"] == "SUCCEEDED", step
                reader.learn_job(updates[-1])
                continue
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = http.post("/graphql", json={"query": query}, headers=headers).json()
            assert "errors" not in body, (step, body)
            data = body["data"]
            reader.learn(data)
            token = data.get("register", {}).get("token", token)
        assert data["exportProject"]["filename"].endswith(".md")
        assert "proposalId" in reader.ids  # the regenerated sprint arrived as a proposal, accepted in part
        # The curl block, run by a shell, against this server.
        curl = re.search(r"```sh\n(TOKEN=.*?)```", TOUR, re.DOTALL)
        assert curl is not None
        script = curl[1].replace("localhost:3001", url.removeprefix("http://"))
        done = subprocess.run([BASH, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    answers, rest, decoder = [], done.stdout.strip(), json.JSONDecoder()
    while rest:  # curl -s prints the answers back to back
        answer, end = decoder.raw_decode(rest)
        answers.append(answer)
        rest = rest[end:].strip()
    assert answers[0]["data"]["me"]["email"] == "ada@example.com"
    assert answers[0]["data"]["projects"]["items"][0]["name"] == "River footbridge"
    assert answers[1]["status"] == "ok"


@pytest.mark.parametrize("step", tour_steps())
def test_every_tour_step_is_valid_graphql(step: str) -> None:
    from graphql import parse

    parse(step.replace("…", "x"))
