"""The breaker skips a failing engine without calling it; the cache answers repeats."""

from __future__ import annotations

from typing import Any

import pytest

from graphql_api.ai.breaker import CircuitState
from graphql_api.ai.cache import ResponseCache
from graphql_api.ai.chain import AIChain
from graphql_api.ai.outputs import PhasePlan
from graphql_api.core.enums import AIEngine, AITask
from graphql_api.store.base import StoreError
from graphql_api.store.sqlite import SqliteStore
from tests.fakes.model_servers import FakeBedrock, FakeGemini
from tests.integration.ai.conftest import REQUEST, served


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def with_clock(chain: AIChain, clock: FakeClock) -> AIChain:
    """The same engines and cache, on a clock the test moves."""
    return AIChain(
        chain.engines,
        chain._cache,
        deadline_seconds=60,
        breaker_threshold=3,
        breaker_cooldown=30,
        clock=clock,
    )


async def test_open_circuit_skips_bedrock_then_one_probe_closes_it(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    clock = FakeClock()
    chain = with_clock(make_chain(), clock)
    bedrock.script("ThrottlingException", "ServiceUnavailableException", "InternalServerException")
    for _ in range(3):
        _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
        assert meta.engine == AIEngine.GEMINI
    assert chain.breakers[AIEngine.BEDROCK].state == CircuitState.OPEN
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.errors == [(AIEngine.BEDROCK, "CircuitOpen")]
    assert len(bedrock.calls) == 3  # the fourth request made no Bedrock call
    clock.now += 30
    assert chain.breakers[AIEngine.BEDROCK].state == CircuitState.HALF_OPEN
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.BEDROCK  # the probe succeeded
    assert chain.breakers[AIEngine.BEDROCK].state == CircuitState.CLOSED
    assert len(bedrock.calls) == 4
    assert len(gemini.calls) == 4


async def test_our_own_bad_requests_do_not_open_the_circuit(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, _ = fakes
    chain = make_chain()
    bedrock.script(*["ValidationException"] * 4)
    for _ in range(4):
        await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert chain.breakers[AIEngine.BEDROCK].state == CircuitState.CLOSED
    assert len(bedrock.calls) == 4


@pytest.mark.parametrize("backend", ["sqlite", "dynamodb"])
async def test_a_repeat_is_served_from_the_cache_with_zero_engine_calls(
    backend: str, tmp_path: Any, fakes: tuple[FakeBedrock, FakeGemini], request: pytest.FixtureRequest
) -> None:
    from graphql_api.ai.factory import build_chain
    from graphql_api.container import build_container
    from tests.integration.ai.conftest import ai_settings

    bedrock, gemini = fakes
    endpoint = request.getfixturevalue("moto_endpoint") if backend == "dynamodb" else None
    settings = ai_settings(tmp_path, bedrock, gemini, storage=backend, dynamodb_endpoint_url=endpoint)
    container = build_container(settings)
    await container.store.create_tables()
    chain = build_chain(settings, container.store)
    first, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    assert (meta.engine, meta.cached, meta.cost_usd) == (AIEngine.BEDROCK, False, 0.0156)
    again, hit = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    assert again == first
    assert (hit.engine, hit.cached, hit.cost_usd, hit.saved_usd) == (AIEngine.BEDROCK, True, 0.0, 0.0156)
    assert len(bedrock.calls) == 1
    # whitespace does not change the question; a changed field does
    spaced = REQUEST.model_copy(update={"phase_name": "Detailed   design "})
    _, meta = await chain.generate(AITask.PHASE_PLAN, spaced, PhasePlan)
    assert meta.cached
    changed = REQUEST.model_copy(update={"duration_weeks": 11})
    _, meta = await chain.generate(AITask.PHASE_PLAN, changed, PhasePlan)
    assert not meta.cached
    assert len(bedrock.calls) == 2
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert not meta.cached  # useCache: false skips the read
    assert len(bedrock.calls) == 3
    container.close()


async def test_a_gemini_answer_serves_later_requests_but_a_local_one_is_never_cached(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    chain = make_chain()
    bedrock.script("ThrottlingException")
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    assert meta.engine == AIEngine.GEMINI
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
    assert (meta.engine, meta.cached) == (AIEngine.GEMINI, True)
    offline = make_chain(bedrock_enabled=False, gemini_api_key=None)
    other = REQUEST.model_copy(update={"phase_name": "Construction"})
    _, meta = await offline.generate(AITask.PHASE_PLAN, other, PhasePlan)
    assert meta.engine == AIEngine.LOCAL
    online = make_chain()
    _, meta = await online.generate(AITask.PHASE_PLAN, other, PhasePlan)
    assert (meta.engine, meta.cached) == (AIEngine.BEDROCK, False)  # the real model replaces the local answer
    assert len(gemini.calls) == 1


class UnreachableStore(SqliteStore):
    """A store that is down: every read and write fails as an outage does."""

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        raise StoreError("dynamodb: ServiceUnavailable")

    async def put(self, *args: Any, **kwargs: Any) -> None:
        raise StoreError("dynamodb: ServiceUnavailable")


async def test_a_cache_outage_is_a_miss_not_a_failure(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini], tmp_path: Any
) -> None:
    bedrock, _ = fakes
    working = make_chain()
    chain = AIChain(working.engines, ResponseCache(UnreachableStore(tmp_path / "down.sqlite3")))
    for _ in range(2):
        _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)
        assert (meta.engine, meta.cached) == (AIEngine.BEDROCK, False)
    assert len(bedrock.calls) == 2


async def test_ai_status_shows_engines_in_order(api: Any) -> None:
    token, _ = await api.register()
    data = await api.ok("{ aiStatus { engines { engine configured model circuit } } }", token=token)
    assert data["aiStatus"]["engines"] == [
        {
            "engine": "BEDROCK",
            "configured": False,
            "model": "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "circuit": "CLOSED",
        },
        {"engine": "GEMINI", "configured": False, "model": "gemini-2.0-flash", "circuit": "CLOSED"},
        {"engine": "OPENAI", "configured": False, "model": "gpt-4o-mini", "circuit": "CLOSED"},
        {"engine": "LOCAL", "configured": True, "model": "local-planner-v1", "circuit": "CLOSED"},
    ]
    anonymous = await api.error("{ aiStatus { engines { engine } } }")
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"


async def test_costs_and_cache_hits_reach_project_analytics(
    tmp_path: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    async with served(tmp_path, fakes) as (api, runner):
        token, _ = await api.register()
        project = await api.create_project(token)
        phase_id = project["phases"][0]["id"]
        bedrock.script("ThrottlingException", "ok")  # first: a failover to Gemini
        for _ in range(3):  # Gemini answers, then two cache hits
            await api.ok(
                "mutation($p: ID!, $ph: ID!) { generatePhase(projectId: $p, phaseId: $ph) { id } }",
                {"p": project["id"], "ph": phase_id},
                token,
            )
            await runner.drain()
        query = "query($id: ID!) { project(id: $id) { analytics { ai { requests cacheHits failovers inputTokens outputTokens costUsd savedCostUsd byEngine { engine requests inputTokens outputTokens costUsd } } } } }"
        ai = (await api.ok(query, {"id": project["id"]}, token))["project"]["analytics"]["ai"]
    assert ai == {
        "requests": 3,
        "cacheHits": 2,
        "failovers": 1,
        "inputTokens": 900,
        "outputTokens": 700,
        "costUsd": 0.000555,  # 900 x 0.00015/1K + 700 x 0.0006/1K
        "savedCostUsd": 0.00111,  # the two cache hits of that answer
        "byEngine": [
            {"engine": "GEMINI", "requests": 1, "inputTokens": 900, "outputTokens": 700, "costUsd": 0.000555}
        ],
    }
    assert len(gemini.calls) == 1
