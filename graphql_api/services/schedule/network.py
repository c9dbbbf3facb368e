"""The phase network: dates from dependencies, float, and the critical path (pure, no I/O).

The contract's rules: a phase lasts `days` (durationWeeks * 7) and its end is inclusive
(start + days - 1). FINISH_TO_START starts it the day after the predecessor's end plus
the lag; START_TO_START on the predecessor's start plus the lag; the latest of these
wins, never before the project's start; with no dependency it starts on the project's
start. The project ends with its latest phase. Total float is how many days a phase can
slip without moving that end (backward pass); zero float is critical.

Lags may be negative (a lead): this module takes any integer; the services bound them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from graphql_api.core.enums import DependencyType


@dataclass(frozen=True, slots=True)
class Dependency:
    predecessor: str
    link: DependencyType = DependencyType.FINISH_TO_START
    lag_days: int = 0


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    days: int  # at least 1
    dependencies: tuple[Dependency, ...] = ()


@dataclass(frozen=True, slots=True)
class Scheduled:
    start: date
    end: date  # inclusive
    total_float_days: int

    @property
    def critical(self) -> bool:
        return self.total_float_days == 0


class NetworkError(ValueError):
    """A dependency the network cannot hold: unknown, on itself, or in a cycle."""

    def __init__(self, message: str, phases: Sequence[str]) -> None:
        super().__init__(message)
        self.phases = list(phases)


def _order(activities: Sequence[Activity]) -> list[Activity]:
    """Predecessors before successors (Kahn), or NetworkError naming what cannot be ordered."""
    by_id = {a.id: a for a in activities}
    waiting = {a.id: 0 for a in activities}
    successors: dict[str, list[str]] = {a.id: [] for a in activities}
    for activity in activities:
        for dependency in activity.dependencies:
            if dependency.predecessor == activity.id:
                raise NetworkError("A phase cannot depend on itself.", [activity.id])
            if dependency.predecessor not in by_id:
                raise NetworkError("A dependency names a phase that is not in the project.", [activity.id])
            waiting[activity.id] += 1
            successors[dependency.predecessor].append(activity.id)
    ready = deque(a.id for a in activities if waiting[a.id] == 0)
    ordered: list[Activity] = []
    while ready:
        current = ready.popleft()
        ordered.append(by_id[current])
        for successor in successors[current]:
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)
    if len(ordered) < len(activities):
        stuck = [a.id for a in activities if waiting[a.id] > 0]
        raise NetworkError("The dependencies form a cycle.", stuck)
    return ordered


def schedule(project_start: date, activities: Sequence[Activity]) -> dict[str, Scheduled]:
    """Every activity's dates and total float, by id (forward pass, then backward pass)."""
    ordered = _order(activities)
    days = {a.id: a.days for a in activities}
    early_start: dict[str, int] = {}  # days after the project's start
    for activity in ordered:
        earliest = 0
        for dependency in activity.dependencies:
            before = dependency.predecessor
            if dependency.link == DependencyType.FINISH_TO_START:
                bound = early_start[before] + days[before] + dependency.lag_days
            else:
                bound = early_start[before] + dependency.lag_days
            earliest = max(earliest, bound)
        early_start[activity.id] = earliest
    finish = max((early_start[a] + days[a] - 1 for a in early_start), default=-1)
    late_start = {a.id: finish - a.days + 1 for a in activities}
    for activity in reversed(ordered):
        for dependency in activity.dependencies:
            before = dependency.predecessor
            if dependency.link == DependencyType.FINISH_TO_START:
                bound = late_start[activity.id] - dependency.lag_days - days[before]
            else:
                bound = late_start[activity.id] - dependency.lag_days
            late_start[before] = min(late_start[before], bound)
    return {
        a.id: Scheduled(
            start=project_start + timedelta(days=early_start[a.id]),
            end=project_start + timedelta(days=early_start[a.id] + a.days - 1),
            total_float_days=late_start[a.id] - early_start[a.id],
        )
        for a in activities
    }


def critical_path(scheduled: Mapping[str, Scheduled], order: Sequence[str]) -> list[str]:
    """The critical ids, by start date, then by their place in `order`."""
    place = {activity_id: index for index, activity_id in enumerate(order)}
    critical = [i for i, s in scheduled.items() if s.critical]
    return sorted(critical, key=lambda i: (scheduled[i].start, place.get(i, len(place))))


def default_chain(ids: Sequence[str]) -> dict[str, tuple[Dependency, ...]]:
    """Each phase FINISH_TO_START, lag 0, on the one before it: back to back in order."""
    chain: dict[str, tuple[Dependency, ...]] = dict.fromkeys(ids[:1], ())
    chain |= {current: (Dependency(before),) for before, current in pairwise(ids)}
    return chain
