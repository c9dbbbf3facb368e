"""Project inputs, derived from the services' specs (`strawberry.experimental.pydantic`).

Each input declares only what GraphQL spells differently (IDs); `to_pydantic()` gives
the service its spec. UNSET and null both mean 'leave as is'.
"""

from __future__ import annotations

import strawberry

from graphql_api.services.projects import specs


@strawberry.experimental.pydantic.input(model=specs.MemberSpec, all_fields=True, name="TeamMemberInput")
class TeamMemberInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.PhaseSpec, all_fields=True, name="PhaseInput")
class PhaseInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.NewProject, all_fields=True, name="CreateProjectInput")
class CreateProjectInput:
    template_id: strawberry.ID | None = strawberry.field(
        default=None, description="Phases and sprints come from the template ..."
    )


@strawberry.experimental.pydantic.input(
    model=specs.ProjectChanges, all_fields=True, name="UpdateProjectInput"
)
class UpdateProjectInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.PhaseChanges, all_fields=True, name="UpdatePhaseInput")
class UpdatePhaseInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.SprintChanges, all_fields=True, name="UpdateSprintInput")
class UpdateSprintInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.SprintSpec, all_fields=True, name="SprintInput")
class SprintInput:
    pass


@strawberry.experimental.pydantic.input(model=specs.TaskSpec, all_fields=True, name="TaskInput")
class TaskInput:
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="A member's userId (else BAD_USER_INPUT)."
    )


@strawberry.experimental.pydantic.input(model=specs.TaskChanges, all_fields=True, name="UpdateTaskInput")
class UpdateTaskInput:
    assignee_id: strawberry.ID | None = strawberry.field(
        default=None, description="A member's userId (else BAD_USER_INPUT); an empty string unassigns."
    )


@strawberry.experimental.pydantic.input(
    model=specs.PhaseLinkSpec, all_fields=True, name="PhaseDependencyInput"
)
class PhaseDependencyInput:
    phase_id: strawberry.ID


@strawberry.experimental.pydantic.input(model=specs.RiskChanges, all_fields=True, name="UpdateRiskInput")
class UpdateRiskInput:
    pass
