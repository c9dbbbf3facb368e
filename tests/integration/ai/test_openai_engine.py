"""The OpenAI-compatible engine over the wire: the real `openai` SDK against a fake Chat Completions server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphql_api.ai.factory import build_chain
from graphql_api.ai.outputs import PhasePlan
from graphql_api.container import build_container
from graphql_api.core.enums import AIEngine, AITask
from tests.conftest import make_settings
from tests.fakes.model_servers import FakeOpenAI
from tests.integration.ai.conftest import REMOTE_PLAN, REQUEST


@pytest.fixture(scope="module")
def openai_server() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(payload=REMOTE_PLAN).start()
    yield server
    server.stop()


@pytest.fixture
def chain_for(openai_server: FakeOpenAI, tmp_path: Path) -> Iterator[Any]:
    openai_server.reset()
    built = []

    def build(**overrides: Any) -> Any:
        values = {
            "ai_engines": "openai,local",
            "openai_base_url": f"{openai_server.url}/v1",
            "openai_model": "llama3.1:8b",
            "ai_read_timeout_seconds": 2,
            **overrides,
        }
        container = build_container(make_settings("sqlite", tmp_path, None, **values))
        built.append(container)
        return build_chain(container.settings, container.store)

    yield build
    for container in built:
        container.close()


async def test_a_plan_from_an_openai_compatible_server_with_its_cost(
    chain_for: Any, openai_server: FakeOpenAI
) -> None:
    chain = chain_for(openai_price_input_per_1k=0.001, openai_price_output_per_1k=0.002)
    plan, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert plan.summary == REMOTE_PLAN["summary"]
    assert (meta.engine, meta.model, meta.input_tokens, meta.output_tokens) == (
        AIEngine.OPENAI,
        "llama3.1:8b",
        1000,
        500,
    )
    assert meta.cost_usd == pytest.approx(0.001 + 0.001)
    (call,) = openai_server.calls
    assert call.path == "/v1/chat/completions"
    assert call.headers.get("authorization") == "Bearer not-needed"  # a local server needs no key
    assert call.body["model"] == "llama3.1:8b"
    assert call.body["response_format"]["type"] == "json_schema"
    assert "$ref" not in json.dumps(call.body["response_format"]["json_schema"]["schema"])
    user = call.body["messages"][1]["content"]
    assert "<project-data-" in user  # the project's text arrives fenced, as data


async def test_a_server_without_json_schema_support_is_asked_in_json_mode_once_and_remembered(
    chain_for: Any, openai_server: FakeOpenAI
) -> None:
    chain = chain_for()
    openai_server.script("no-json-schema", "no-json-schema", "no-json-schema")
    plan, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.OPENAI
    assert plan.summary == REMOTE_PLAN["summary"]
    first, second = openai_server.calls
    assert (first.body["response_format"]["type"], second.body["response_format"]["type"]) == (
        "json_schema",
        "json_object",
    )
    assert "JSON schema" in second.body["messages"][1]["content"]  # the schema travels in the prompt instead
    await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert [c.body["response_format"]["type"] for c in openai_server.calls[2:]] == ["json_object"]


ROWS = [
    ("status:429", "429:rate_limit_exceeded"),
    ("status:500", "500:server_error"),
    ("status:503", "503:server_error"),
    ("status:401", "401:invalid_api_key"),
    ("status:404", "404:model_not_found"),
    ("finish:length", "FinishReason:length"),
    ("finish:content_filter", "FinishReason:content_filter"),
    ("refusal", "Refusal"),
    ("invalid", "InvalidOutput:JSONDecodeError"),
    ("hang", "APITimeoutError"),
]


@pytest.mark.parametrize(("behaviour", "reason"), ROWS)
async def test_every_failure_fails_over_to_the_offline_planner(
    chain_for: Any, openai_server: FakeOpenAI, behaviour: str, reason: str
) -> None:
    openai_server.script(behaviour)
    chain = chain_for(ai_read_timeout_seconds=1)
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.LOCAL
    assert meta.errors == [(AIEngine.OPENAI, reason)]
    assert len(openai_server.calls) == 1  # no SDK retries: failover is the chain's


async def test_answers_are_cached_like_the_other_remote_engines(
    chain_for: Any, openai_server: FakeOpenAI
) -> None:
    chain = chain_for()
    _, first = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    _, second = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    assert (first.cached, second.cached) == (False, True)
    assert second.engine == AIEngine.OPENAI
    assert len(openai_server.calls) == 1


async def test_unconfigured_it_is_skipped(chain_for: Any, openai_server: FakeOpenAI) -> None:
    chain = chain_for(openai_base_url=None)
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.LOCAL
    assert openai_server.calls == []
