"""generate(task, request) -> (validated output, meta): failover, breaker, cache, accounting.

Every engine in the chain is tried at most once per call (plus its SDK's own pinned
retries); one deadline covers the whole call and each engine gets what is left of it.
An answer that fails the caller's checks is sent back once, in the same conversation,
with each problem named; what still fails is fixed by the caller's `fix` and recorded
(Meta.repairs, Meta.fixes). The offline planner is deterministic: asking it again would
give the same answer, so its answer goes straight to the fix.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from graphql_api import observability
from graphql_api.ai.breaker import CircuitBreaker, CircuitState
from graphql_api.ai.cache import ResponseCache, cache_key
from graphql_api.ai.engine import Completion, Engine, EngineCall, EngineError, FailureKind, FollowUp
from graphql_api.ai.errors import AIUnavailableError
from graphql_api.ai.meta import Meta
from graphql_api.ai.prompts import repair_prompt
from graphql_api.ai.requests import Request
from graphql_api.config import AI_PRICES_PER_1K
from graphql_api.core.clock import utcnow
from graphql_api.core.enums import AIEngine, AITask

logger = logging.getLogger("graphql_api.ai")
OutT = TypeVar("OutT", bound=BaseModel)

REMOTE = {AIEngine.BEDROCK, AIEngine.GEMINI, AIEngine.OPENAI}
DEFAULT_PRICES = {AIEngine(name): rates for name, rates in AI_PRICES_PER_1K.items()}


Prices = Mapping[AIEngine, tuple[float, float]]  # USD per 1,000 tokens in and out
Check = Callable[[OutT], list[str]]  # the plan's problems with an answer, as sentences a model reads
Fix = Callable[[OutT], tuple[OutT, list[str]]]  # the answer corrected without the engine, and what changed


def cost_usd(engine: AIEngine, input_tokens: int, output_tokens: int, prices: Prices | None = None) -> float:
    per_in, per_out = (prices or DEFAULT_PRICES).get(engine, (0.0, 0.0))
    return round(input_tokens / 1000 * per_in + output_tokens / 1000 * per_out, 6)


def _validate(output: type[OutT], payload: object) -> OutT:
    if payload is None or payload in ("", {}, []):
        raise EngineError(FailureKind.INVALID_OUTPUT, "EmptyOutput")
    try:
        data = json.loads(payload) if isinstance(payload, str | bytes) else payload
        return output.model_validate(data)
    except (ValidationError, ValueError) as exc:
        raise EngineError(FailureKind.INVALID_OUTPUT, f"InvalidOutput:{type(exc).__name__}") from exc


class _Repair(Generic[OutT]):
    """The answer as the repair goes, with the usage of every turn."""

    def __init__(self, value: OutT, input_tokens: int, output_tokens: int) -> None:
        self.value = value
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.repairs = 0
        self.fixes: list[str] = []


class AIChain:
    def __init__(
        self,
        engines: Sequence[Engine],
        cache: ResponseCache | None,
        *,
        deadline_seconds: float = 90.0,
        breaker_threshold: int = 3,
        breaker_cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        prices: Prices | None = None,
    ) -> None:
        self.engines = list(engines)
        self._prices = dict(prices or DEFAULT_PRICES)
        self._cache = cache
        self._deadline = deadline_seconds
        self._clock = clock
        self.breakers = {
            e.name: CircuitBreaker(breaker_threshold, breaker_cooldown, clock) for e in self.engines
        }

    def _cost(self, engine: AIEngine, input_tokens: int, output_tokens: int) -> float:
        return cost_usd(engine, input_tokens, output_tokens, self._prices)

    def status(self) -> list[tuple[Engine, CircuitState]]:
        """Each engine with its circuit state, for `aiStatus`."""
        return [(engine, self.breakers[engine.name].state) for engine in self.engines]

    def _order(self, start: AIEngine | None) -> list[Engine]:
        if start is None:
            return self.engines
        names = [e.name for e in self.engines]
        return self.engines[names.index(start) :] if start in names else self.engines

    async def generate(
        self,
        task: AITask,
        request: Request,
        output: type[OutT],
        *,
        start: AIEngine | None = None,
        use_cache: bool = True,
        check: Check[OutT] | None = None,
        fix: Fix[OutT] | None = None,
    ) -> tuple[OutT, Meta]:
        started = self._clock()
        key = cache_key(task, request, output, {"temperature": 0.2})
        if use_cache and self._cache is not None:
            cached = await self._from_cache(key, output)
            if cached is not None:
                observability.record_ai_call(
                    cached[1].engine.value, cached=True, failover_reasons=[], latency_ms=0.0
                )
                return cached
        failures: list[tuple[AIEngine, str]] = []
        for engine in self._order(start):
            if not engine.configured:
                continue
            breaker = self.breakers[engine.name]
            if not breaker.allow():
                failures.append((engine.name, "CircuitOpen"))
                continue
            remaining = self._deadline - (self._clock() - started)
            if remaining <= 0:
                breaker.release()
                failures.append((engine.name, "DeadlineExceeded"))
                break
            try:
                completion = await asyncio.wait_for(
                    engine.complete(EngineCall(task, request, output, remaining)), remaining
                )
                value = _validate(output, completion.payload)
            except EngineError as exc:
                self._record_failure(engine, breaker, exc)
                failures.append((engine.name, exc.reason))
                continue
            except TimeoutError:
                breaker.failure()
                failures.append((engine.name, "Timeout"))
                continue
            breaker.success()
            repair = _Repair(value, completion.input_tokens, completion.output_tokens)
            remaining = self._deadline - (self._clock() - started)
            await self._repair(repair, engine, task, request, output, completion, remaining, check, fix)
            value = repair.value
            meta = Meta(
                engine=engine.name,
                model=engine.model,
                cached=False,
                generated_at=utcnow(),
                input_tokens=repair.input_tokens,
                output_tokens=repair.output_tokens,
                cost_usd=cost_usd(engine.name, repair.input_tokens, repair.output_tokens, self._prices),
                latency_ms=(self._clock() - started) * 1000,
                failovers=len(failures),
                errors=failures,
                repairs=repair.repairs,
                fixes=repair.fixes,
            )
            if engine.name in REMOTE and self._cache is not None:
                await self._cache.put(key, self._entry(value, meta))
            observability.record_ai_call(
                engine.name.value,
                cached=False,
                failover_reasons=[r for _, r in failures],
                latency_ms=meta.latency_ms,
            )
            return value, meta
        raise AIUnavailableError(failures)

    async def _repair(
        self,
        repair: _Repair[OutT],
        engine: Engine,
        task: AITask,
        request: Request,
        output: type[OutT],
        first: Completion,
        remaining: float,
        check: Check[OutT] | None,
        fix: Fix[OutT] | None,
    ) -> None:
        """Check the answer; ask the same engine once more with the problems; fix what still fails."""
        problems = check(repair.value) if check is not None else []
        if check is None or not problems:
            return
        if engine.name in REMOTE and first.conversation and remaining > 0:
            repair.repairs = 1
            follow_up = FollowUp(first.conversation, repair_prompt(problems))
            try:
                second = await asyncio.wait_for(
                    engine.complete(EngineCall(task, request, output, remaining, follow_up)), remaining
                )
                repair.input_tokens += second.input_tokens
                repair.output_tokens += second.output_tokens
                repair.value = _validate(output, second.payload)
                problems = check(repair.value)
            except (EngineError, TimeoutError) as exc:  # the first answer stands, to be fixed
                logger.warning("AI engine %s failed the repair turn: %r", engine.name.value, exc)
        if problems and fix is not None:
            repair.value, repair.fixes = fix(repair.value)

    async def _from_cache(self, key: str, output: type[OutT]) -> tuple[OutT, Meta] | None:
        """A cached answer, re-validated (a stale schema is a miss, never a bad output)."""
        assert self._cache is not None  # noqa: S101 - checked by the caller
        hit = await self._cache.get(key)
        if hit is None:
            return None
        try:
            value = output.model_validate(hit["output"])
            source = AIEngine(hit["engine"])
        except (ValidationError, KeyError, ValueError):
            return None
        saved = cost_usd(
            source, int(hit.get("input_tokens", 0)), int(hit.get("output_tokens", 0)), self._prices
        )
        return value, Meta(
            engine=source,
            model=str(hit.get("model", "")),
            cached=True,
            generated_at=utcnow(),
            saved_usd=saved,
        )

    @staticmethod
    def _entry(value: BaseModel, meta: Meta) -> dict[str, Any]:
        return {
            "output": value.model_dump(mode="json"),
            "engine": meta.engine.value,
            "model": meta.model,
            "input_tokens": meta.input_tokens,
            "output_tokens": meta.output_tokens,
        }

    @staticmethod
    def _record_failure(engine: Engine, breaker: CircuitBreaker, exc: EngineError) -> None:
        if exc.kind == FailureKind.CONFIGURATION:
            breaker.release()
            logger.error("AI engine %s is misconfigured: %s", engine.name.value, exc.reason)
        else:
            breaker.failure()
            logger.warning(
                "AI engine %s failed (%s): %s; failing over", engine.name.value, exc.kind.value, exc.reason
            )
