"""Task dependencies: cycles refused, and which tasks wait on work planned to end later.

Both walk each dependency once, so a project's 100,000 links cost linear time.
"""

from __future__ import annotations

from datetime import date

from graphql_api.services.models import Project
from graphql_api.services.schedule.plan import PlanDates


def closes_cycle(project: Project, task_id: str, depends_on: list[str]) -> bool:
    """Whether `task_id` depending on `depends_on` would make a task wait on itself."""
    links = {t.id: t.depends_on for t in project.all_tasks()}
    links[task_id] = depends_on
    seen: set[str] = set()
    stack = list(depends_on)
    while stack:
        current = stack.pop()
        if current == task_id:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(links.get(current, ()))
    return False


def conflicts(project: Project, dates: PlanDates) -> set[str]:
    """Tasks that depend on a task whose sprint ends after their own sprint ends."""
    ends: dict[str, date] = {}
    for phase in project.phases:
        for sprint, span in zip(phase.sprints, dates.sprints(phase), strict=True):
            for task in sprint.tasks:
                ends[task.id] = span.end
    return {
        t.id for t in project.all_tasks() if any(ends.get(d, ends[t.id]) > ends[t.id] for d in t.depends_on)
    }
