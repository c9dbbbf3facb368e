"""Translations between the domain and the AI layer: requests out, validated drafts back in.

Kept apart from the worker so what an engine is told, and how its answer becomes a
phase, sprint, assessment or template, can be read (and tested) without running a job.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from graphql_api.ai.checks import normal
from graphql_api.ai.requests import PhaseRequest, ProjectBrief, RiskRequest, SprintRequest
from graphql_api.core.clock import utcnow
from graphql_api.services.generation import context
from graphql_api.services.models import (
    DynamicRole,
    PhaseContent,
    Project,
    Risk,
    RiskAssessment,
    SprintContent,
    Template,
    TemplatePhase,
)
from graphql_api.services.projects.generated import generation_info
from graphql_api.services.projects.specs import GeneratedSprint, TaskSpec
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.schedule.spans import phase_days

if TYPE_CHECKING:
    from graphql_api.ai.meta import Meta
    from graphql_api.ai.outputs import PhasePlan, RiskDraft, SprintPlan, TemplateDraft
    from graphql_api.services.models import Job, Phase, Sprint
    from graphql_api.services.projects.results import ProjectView


def project_brief(project: Project) -> ProjectBrief:
    return ProjectBrief(
        name=project.name,
        requirements=project.requirements,
        constraints=list(project.constraints),
        disciplines=list(project.disciplines),
        team_roles=list(dict.fromkeys(m.role for m in project.team)),
    )


def phase_request(job: Job, view: ProjectView, phase: Phase, budget: int) -> PhaseRequest:
    project = view.project
    return PhaseRequest(
        project=project_brief(project),
        phase_name=phase.name,
        phase_description=phase.description,
        phase_index=project.phases.index(phase) + 1,
        phase_count=len(project.phases),
        duration_weeks=phase.duration_weeks or 4,
        sprint_count=len(phase.sprints),
        instructions=job.params.instructions,
        context=context.phase_context(project, view.texts or {}, phase, budget),
    )


def sprint_request(job: Job, view: ProjectView, phase: Phase, sprint: Sprint, budget: int) -> SprintRequest:
    project = view.project
    phase_index = project.phases.index(phase)
    index = phase.sprints.index(sprint)
    span = plan_dates(project).sprints(phase)[index]
    return SprintRequest(
        project=project_brief(project),
        phase_name=phase.name,
        phase_summary=phase.description,
        phase_index=phase_index + 1,
        phase_count=len(project.phases),
        sprint_name=sprint.name,
        sprint_index=index + 1,
        sprint_count=len(phase.sprints),
        days=(span.end - span.start).days + 1,
        instructions=job.params.instructions,
        context=context.sprint_context(project, view.texts or {}, phase, sprint, budget),
    )


def risk_request(job: Job, view: ProjectView, budget: int) -> RiskRequest:
    project = view.project
    return RiskRequest(
        project=project_brief(project),
        phases=[p.name for p in project.phases],
        instructions=job.params.instructions,
        context=context.risk_context(project, view.risk, budget),
    )


def phase_content(plan: PhasePlan) -> PhaseContent:
    return PhaseContent.model_validate(plan.model_dump())


def generated_sprint(plan: SprintPlan) -> GeneratedSprint:
    return GeneratedSprint(
        goal=plan.goal,
        content=SprintContent(summary=plan.summary, definition_of_done=plan.definition_of_done),
        tasks=[TaskSpec(**t.model_dump()) for t in plan.tasks],
    )


def risk_assessment(
    draft: RiskDraft, project: Project, meta: Meta, register: RiskAssessment | None = None
) -> RiskAssessment:
    """Scores and levels are ours to compute; a risk's phase is matched by name, else none.

    The assessment updates the register: a risk already on it (same title) keeps its id,
    owner and status, so what the team decided about it survives a new assessment.
    """
    by_name = {p.name.casefold(): p.id for p in project.phases}
    known = {normal(r.title): r for r in (register.risks if register else [])}
    risks = []
    for r in draft.risks:
        risk = Risk.model_validate(
            {
                **r.model_dump(exclude={"phase"}),
                "id": str(uuid.uuid4()),
                "phase_id": by_name.get((r.phase or "").casefold()),
            }
        )
        if (before := known.pop(normal(r.title), None)) is not None:
            risk.id, risk.status = before.id, before.status
            risk.owner = before.owner or risk.owner
        risks.append(risk)
    return RiskAssessment(
        id=str(uuid.uuid4()),
        project_id=project.id,
        summary=draft.summary,
        risks=risks,
        generation=generation_info(meta),
        created_at=utcnow(),
    )


def template(draft: TemplateDraft, job: Job) -> Template:
    """A user's template; every phase keeps at least a day per sprint."""
    created = Template(
        id=str(uuid.uuid4()),
        name=job.params.name or draft.name,
        description=draft.description,
        disciplines=draft.disciplines,
        phases=[TemplatePhase(**p.model_dump()) for p in draft.phases],
        dynamic_roles=[DynamicRole(**r.model_dump()) for r in draft.dynamic_roles],
        owner_id=job.user_id,
        created_at=utcnow(),
    )
    for phase in created.phases:
        phase.sprint_count = min(phase.sprint_count, phase_days(phase.duration_weeks))
    return created
