"""aiStatus: which engines are configured, their models and circuits."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.ai.breaker import CircuitState
from graphql_api.core.enums import AIEngine
from graphql_api.schema.context import Context


@strawberry.type(name="EngineStatus")
class EngineStatus:
    engine: AIEngine
    configured: bool
    model: str
    circuit: CircuitState


@strawberry.type(name="AIStatus")
class AIStatus:
    engines: list[EngineStatus]


@strawberry.type
class AIQuery:
    @strawberry.field(description="The AI engines in failover order, with their circuit breakers.")
    async def ai_status(self, info: Info[Context, None]) -> AIStatus:
        await info.context.user()
        return AIStatus(
            engines=[
                EngineStatus(
                    engine=engine.name, configured=engine.configured, model=engine.model, circuit=state
                )
                for engine, state in info.context.container.ai.status()
            ]
        )
