"""Builds the chain from config: engines in AI_ENGINES order, the cache on the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql_api.ai.bedrock import BedrockEngine
from graphql_api.ai.cache import ResponseCache
from graphql_api.ai.chain import DEFAULT_PRICES, AIChain
from graphql_api.ai.gemini import GeminiEngine
from graphql_api.ai.local_engine import LocalEngine
from graphql_api.ai.openai_engine import OpenAICompatibleEngine
from graphql_api.core.enums import AIEngine

if TYPE_CHECKING:
    from graphql_api.ai.engine import Engine
    from graphql_api.config import Settings
    from graphql_api.store.base import Store


def build_chain(settings: Settings, store: Store) -> AIChain:
    available: dict[str, Engine] = {
        "bedrock": BedrockEngine(settings),
        "gemini": GeminiEngine(settings),
        "openai": OpenAICompatibleEngine(settings),
        "local": LocalEngine(),
    }
    # The endpoint's own prices (0 for a local server) over the price table's.
    openai_prices = (settings.openai_price_input_per_1k, settings.openai_price_output_per_1k)
    prices = {**DEFAULT_PRICES, AIEngine.OPENAI: openai_prices}
    return AIChain(
        [available[name] for name in settings.engine_order],
        ResponseCache(store),
        prices=prices,
        deadline_seconds=settings.ai_deadline_seconds,
        breaker_threshold=settings.ai_breaker_threshold,
        breaker_cooldown=settings.ai_breaker_cooldown_seconds,
    )
