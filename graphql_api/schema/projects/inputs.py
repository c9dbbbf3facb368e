"""Project inputs, and their translation to service specs (UNSET means 'leave as is')."""

from __future__ import annotations

from datetime import date

import strawberry

from graphql_api.schema.enums import ProjectStatus, WorkStatus
from graphql_api.services.projects import specs as svc


@strawberry.input(name="TeamMemberInput")
class TeamMemberInput:
    name: str
    role: str
    email: str | None = None
    allocation: float | None = 1.0

    def spec(self) -> svc.MemberSpec:
        return svc.MemberSpec(
            name=self.name,
            role=self.role,
            email=self.email,
            allocation=1.0 if self.allocation is None else self.allocation,
        )


@strawberry.input(name="PhaseInput")
class PhaseInput:
    name: str
    description: str | None = None
    duration_weeks: int | None = None
    sprint_count: int | None = None

    def spec(self) -> svc.PhaseSpec:
        return svc.PhaseSpec(
            name=self.name,
            description=self.description,
            duration_weeks=self.duration_weeks,
            sprint_count=self.sprint_count,
        )


@strawberry.input(name="CreateProjectInput")
class CreateProjectInput:
    name: str
    requirements: str
    disciplines: list[str]
    constraints: list[str] | None = None
    start_date: date | None = None
    template_id: strawberry.ID | None = strawberry.field(
        default=None, description="Phases and sprints come from the template ..."
    )
    phases: list[PhaseInput] | None = strawberry.field(
        default=None, description="... or from here, or a default lifecycle for the disciplines."
    )
    team: list[TeamMemberInput] | None = None

    def spec(self) -> svc.NewProject:
        return svc.NewProject(
            name=self.name,
            requirements=self.requirements,
            disciplines=self.disciplines,
            constraints=self.constraints or (),
            start_date=self.start_date,
            template_id=str(self.template_id) if self.template_id is not None else None,
            phases=[p.spec() for p in self.phases] if self.phases is not None else None,
            team=[m.spec() for m in self.team or ()],
        )


@strawberry.input(name="UpdateProjectInput")
class UpdateProjectInput:
    expected_version: int | None = strawberry.field(
        default=None, description="When given and stale: CONFLICT, nothing written."
    )
    name: str | None = None
    requirements: str | None = None
    constraints: list[str] | None = None
    disciplines: list[str] | None = None
    status: ProjectStatus | None = None
    start_date: date | None = None
    team: list[TeamMemberInput] | None = None

    def spec(self) -> svc.ProjectChanges:
        return svc.ProjectChanges(
            expected_version=self.expected_version,
            name=self.name,
            requirements=self.requirements,
            constraints=self.constraints,
            disciplines=self.disciplines,
            status=self.status,
            start_date=self.start_date,
            team=[m.spec() for m in self.team] if self.team is not None else None,
        )


@strawberry.input(name="UpdatePhaseInput")
class UpdatePhaseInput:
    name: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    duration_weeks: int | None = None

    def spec(self) -> svc.PhaseChanges:
        return svc.PhaseChanges(
            name=self.name,
            description=self.description,
            status=self.status,
            duration_weeks=self.duration_weeks,
        )


@strawberry.input(name="UpdateSprintInput")
class UpdateSprintInput:
    name: str | None = None
    goal: str | None = None
    status: WorkStatus | None = None

    def spec(self) -> svc.SprintChanges:
        return svc.SprintChanges(name=self.name, goal=self.goal, status=self.status)


@strawberry.input(name="TaskInput")
class TaskInput:
    title: str
    description: str | None = None
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float | None = 0
    story_points: int | None = 0
    status: WorkStatus | None = WorkStatus.NOT_STARTED

    def spec(self) -> svc.TaskSpec:
        return svc.TaskSpec(
            title=self.title,
            description=self.description,
            discipline=self.discipline,
            role=self.role,
            estimate_hours=self.estimate_hours or 0.0,
            story_points=self.story_points or 0,
            status=self.status or WorkStatus.NOT_STARTED,
        )


@strawberry.input(name="UpdateTaskInput")
class UpdateTaskInput:
    title: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    estimate_hours: float | None = None
    story_points: int | None = None
    role: str | None = None
    discipline: str | None = None

    def spec(self) -> svc.TaskChanges:
        return svc.TaskChanges(
            title=self.title,
            description=self.description,
            status=self.status,
            estimate_hours=self.estimate_hours,
            story_points=self.story_points,
            role=self.role,
            discipline=self.discipline,
        )
