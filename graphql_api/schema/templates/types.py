"""Template, TemplatePhase, DynamicRole."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.services import models


@strawberry.type(name="TemplatePhase")
class TemplatePhaseType:
    name: str
    description: str
    duration_weeks: int
    sprint_count: int


@strawberry.type(name="DynamicRole")
class DynamicRoleType:
    role: str
    discipline: str
    trigger: str


@strawberry.type(name="Template")
class TemplateType:
    id: strawberry.ID
    name: str
    description: str
    disciplines: list[str]
    phases: list[TemplatePhaseType]
    dynamic_roles: list[DynamicRoleType]
    is_built_in: bool
    usage: int = strawberry.field(description="Projects created from it.")
    created_at: datetime

    @classmethod
    def from_domain(cls, template: models.Template) -> TemplateType:
        return cls(
            id=strawberry.ID(template.id),
            name=template.name,
            description=template.description,
            disciplines=list(template.disciplines),
            phases=[
                TemplatePhaseType(
                    name=p.name,
                    description=p.description,
                    duration_weeks=p.duration_weeks,
                    sprint_count=p.sprint_count,
                )
                for p in template.phases
            ],
            dynamic_roles=[
                DynamicRoleType(role=r.role, discipline=r.discipline, trigger=r.trigger)
                for r in template.dynamic_roles
            ],
            is_built_in=template.is_built_in,
            usage=template.usage,
            created_at=template.created_at,
        )
