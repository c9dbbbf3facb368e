"""The work behind each generation job: ask the AI chain, validate, write the result.

Nothing is written until an answer validated, so a failed job leaves earlier content
as it was; a whole-project plan keeps every phase and sprint finished before a failure.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from graphql_api.ai.errors import AIUnavailableError
from graphql_api.ai.outputs import PhasePlan, RiskDraft, SprintPlan, TemplateDraft
from graphql_api.ai.requests import (
    PhaseRequest,
    ProjectBrief,
    RiskRequest,
    SprintRequest,
    Task,
    TemplateRequest,
)
from graphql_api.core.clock import utcnow
from graphql_api.core.enums import JobKind, JobStatus
from graphql_api.core.errors import AppError, NotFoundError
from graphql_api.services import validation
from graphql_api.services.jobs import JobLostError
from graphql_api.services.models import (
    Deliverable,
    DynamicRole,
    GenerationInfo,
    Job,
    JobParams,
    Milestone,
    PhaseContent,
    Project,
    Risk,
    RiskAssessment,
    RoleNeed,
    SprintContent,
    Template,
    TemplatePhase,
)
from graphql_api.services.projects import GeneratedSprint, GeneratedTask, UsageDelta
from graphql_api.services.schedule import phase_days, phase_spans, sprint_spans

if TYPE_CHECKING:
    from graphql_api.ai.chain import AIChain, Meta
    from graphql_api.config import Limits
    from graphql_api.services.auth import AuthService
    from graphql_api.services.email import Mailer
    from graphql_api.services.jobs import JobService
    from graphql_api.services.models import Phase, Sprint, User
    from graphql_api.services.projects import ProjectService
    from graphql_api.services.templates import TemplateService

logger = logging.getLogger("graphql_api.generation")
OutT = TypeVar("OutT", bound=BaseModel)


def _info(meta: Meta) -> GenerationInfo:
    return GenerationInfo(
        engine=meta.engine,
        model=meta.model,
        cached=meta.cached,
        generated_at=meta.generated_at,
        input_tokens=meta.input_tokens,
        output_tokens=meta.output_tokens,
        cost_usd=meta.cost_usd,
    )


def _brief(project: Project) -> ProjectBrief:
    return ProjectBrief(
        name=project.name,
        requirements=project.requirements,
        constraints=list(project.constraints),
        disciplines=list(project.disciplines),
    )


def phase_content(plan: PhasePlan) -> PhaseContent:
    return PhaseContent(
        summary=plan.summary,
        objectives=plan.objectives,
        deliverables=[Deliverable(**d.model_dump()) for d in plan.deliverables],
        milestones=[Milestone(**m.model_dump()) for m in plan.milestones],
        roles=[RoleNeed(**r.model_dump()) for r in plan.roles],
        acceptance_criteria=plan.acceptance_criteria,
        risks=plan.risks,
    )


class GenerationService:
    def __init__(
        self,
        ai: AIChain,
        jobs: JobService,
        projects: ProjectService,
        templates: TemplateService,
        limits: Limits,
        auth: AuthService,
        mailer: Mailer,
        time_budget: float | None = None,
    ) -> None:
        self._time_budget = time_budget
        self._limits = limits
        self._auth = auth
        self._mailer = mailer
        self._ai = ai
        self._jobs = jobs
        self.jobs = jobs
        self._projects = projects
        self._templates = templates

    # ------------------------------------------------------------ submitting
    async def submit_phase(self, user: User, project_id: str, phase_id: str, params: JobParams) -> Job:
        project = await self._projects.outline(user.id, project_id)
        if project.find_phase(phase_id) is None:
            raise NotFoundError("Phase not found.", field="phaseId")
        return await self._jobs.submit(
            user, JobKind.PHASE, self._checked(params), project_id=project_id, phase_id=phase_id
        )

    async def submit_sprint(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, params: JobParams
    ) -> Job:
        project = await self._projects.outline(user.id, project_id)
        phase = project.find_phase(phase_id)
        if phase is None:
            raise NotFoundError("Phase not found.", field="phaseId")
        if all(s.id != sprint_id for s in phase.sprints):
            raise NotFoundError("Sprint not found.", field="sprintId")
        return await self._jobs.submit(
            user,
            JobKind.SPRINT,
            self._checked(params),
            project_id=project_id,
            phase_id=phase_id,
            sprint_id=sprint_id,
        )

    async def submit_project(self, user: User, kind: JobKind, project_id: str, params: JobParams) -> Job:
        await self._projects.outline(user.id, project_id)
        return await self._jobs.submit(user, kind, self._checked(params), project_id=project_id)

    async def submit_template(
        self, user: User, description: str, disciplines: list[str], name: str | None
    ) -> Job:
        limits = self._limits
        params = JobParams(
            description=validation.text(description, "description", max_length=limits.text_length),
            disciplines=validation.string_list(
                disciplines,
                "disciplines",
                max_items=limits.list_items,
                max_length=limits.name_length,
                required=True,
            ),
            name=validation.optional_text(name, "name", max_length=limits.name_length),
        )
        return await self._jobs.submit(user, JobKind.TEMPLATE, params)

    def _checked(self, params: JobParams) -> JobParams:
        instructions = validation.optional_text(
            params.instructions, "instructions", max_length=self._limits.text_length
        )
        return params.model_copy(update={"instructions": instructions})

    # ------------------------------------------------------------ running
    def _writer(self) -> str:
        first = next((e.name.value for e in self._ai.engines if e.configured), "LOCAL")
        return f"writing with {first}"

    async def run(self, job_id: str) -> Job | None:
        """Claim and run a job; None when it is not ours to run (finished or taken)."""
        job = await self._jobs.claim(job_id)
        if job is None:
            return None
        finished = await self._run_safely(job)
        if finished is not None and finished.kind == JobKind.PROJECT_PLAN and finished.status.finished:
            await self._notify(finished)
        return finished

    async def _notify(self, job: Job) -> None:
        """Email the owner that a whole-project plan ended, unless they turned it off."""
        user = await self._auth.get_user(job.user_id)
        if user is None or not user.notify_on_plan_complete or not job.project_id:
            return
        try:
            project = await self._projects.outline(user.id, job.project_id)
        except AppError:
            return  # deleted meanwhile
        await self._mailer.plan_finished(
            user.email,
            user.name,
            project.id,
            project.name,
            ok=job.status == JobStatus.SUCCEEDED,
            detail=job.message,
        )

    async def _run_safely(self, job: Job) -> Job | None:
        job_id = job.id
        try:
            return await self._run(job)
        except JobLostError:
            logger.warning("job %s was taken over by another worker", job_id)
            return None
        except (AppError, AIUnavailableError) as exc:
            return await self._jobs.fail(job, f"{exc.code}: {exc.message}", f"Failed: {exc.message}")
        except Exception:
            logger.exception("generation job %s failed unexpectedly", job_id)
            return await self._jobs.fail(
                job, "INTERNAL_SERVER_ERROR: generation failed", "Failed: internal error"
            )

    async def _run(self, job: Job) -> Job:
        if job.kind == JobKind.TEMPLATE:
            return await self._template(job)
        assert job.project_id is not None  # noqa: S101 - every other kind targets a project
        project = await self._projects.outline(job.user_id, job.project_id)
        if job.kind == JobKind.PHASE:
            phase = _phase(project, job.phase_id)
            job = await self._jobs.progress(job, 0.1, f"Phase '{phase.name}': {self._writer()}")
            job, meta = await self._phase(job, project, phase)
            return await self._jobs.finish(
                job, f"Phase '{phase.name}' written", engine=meta.engine, cached=meta.cached
            )
        if job.kind == JobKind.SPRINT:
            phase = _phase(project, job.phase_id)
            sprint = next((s for s in phase.sprints if s.id == job.sprint_id), None)
            if sprint is None:
                raise AppError("Sprint not found.")
            job = await self._jobs.progress(job, 0.1, f"Sprint '{sprint.name}': {self._writer()}")
            job, meta = await self._sprint(job, project, phase, sprint)
            return await self._jobs.finish(
                job, f"Sprint '{sprint.name}' planned", engine=meta.engine, cached=meta.cached
            )
        if job.kind == JobKind.RISK_ASSESSMENT:
            return await self._risks(job, project)
        return await self._plan(job, project)

    async def _generate(
        self,
        job: Job,
        task: Task,
        request: PhaseRequest | SprintRequest | RiskRequest | TemplateRequest,
        output: type[OutT],
    ) -> tuple[OutT, Meta]:
        value, meta = await self._ai.generate(
            task, request, output, start=job.params.engine, use_cache=job.params.use_cache
        )
        if job.project_id:
            await self._projects.record_usage(
                job.project_id,
                UsageDelta(
                    meta.engine,
                    meta.cached,
                    meta.failovers,
                    meta.input_tokens,
                    meta.output_tokens,
                    meta.cost_usd,
                    meta.saved_usd,
                ),
            )
        return value, meta

    async def _phase(self, job: Job, project: Project, phase: Phase) -> tuple[Job, Meta]:
        index = next(i for i, p in enumerate(project.phases, start=1) if p.id == phase.id)
        request = PhaseRequest(
            project=_brief(project),
            phase_name=phase.name,
            phase_description=phase.description,
            phase_index=index,
            phase_count=len(project.phases),
            duration_weeks=phase.duration_weeks or 4,
            sprint_count=len(phase.sprints),
            instructions=job.params.instructions,
        )
        plan, meta = await self._generate(job, Task.PHASE_PLAN, request, PhasePlan)
        await self._projects.apply_phase_plan(
            job.user_id, project.id, phase.id, phase_content(plan), _info(meta)
        )
        return job, meta

    async def _sprint(self, job: Job, project: Project, phase: Phase, sprint: Sprint) -> tuple[Job, Meta]:
        spans = phase_spans(project.start_date, [p.duration_weeks for p in project.phases])
        phase_span = spans[[p.id for p in project.phases].index(phase.id)]
        index = [s.id for s in phase.sprints].index(sprint.id)
        span = sprint_spans(phase_span, len(phase.sprints))[index]
        request = SprintRequest(
            project=_brief(project),
            phase_name=phase.name,
            phase_summary=phase.description,
            phase_index=[p.id for p in project.phases].index(phase.id) + 1,
            phase_count=len(project.phases),
            sprint_name=sprint.name,
            sprint_index=index + 1,
            sprint_count=len(phase.sprints),
            days=(span.end - span.start).days + 1,
            instructions=job.params.instructions,
        )
        plan, meta = await self._generate(job, Task.SPRINT_PLAN, request, SprintPlan)
        generated = GeneratedSprint(
            goal=plan.goal,
            content=SprintContent(summary=plan.summary, definition_of_done=plan.definition_of_done),
            tasks=[GeneratedTask(**t.model_dump()) for t in plan.tasks],
        )
        await self._projects.apply_sprint_plan(
            job.user_id, project.id, phase.id, sprint.id, generated, _info(meta)
        )
        return job, meta

    async def _plan(self, job: Job, project: Project) -> Job:
        """Every phase, then every sprint; a failure keeps what was finished.

        With a time budget (on Lambda) a run stops between steps once the budget is
        spent and queues the rest; the next run skips the steps already done.
        """
        steps: list[tuple[Phase, Sprint | None]] = [(p, None) for p in project.phases]
        steps += [(p, s) for p in project.phases for s in p.sprints]
        total = len(steps)
        meta: Meta | None = None
        started, done_before = time.monotonic(), job.steps_done
        for number, (phase, sprint) in enumerate(steps, start=1):
            if number <= done_before:
                continue
            spent = time.monotonic() - started
            if self._time_budget is not None and number > done_before + 1 and spent > self._time_budget:
                return await self._jobs.requeue(job, f"Continuing after {number - 1} of {total} steps")
            if sprint is None:
                label = f"Phase {number}/{len(project.phases)} '{phase.name}'"
            else:
                label = f"Sprint '{sprint.name}' of '{phase.name}' ({number}/{total})"
            job = await self._jobs.progress(job, (number - 1) / total, f"{label}: {self._writer()}")
            try:
                if sprint is None:
                    job, meta = await self._phase(job, project, phase)
                else:
                    job, meta = await self._sprint(job, project, phase, sprint)
            except (AppError, AIUnavailableError) as exc:
                done = number - 1
                return await self._jobs.fail(
                    job,
                    f"{exc.code}: {exc.message}",
                    f"Stopped at {label} after {done} of {total} steps: {exc.message}",
                )
            job = await self._jobs.progress(
                job,
                number / total,
                f"{label}: written by {meta.engine.value}",
                steps_done=number,
                engine=meta.engine,
                cached=meta.cached and job.cached is not False,
            )
        return await self._jobs.finish(
            job, f"Plan written: {len(project.phases)} phases, {total - len(project.phases)} sprints"
        )

    async def _risks(self, job: Job, project: Project) -> Job:
        job = await self._jobs.progress(job, 0.1, f"Assessing risks: {self._writer()}")
        request = RiskRequest(
            project=_brief(project),
            phases=[p.name for p in project.phases],
            instructions=job.params.instructions,
        )
        draft, meta = await self._generate(job, Task.RISK_ASSESSMENT, request, RiskDraft)
        by_name = {p.name.casefold(): p.id for p in project.phases}
        assessment = RiskAssessment(
            id=str(uuid.uuid4()),
            project_id=project.id,
            summary=draft.summary,
            risks=[
                Risk(
                    id=str(uuid.uuid4()),
                    title=r.title,
                    description=r.description,
                    category=r.category,
                    likelihood=r.likelihood,
                    impact=r.impact,
                    mitigation=r.mitigation,
                    contingency=r.contingency,
                    trigger=r.trigger,
                    owner=r.owner,
                    phase_id=by_name.get((r.phase or "").casefold()),
                )
                for r in draft.risks
            ],
            generation=_info(meta),
            created_at=utcnow(),
        )
        await self._projects.save_risk_assessment(job.user_id, assessment)
        return await self._jobs.finish(
            job,
            f"{len(assessment.risks)} risks assessed",
            engine=meta.engine,
            cached=meta.cached,
            risk_assessment_id=assessment.id,
        )

    async def _template(self, job: Job) -> Job:
        job = await self._jobs.progress(job, 0.1, f"Drafting template: {self._writer()}")
        request = TemplateRequest(
            description=job.params.description or "", disciplines=job.params.disciplines, name=job.params.name
        )
        draft, meta = await self._generate(job, Task.TEMPLATE_DRAFT, request, TemplateDraft)
        template = Template(
            id=str(uuid.uuid4()),
            name=job.params.name or draft.name,
            description=draft.description,
            disciplines=draft.disciplines,
            phases=[TemplatePhase(**p.model_dump()) for p in draft.phases],
            dynamic_roles=[DynamicRole(**r.model_dump()) for r in draft.dynamic_roles],
            owner_id=job.user_id,
            created_at=utcnow(),
        )
        for phase in template.phases:  # a phase needs a day per sprint
            phase.sprint_count = min(phase.sprint_count, phase_days(phase.duration_weeks))
        await self._templates.create(template)
        return await self._jobs.finish(
            job,
            f"Template '{template.name}' created",
            engine=meta.engine,
            cached=meta.cached,
            template_id=template.id,
        )


def _phase(project: Project, phase_id: str | None) -> Phase:
    phase = project.find_phase(phase_id or "")
    if phase is None:
        raise AppError("Phase not found.")
    return phase
