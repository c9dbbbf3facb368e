"""Accepting chosen changes of a proposal: conflicts first, then every change in one draft (pure).

A change conflicts when its target is no longer what the proposal saw: a task edited,
moved or deleted, a sprint or phase gone, its goal or plan rewritten, a risk updated,
or an item of the same name added meanwhile. Any conflict and nothing is applied.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ChangeKind, ChangeTarget, RiskStatus
from graphql_api.core.errors import BadInputError
from graphql_api.services.jsoncase import snake_keys
from graphql_api.services.models import (
    PhaseContent,
    PhaseText,
    Risk,
    RiskAssessment,
    SprintContent,
    Task,
)
from graphql_api.services.projects.rollup import roll_up
from graphql_api.services.proposals.diff import content_view, fingerprint, goal_view, risk_view, task_print

if TYPE_CHECKING:
    from graphql_api.services.models import Project, Sprint
    from graphql_api.services.proposals.records import PlanChange, Proposal


@dataclass(slots=True)
class Plan:
    """What an accept works on: the draft's outline, the texts it loaded, the latest register."""

    project: Project
    texts: dict[str, PhaseText]
    register: RiskAssessment | None


def _sprint(project: Project, sprint_id: str | None) -> Sprint | None:
    found = project.find_sprint(sprint_id or "")
    return found[1] if found else None


def _conflicts(plan: Plan, change: PlanChange) -> bool:  # noqa: PLR0911 - one answer per kind of target
    project = plan.project
    if change.target == ChangeTarget.PHASE_CONTENT:
        phase = project.find_phase(change.phase_id or "")
        if phase is None:
            return True
        now = content_view(plan.texts[phase.id].phase)
        return (fingerprint(now) if now else None) != change.base
    if change.target == ChangeTarget.RISK:
        risks = plan.register.risks if plan.register else []
        if change.kind == ChangeKind.ADD:
            title = str((change.after or {}).get("title", "")).casefold()
            return any(r.title.casefold() == title for r in risks)
        risk = next((r for r in risks if r.id == change.risk_id), None)
        return risk is None or fingerprint(risk_view(risk)) != change.base
    sprint = _sprint(project, change.sprint_id)
    if sprint is None:
        return True
    text = plan.texts[change.phase_id or ""]
    if change.target == ChangeTarget.SPRINT_GOAL:
        return fingerprint(goal_view(sprint, text)) != change.base
    if change.kind == ChangeKind.ADD:
        title = str((change.after or {}).get("title", "")).casefold()
        return any(t.title.casefold() == title for t in sprint.tasks)
    task = next((t for t in sprint.tasks if t.id == change.task_id), None)
    if task is None:  # deleted, or moved to another sprint
        return True
    return task_print(task, text.task_descriptions.get(task.id, ""), sprint.id) != change.base


def conflicts(plan: Plan, chosen: list[PlanChange]) -> list[str]:
    return [c.id for c in chosen if _conflicts(plan, c)]


def _task_values(after: dict[str, Any]) -> dict[str, Any]:
    values = snake_keys(after)
    return {k: values.get(k) for k in ("title", "discipline", "role", "estimate_hours", "story_points")}


def _apply_task(plan: Plan, change: PlanChange, limit: int) -> None:
    sprint = _sprint(plan.project, change.sprint_id)
    assert sprint is not None  # noqa: S101 - conflicts() checked it
    text = plan.texts[change.phase_id or ""]
    if change.kind == ChangeKind.REMOVE:
        sprint.tasks = [t for t in sprint.tasks if t.id != change.task_id]
        text.task_descriptions.pop(change.task_id or "", None)
        plan.project.forget_tasks({change.task_id or ""})
        return
    after = change.after or {}
    if change.kind == ChangeKind.ADD:
        if len(sprint.tasks) >= limit:
            raise BadInputError(
                f"sprint '{sprint.name}' would hold more than {limit} tasks.", field="changeIds"
            )
        task = Task(id=str(uuid.uuid4()), generated=True, **_task_values(after))
        sprint.tasks.append(task)
        change.task_id = task.id
    else:
        task = next(t for t in sprint.tasks if t.id == change.task_id)
        for key, value in _task_values(after).items():
            setattr(task, key, value)
    text.task_descriptions[task.id] = str(after.get("description") or "")


def _apply_goal(plan: Plan, change: PlanChange) -> None:
    sprint = _sprint(plan.project, change.sprint_id)
    assert sprint is not None  # noqa: S101 - conflicts() checked it
    after = change.after or {}
    sprint.goal = str(after.get("goal", sprint.goal))
    plan.texts[change.phase_id or ""].sprints[sprint.id] = SprintContent(
        summary=str(after.get("summary", "")), definition_of_done=list(after.get("definitionOfDone", []))
    )


def _register(plan: Plan, proposal: Proposal, chosen: list[PlanChange]) -> RiskAssessment | None:
    """A new latest assessment: the register as it is, with the chosen risk changes made."""
    picked = [c for c in chosen if c.target == ChangeTarget.RISK]
    if not picked or proposal.generation is None:
        return None
    risks = [r.model_copy(deep=True) for r in (plan.register.risks if plan.register else [])]
    for change in picked:
        if change.kind == ChangeKind.REMOVE:
            risks = [r for r in risks if r.id != change.risk_id]
            continue
        values = snake_keys(change.after or {})
        values.pop("status", None)
        if change.kind == ChangeKind.ADD:
            risk = Risk.model_validate({**values, "id": str(uuid.uuid4()), "status": RiskStatus.OPEN})
            risks.append(risk)
            change.risk_id = risk.id
        else:
            risk = next(r for r in risks if r.id == change.risk_id)
            for key, value in values.items():
                setattr(risk, key, value)
    summary = proposal.risk_summary or (plan.register.summary if plan.register else "")
    return RiskAssessment(
        id=str(uuid.uuid4()),
        project_id=proposal.project_id,
        summary=summary,
        risks=risks,
        generation=proposal.generation,
        created_at=utcnow(),
    )


def apply_changes(
    plan: Plan, proposal: Proposal, chosen: list[PlanChange], limit: int
) -> RiskAssessment | None:
    """Make the chosen changes (conflicts already ruled out); returns a new register when risks changed."""
    touched: set[tuple[str, str]] = set()
    for change in chosen:
        if change.target == ChangeTarget.PHASE_CONTENT:
            after = snake_keys(change.after or {})
            plan.texts[change.phase_id or ""].phase = PhaseContent.model_validate(after)
            phase = plan.project.find_phase(change.phase_id or "")
            if phase is not None and proposal.generation is not None:
                phase.generation = proposal.generation
        elif change.target == ChangeTarget.SPRINT_GOAL:
            _apply_goal(plan, change)
        elif change.target == ChangeTarget.TASK:
            _apply_task(plan, change, limit)
        if change.sprint_id and change.phase_id:
            touched.add((change.phase_id, change.sprint_id))
    for phase_id, sprint_id in touched:
        phase = plan.project.find_phase(phase_id)
        sprint = _sprint(plan.project, sprint_id)
        if phase is not None and sprint is not None:
            if proposal.generation is not None:
                sprint.generation = proposal.generation
            roll_up(phase, sprint)
    return _register(plan, proposal, chosen)
