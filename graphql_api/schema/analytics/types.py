"""ProjectAnalytics and its parts: derived from the analytics records, except AI usage.

AI usage is shaped here: the contract lists engines (the record keys them) and names
the cache's saving `savedCostUsd`.
"""

from __future__ import annotations

import strawberry

from graphql_api.core.enums import AIEngine
from graphql_api.services import analytics, models
from graphql_api.services.earned_value import EarnedValue
from graphql_api.services.workload import MemberWorkload


@strawberry.experimental.pydantic.type(model=analytics.StatusCounts, all_fields=True, name="StatusCounts")
class StatusCountsType:
    pass


@strawberry.experimental.pydantic.type(model=analytics.HoursBreakdown, all_fields=True, name="HoursBreakdown")
class HoursBreakdownType:
    pass


@strawberry.experimental.pydantic.type(model=analytics.SprintVelocity, all_fields=True, name="SprintVelocity")
class SprintVelocityType:
    sprint_id: strawberry.ID


@strawberry.experimental.pydantic.type(model=analytics.BurndownPoint, all_fields=True, name="BurndownPoint")
class BurndownPointType:
    pass


@strawberry.experimental.pydantic.type(model=analytics.RiskLevelCount, all_fields=True, name="RiskLevelCount")
class RiskLevelCountType:
    pass


@strawberry.type(name="EngineUsage")
class EngineUsageType:
    engine: AIEngine
    requests: int
    input_tokens: int
    output_tokens: int
    cost_usd: float


@strawberry.type(name="AIUsage")
class AIUsageType:
    requests: int
    cache_hits: int
    failovers: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    saved_cost_usd: float = strawberry.field(description="What the cache hits would have cost.")
    by_engine: list[EngineUsageType]

    @staticmethod
    def from_pydantic(usage: models.AIUsage, _extra: object = None) -> AIUsageType:
        """Called by Strawberry's conversion of ProjectAnalytics for its `ai` field."""
        return AIUsageType(
            requests=usage.requests,
            cache_hits=usage.cache_hits,
            failovers=usage.failovers,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost_usd=round(usage.cost_usd, 6),
            saved_cost_usd=round(usage.saved_usd, 6),
            by_engine=[
                EngineUsageType(
                    engine=engine,
                    requests=u.requests,
                    input_tokens=u.input_tokens,
                    output_tokens=u.output_tokens,
                    cost_usd=round(u.cost_usd, 6),
                )
                for engine, u in sorted(usage.by_engine.items())
            ],
        )


@strawberry.experimental.pydantic.type(model=EarnedValue, all_fields=True, name="EarnedValue")
class EarnedValueType:
    pass


@strawberry.experimental.pydantic.type(model=MemberWorkload, all_fields=True, name="MemberWorkload")
class MemberWorkloadType:
    user_id: strawberry.ID
    sprint_id: strawberry.ID


@strawberry.experimental.pydantic.type(model=analytics.Analytics, all_fields=True, name="ProjectAnalytics")
class ProjectAnalyticsType:
    ai: AIUsageType
    earned_value: EarnedValueType
    workload: list[MemberWorkloadType]
