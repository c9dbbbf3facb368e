"""RiskAssessment and Risk: scores and levels computed by us, never taken from a model."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.schema.enums import RiskLevel, RiskStatus
from graphql_api.schema.projects.types import GenerationInfoType
from graphql_api.services import models


@strawberry.type(name="Risk")
class RiskType:
    id: strawberry.ID
    title: str
    description: str
    category: str
    likelihood: int = strawberry.field(description="1..5")
    impact: int = strawberry.field(description="1..5")
    score: int = strawberry.field(description="likelihood * impact")
    level: RiskLevel = strawberry.field(description="1-4 LOW, 5-9 MEDIUM, 10-16 HIGH, 17-25 CRITICAL")
    mitigation: str
    contingency: str | None
    trigger: str | None
    owner: str | None
    status: RiskStatus
    phase_id: strawberry.ID | None


@strawberry.type(name="RiskAssessment")
class RiskAssessmentType:
    id: strawberry.ID
    project_id: strawberry.ID
    overall_level: RiskLevel
    summary: str
    risks: list[RiskType]
    generation: GenerationInfoType
    created_at: datetime

    @classmethod
    def from_domain(cls, assessment: models.RiskAssessment) -> RiskAssessmentType:
        generation = GenerationInfoType.maybe(assessment.generation)
        assert generation is not None  # noqa: S101 - an assessment is always generated
        return cls(
            id=strawberry.ID(assessment.id),
            project_id=strawberry.ID(assessment.project_id),
            overall_level=assessment.overall_level,
            summary=assessment.summary,
            risks=[
                RiskType(
                    id=strawberry.ID(r.id),
                    title=r.title,
                    description=r.description,
                    category=r.category,
                    likelihood=r.likelihood,
                    impact=r.impact,
                    score=r.score,
                    level=r.level,
                    mitigation=r.mitigation,
                    contingency=r.contingency,
                    trigger=r.trigger,
                    owner=r.owner,
                    status=r.status,
                    phase_id=strawberry.ID(r.phase_id) if r.phase_id else None,
                )
                for r in assessment.risks
            ],
            generation=generation,
            created_at=assessment.created_at,
        )
