"""The built-in templates: the catalogue's lifecycles as templates every user can pick.

They are also the lifecycles the default layout (`projects.lifecycle`) chooses from,
so their phase names and descriptions use each field's own terms.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from graphql_api.services.models import DynamicRole, Template, TemplatePhase

if TYPE_CHECKING:
    from graphql_api import catalogue

_SEEDED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def template_phase(phase: catalogue.LifecyclePhase) -> TemplatePhase:
    return TemplatePhase(
        name=phase.name,
        description=phase.description,
        duration_weeks=phase.duration_weeks,
        sprint_count=phase.sprint_count,
    )


@cache
def builtin_templates() -> tuple[Template, ...]:
    from graphql_api import catalogue  # noqa: PLC0415 - read at first use, not at cold start

    return tuple(
        Template(
            id=lifecycle.id,
            name=lifecycle.name,
            description=lifecycle.description,
            disciplines=list(lifecycle.disciplines),
            phases=[template_phase(p) for p in lifecycle.phases],
            dynamic_roles=[
                DynamicRole(role=r.role, discipline=r.discipline, trigger=r.trigger)
                for r in lifecycle.dynamic_roles
            ],
            owner_id=None,
            created_at=_SEEDED_AT,
        )
        for lifecycle in catalogue.lifecycles()
    )


@cache
def builtin_by_id() -> dict[str, Template]:
    return {template.id: template for template in builtin_templates()}
