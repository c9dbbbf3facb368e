"""What callers ask of projects: creation specs and change sets (None means 'leave as is')."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graphql_api.core.enums import ProjectStatus, WorkStatus
from graphql_api.services.models import SprintContent


@dataclass(frozen=True, slots=True)
class MemberSpec:
    name: str
    role: str
    email: str | None = None
    allocation: float = 1.0


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    name: str
    description: str | None = None
    duration_weeks: int | None = None
    sprint_count: int | None = None


@dataclass(frozen=True, slots=True)
class NewProject:
    name: str
    requirements: str
    disciplines: Sequence[str]
    constraints: Sequence[str] = ()
    start_date: date | None = None
    template_id: str | None = None
    phases: Sequence[PhaseSpec] | None = None
    team: Sequence[MemberSpec] = ()


@dataclass(frozen=True, slots=True)
class ProjectChanges:
    expected_version: int | None = None
    name: str | None = None
    requirements: str | None = None
    constraints: Sequence[str] | None = None
    disciplines: Sequence[str] | None = None
    status: ProjectStatus | None = None
    start_date: date | None = None
    team: Sequence[MemberSpec] | None = None


@dataclass(frozen=True, slots=True)
class PhaseChanges:
    name: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    duration_weeks: int | None = None


@dataclass(frozen=True, slots=True)
class SprintChanges:
    name: str | None = None
    goal: str | None = None
    status: WorkStatus | None = None


@dataclass(frozen=True, slots=True)
class TaskSpec:
    """A task to add: by a user (any status) or by an AI engine (always NOT_STARTED)."""

    title: str
    description: str | None = None
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float = 0.0
    story_points: int = 0
    status: WorkStatus = WorkStatus.NOT_STARTED


@dataclass(frozen=True, slots=True)
class TaskChanges:
    title: str | None = None
    description: str | None = None
    status: WorkStatus | None = None
    estimate_hours: float | None = None
    story_points: int | None = None
    role: str | None = None
    discipline: str | None = None


@dataclass(frozen=True, slots=True)
class GeneratedSprint:
    """A sprint plan as an AI engine wrote it, ready to merge into the outline."""

    goal: str
    content: SprintContent
    tasks: Sequence[TaskSpec]
