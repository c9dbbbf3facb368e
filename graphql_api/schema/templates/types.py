"""Template, TemplatePhase, DynamicRole: derived from the domain records."""

from __future__ import annotations

import strawberry

from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.TemplatePhase, all_fields=True, name="TemplatePhase")
class TemplatePhaseType:
    pass


@strawberry.experimental.pydantic.type(model=models.DynamicRole, all_fields=True, name="DynamicRole")
class DynamicRoleType:
    pass


@strawberry.experimental.pydantic.type(model=models.Template, name="Template")
class TemplateType:
    id: strawberry.ID
    name: strawberry.auto
    description: strawberry.auto
    disciplines: strawberry.auto
    phases: strawberry.auto
    dynamic_roles: strawberry.auto
    is_built_in: bool
    usage: strawberry.auto
    created_at: strawberry.auto


def template_type(template: models.Template) -> TemplateType:
    return TemplateType.from_pydantic(template, extra={"is_built_in": template.is_built_in})
