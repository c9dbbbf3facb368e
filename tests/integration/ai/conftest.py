"""Fixtures for the AI layer: fake Bedrock and Gemini servers and a chain aimed at them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from graphql_api.ai import local
from graphql_api.ai.chain import AIChain
from graphql_api.ai.factory import build_chain
from graphql_api.ai.requests import PhaseRequest, ProjectBrief
from graphql_api.container import Container, build_container
from graphql_api.jobs.local import LocalRunner
from tests.conftest import Api, asgi_client, make_settings
from tests.fakes.model_servers import FakeBedrock, FakeGemini

REQUEST = PhaseRequest(
    project=ProjectBrief(
        name="Footbridge", requirements="A 40 m footbridge.", disciplines=["civil", "structural"]
    ),
    phase_name="Detailed design",
    duration_weeks=10,
)
# A valid answer that is recognisably not the local planner's.
REMOTE_PLAN: dict[str, Any] = {
    **local.phase_plan(REQUEST).model_dump(mode="json"),
    "summary": "Remote model's plan for the footbridge detailed design.",
}


@pytest.fixture(scope="session")
def bedrock_server() -> Iterator[FakeBedrock]:
    server = FakeBedrock(payload=REMOTE_PLAN).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def gemini_server() -> Iterator[FakeGemini]:
    server = FakeGemini(payload=REMOTE_PLAN).start()
    yield server
    server.stop()


@pytest.fixture
def fakes(bedrock_server: FakeBedrock, gemini_server: FakeGemini) -> tuple[FakeBedrock, FakeGemini]:
    bedrock_server.reset()
    gemini_server.reset()
    return bedrock_server, gemini_server


def ai_settings(tmp_path: Path, bedrock: FakeBedrock, gemini: FakeGemini, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "bedrock_enabled": True,
        "bedrock_endpoint_url": bedrock.url,
        "gemini_api_key": "fake-gemini-key",
        "gemini_base_url": gemini.url,
        "ai_read_timeout_seconds": 5,
    }
    values.update(overrides)
    return make_settings("sqlite", tmp_path, None, **values)


@pytest.fixture
def make_chain(tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini]) -> Any:
    containers: list[Container] = []

    def build(**overrides: Any) -> AIChain:
        container = build_container(ai_settings(tmp_path, *fakes, **overrides))
        containers.append(container)
        return build_chain(container.settings, container.store)

    yield build
    for container in containers:
        container.close()


@asynccontextmanager
async def served(
    tmp_path: Path, fakes: tuple[FakeBedrock, FakeGemini], **overrides: Any
) -> AsyncIterator[tuple[Api, LocalRunner]]:
    """The whole app on the fake engines: a GraphQL client and the job runner to drain."""
    container = build_container(ai_settings(tmp_path, *fakes, **overrides))
    runner = container.dispatcher
    assert isinstance(runner, LocalRunner)
    try:
        async with asgi_client(container) as http:
            yield Api(http), runner
    finally:
        container.close()
