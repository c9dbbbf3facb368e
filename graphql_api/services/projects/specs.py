"""What callers ask of projects: creation specs and change sets (None means 'leave as is').

The GraphQL inputs are derived from these models (their optional fields and defaults
are the contract's), so an input's fields are declared once, here.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from graphql_api.core.enums import DependencyType, ProjectStatus, RiskStatus, WorkStatus
from graphql_api.services.models import SprintContent


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class MemberSpec(Spec):
    name: str
    role: str
    email: str | None = None
    allocation: float | None = Field(default=1.0, description="0..1 of a full-time person; null counts as 1.")


class PhaseSpec(Spec):
    name: str
    description: str | None = None
    duration_weeks: int | None = Field(default=None, description="1..104; null counts as 4.")
    sprint_count: int | None = Field(default=None, description="Null counts as 2.")


class NewProject(Spec):
    name: str
    requirements: str
    disciplines: list[str]
    constraints: list[str] | None = None
    start_date: date | None = Field(default=None, description="Default: today (UTC).")
    template_id: str | None = Field(default=None, description="Phases and sprints come from the template ...")
    phases: list[PhaseSpec] | None = Field(
        default=None, description="... or from here, or a default lifecycle for the disciplines."
    )
    team: list[MemberSpec] | None = None


class ProjectChanges(Spec):
    expected_version: int | None = Field(
        default=None, description="When given and stale: CONFLICT, nothing written."
    )
    name: str | None = None
    requirements: str | None = None
    constraints: list[str] | None = None
    disciplines: list[str] | None = None
    status: ProjectStatus | None = None
    start_date: date | None = None
    team: list[MemberSpec] | None = None


class PhaseChanges(Spec):
    name: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    duration_weeks: int | None = None


class SprintChanges(Spec):
    name: str | None = None
    goal: str | None = None
    status: WorkStatus | None = None


class SprintSpec(Spec):
    name: str
    goal: str | None = None


class TaskSpec(Spec):
    """A task to add: by a user (any status) or by an AI engine (always NOT_STARTED)."""

    title: str
    description: str | None = None
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float | None = 0.0
    story_points: int | None = 0
    status: WorkStatus | None = WorkStatus.NOT_STARTED
    actual_hours: float | None = Field(default=0.0, description="Hours logged (0..LIMIT_ACTUAL_HOURS_MAX).")
    assignee_id: str | None = Field(default=None, description="A member's userId (else BAD_USER_INPUT).")


class TaskChanges(Spec):
    title: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    estimate_hours: float | None = None
    story_points: int | None = None
    role: str | None = None
    discipline: str | None = None
    actual_hours: float | None = Field(default=None, description="Hours logged (0..LIMIT_ACTUAL_HOURS_MAX).")
    assignee_id: str | None = Field(
        default=None, description="A member's userId (else BAD_USER_INPUT); an empty string unassigns."
    )
    completed_on: date | None = Field(
        default=None,
        description="Back-dates the completion of a task that is or becomes DONE; "
        "not in the future, not before the project's startDate.",
    )


class PhaseLinkSpec(Spec):
    phase_id: str
    type: DependencyType | None = DependencyType.FINISH_TO_START
    lag_days: int | None = Field(
        default=0, description="Days; negative is a lead (LIMIT_LAG_DAYS_MAX either way)."
    )


class RiskChanges(Spec):
    status: RiskStatus | None = None
    owner: str | None = None
    mitigation: str | None = None
    contingency: str | None = None
    likelihood: int | None = Field(default=None, description="1..5; the score and level follow.")
    impact: int | None = Field(default=None, description="1..5; the score and level follow.")


class GeneratedSprint(Spec):
    """A sprint plan as an AI engine wrote it, ready to merge into the outline."""

    goal: str
    content: SprintContent
    tasks: list[TaskSpec]
