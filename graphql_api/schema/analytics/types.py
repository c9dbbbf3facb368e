"""ProjectAnalytics and its parts."""

from __future__ import annotations

from datetime import date

import strawberry

from graphql_api.core.enums import AIEngine, RiskLevel
from graphql_api.services import analytics, models


@strawberry.type(name="StatusCounts")
class StatusCountsType:
    total: int
    not_started: int
    in_progress: int
    blocked: int
    done: int

    @classmethod
    def of(cls, counts: analytics.StatusCounts) -> StatusCountsType:
        return cls(
            total=counts.total,
            not_started=counts.not_started,
            in_progress=counts.in_progress,
            blocked=counts.blocked,
            done=counts.done,
        )


@strawberry.type(name="HoursBreakdown")
class HoursBreakdown:
    key: str
    hours: float


@strawberry.type(name="SprintVelocity")
class SprintVelocityType:
    sprint_id: strawberry.ID
    name: str
    planned_points: int
    completed_points: int


@strawberry.type(name="BurndownPoint")
class BurndownPointType:
    date: date
    remaining_points: int = strawberry.field(
        description="All points minus those completed on or before `date`."
    )
    ideal_points: float = strawberry.field(
        description="All points falling linearly to 0 at the last sprint's end."
    )


@strawberry.type(name="RiskLevelCount")
class RiskLevelCount:
    level: RiskLevel
    count: int


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

    @classmethod
    def of(cls, usage: models.AIUsage) -> AIUsageType:
        return cls(
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


@strawberry.type(name="ProjectAnalytics")
class ProjectAnalyticsType:
    completion: float = strawberry.field(description="0..1: done story points / all story points")
    phases: StatusCountsType
    sprints: StatusCountsType
    tasks: StatusCountsType
    estimated_hours: float
    completed_hours: float
    hours_by_discipline: list[HoursBreakdown]
    hours_by_role: list[HoursBreakdown]
    velocity: list[SprintVelocityType]
    burndown: list[BurndownPointType] = strawberry.field(description="One point per sprint, at its endDate.")
    risk_exposure: int = strawberry.field(description="Sum of risk scores of the latest assessment.")
    risks_by_level: list[RiskLevelCount]
    ai: AIUsageType

    @classmethod
    def of(cls, result: analytics.Analytics) -> ProjectAnalyticsType:
        return cls(
            completion=result.completion,
            phases=StatusCountsType.of(result.phases),
            sprints=StatusCountsType.of(result.sprints),
            tasks=StatusCountsType.of(result.tasks),
            estimated_hours=result.estimated_hours,
            completed_hours=result.completed_hours,
            hours_by_discipline=[HoursBreakdown(key=k, hours=h) for k, h in result.hours_by_discipline],
            hours_by_role=[HoursBreakdown(key=k, hours=h) for k, h in result.hours_by_role],
            velocity=[
                SprintVelocityType(
                    sprint_id=strawberry.ID(v.sprint_id),
                    name=v.name,
                    planned_points=v.planned_points,
                    completed_points=v.completed_points,
                )
                for v in result.velocity
            ],
            burndown=[
                BurndownPointType(
                    date=b.date, remaining_points=b.remaining_points, ideal_points=b.ideal_points
                )
                for b in result.burndown
            ],
            risk_exposure=result.risk_exposure,
            risks_by_level=[
                RiskLevelCount(level=level, count=count) for level, count in result.risks_by_level
            ],
            ai=AIUsageType.of(result.ai),
        )
