"""RiskAssessment and Risk: scores and levels computed by us, never taken from a model."""

from __future__ import annotations

import strawberry

from graphql_api.core.enums import RiskLevel
from graphql_api.schema.ai.types import GenerationInfoType
from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.Risk, all_fields=True, name="Risk")
class RiskType:
    id: strawberry.ID
    score: int = strawberry.field(description="likelihood * impact")
    level: RiskLevel = strawberry.field(description="1-4 LOW, 5-9 MEDIUM, 10-16 HIGH, 17-25 CRITICAL")
    phase_id: strawberry.ID | None


@strawberry.experimental.pydantic.type(model=models.RiskAssessment, name="RiskAssessment")
class RiskAssessmentType:
    id: strawberry.ID
    project_id: strawberry.ID
    overall_level: RiskLevel
    summary: strawberry.auto
    risks: list[RiskType]
    generation: GenerationInfoType
    created_at: strawberry.auto


def _computed(risk: models.Risk) -> dict[str, object]:
    return {"score": risk.score, "level": risk.level}


def risk_type(risk: models.Risk) -> RiskType:
    return RiskType.from_pydantic(risk, extra=_computed(risk))


def risk_assessment_type(assessment: models.RiskAssessment) -> RiskAssessmentType:
    return RiskAssessmentType.from_pydantic(
        assessment,
        extra={
            "overall_level": assessment.overall_level,
            "risks": [_computed(r) for r in assessment.risks],
        },
    )
