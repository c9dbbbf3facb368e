"""Merging a regenerated sprint plan into the tasks a sprint already has (pure, no I/O).

Regeneration must never lose what people did: started work, finished work and tasks
added by hand always stay. Only AI-written tasks that nobody has started are replaced.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graphql_api.core.enums import WorkStatus
from graphql_api.services.models import Task
from graphql_api.services.projects.specs import TaskSpec


@dataclass(frozen=True, slots=True)
class SprintMerge:
    tasks: list[Task]  # the sprint's tasks after the merge, in order
    descriptions: dict[str, str]  # the new plan's descriptions, by task id
    removed: list[str]  # ids of tasks that left the sprint


def _started(task: Task) -> bool:
    """Work has begun once the task left NOT_STARTED or hours were logged against it."""
    return task.status != WorkStatus.NOT_STARTED or task.actual_hours > 0


def _claimed(task: Task) -> bool:
    """Begun, or given to someone: a regeneration must not take it away."""
    return _started(task) or task.assignee_id is not None


def is_kept(task: Task) -> bool:
    """Hand-made, started or assigned work survives any regeneration."""
    return not task.generated or _claimed(task)


def match_titles(existing: Sequence[Task], titles: Sequence[str]) -> list[Task | None]:
    """For each planned title, the existing task it names (case-insensitive); each task at most once."""
    by_title: defaultdict[str, deque[Task]] = defaultdict(deque)
    for task in existing:
        by_title[task.title.casefold()].append(task)
    found: list[Task | None] = []
    for title in titles:
        queue = by_title.get(title.casefold())
        found.append(queue.popleft() if queue else None)
    return found


def merge_sprint_tasks(
    existing: Sequence[Task], plan: Sequence[TaskSpec], limit: int, new_id: Callable[[], str]
) -> SprintMerge:
    """The new plan's tasks, then the existing tasks it does not name that must stay.

    A planned task whose title matches an existing one (case-insensitive) takes that
    task's id, assignee and dependencies, and its status, completedAt and actualHours
    once work on it began; each
    existing task is matched at most once, so two tasks of one title stay two tasks.
    When the sprint would exceed `limit`, unstarted new tasks give way (last first);
    kept work is never cut.
    """
    planned: list[tuple[Task, bool]] = []  # (task, must stay)
    descriptions: dict[str, str] = {}
    for spec, previous in zip(plan, match_titles(existing, [s.title for s in plan]), strict=True):
        task = Task(
            id=previous.id if previous else new_id(),
            title=spec.title,
            discipline=spec.discipline,
            role=spec.role,
            estimate_hours=spec.estimate_hours or 0.0,
            story_points=spec.story_points or 0,
            generated=True,
        )
        if previous is not None:  # who does it and what it waits on are the team's, not the plan's
            task.assignee_id, task.depends_on = previous.assignee_id, list(previous.depends_on)
            if _started(previous):
                task.status, task.completed_at = previous.status, previous.completed_at
                task.actual_hours = previous.actual_hours
        descriptions[task.id] = spec.description or ""
        planned.append((task, previous is not None and _claimed(previous)))
    matched = {task.id for task, _ in planned}
    kept = [task for task in existing if task.id not in matched and is_kept(task)]
    room = max(0, limit - len(kept) - sum(1 for _, stays in planned if stays))
    merged: list[Task] = []
    for task, stays in planned:
        if stays:
            merged.append(task)
        elif room > 0:
            merged.append(task)
            room -= 1
    merged += kept
    present = {task.id for task in merged}
    for task_id in [i for i in descriptions if i not in present]:
        del descriptions[task_id]
    removed = [task.id for task in existing if task.id not in present]
    return SprintMerge(merged, descriptions, removed)
