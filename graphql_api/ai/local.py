"""The offline planner: deterministic plans from discipline knowledge, no network.

It is what a newcomer gets with no cloud account and what answers when every remote
engine is out, so its plans must read as the project's own disciplines and name the
project's requirements and constraints, never generic filler.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TypeVar

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
from graphql_api.catalogue import Discipline, RiskEntry, Stage

T = TypeVar("T")
MIN_WEEKS_FOR_CHECKPOINT = 4


def _first_sentence(text: str, limit: int = 160) -> str:
    sentence = text.strip().split(". ")[0].strip().rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _rotate(items: Sequence[T], offset: int) -> list[T]:
    if not items:
        return []
    k = offset % len(items)
    return list(items[k:]) + list(items[:k])


def phase_plan(request: PhaseRequest) -> PhasePlan:
    known = disciplines(request.project.disciplines)
    brief = _first_sentence(request.project.requirements)
    weeks = max(1, request.duration_weeks)
    deliverables = [
        DeliverableOut(
            name=item.name, description=f"{item.description} for {request.project.name}.", discipline=d.name
        )
        for d in known
        for item in _rotate(d.deliverables, request.phase_index - 1)[:2]
    ]
    constraints = request.project.constraints
    objectives = [f"Complete the {request.phase_name.lower()} work for: {brief}."]
    objectives += [f"Deliver the {d.name} scope led by the {d.lead_role.lower()}." for d in known]
    if constraints:
        objectives.append(f"Respect the constraint: {constraints[0]}.")
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
    risks += [f"Constraint at risk: {c}" for c in constraints[:2]]
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
        roles=[RoleNeedOut(role=d.lead_role, discipline=d.name, count=1, allocation=1.0) for d in known],
        acceptance_criteria=[a for d in known for a in d.acceptance],
        risks=risks,
    )


def sprint_plan(request: SprintRequest) -> SprintPlan:
    known = disciplines(request.project.disciplines)
    stage = stage_of(request.phase_name, request.phase_index, request.phase_count)
    tasks = [
        TaskOut(
            title=work.title,
            description=f"{work.description} ({request.phase_name}, {request.project.name}).",
            discipline=d.name,
            role=d.lead_role,
            estimate_hours=work.hours,
            story_points=work.points,
        )
        for d in known
        for work in _rotate(work_for(d.name, stage), request.sprint_index - 1)[:2]
    ]
    goal = f"{request.phase_name} ({stage.value}): " + ", ".join(t.title.lower() for t in tasks[:2])
    return SprintPlan(
        goal=goal,
        summary=(
            f"{request.sprint_name} ({request.sprint_index} of {request.sprint_count}, {request.days} days) "
            f"of {request.phase_name} for {request.project.name}."
        ),
        definition_of_done=["Work reviewed by a second engineer", *(d.acceptance[0] for d in known)],
        tasks=tasks,
    )


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
    return RiskOut(
        **asdict(entry),
        contingency=f"Escalate to the project board and re-plan the affected {d.name} work.",
        trigger=f"Early sign: {entry.description.lower()}",
        owner=d.lead_role,
        phase=phase,
    )


def risk_draft(request: RiskRequest) -> RiskDraft:
    known = disciplines(request.project.disciplines)
    risks: list[RiskOut] = []
    for index, d in enumerate(known):
        for offset, entry in enumerate(d.risks):
            phase = request.phases[(index + offset) % len(request.phases)] if request.phases else None
            risks.append(_risk(d, entry, phase))
    risks.extend(
        RiskOut(
            title=f"Constraint breached: {constraint[:80]}",
            description=f"The plan may not hold the constraint '{constraint}'.",
            category="Constraint",
            likelihood=2,
            impact=3,
            mitigation="Track the constraint at every phase review.",
            owner="Project manager",
        )
        for constraint in request.project.constraints[:3]
    )
    return RiskDraft(
        summary=f"{len(risks)} risks for {request.project.name} across {', '.join(d.name for d in known)}.",
        risks=risks,
    )
