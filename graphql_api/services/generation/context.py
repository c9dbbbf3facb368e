"""The plan around an AI task, in one place, within a budget (pure: no I/O).

Every engine is asked with the same context: for a sprint, what its phase promised, the
work of every earlier sprint and of the phase's other sprints, the work this sprint
keeps, its dates and the team's capacity; for a phase, its dates, links and neighbours
and what earlier phases deliver; for a risk assessment, the schedule, the work per phase
and the register as it stands. The brief and the target are never trimmed; what is
trimmed to fit AI_CONTEXT_CHARS goes oldest and least related first, and `left_out`
says how much went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from graphql_api.ai.requests import (
    Context,
    NeighbourPhase,
    PhaseContext,
    PlanPhase,
    RegisterRisk,
    RiskContext,
    SprintContext,
    SprintWork,
    TaskLine,
    TeamRole,
)
from graphql_api.core.enums import LIVE_RISK_STATES, DependencyType
from graphql_api.services.projects.merge import is_kept
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.workload import HOURS_PER_DAY, weekdays

if TYPE_CHECKING:
    from graphql_api.services.models import Phase, PhaseText, Project, RiskAssessment, Sprint, Task

C = TypeVar("C", bound=Context)
TASKS_PER_PHASE = 40  # a risk assessment sees at most this many task titles of each phase


def _line(task: Task) -> TaskLine:
    return TaskLine(title=task.title, status=task.status.value, hours=task.estimate_hours)


def _size(context: Context) -> int:
    return len(context.model_dump_json(exclude_none=True))


def _fit(context: C, budget: int, trims: Sequence[Callable[[C], C | None]]) -> C:
    """Apply each trim (one step: None when it has nothing left) until the context fits."""
    for trim in trims:
        while _size(context) > budget:
            smaller = trim(context)
            if smaller is None:
                break
            context = smaller
    return context


def team_capacity(project: Project, days: int) -> float | None:
    """The team's hours in `days` weekdays (allocations x days x 8, as the workload); None without a team."""
    if not project.team:
        return None
    return round(sum(m.allocation for m in project.team) * days * HOURS_PER_DAY, 1)


def sprint_context(
    project: Project, texts: dict[str, PhaseText], phase: Phase, sprint: Sprint, budget: int
) -> SprintContext:
    dates = plan_dates(project)
    span = dates.sprints(phase)[phase.sprints.index(sprint)]
    content = texts.get(phase.id)
    plan = content.phase if content else None
    here = project.phases.index(phase)
    others: list[SprintWork] = []
    for index, other_phase in enumerate(project.phases[: here + 1]):
        for other in other_phase.sprints:
            if other.id == sprint.id or not other.tasks:
                continue
            earlier = index < here or other_phase.sprints.index(other) < phase.sprints.index(sprint)
            if earlier or other_phase.id == phase.id:
                work = SprintWork(
                    phase=other_phase.name, sprint=other.name, tasks=[_line(t) for t in other.tasks]
                )
                others.append(work)
    context = SprintContext(
        start=span.start,
        end=span.end,
        phase_objectives=list(plan.objectives) if plan else [],
        phase_deliverables=[d.name for d in plan.deliverables] if plan else [],
        phase_milestones=[f"{m.name} (week {m.week})" for m in plan.milestones] if plan else [],
        other_sprints=others,
        kept_tasks=[_line(t) for t in sprint.tasks if is_kept(t)],
        team=[TeamRole(role=m.role, allocation=m.allocation) for m in project.team],
        capacity_hours=team_capacity(project, weekdays(span.start, span.end)),
    )

    def drop_oldest(c: SprintContext) -> SprintContext | None:
        # Other phases' sprints go first (oldest first), then this phase's own.
        own = [i for i, w in enumerate(c.other_sprints) if w.phase == phase.name]
        rest = [i for i in range(len(c.other_sprints)) if i not in own]
        order = rest + own
        if not order:
            return None
        kept = [w for i, w in enumerate(c.other_sprints) if i != order[0]]
        return c.model_copy(update={"other_sprints": kept, "left_out": c.left_out + 1})

    return _fit(context, budget, [drop_oldest])


def _link(link_type: DependencyType, name: str, lag: int) -> str:
    kind = "finish-to-start" if link_type == DependencyType.FINISH_TO_START else "start-to-start"
    return f"{kind} on '{name}', lag {lag} days"


def phase_context(project: Project, texts: dict[str, PhaseText], phase: Phase, budget: int) -> PhaseContext:
    dates = plan_dates(project)
    names = {p.id: p.name for p in project.phases}
    here = project.phases.index(phase)

    def neighbour(other: Phase) -> NeighbourPhase:
        text = texts.get(other.id)
        span = dates.span(other)
        summary = text.phase.summary if text and text.phase else ""
        return NeighbourPhase(name=other.name, start=span.start, end=span.end, summary=summary)

    earlier = [
        f"{d.name} ({p.name})"
        for p in project.phases[:here]
        if (text := texts.get(p.id)) and text.phase
        for d in text.phase.deliverables
    ]
    scheduled = dates.phases[phase.id]
    context = PhaseContext(
        start=scheduled.start,
        end=scheduled.end,
        critical=scheduled.critical,
        depends_on=[_link(d.link, names[d.predecessor], d.lag_days) for d in dates.links[phase.id]],
        previous=neighbour(project.phases[here - 1]) if here else None,
        next=neighbour(project.phases[here + 1]) if here + 1 < len(project.phases) else None,
        earlier_deliverables=earlier,
    )

    def drop_oldest(c: PhaseContext) -> PhaseContext | None:
        if not c.earlier_deliverables:
            return None
        return c.model_copy(
            update={"earlier_deliverables": c.earlier_deliverables[1:], "left_out": c.left_out + 1}
        )

    return _fit(context, budget, [drop_oldest])


def risk_context(project: Project, latest: RiskAssessment | None, budget: int) -> RiskContext:
    dates = plan_dates(project)
    phases = []
    for phase in project.phases:
        scheduled = dates.phases[phase.id]
        titles = [t.title for s in phase.sprints for t in s.tasks]
        phases.append(
            PlanPhase(
                name=phase.name,
                start=scheduled.start,
                end=scheduled.end,
                critical=scheduled.critical,
                tasks=titles[:TASKS_PER_PHASE],
            )
        )
    register = [
        RegisterRisk(title=r.title, status=r.status.value, owner=r.owner)
        for r in (latest.risks if latest else [])
        if r.status in LIVE_RISK_STATES
    ]
    context = RiskContext(phases=phases, open_risks=register)

    def fewer_tasks(c: RiskContext) -> RiskContext | None:
        # Halve the longest task list: every phase keeps a few titles as long as it can.
        longest = max(range(len(c.phases)), key=lambda i: len(c.phases[i].tasks), default=None)
        if longest is None or not c.phases[longest].tasks:
            return None
        items = c.phases[longest].tasks
        cut = c.phases[longest].model_copy(update={"tasks": items[: len(items) // 2]})
        left = c.left_out + len(items) - len(items) // 2
        return c.model_copy(
            update={"phases": [*c.phases[:longest], cut, *c.phases[longest + 1 :]], "left_out": left}
        )

    return _fit(context, budget, [fewer_tasks])
