"""What project operations return: named results, so no caller unpacks a tuple by position."""

from __future__ import annotations

from dataclasses import dataclass

from graphql_api.services.models import AIUsage, Phase, PhaseText, Project, RiskAssessment, Sprint, Task


@dataclass(slots=True)
class ProjectView:
    """A project as read: its outline and, when loaded with it, its other parts.

    `texts`, `risk` and `usage` are None when not loaded (a page of projects): the
    GraphQL layer then fetches them for the whole page in one batch.
    """

    project: Project
    texts: dict[str, PhaseText] | None = None
    risk: RiskAssessment | None = None
    usage: AIUsage | None = None
    loaded: bool = False


@dataclass(frozen=True, slots=True)
class ProjectPage:
    items: list[ProjectView]
    next_token: str | None


@dataclass(frozen=True, slots=True)
class PhaseEdit:
    view: ProjectView
    phase: Phase


@dataclass(frozen=True, slots=True)
class SprintEdit:
    view: ProjectView
    phase: Phase
    sprint: Sprint


@dataclass(frozen=True, slots=True)
class TaskEdit:
    """A task as written; `description` is None when the edit left the description alone."""

    view: ProjectView
    phase_id: str
    task: Task
    description: str | None
