"""The offline planner: deterministic plans from discipline knowledge, no network.

It is what a newcomer gets with no cloud account and what answers when every remote
engine is out, so its plans must read as the project's own disciplines and name the
project's requirements and constraints, never generic filler.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TypeVar

from graphql_api import catalogue
from graphql_api.ai.breakdown import scope_tasks, sprint_items
from graphql_api.ai.checks import fix_sprint, normal, repeats
from graphql_api.ai.knowledge import disciplines, stage_of, work_for
from graphql_api.ai.outputs import (
    DeliverableOut,
    DynamicRoleOut,
    MilestoneOut,
    PhasePlan,
    RiskDraft,
    RiskOut,
    RoleNeedOut,
    SprintPlan,
    TaskOut,
    TemplateDraft,
    TemplatePhaseOut,
)
from graphql_api.ai.requests import PhaseRequest, RiskRequest, SprintRequest, TemplateRequest
from graphql_api.ai.scope import Kind, kind_of, read_scope
from graphql_api.catalogue import Discipline, RiskEntry, Stage

T = TypeVar("T")
MIN_WEEKS_FOR_CHECKPOINT = 4


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary (never mid-word), with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or text[: limit - 1]) + "…"


def _first_sentence(text: str, limit: int = 160) -> str:
    return shorten(text.strip().split(". ")[0].strip().rstrip("."), limit)


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if len(w) > 2}  # noqa: PLR2004


def team_role(d: Discipline, team_roles: Sequence[str]) -> str:
    """The user's own role for a discipline's work when their team has one, else the catalogue's lead.

    A team role matches when it names the discipline or shares a word with its lead role
    ("Structural engineer (bridges)" takes structural work).
    """
    wanted = _words(d.name) | (_words(d.lead_role) - {"lead", "engineer", "manager", "senior"})
    return next((role for role in team_roles if _words(role) & wanted), d.lead_role)


def _rotate(items: Sequence[T], offset: int) -> list[T]:
    if not items:
        return []
    k = offset % len(items)
    return list(items[k:]) + list(items[:k])


SCOPE_DELIVERABLES = {
    Stage.DEFINE: ("requirements and survey", "Confirmed requirements and existing conditions for {}"),
    Stage.DESIGN: ("design package", "Reviewed design, drawings and calculations for {}"),
    Stage.BUILD: ("delivered and inspected", "{} delivered, installed or implemented, and inspected"),
    Stage.VERIFY: ("test and handover records", "Test results, certificates and handover records for {}"),
}
SCOPE_IN_PHASE = 6  # scope items a phase plan names as deliverables


def phase_plan(request: PhaseRequest) -> PhasePlan:
    kind = project_kind(request)
    known = disciplines(request.project.disciplines, kind)
    stage = stage_of(request.phase_name, request.phase_index, request.phase_count, request.phase_description)
    brief = _first_sentence(request.project.requirements)
    weeks = max(1, request.duration_weeks)
    items = read_scope(request.project.requirements)
    label, what = SCOPE_DELIVERABLES[stage]
    deliverables = [
        DeliverableOut(name=f"{item.text}: {label}"[:200], description=what.format(item.text)[:4000] + ".")
        for item in items[:SCOPE_IN_PHASE]
    ]
    deliverables += [
        DeliverableOut(
            name=item.name, description=f"{item.description} for {request.project.name}.", discipline=d.name
        )
        for d in known
        for item in _rotate(d.deliverables, request.phase_index - 1)[:1]
    ]
    constraints = request.project.constraints
    objectives = [f"Complete the {request.phase_name.lower()} work for: {brief}."]
    if items:
        named = ", ".join(i.name for i in items[:SCOPE_IN_PHASE])
        objectives.append(f"Take {named} through {stage.value} ({label}).")
    objectives += [
        f"Deliver the {d.name} scope led by the {team_role(d, request.project.team_roles).lower()}."
        for d in known
    ]
    objectives += [f"Respect the constraint: {c.rstrip('.')}." for c in constraints]
    if request.instructions:
        objectives.append(f"As asked for this plan: {shorten(request.instructions, 200).rstrip('.')}.")
    milestones = [
        MilestoneOut(name=f"{request.phase_name} kick-off", week=1, criteria="Scope, team and plan agreed"),
        MilestoneOut(
            name=f"{request.phase_name} review",
            week=weeks,
            criteria="; ".join(a for d in known for a in d.acceptance[:1]),
        ),
    ]
    if weeks >= MIN_WEEKS_FOR_CHECKPOINT:
        milestones.insert(
            1,
            MilestoneOut(
                name="Mid-phase checkpoint", week=weeks // 2, criteria="Progress and risks reviewed"
            ),
        )
    risks = [f"{r.title}: {r.mitigation}" for d in known for r in d.risks[:1]]
    risks += [f"Constraint at risk: {c}" for c in constraints]
    summary = (
        f"{request.phase_name} (phase {request.phase_index} of {request.phase_count}, {weeks} weeks) "
        f"for {request.project.name}: {brief}. "
        f"Disciplines: {', '.join(d.name for d in known)}."
    )
    if request.phase_description:
        summary += f" {request.phase_description.strip()}"
    return PhasePlan(
        summary=summary,
        objectives=objectives,
        deliverables=deliverables,
        milestones=milestones,
        roles=[
            RoleNeedOut(
                role=team_role(d, request.project.team_roles), discipline=d.name, count=1, allocation=1.0
            )
            for d in known
        ],
        acceptance_criteria=[a for d in known for a in d.acceptance],
        risks=risks,
    )


SIZE_WORDS = {  # words in the requirements that say how big the job is, and what they do to estimates
    "large": 1.5, "major": 1.5, "complex": 1.5, "multi-site": 1.5, "national": 1.5, "million": 1.5,
    "small": 0.75, "simple": 0.75, "minor": 0.75, "pilot": 0.75, "prototype": 0.75,
}  # fmt: skip


def size_factor(requirements: str) -> tuple[float, str]:
    """How much bigger or smaller than typical the brief reads, and the word that says so."""
    words = _words(requirements) | {w for w in SIZE_WORDS if "-" in w and w in requirements.casefold()}
    found = sorted((SIZE_WORDS[w], w) for w in words if w in SIZE_WORDS)
    if not found:
        return 1.0, ""
    factor, word = found[-1] if found[-1][0] > 1 else found[0]
    return factor, word


def project_kind(request: SprintRequest | PhaseRequest | RiskRequest) -> Kind:
    brief = request.project
    return kind_of(f"{brief.name}. {brief.requirements} {' '.join(brief.constraints)}")


def _catalogue_tasks(request: SprintRequest, known: Sequence[Discipline], stage: Stage, taken: set[str],
                     factor: float, word: str) -> list[TaskOut]:  # fmt: skip
    """Each discipline's practice and standards work at this stage: one whole item a sprint, never twice."""
    tasks = []
    for d in known:
        work = _rotate(work_for(d.name, stage), request.sprint_index - 1)
        piece = next((w for w in work if normal(w.title) not in taken), None)
        if piece is None:
            continue
        taken.add(normal(piece.title))
        hours = round(piece.hours * factor, 1)
        why = f"{piece.hours:g} h is typical {stage.value} work of this kind"
        if factor != 1:
            why += f", x{factor:g} as the brief says '{word}'"
        tasks.append(
            TaskOut(
                title=piece.title,
                description=f"{piece.description} ({request.phase_name}, {request.project.name}). "
                f"Estimate {hours:g} h: {why}.",
                discipline=d.name,
                role=team_role(d, request.project.team_roles),
                estimate_hours=hours,
                story_points=max(1, round(piece.points * factor)),
            )
        )
    return tasks


def sprint_plan(request: SprintRequest) -> SprintPlan:
    kind = project_kind(request)
    known = disciplines(request.project.disciplines, kind)
    stage = stage_of(request.phase_name, request.phase_index, request.phase_count, request.phase_summary)
    factor, word = size_factor(request.project.requirements)
    context = request.context
    taken = {normal(t.title) for w in (context.other_sprints if context else []) for t in w.tasks}
    taken |= {normal(t.title) for t in (context.kept_tasks if context else [])}
    items = sprint_items(read_scope(request.project.requirements), request.sprint_index, request.sprint_count)
    lead = known[0].lead_role if known else "Project engineer"
    tasks = scope_tasks(
        items, kind, stage, taken, request.project.team_roles, lead, factor, word, request.phase_name
    )
    tasks += _catalogue_tasks(request, known, stage, taken, factor, word)
    tasks += _constraint_tasks(request, stage)
    goal = f"{request.phase_name} ({stage.value}): " + ", ".join(t.title.lower() for t in tasks[:2])
    summary = (
        f"{request.sprint_name} ({request.sprint_index} of {request.sprint_count}, {request.days} days) "
        f"of {request.phase_name} for {request.project.name}."
    )
    if request.instructions:
        summary += f" As asked: {shorten(request.instructions, 200).rstrip('.')}."
    plan = SprintPlan(
        goal=goal,
        summary=summary,
        definition_of_done=["Work reviewed by a second engineer", *(d.acceptance[0] for d in known)],
        tasks=tasks or [_review(request)],
    )
    return _within_the_plan(plan, request)


def _review(request: SprintRequest) -> TaskOut:
    """A sprint whose work earlier sprints already plan reviews the phase's progress instead."""
    return TaskOut(
        title=f"{request.sprint_name}: review {request.phase_name} progress",
        description=f"Earlier sprints plan this phase's work; review what it delivered against "
        f"{request.phase_name}'s deliverables and re-plan what is left. Estimate 4 h: one review.",
        role=request.project.team_roles[0] if request.project.team_roles else None,
        estimate_hours=4,
        story_points=1,
    )


def _within_the_plan(plan: SprintPlan, request: SprintRequest) -> SprintPlan:
    """The plan's own rules on the planner's answer: no earlier sprint's work again, the team's capacity.

    What goes is said in the summary; a sprint whose catalogue work was all done before
    reviews the phase's progress instead of repeating it.
    """
    context = request.context
    if context is None:
        return plan
    fitted, _ = fix_sprint(plan, context)
    tasks = fitted.tasks or [_review(request)]
    notes = []
    if repeated := sum(1 for _, before in repeats(plan.tasks, context) if before is not None):
        notes.append(f"{repeated} catalogue tasks left out as earlier sprints plan them")
    if context.capacity_hours is not None:
        hours = sum(t.estimate_hours for t in tasks) + sum(t.hours for t in context.kept_tasks)
        notes.append(f"{hours:g} h planned against the team's capacity of {context.capacity_hours:g} h")
    summary = plan.summary + (f" {'; '.join(notes).capitalize()}." if notes else "")
    return fitted.model_copy(update={"tasks": tasks, "summary": summary})


def constraint_stage(constraint: str) -> Stage:
    """The stage a constraint bites in, by its words; one that names none (a budget) is planned up front."""
    return stage_of("", 1, 1, constraint)


def _names_a_stage(constraint: str) -> bool:
    text = constraint.casefold()
    return any(word in text for entry in catalogue.stage_words() for word in entry.keywords)


def _constraint_tasks(request: SprintRequest, stage: Stage) -> list[TaskOut]:
    """A constraint becomes work in the first sprint of every phase at the stage it concerns."""
    if request.sprint_index != 1:
        return []
    return [
        TaskOut(
            title=f"Plan around: {shorten(constraint, 60)} ({shorten(request.phase_name, 40)})",
            description=f"Sequence the {request.phase_name} work so that it holds: {constraint}. "
            "Estimate 4 h: half a day to plan the sequence and agree it with those the constraint protects.",
            discipline=None,
            role="Project manager",
            estimate_hours=4.0,
            story_points=1,
        )
        for constraint in request.project.constraints
        # a constraint that names no stage (a budget, a reuse) is planned in the first phase,
        # whatever its stage: the lifecycle may have no phase of the stage it defaults to
        if (constraint_stage(constraint) == stage if _names_a_stage(constraint) else request.phase_index == 1)
    ]


def template_draft(request: TemplateRequest) -> TemplateDraft:
    known = disciplines(request.disciplines)
    lead = known[0]
    phases = [
        TemplatePhaseOut(
            name="Definition",
            description=f"Requirements and scope: {_first_sentence(request.description)}.",
            duration_weeks=3,
            sprint_count=2,
        ),
        TemplatePhaseOut(
            name="Design",
            description="; ".join(x.name for d in known for x in d.deliverables[:1]) + ".",
            duration_weeks=6,
            sprint_count=3,
        ),
        TemplatePhaseOut(
            name="Build",
            description="; ".join(work_for(d.name, Stage.BUILD)[0].title for d in known) + ".",
            duration_weeks=8,
            sprint_count=4,
        ),
        TemplatePhaseOut(
            name="Verification",
            description="; ".join(a for d in known for a in d.acceptance[:1]) + ".",
            duration_weeks=4,
            sprint_count=2,
        ),
        TemplatePhaseOut(
            name="Handover",
            description="Documentation, acceptance and lessons learned.",
            duration_weeks=2,
            sprint_count=1,
        ),
    ]
    return TemplateDraft(
        name=request.name or f"{lead.name.title()} project",
        description=request.description.strip(),
        disciplines=[d.name for d in known],
        phases=phases,
        dynamic_roles=[
            DynamicRoleOut(
                role=r.title.split(" ")[0] + " specialist", discipline=d.name, trigger=r.description
            )
            for d in known
            for r in d.risks[:1]
        ],
    )


def _risk(d: Discipline, entry: RiskEntry, phase: str | None) -> RiskOut:
    fields = {k: v for k, v in asdict(entry).items() if k != "stage"}
    return RiskOut(
        **fields,
        contingency=f"Escalate to the project board and re-plan the affected {d.name} work.",
        trigger=f"Early sign: {entry.description.lower()}",
        owner=d.lead_role,
        phase=phase,
    )  # the phase the risk belongs to; see risk_draft


_ORDER = (Stage.DEFINE, Stage.DESIGN, Stage.BUILD, Stage.VERIFY)


def _phase_at(phases: Sequence[str], stages: Sequence[Stage], stage: Stage) -> str | None:
    """The first phase at the risk's stage; else the phase at the nearest stage (earlier first)."""
    if not phases:
        return None
    wanted = _ORDER.index(stage)
    return min(
        zip(phases, stages, strict=True), key=lambda p: (abs(_ORDER.index(p[1]) - wanted), _ORDER.index(p[1]))
    )[0]


def risk_draft(request: RiskRequest) -> RiskDraft:
    known = disciplines(request.project.disciplines, project_kind(request))
    risks: list[RiskOut] = []
    count = len(request.phases)
    stages = [stage_of(name, i, count) for i, name in enumerate(request.phases, start=1)]
    risks.extend(
        _risk(d, entry, _phase_at(request.phases, stages, entry.stage)) for d in known for entry in d.risks
    )
    risks.extend(
        RiskOut(
            title=f"Constraint breached: {shorten(constraint, 80)}",
            description=f"The plan may not hold the constraint '{constraint}'.",
            category="Constraint",
            likelihood=2,
            impact=3,
            mitigation="Track the constraint at every phase review.",
            owner="Project manager",
            phase=_phase_at(request.phases, stages, constraint_stage(constraint)),
        )
        for constraint in request.project.constraints  # every one: a dropped constraint is an unseen risk
    )
    return RiskDraft(
        summary=f"{len(risks)} risks for {request.project.name} across {', '.join(d.name for d in known)}.",
        risks=risks,
    )
