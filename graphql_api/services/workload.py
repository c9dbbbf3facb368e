"""Who holds how much work in which sprint, against what they can do (pure).

The contract's figures: assignedHours sums estimateHours of the member's tasks in the
sprint, whatever their status; capacityHours is the sprint's weekdays (Mon-Fri) x 8 h
x the member's allocation. One row per (member, sprint) where the member has tasks,
in plan order, members in the order they joined.
"""

from __future__ import annotations

from datetime import date, timedelta

from graphql_api.services.models import Project, Record
from graphql_api.services.schedule.plan import PlanDates

HOURS_PER_DAY = 8


class MemberWorkload(Record):
    user_id: str
    name: str
    sprint_id: str
    assigned_hours: float
    capacity_hours: float
    over_allocated: bool


def weekdays(start: date, end: date) -> int:
    """Mon-Fri days from start to end, both included."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full, rest = divmod(days, 7)
    extra = sum(1 for n in range(rest) if (start + timedelta(days=n)).weekday() < 5)  # noqa: PLR2004 - Sat=5
    return full * 5 + extra


def workload(project: Project, dates: PlanDates) -> list[MemberWorkload]:
    rows: list[MemberWorkload] = []
    for phase in project.phases:
        for sprint, span in zip(phase.sprints, dates.sprints(phase), strict=True):
            hours: dict[str, float] = {}
            for task in sprint.tasks:
                if task.assignee_id:
                    hours[task.assignee_id] = hours.get(task.assignee_id, 0.0) + task.estimate_hours
            for member in project.members:
                if member.user_id not in hours:
                    continue
                assigned = round(hours[member.user_id], 2)
                capacity = round(weekdays(span.start, span.end) * HOURS_PER_DAY * member.allocation, 2)
                rows.append(
                    MemberWorkload(
                        user_id=member.user_id,
                        name=member.name,
                        sprint_id=sprint.id,
                        assigned_hours=assigned,
                        capacity_hours=capacity,
                        over_allocated=assigned > capacity,
                    )
                )
    return rows
