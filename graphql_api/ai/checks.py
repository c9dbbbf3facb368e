"""The plan's checks on every AI answer, and the fixes made without the engine (pure: no I/O).

The same for every engine: a task that repeats work planned elsewhere in the project or
earlier in the same answer (titles compared without case or extra spaces), a sprint that
plans more than 1.25 x the team's capacity, a task for a role the team does not have,
a risk in a phase the plan does not have. Problems are sentences a model can act on;
fixes are sentences a person reads (GenerationInfo.fixes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from graphql_api.ai.outputs import RiskDraft, SprintPlan, TaskOut
    from graphql_api.ai.requests import SprintContext

LISTED = 12  # names quoted in one problem line; the rest are counted
OVERFILL = 1.25  # a sprint may plan this much of the team's capacity before it fails the checks


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _quoted(names: Sequence[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def _closest(name: str, choices: Sequence[str]) -> str | None:
    """The choice sharing most words with `name` (ties: the first); None when none shares one."""
    words = set(normal(name).split())
    scored = [(len(words & set(normal(c).split())), -i, c) for i, c in enumerate(choices)]
    best = max(scored, default=None)
    return best[2] if best and best[0] > 0 else None


def _elsewhere(context: SprintContext) -> dict[str, str]:
    return {normal(t.title): f"'{w.sprint}' of '{w.phase}'" for w in context.other_sprints for t in w.tasks}


def _hours(tasks: Sequence[TaskOut], context: SprintContext) -> float:
    """The sprint's hours after the merge: the answer's tasks and the kept work it does not name."""
    named = {normal(t.title) for t in tasks}
    kept = sum(t.hours for t in context.kept_tasks if normal(t.title) not in named)
    return round(sum(t.estimate_hours for t in tasks) + kept, 1)


def repeats(tasks: Sequence[TaskOut], context: SprintContext) -> list[tuple[TaskOut, str | None]]:
    """Each task with where it was planned before: earlier in the answer (""), elsewhere, or None."""
    elsewhere, seen, found = _elsewhere(context), set[str](), []
    for task in tasks:
        key = normal(task.title)
        found.append((task, "" if key in seen else elsewhere.get(key)))
        seen.add(key)
    return found


def sprint_problems(plan: SprintPlan, context: SprintContext | None) -> list[str]:
    if context is None:
        return []
    problems = []
    found = repeats(plan.tasks, context)
    twice = [f"'{task.title}'" for task, where in found if where == ""]
    repeated = [f"'{task.title}' (already in {where})" for task, where in found if where]
    if repeated:
        problems.append(
            "These tasks repeat work already planned elsewhere in the project: "
            f"{_quoted(repeated)}. Plan the work this sprint still needs instead."
        )
    if twice:
        problems.append(f"These tasks appear more than once in your answer: {_quoted(twice)}.")
    capacity = context.capacity_hours
    if capacity is not None and (hours := _hours(plan.tasks, context)) > OVERFILL * capacity:
        problems.append(
            f"The sprint holds {hours:g} h of work (the kept tasks included), more than "
            f"{OVERFILL:g} x the team's capacity of {capacity:g} h. Plan at most {capacity:g} h."
        )
    if context.team:
        roles = {normal(r.role) for r in context.team}
        outside = [f"'{t.role}' ('{t.title}')" for t in plan.tasks if t.role and normal(t.role) not in roles]
        if outside:
            problems.append(
                f"These roles are not on the team: {_quoted(outside)}. "
                f"Use the team's roles: {_quoted([r.role for r in context.team])}."
            )
    return problems


def fix_sprint(plan: SprintPlan, context: SprintContext | None) -> tuple[SprintPlan, list[str]]:
    """Drop repeats, give unknown roles to the closest team role, drop the last work beyond capacity."""
    if context is None:
        return plan, []
    fixes: list[str] = []
    tasks: list[TaskOut] = []
    for task, where in repeats(plan.tasks, context):
        if where == "":
            fixes.append(f"Dropped '{task.title}': it appeared twice in the answer.")
        elif where:
            fixes.append(f"Dropped '{task.title}': already planned in {where}.")
        else:
            tasks.append(task)
    if context.team:
        team = [r.role for r in context.team]
        roles = {normal(r) for r in team}
        for index, task in enumerate(tasks):
            if task.role and normal(task.role) not in roles:
                given = _closest(task.role, team) or team[0]
                fixes.append(f"'{task.title}': role '{task.role}' is not on the team; given to '{given}'.")
                tasks[index] = task.model_copy(update={"role": given})
    capacity = context.capacity_hours
    if capacity is not None:
        while tasks and _hours(tasks, context) > capacity:
            dropped = tasks.pop()  # the answer lists its most important work first
            fixes.append(
                f"Dropped '{dropped.title}' ({dropped.estimate_hours:g} h): "
                f"beyond the team's capacity of {capacity:g} h."
            )
    return plan.model_copy(update={"tasks": tasks}), fixes


def risk_problems(draft: RiskDraft, phases: Sequence[str]) -> list[str]:
    known = {normal(p) for p in phases}
    unknown = [f"'{r.title}' ('{r.phase}')" for r in draft.risks if r.phase and normal(r.phase) not in known]
    if not unknown:
        return []
    names = [f"'{p}'" for p in phases]
    problem = (
        f"These risks name phases that are not in the plan: {_quoted(unknown)}. "
        f"The plan's phases are: {_quoted(names)}."
    )
    return [problem]


def fix_risks(draft: RiskDraft, phases: Sequence[str]) -> tuple[RiskDraft, list[str]]:
    known = {normal(p) for p in phases}
    fixes, risks = [], []
    for risk in draft.risks:
        if risk.phase and normal(risk.phase) not in known:
            closest = _closest(risk.phase, phases)
            where = f"moved to '{closest}'" if closest else "kept without a phase"
            fixes.append(f"'{risk.title}': phase '{risk.phase}' is not in the plan; {where}.")
            risk = risk.model_copy(update={"phase": closest})  # noqa: PLW2901 - the fixed copy replaces it
        risks.append(risk)
    return draft.model_copy(update={"risks": risks}), fixes
