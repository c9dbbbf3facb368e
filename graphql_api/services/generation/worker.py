"""The worker side of generation: claim a job, ask the AI chain, write the result.

Nothing is written until an answer validated, so a failed job leaves earlier content
as it was; a whole-project plan keeps every phase and sprint finished before a failure.
Each job kind has one handler, looked up in a table.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from graphql_api.ai import checks
from graphql_api.ai.errors import AIUnavailableError
from graphql_api.ai.outputs import PhasePlan, RiskDraft, SprintPlan, TemplateDraft
from graphql_api.ai.requests import Request, TemplateRequest
from graphql_api.core.clock import utcnow
from graphql_api.core.enums import AITask, ApplyMode, JobKind, JobStatus
from graphql_api.core.errors import AppError
from graphql_api.services.generation import briefs
from graphql_api.services.generation.jobs import JobLostError
from graphql_api.services.projects.generated import generation_info
from graphql_api.services.proposals import diff
from graphql_api.services.proposals.records import Proposal

if TYPE_CHECKING:
    from graphql_api.ai.chain import AIChain
    from graphql_api.ai.meta import Meta
    from graphql_api.services.auth.service import AuthService
    from graphql_api.services.email import Mailer
    from graphql_api.services.generation.jobs import JobService
    from graphql_api.services.models import Job, Phase, Project, Sprint
    from graphql_api.services.projects.generated import GenerationResults
    from graphql_api.services.projects.reads import ProjectQueries
    from graphql_api.services.projects.results import ProjectView
    from graphql_api.services.proposals.records import PlanChange
    from graphql_api.services.proposals.service import ProposalService
    from graphql_api.services.templates.service import TemplateService

logger = logging.getLogger("graphql_api.generation")
OutT = TypeVar("OutT", bound=BaseModel)
Reported = (AppError, AIUnavailableError)  # errors whose code and message a job may show


@dataclass(frozen=True, slots=True)
class Step:
    """One generated target: the call's record, and the proposal it became (None: written, or no change)."""

    meta: Meta
    proposal: Proposal | None = None
    proposed: bool = False

    def said(self, written: str, target: str) -> str:
        if not self.proposed:
            return written + checked(self.meta)
        if self.proposal is None:
            return f"{target}: the new answer changes nothing{checked(self.meta)}"
        count = len(self.proposal.changes)
        return f"{target}: {count} changes proposed for review{checked(self.meta)}"

    def result(self) -> dict[str, str]:
        return {"proposal_id": self.proposal.id} if self.proposal else {}


def checked(meta: Meta) -> str:
    """What the plan's checks did to an answer, in words for the job's message ('' when nothing)."""
    said = []
    if meta.repairs:
        said.append("asked again once: the first answer failed the plan's checks")
    if meta.fixes:
        more = f" (and {len(meta.fixes) - 1} more)" if len(meta.fixes) > 1 else ""
        said.append(f"{len(meta.fixes)} fixed without the engine: {meta.fixes[0].rstrip('.')}{more}")
    return f" ({'; '.join(said)})" if said else ""


def _phase(project: Project, phase_id: str | None) -> Phase:
    phase = project.find_phase(phase_id or "")
    if phase is None:
        raise AppError("Phase not found.")
    return phase


def _sprint(phase: Phase, sprint_id: str | None) -> Sprint:
    sprint = next((s for s in phase.sprints if s.id == sprint_id), None)
    if sprint is None:
        raise AppError("Sprint not found.")
    return sprint


class GenerationWorker:
    def __init__(
        self,
        ai: AIChain,
        jobs: JobService,
        projects: ProjectQueries,
        results: GenerationResults,
        templates: TemplateService,
        auth: AuthService,
        mailer: Mailer,
        time_budget: float | None = None,
        *,
        context_chars: int = 12_000,
        proposals: ProposalService | None = None,
    ) -> None:
        self._ai = ai
        self.jobs = jobs
        self._projects = projects
        self._results = results
        self._templates = templates
        self._auth = auth
        self._mailer = mailer
        self._time_budget = time_budget
        self._context_chars = context_chars
        self._proposals = proposals
        self._handlers: dict[JobKind, Callable[[Job], Awaitable[Job]]] = {
            JobKind.PHASE: self._phase_job,
            JobKind.SPRINT: self._sprint_job,
            JobKind.PROJECT_PLAN: self._plan_job,
            JobKind.RISK_ASSESSMENT: self._risk_job,
            JobKind.TEMPLATE: self._template_job,
        }

    def _writer(self) -> str:
        first = next((e.name.value for e in self._ai.engines if e.configured), "LOCAL")
        return f"writing with {first}"

    async def run(self, job_id: str) -> Job | None:
        """Claim and run a job; None when it is not ours to run (finished or taken)."""
        job = await self.jobs.claim(job_id)
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
            return await self._handlers[job.kind](job)
        except JobLostError:
            logger.warning("job %s was taken over by another worker", job_id)
            return None
        except Reported as exc:
            return await self.jobs.fail(job, f"{exc.code}: {exc.message}", f"Failed: {exc.message}")
        except Exception:
            logger.exception("generation job %s failed unexpectedly", job_id)
            return await self.jobs.fail(
                job, "INTERNAL_SERVER_ERROR: generation failed", "Failed: internal error"
            )

    async def _project(self, job: Job) -> ProjectView:
        """The whole plan (outline, texts, latest assessment) in one Query: what the context is built from."""
        if job.project_id is None:
            raise AppError("Project not found.")
        return await self._projects.whole(job.user_id, job.project_id)

    async def _generate(
        self,
        job: Job,
        task: AITask,
        request: Request,
        output: type[OutT],
        check: Callable[[OutT], list[str]] | None = None,
        fix: Callable[[OutT], tuple[OutT, list[str]]] | None = None,
    ) -> tuple[OutT, Meta]:
        value, meta = await self._ai.generate(
            task,
            request,
            output,
            start=job.params.engine,
            use_cache=job.params.use_cache,
            check=check,
            fix=fix,
        )
        if job.project_id:
            await self._results.record_usage(job.project_id, meta)
        return value, meta

    async def _finish(self, job: Job, message: str, meta: Meta, **result: str) -> Job:
        """SUCCEEDED, with the engine that answered and the id of what was created."""
        return await self.jobs.finish(job, message, engine=meta.engine, cached=meta.cached, **result)

    # ------------------------------------------------------------ steps
    def _proposes(self, job: Job, empty: bool) -> bool:
        """APPLY writes; PROPOSE proposes; AUTO writes into an empty target and proposes otherwise."""
        mode = job.params.apply
        return self._proposals is not None and (
            mode == ApplyMode.PROPOSE or (mode == ApplyMode.AUTO and not empty)
        )

    async def _propose(self, job: Job, view: ProjectView, changes: list[PlanChange], meta: Meta,
                       risk_summary: str | None = None) -> Proposal | None:  # fmt: skip
        """Store the changes as a proposal (a whole-plan job adds to its one); None when nothing differs."""
        if not changes or self._proposals is None:
            return None
        same_job = job.kind == JobKind.PROJECT_PLAN
        proposal = Proposal(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"proposal:{job.id}")) if same_job else str(uuid.uuid4()),
            project_id=view.project.id,
            job_id=job.id,
            kind=job.kind,
            base_version=view.project.version,
            changes=changes,
            generation=generation_info(meta),
            risk_summary=risk_summary,
            created_at=utcnow(),
        )
        return await self._proposals.save(job.user_id, view.project.id, proposal)

    async def _write_phase(self, job: Job, view: ProjectView, phase: Phase) -> Step:
        request = briefs.phase_request(job, view, phase, self._context_chars)
        plan, meta = await self._generate(job, AITask.PHASE_PLAN, request, PhasePlan)
        content = briefs.phase_content(plan)
        text = (view.texts or {}).get(phase.id)
        if self._proposes(job, empty=text is None or text.phase is None):
            changes = diff.phase_changes(phase, text, content)
            return Step(meta, await self._propose(job, view, changes, meta), proposed=True)
        await self._results.apply_phase_plan(job.user_id, view.project.id, phase.id, content, meta)
        return Step(meta)

    async def _write_sprint(self, job: Job, view: ProjectView, phase: Phase, sprint: Sprint) -> Step:
        request = briefs.sprint_request(job, view, phase, sprint, self._context_chars)
        plan, meta = await self._generate(
            job,
            AITask.SPRINT_PLAN,
            request,
            SprintPlan,
            check=lambda answer: checks.sprint_problems(answer, request.context),
            fix=lambda answer: checks.fix_sprint(answer, request.context),
        )
        generated = briefs.generated_sprint(plan)
        if self._proposes(job, empty=not sprint.tasks):
            changes = diff.sprint_changes(phase, sprint, (view.texts or {}).get(phase.id), generated)
            return Step(meta, await self._propose(job, view, changes, meta), proposed=True)
        await self._results.apply_sprint_plan(
            job.user_id, view.project.id, phase.id, sprint.id, generated, meta
        )
        return Step(meta)

    # ------------------------------------------------------------ handlers, one per job kind
    async def _phase_job(self, job: Job) -> Job:
        view = await self._project(job)
        phase = _phase(view.project, job.phase_id)
        job = await self.jobs.progress(job, 0.1, f"Phase '{phase.name}': {self._writer()}")
        step = await self._write_phase(job, view, phase)
        message = step.said(f"Phase '{phase.name}' written", f"Phase '{phase.name}'")
        return await self._finish(job, message, step.meta, **step.result())

    async def _sprint_job(self, job: Job) -> Job:
        view = await self._project(job)
        phase = _phase(view.project, job.phase_id)
        sprint = _sprint(phase, job.sprint_id)
        job = await self.jobs.progress(job, 0.1, f"Sprint '{sprint.name}': {self._writer()}")
        step = await self._write_sprint(job, view, phase, sprint)
        message = step.said(f"Sprint '{sprint.name}' planned", f"Sprint '{sprint.name}'")
        return await self._finish(job, message, step.meta, **step.result())

    async def _plan_job(self, job: Job) -> Job:
        """Every phase, then every sprint; a failure keeps what was finished.

        Each step reads the plan again (one Query), so a sprint is asked with the phase
        plans and the earlier sprints' tasks written by the steps before it. With a time
        budget (on Lambda) a run stops between steps once the budget is spent and queues
        the rest; the next run skips the steps already done.
        """
        view = await self._project(job)
        steps: list[tuple[str, str | None]] = [(p.id, None) for p in view.project.phases]
        steps += [(p.id, s.id) for p in view.project.phases for s in p.sprints]
        total, phase_count = len(steps), len(view.project.phases)
        started, done_before, fixed = time.monotonic(), job.steps_done, 0
        proposal: Proposal | None = None
        for number, (phase_id, sprint_id) in enumerate(steps, start=1):
            if number <= done_before:
                continue
            spent = time.monotonic() - started
            if self._time_budget is not None and number > done_before + 1 and spent > self._time_budget:
                return await self.jobs.requeue(job, f"Continuing after {number - 1} of {total} steps")
            if number > 1:
                view = await self._project(job)
            phase = _phase(view.project, phase_id)
            sprint = _sprint(phase, sprint_id) if sprint_id else None
            if sprint is None:
                label = f"Phase {number}/{phase_count} '{phase.name}'"
            else:
                label = f"Sprint '{sprint.name}' of '{phase.name}' ({number}/{total})"
            job = await self.jobs.progress(job, (number - 1) / total, f"{label}: {self._writer()}")
            try:
                if sprint is None:
                    step = await self._write_phase(job, view, phase)
                else:
                    step = await self._write_sprint(job, view, phase, sprint)
            except Reported as exc:
                return await self.jobs.fail(
                    job,
                    f"{exc.code}: {exc.message}",
                    f"Stopped at {label} after {number - 1} of {total} steps: {exc.message}",
                )
            meta = step.meta
            fixed += len(meta.fixes)
            if step.proposal is not None:
                proposal = step.proposal
            job = await self.jobs.progress(
                job,
                number / total,
                step.said(f"{label}: written by {meta.engine.value}", label),
                steps_done=number,
                engine=meta.engine,
                cached=meta.cached and job.cached is not False,
                **({"proposal_id": proposal.id} if proposal else {}),
            )
        said = f"; {fixed} fixes made without the engine" if fixed else ""
        if proposal is not None:
            said += f"; {len(proposal.changes)} changes to existing work proposed for review"
        return await self.jobs.finish(
            job, f"Plan written: {phase_count} phases, {total - phase_count} sprints{said}"
        )

    async def _risk_job(self, job: Job) -> Job:
        view = await self._project(job)
        project = view.project
        job = await self.jobs.progress(job, 0.1, f"Assessing risks: {self._writer()}")
        phases = [p.name for p in project.phases]
        draft, meta = await self._generate(
            job,
            AITask.RISK_ASSESSMENT,
            briefs.risk_request(job, view, self._context_chars),
            RiskDraft,
            check=lambda answer: checks.risk_problems(answer, phases),
            fix=lambda answer: checks.fix_risks(answer, phases),
        )
        assessment = briefs.risk_assessment(draft, project, meta, view.risk)
        if self._proposes(job, empty=view.risk is None):
            changes = diff.risk_changes(view.risk, assessment)
            step = Step(
                meta, await self._propose(job, view, changes, meta, assessment.summary), proposed=True
            )
            message = step.said(f"{len(assessment.risks)} risks assessed", "Risk assessment")
            return await self._finish(job, message, meta, **step.result())
        await self._results.save_risk_assessment(job.user_id, assessment)
        message = f"{len(assessment.risks)} risks assessed{checked(meta)}"
        return await self._finish(job, message, meta, risk_assessment_id=assessment.id)

    async def _template_job(self, job: Job) -> Job:
        job = await self.jobs.progress(job, 0.1, f"Drafting template: {self._writer()}")
        request = TemplateRequest(
            description=job.params.description or "", disciplines=job.params.disciplines, name=job.params.name
        )
        draft, meta = await self._generate(job, AITask.TEMPLATE_DRAFT, request, TemplateDraft)
        template = briefs.template(draft, job)
        await self._templates.create(template)
        return await self._finish(job, f"Template '{template.name}' created", meta, template_id=template.id)
