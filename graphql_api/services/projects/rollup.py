"""Status roll-up: a sprint's status follows its tasks, a phase's follows its sprints (pure).

The contract's rule, applied after every task change: all DONE -> DONE; else any BLOCKED
-> BLOCKED; else any IN_PROGRESS or DONE -> IN_PROGRESS; else NOT_STARTED. A sprint
without tasks keeps its status, and a phase looks only at its sprints that have tasks,
so a status set by hand (updateSprint, updatePhase) stands until the next task change.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql_api.core.enums import WorkStatus
from graphql_api.services.models import Phase, Sprint


def rolled_up(statuses: Iterable[WorkStatus]) -> WorkStatus | None:
    """The rolled-up status of some items; None when there are none."""
    found = set(statuses)
    if not found:
        return None
    if found == {WorkStatus.DONE}:
        return WorkStatus.DONE
    if WorkStatus.BLOCKED in found:
        return WorkStatus.BLOCKED
    if found & {WorkStatus.IN_PROGRESS, WorkStatus.DONE}:
        return WorkStatus.IN_PROGRESS
    return WorkStatus.NOT_STARTED


def roll_up(phase: Phase, sprint: Sprint) -> None:
    """After a task of `sprint` changed: its status, then its phase's."""
    own = rolled_up(task.status for task in sprint.tasks)
    if own is not None:
        sprint.status = own
    roll_up_phase(phase)


def roll_up_phase(phase: Phase) -> None:
    """After its sprints changed: a phase's status from those that have tasks."""
    phase_status = rolled_up(s.status for s in phase.sprints if s.tasks)
    if phase_status is not None:
        phase.status = phase_status
