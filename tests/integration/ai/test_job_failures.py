"""A job whose every engine fails ends FAILED with AI_UNAVAILABLE and touches nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_FIELDS
from tests.fakes.model_servers import FakeBedrock, FakeGemini
from tests.integration.ai.conftest import served


async def test_failed_jobs_keep_earlier_content(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    async with served(tmp_path, fakes, ai_engines="bedrock,gemini") as (api, runner):
        token, _ = await api.register()
        project = await api.create_project(token, disciplines=["civil"])
        phase = project["phases"][0]
        query = "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph) { id } }"
        await api.ok(query, {"p": project["id"], "ph": phase["id"]}, token)  # served by the fake Bedrock
        await runner.drain()
        read = f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}"
        before = (await api.ok(read, {"id": project["id"]}, token))["project"]
        assert before["phases"][0]["generation"]["engine"] == "BEDROCK"
        bedrock.script("ThrottlingException")
        gemini.script("status:503")
        fresh = "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph, input: {useCache: false}) { id } }"
        job_id = (await api.ok(fresh, {"p": project["id"], "ph": phase["id"]}, token))["generatePhase"]["id"]
        await runner.drain()
        failed = (
            await api.ok(
                "query($id: ID!) { generationJob(id: $id) { status error message progress } }",
                {"id": job_id},
                token,
            )
        )["generationJob"]
        assert failed["status"] == "FAILED"
        assert failed["error"].startswith("AI_UNAVAILABLE: ")
        assert "BEDROCK: ThrottlingException" in failed["error"]
        assert "GEMINI: 503:UNAVAILABLE" in failed["error"]
        assert "Traceback" not in failed["error"]
        after = (await api.ok(read, {"id": project["id"]}, token))["project"]
        assert after["phases"] == before["phases"]


async def test_a_plan_that_fails_midway_keeps_what_was_finished(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, _ = fakes
    async with served(tmp_path, fakes, ai_engines="bedrock") as (api, runner):
        token, _ = await api.register()
        project = await api.create_project(
            token,
            phases=[
                {"name": "One", "sprintCount": 1},
                {"name": "Two", "sprintCount": 1},
                {"name": "Three", "sprintCount": 1},
            ],
        )
        bedrock.script("ok", "ok", "ThrottlingException")
        job_id = (
            await api.ok(
                "mutation($p: ID!) { generateProjectPlan(projectId: $p, input: {useCache: false}) { id } }",
                {"p": project["id"]},
                token,
            )
        )["generateProjectPlan"]["id"]
        await runner.drain()
        job: dict[str, Any] = (
            await api.ok(
                "query($id: ID!) { generationJob(id: $id) { status error message progress } }",
                {"id": job_id},
                token,
            )
        )["generationJob"]
        assert job["status"] == "FAILED"
        assert job["message"].startswith("Stopped at Phase 3/3 'Three' after 2 of 6 steps")
        assert job["progress"] == 2 / 6
        stored = (
            await api.ok(
                "query($id: ID!) { project(id: $id) { phases { name content { summary } } } }",
                {"id": project["id"]},
                token,
            )
        )["project"]
        assert [p["content"] is not None for p in stored["phases"]] == [True, True, False]
