"""The AI layer's overhead, side by side against the fake Bedrock server (real boto3 parsing).

Raw boto3 Converse; the same call through the chain (validation, accounting, no cache);
a cache hit; and a failover with Bedrock's breaker open (no Bedrock call at all).
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import container
from graphql_api.ai.bedrock import BedrockEngine
from graphql_api.ai.outputs import PhasePlan
from graphql_api.ai.prompts import SYSTEM, user_prompt
from graphql_api.core.enums import AIEngine, AITask
from tests.fakes.model_servers import FakeBedrock, FakeGemini
from tests.integration.ai.conftest import REMOTE_PLAN, REQUEST

RUNS = int(os.environ.get("BENCH_RUNS", "40"))


async def timed(fn, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def main() -> None:
    logging.getLogger("graphql_api").setLevel(logging.ERROR)  # failover warnings are expected here
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    bedrock, gemini = FakeBedrock(payload=REMOTE_PLAN).start(), FakeGemini(payload=REMOTE_PLAN).start()
    c = container(
        Path(tempfile.mkdtemp()),
        bedrock_enabled=True,
        bedrock_endpoint_url=bedrock.url,
        gemini_api_key="k",
        gemini_base_url=gemini.url,
    )
    engine = next(e for e in c.ai.engines if isinstance(e, BedrockEngine))
    client = engine._client(60)  # noqa: SLF001 - the same configured client the chain uses

    async def raw() -> None:
        await asyncio.to_thread(
            client.converse,
            modelId=engine.model,
            system=[{"text": SYSTEM}],
            messages=[{"role": "user", "content": [{"text": user_prompt(AITask.PHASE_PLAN, REQUEST)}]}],
        )

    async def chain() -> None:
        await c.ai.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan, use_cache=False)

    async def cache_hit() -> None:
        await c.ai.generate(AITask.PHASE_PLAN, REQUEST, PhasePlan)

    await chain()
    await cache_hit()
    results = {
        "raw boto3 Converse": await timed(raw),
        "through the chain (no cache)": await timed(chain),
        "cache hit": await timed(cache_hit),
    }
    breaker = c.ai.breakers[AIEngine.BEDROCK]
    for _ in range(5):
        breaker.failure()  # open: the next calls go straight to Gemini
    before = len(bedrock.calls)
    results["failover, Bedrock breaker open"] = await timed(chain)
    assert len(bedrock.calls) == before, "an open breaker must make no Bedrock call"
    bedrock.stop()
    gemini.stop()
    c.close()
    raw_ms = results["raw boto3 Converse"]
    print(f"AI layer overhead, median of {RUNS} calls, fake Bedrock/Gemini on loopback")
    print(f"{'path':<34} {'ms':>8} {'x raw':>7}")
    for name, seconds in results.items():
        print(f"{name:<34} {seconds * 1000:>8.2f} {seconds / raw_ms:>7.2f}")
    overhead = (results["through the chain (no cache)"] - raw_ms) * 1000
    print(
        f"verdict: the chain adds {overhead:.2f} ms to a Converse call; a cache hit costs {results['cache hit'] * 1000:.2f} ms; an open breaker made 0 Bedrock calls"
    )


if __name__ == "__main__":
    asyncio.run(main())
