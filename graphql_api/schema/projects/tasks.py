"""Task: a task as the API shows it, its description loaded lazily with its phase's text."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from datetime import datetime
from typing import Any, cast

import strawberry

from graphql_api.core.enums import (
    WorkStatus,
)
from graphql_api.schema.members.types import ProjectMemberType
from graphql_api.schema.projects.loaders import ProjectPartByKeyLoader
from graphql_api.services import models


async def phase_text(
    loader: ProjectPartByKeyLoader, project_id: str, phase_id: str, preloaded: models.PhaseText | None = None
) -> models.PhaseText:
    """A phase's text: the one already loaded, else through the batch loader."""
    if preloaded is not None:
        return preloaded
    return await loader.phase_text(project_id, phase_id)


@strawberry.type(name="Task")
class TaskType:
    id: strawberry.ID
    title: str
    discipline: str | None
    role: str | None
    estimate_hours: float
    story_points: int
    status: WorkStatus
    completed_at: datetime | None = strawberry.field(
        description="Set when status becomes DONE (or to completedOn at 00:00Z), cleared when it leaves DONE."
    )
    actual_hours: float = strawberry.field(description="Hours logged against the task; 0 by default.")
    depends_on: list[strawberry.ID] = strawberry.field(
        description="Ids of tasks of the same project that must finish first."
    )
    schedule_conflict: bool = strawberry.field(
        description="True when a task it depends on sits in a sprint that ends after this task's sprint ends."
    )
    assignee_id: strawberry.ID | None = strawberry.field(
        description="A member's userId; cleared when that member leaves."
    )
    assignee: ProjectMemberType | None
    # A plain field, not a resolver: known text is a str; unknown text is an awaitable
    # that graphql-core awaits only when the field is selected. Hundreds of tasks then
    # cost no coroutine each (an async resolver per task was a third of a request).
    description: str

    @classmethod
    def from_domain(
        cls,
        task: models.Task,
        project_id: str,
        phase_id: str,
        text: models.PhaseText | None,
        description: str | None = None,
        loader: ProjectPartByKeyLoader | None = None,
        *,
        conflicts: set[str],
        members: Mapping[str, ProjectMemberType],
    ) -> TaskType:
        known: str | PendingDescription
        if description is not None:
            known = description
        elif text is not None:
            known = text.task_descriptions.get(task.id, "")
        else:
            known = PendingDescription(loader, project_id, phase_id, task.id)
        return cls(
            id=strawberry.ID(task.id),
            title=task.title,
            discipline=task.discipline,
            role=task.role,
            estimate_hours=task.estimate_hours,
            story_points=task.story_points,
            status=task.status,
            completed_at=task.completed_at,
            actual_hours=task.actual_hours,
            depends_on=[strawberry.ID(i) for i in task.depends_on],
            schedule_conflict=task.id in conflicts,
            assignee_id=strawberry.ID(task.assignee_id) if task.assignee_id else None,
            assignee=members.get(task.assignee_id) if task.assignee_id else None,
            description=cast("str", known),
        )


class PendingDescription:
    """A task description still in its content item: loaded (batched) when awaited."""

    __slots__ = ("_loader", "_phase_id", "_project_id", "_task_id")

    def __init__(
        self, loader: ProjectPartByKeyLoader | None, project_id: str, phase_id: str, task_id: str
    ) -> None:
        self._loader, self._project_id, self._phase_id, self._task_id = loader, project_id, phase_id, task_id

    def __await__(self) -> Generator[Any, None, str]:
        return self._resolve().__await__()

    async def _resolve(self) -> str:
        if self._loader is None:
            return ""
        text = await phase_text(self._loader, self._project_id, self._phase_id)
        return text.task_descriptions.get(self._task_id, "")
