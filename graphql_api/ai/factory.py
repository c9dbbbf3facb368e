"""Builds the chain from config: engines in AI_ENGINES order, the cache on the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql_api.ai.bedrock import BedrockEngine
from graphql_api.ai.cache import ResponseCache
from graphql_api.ai.chain import AIChain
from graphql_api.ai.gemini import GeminiEngine
from graphql_api.ai.local_engine import LocalEngine

if TYPE_CHECKING:
    from graphql_api.ai.engine import Engine
    from graphql_api.config import Settings
    from graphql_api.store.base import Store


def build_chain(settings: Settings, store: Store) -> AIChain:
    available: dict[str, Engine] = {
        "bedrock": BedrockEngine(settings),
        "gemini": GeminiEngine(settings),
        "local": LocalEngine(),
    }
    return AIChain(
        [available[name] for name in settings.engine_order],
        ResponseCache(store),
        deadline_seconds=settings.ai_deadline_seconds,
        breaker_threshold=settings.ai_breaker_threshold,
        breaker_cooldown=settings.ai_breaker_cooldown_seconds,
    )
