"""What a generation result would change, item by item (pure: no I/O).

The rules of regeneration hold here too: a planned task whose title matches an existing
task of the sprint (case-insensitive) is that task, updated; started, finished,
hand-made and assigned work is never proposed for removal; an item the result leaves
as it is makes no change.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from graphql_api.core.enums import LIVE_RISK_STATES, ChangeKind, ChangeTarget
from graphql_api.services.jsoncase import camel_keys
from graphql_api.services.projects.merge import is_kept, match_titles
from graphql_api.services.proposals.records import PlanChange

if TYPE_CHECKING:
    from graphql_api.services.models import (
        Phase,
        PhaseContent,
        PhaseText,
        Risk,
        RiskAssessment,
        Sprint,
        Task,
    )
    from graphql_api.services.projects.specs import GeneratedSprint, TaskSpec

TASK_FIELDS = ("title", "description", "discipline", "role", "estimate_hours", "story_points")
RISK_FIELDS = (
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "mitigation",
    "contingency",
    "trigger",
    "owner",
    "phase_id",
)


def fingerprint(state: object) -> str:
    """A short digest of a target's state: equal states, equal prints."""
    text = json.dumps(state, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def task_view(task: Task, description: str) -> dict[str, Any]:
    shown = {f: getattr(task, f) for f in TASK_FIELDS if f != "description"}
    return dict(camel_keys({**shown, "description": description, "status": task.status.value}))


def task_print(task: Task, description: str, sprint_id: str) -> str:
    """The task as the team left it: its view, where it is, who has it and what was logged."""
    where = {"sprint": sprint_id, "assignee": task.assignee_id, "actual": task.actual_hours}
    return fingerprint({**task_view(task, description), **where, "done": str(task.completed_at)})


def spec_view(spec: TaskSpec) -> dict[str, Any]:
    values = {f: getattr(spec, f) for f in TASK_FIELDS}
    values["description"] = values["description"] or ""
    values["estimate_hours"] = values["estimate_hours"] or 0.0
    values["story_points"] = values["story_points"] or 0
    return dict(camel_keys(values))


def goal_view(sprint: Sprint, text: PhaseText | None) -> dict[str, Any]:
    content = text.sprints.get(sprint.id) if text else None
    return {
        "goal": sprint.goal,
        "summary": content.summary if content else "",
        "definitionOfDone": list(content.definition_of_done) if content else [],
    }


def content_view(content: PhaseContent | None) -> dict[str, Any] | None:
    return dict(camel_keys(content.model_dump(mode="json"))) if content else None


def risk_view(risk: Risk) -> dict[str, Any]:
    return dict(camel_keys({f: getattr(risk, f) for f in RISK_FIELDS} | {"status": risk.status.value}))


class _Changes(list[PlanChange]):
    """One proposal's changes, numbered as they come (c1, c2, ...: stable within it).

    `where` (phase_id, sprint_id) is what every change of the list points at.
    """

    def __init__(self, **where: str) -> None:
        super().__init__()
        self._where = where

    def add(
        self,
        kind: ChangeKind,
        target: ChangeTarget,
        summary: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        base: str | None = None,
        **refs: str,
    ) -> None:
        fields: dict[str, Any] = {**self._where, **refs, "before": before, "after": after, "base": base}
        self.append(PlanChange(id=f"c{len(self) + 1}", kind=kind, target=target, summary=summary, **fields))

    def update(
        self,
        target: ChangeTarget,
        what: str,
        before: dict[str, Any],
        after: dict[str, Any],
        base: str,
        **refs: str,
    ) -> None:
        """An UPDATE of `what` where the result differs from `before`; the status stays the team's."""
        if changed := _differences(before, after):
            summary = f"Update {what} ({_said(changed, before, after)})"
            after = {**after, "status": before["status"]}
            self.add(ChangeKind.UPDATE, target, summary, before=before, after=after, base=base, **refs)


def _differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [k for k in after if k != "status" and before.get(k) != after[k]]


def _said(changed: list[str], before: dict[str, Any], after: dict[str, Any]) -> str:
    parts = []
    for key in changed:
        if key in {"estimateHours", "likelihood", "impact", "storyPoints"}:
            parts.append(f"{key} {before.get(key)} -> {after[key]}")
        else:
            parts.append(key)
    return ", ".join(parts)


def sprint_changes(
    phase: Phase, sprint: Sprint, text: PhaseText | None, plan: GeneratedSprint
) -> list[PlanChange]:
    """The sprint's goal and tasks as the plan would leave them."""
    descriptions = text.task_descriptions if text else {}
    changes = _Changes(phase_id=phase.id, sprint_id=sprint.id)
    before_goal, after_goal = (
        goal_view(sprint, text),
        {
            "goal": plan.goal,
            "summary": plan.content.summary,
            "definitionOfDone": list(plan.content.definition_of_done),
        },
    )
    if before_goal != after_goal:
        changes.add(
            ChangeKind.UPDATE,
            ChangeTarget.SPRINT_GOAL,
            f"Set the goal of '{sprint.name}': '{plan.goal}'",
            before=before_goal,
            after=after_goal,
            base=fingerprint(before_goal),
        )
    matched: set[str] = set()
    previously = match_titles(sprint.tasks, [spec.title for spec in plan.tasks])
    for spec, previous in zip(plan.tasks, previously, strict=True):
        after = spec_view(spec)
        if previous is None:
            summary = f"Add task '{spec.title}' ({after['estimateHours']:g} h)"
            changes.add(ChangeKind.ADD, ChangeTarget.TASK, summary, after=after)
            continue
        matched.add(previous.id)
        description = descriptions.get(previous.id, "")
        before = task_view(previous, description)
        base = task_print(previous, description, sprint.id)
        changes.update(
            ChangeTarget.TASK, f"task '{previous.title}'", before, after, base, task_id=previous.id
        )
    for task in sprint.tasks:
        if task.id in matched or is_kept(task):
            continue  # started, finished, hand-made or assigned work is never proposed for removal
        description = descriptions.get(task.id, "")
        changes.add(
            ChangeKind.REMOVE,
            ChangeTarget.TASK,
            f"Remove task '{task.title}' ({task.estimate_hours:g} h, not started)",
            before=task_view(task, description),
            base=task_print(task, description, sprint.id),
            task_id=task.id,
        )
    return changes


def phase_changes(phase: Phase, text: PhaseText | None, content: PhaseContent) -> list[PlanChange]:
    before, after = content_view(text.phase if text else None), content_view(content)
    if before == after:
        return []
    kind = ChangeKind.ADD if before is None else ChangeKind.UPDATE
    verb = "Write" if before is None else "Rewrite"
    summary = (
        f"{verb} the plan of phase '{phase.name}' ({len(content.deliverables)} deliverables, "
        f"{len(content.milestones)} milestones)"
    )
    changes = _Changes()
    base = fingerprint(before) if before else None
    changes.add(
        kind, ChangeTarget.PHASE_CONTENT, summary, before=before, after=after, base=base, phase_id=phase.id
    )
    return changes


def risk_changes(latest: RiskAssessment | None, new: RiskAssessment) -> list[PlanChange]:
    """The register as the new assessment would leave it: closed and occurred risks stay as they are.

    A risk still on the register is the one whose id the new assessment carried over
    (`briefs.risk_assessment` matched it); every other new risk is an addition.
    """
    known = {r.id: r for r in (latest.risks if latest else [])}
    changes = _Changes()
    seen: set[str] = set()
    for risk in new.risks:
        after = risk_view(risk)
        previous = known.get(risk.id)
        if previous is None:
            summary = f"Add risk '{risk.title}' ({risk.level.value}, score {risk.score})"
            changes.add(ChangeKind.ADD, ChangeTarget.RISK, summary, after=after)
            continue
        seen.add(previous.id)
        before = risk_view(previous)
        changes.update(
            ChangeTarget.RISK,
            f"risk '{previous.title}'",
            before,
            after,
            fingerprint(before),
            risk_id=previous.id,
        )
    for risk in latest.risks if latest else []:
        if risk.id not in seen and risk.status in LIVE_RISK_STATES:
            before = risk_view(risk)
            changes.add(
                ChangeKind.REMOVE,
                ChangeTarget.RISK,
                f"Remove risk '{risk.title}' from the register (no longer assessed)",
                before=before,
                base=fingerprint(before),
                risk_id=risk.id,
            )
    return changes
