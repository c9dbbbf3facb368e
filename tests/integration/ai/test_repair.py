"""The plan's checks over the wire: a sprint answer that repeats earlier work is sent back once, then fixed.

Each remote engine is driven through its real SDK against its fake server, so the second
turn is the real wire form of a conversation: Bedrock's Converse messages with the tool
call and its error result, Gemini's contents with the model's turn, OpenAI's messages
with the assistant's answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.model_servers import FakeBedrock, FakeGemini, FakeModelServer, FakeOpenAI
from tests.integration.ai.conftest import served


def _sprint(*titles: str) -> dict[str, Any]:
    return {
        "goal": "Deck and cap beam",
        "summary": "The remote model's sprint.",
        "definition_of_done": ["Checked by the site engineer"],
        "tasks": [
            {"title": t, "description": f"{t} on the river pier.", "estimate_hours": 16, "story_points": 3}
            for t in titles
        ],
    }


REPEATS = _sprint("pour  CAP beam", "Install elastomeric bearings")  # 'Pour cap beam' is in Sprint 1
GOOD = _sprint("Cure and strip cap beam formwork", "Install elastomeric bearings")
SPRINT = """mutation($p: ID!, $ph: ID!, $s: ID!, $e: AIEngine!) {
  generateSprint(projectId: $p, phaseId: $ph, sprintId: $s, input: {engine: $e, useCache: false}) { id } }"""
READ = """query($p: ID!, $j: ID!) {
  generationJob(id: $j) { status message engine }
  project(id: $p) { phases { sprints { name tasks { title }
    generation { engine repairs fixes inputTokens outputTokens } } }
    analytics { ai { requests byEngine { engine requests } } } } }"""
ADD_TASK = """mutation($p: ID!, $ph: ID!, $s: ID!, $i: TaskInput!) {
  addTask(projectId: $p, phaseId: $ph, sprintId: $s, input: $i) { id } }"""


@pytest.fixture(scope="module")
def openai_server() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def _conversation(engine: str, body: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, text) of each turn of a request body, in the engine's own wire form."""
    if engine == "BEDROCK":
        turns = []
        for message in body["messages"]:
            for block in message["content"]:
                if "text" in block:
                    turns.append((message["role"], block["text"]))
                elif "toolUse" in block:
                    turns.append((message["role"], json.dumps(block["toolUse"]["input"])))
                elif "toolResult" in block:
                    assert block["toolResult"]["status"] == "error"
                    assert block["toolResult"]["toolUseId"] == "tooluse_1"  # answers the model's own call
                    turns.append((message["role"], block["toolResult"]["content"][0]["text"]))
        return turns
    if engine == "GEMINI":
        return [(c["role"], c["parts"][0]["text"]) for c in body["contents"]]
    return [(m["role"], m["content"]) for m in body["messages"] if m["role"] != "system"]


async def _run(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini], openai: FakeOpenAI, engine: str,
    answers: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[list[tuple[str, str]]]]:  # fmt: skip
    bedrock, gemini = fakes
    openai.reset()
    server: FakeModelServer = {"BEDROCK": bedrock, "GEMINI": gemini, "OPENAI": openai}[engine]
    server.script(*(lambda a=a: server.ok(a) for a in answers))
    async with served(tmp_path, fakes, openai_base_url=f"{openai.url}/v1") as (api, runner):
        token, _ = await api.register()
        layout = [{"name": "Pier works", "durationWeeks": 4, "sprintCount": 2}]
        project = await api.create_project(token, disciplines=["civil"], phases=layout)
        phase = project["phases"][0]
        first, second = phase["sprints"]
        task = {"title": "Pour cap beam", "estimateHours": 24, "status": "DONE"}
        await api.ok(ADD_TASK, {"p": project["id"], "ph": phase["id"], "s": first["id"], "i": task}, token)
        variables = {"p": project["id"], "ph": phase["id"], "s": second["id"], "e": engine}
        job = (await api.ok(SPRINT, variables, token))["generateSprint"]["id"]
        await runner.drain()
        read = await api.ok(READ, {"p": project["id"], "j": job}, token)
    return read, [_conversation(engine, call.body) for call in server.calls]


ENGINES = ["BEDROCK", "GEMINI", "OPENAI"]


@pytest.mark.parametrize("engine", ENGINES)
async def test_a_repeating_answer_is_asked_again_once_with_the_repeat_named(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini], openai_server: FakeOpenAI, engine: str
) -> None:
    read, calls = await _run(tmp_path, fakes, openai_server, engine, [REPEATS, GOOD])
    job, project = read["generationJob"], read["project"]
    assert (job["status"], job["engine"]) == ("SUCCEEDED", engine)
    sprint = project["phases"][0]["sprints"][1]
    assert [t["title"] for t in sprint["tasks"]] == [
        "Cure and strip cap beam formwork",
        "Install elastomeric bearings",
    ]
    assert sprint["generation"]["repairs"] == 1
    assert sprint["generation"]["fixes"] == []
    assert "asked again once" in job["message"]
    # The first request carried the plan around the sprint: Sprint 1's finished task.
    [(role, prompt)] = calls[0]
    assert role == "user"
    assert '"other_sprints"' in prompt
    assert '"title": "Pour cap beam"' in prompt
    # The second is the same conversation: the prompt, the first answer, then the problem named.
    assert len(calls) == 2
    assert calls[1][0] == calls[0][0]
    assert json.loads(calls[1][1][1])["tasks"][0]["title"] == "pour  CAP beam"
    assert calls[1][1][0] in {"assistant", "model"}
    role, feedback = calls[1][2]
    assert role == "user"
    assert "'pour  CAP beam' (already in 'Sprint 1' of 'Pier works')" in feedback
    # Both turns are paid for: two requests, the tokens of both.
    usage = {row["engine"]: row["requests"] for row in project["analytics"]["ai"]["byEngine"]}
    assert usage == {engine: 2}
    single = {"BEDROCK": 800, "GEMINI": 700, "OPENAI": 500}[engine]
    assert sprint["generation"]["outputTokens"] == 2 * single


@pytest.mark.parametrize("engine", ENGINES)
async def test_an_answer_that_fails_twice_is_fixed_without_the_engine_and_says_so(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini], openai_server: FakeOpenAI, engine: str
) -> None:
    read, calls = await _run(tmp_path, fakes, openai_server, engine, [REPEATS, REPEATS])
    job, project = read["generationJob"], read["project"]
    assert job["status"] == "SUCCEEDED"
    assert len(calls) == 2  # asked once more, never a third time
    sprint = project["phases"][0]["sprints"][1]
    assert [t["title"] for t in sprint["tasks"]] == ["Install elastomeric bearings"]
    assert sprint["generation"]["repairs"] == 1
    assert sprint["generation"]["fixes"] == [
        "Dropped 'pour  CAP beam': already planned in 'Sprint 1' of 'Pier works'."
    ]
    assert "1 fixed without the engine: Dropped 'pour  CAP beam'" in job["message"]
