"""Failover, as a table: each failure shape over the wire, and where the answer comes from."""

from __future__ import annotations

import time
from typing import Any

import pytest

from graphql_api.ai.errors import AIUnavailableError
from graphql_api.ai.outputs import PhasePlan
from graphql_api.core.enums import AIEngine, AITask
from tests.conftest import free_port
from tests.fakes.model_servers import FakeBedrock, FakeGemini
from tests.integration.ai.conftest import REMOTE_PLAN, REQUEST

BEDROCK_ROWS = [
    # behaviour on Bedrock, the reason the chain records
    ("ThrottlingException", "ThrottlingException"),
    ("ServiceUnavailableException", "ServiceUnavailableException"),
    ("InternalServerException", "InternalServerException"),
    ("ModelTimeoutException", "ModelTimeoutException"),
    ("ModelNotReadyException", "ModelNotReadyException"),
    ("ModelErrorException", "ModelErrorException"),
    ("ServiceQuotaExceededException", "ServiceQuotaExceededException"),
    ("http500", "HTTP500"),
    ("empty", "EmptyOutput"),
    ("invalid", "InvalidOutput:ValidationError"),
    ("stop:max_tokens", "StopReason:max_tokens"),
    ("stop:content_filtered", "StopReason:content_filtered"),
    ("stop:guardrail_intervened", "StopReason:guardrail_intervened"),
    # our own bad request or a configuration error: no retry, logged, then fail over
    ("ValidationException", "ValidationException"),
    ("AccessDeniedException", "AccessDeniedException"),
    ("ResourceNotFoundException", "ResourceNotFoundException"),
]


@pytest.mark.parametrize(("behaviour", "reason"), BEDROCK_ROWS)
async def test_bedrock_failure_fails_over_to_gemini(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini], behaviour: str, reason: str
) -> None:
    bedrock, gemini = fakes
    bedrock.script(behaviour)
    chain = make_chain()
    plan, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.GEMINI
    assert plan.summary == REMOTE_PLAN["summary"]
    assert meta.errors == [(AIEngine.BEDROCK, reason)]
    assert meta.failovers == 1
    assert len(bedrock.calls) == 1  # tried once: no SDK retries, no loop
    assert len(gemini.calls) == 1
    assert bedrock.calls[0].path == "/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"
    tool = bedrock.calls[0].body["toolConfig"]
    assert tool["toolChoice"] == {"tool": {"name": "submit_result"}}
    assert "$ref" not in str(tool["tools"][0]["toolSpec"]["inputSchema"])


GEMINI_ROWS = [
    ("status:429", "429:RESOURCE_EXHAUSTED"),
    ("status:500", "500:INTERNAL"),
    ("status:502", "502:UNAVAILABLE"),
    ("status:503", "503:UNAVAILABLE"),
    ("status:504", "504:DEADLINE_EXCEEDED"),
    ("empty", "EmptyOutput"),
    ("invalid", "InvalidOutput:JSONDecodeError"),
    ("block:SAFETY", "Blocked:BlockedReason.SAFETY"),
    ("finish:MAX_TOKENS", "FinishReason:MAX_TOKENS"),
    ("finish:SAFETY", "FinishReason:SAFETY"),
    ("status:400", "400:INVALID_ARGUMENT"),
]


@pytest.mark.parametrize(("behaviour", "reason"), GEMINI_ROWS)
async def test_gemini_failure_fails_over_to_local(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini], behaviour: str, reason: str
) -> None:
    _, gemini = fakes
    gemini.script(behaviour)
    chain = make_chain(ai_engines="gemini,local")
    plan, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.LOCAL
    assert plan.summary.startswith("Detailed design (phase 1 of 1")
    assert meta.errors == [(AIEngine.GEMINI, reason)]
    assert len(gemini.calls) == 1
    assert gemini.calls[0].path.endswith("/models/gemini-2.0-flash:generateContent")
    assert gemini.calls[0].body["generationConfig"]["responseMimeType"] == "application/json"


async def test_connection_refused_and_read_timeout_fail_over(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    _, gemini = fakes
    refused = make_chain(bedrock_endpoint_url=f"http://127.0.0.1:{free_port()}")
    _, meta = await refused.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.GEMINI
    assert meta.errors == [(AIEngine.BEDROCK, "EndpointConnectionError")]
    bedrock, _ = fakes
    bedrock.script(lambda: bedrock.hang(3))
    slow = make_chain(ai_read_timeout_seconds=1)
    _, meta = await slow.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.GEMINI
    assert meta.errors == [(AIEngine.BEDROCK, "ReadTimeoutError")]
    gemini.script(lambda: gemini.hang(3))
    gemini_slow = make_chain(ai_engines="gemini,local", ai_read_timeout_seconds=1)
    _, meta = await gemini_slow.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.LOCAL
    assert meta.errors[0][0] == AIEngine.GEMINI
    assert "Timeout" in meta.errors[0][1]


async def test_retry_after_longer_than_the_budget_fails_over_at_once(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, _ = fakes
    bedrock.script("throttle-retry-after")  # Retry-After: 120, budget 10 s
    chain = make_chain(ai_deadline_seconds=10)
    started = time.monotonic()
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.GEMINI
    assert time.monotonic() - started < 5  # it did not sleep for the Retry-After


async def test_every_engine_failing_is_one_ai_unavailable_error(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    bedrock.script("ThrottlingException")
    gemini.script("status:503")
    chain = make_chain(ai_engines="bedrock,gemini")
    with pytest.raises(AIUnavailableError) as caught:
        await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert caught.value.code == "AI_UNAVAILABLE"
    assert caught.value.failures == [
        (AIEngine.BEDROCK, "ThrottlingException"),
        (AIEngine.GEMINI, "503:UNAVAILABLE"),
    ]
    assert "BEDROCK: ThrottlingException" in caught.value.message


async def test_one_deadline_bounds_the_whole_call(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    bedrock.script(lambda: bedrock.hang(30))
    gemini.script(lambda: gemini.hang(30))
    chain = make_chain(ai_engines="bedrock,gemini", ai_deadline_seconds=2, ai_read_timeout_seconds=30)
    started = time.monotonic()
    with pytest.raises(AIUnavailableError):
        await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert time.monotonic() - started < 2 + 1.0  # the budget plus a small margin


async def test_unconfigured_engines_are_skipped_without_a_call(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    chain = make_chain(bedrock_enabled=False, gemini_api_key=None)
    _, meta = await chain.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)
    assert meta.engine == AIEngine.LOCAL
    assert meta.errors == []
    assert bedrock.calls == gemini.calls == []


async def test_the_chain_can_start_at_a_chosen_engine(
    make_chain: Any, fakes: tuple[FakeBedrock, FakeGemini]
) -> None:
    bedrock, gemini = fakes
    _, meta = await make_chain().generate(
        AITask.PHASE_PLAN, REQUEST, PhasePlan, start=AIEngine.GEMINI, use_cache=False
    )
    assert meta.engine == AIEngine.GEMINI
    assert bedrock.calls == []
    assert len(gemini.calls) == 1
