"""GenerationJob and the generation inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from graphql_api.core.enums import AIEngine, ApplyMode, JobKind, JobStatus
from graphql_api.core.errors import NotFoundError
from graphql_api.schema.context import Context
from graphql_api.schema.projects.types import PhaseType, ProjectType, SprintType, build_project
from graphql_api.schema.proposals.types import PlanProposalType, plan_proposal_type
from graphql_api.schema.records import from_record
from graphql_api.schema.risks.types import RiskAssessmentType, risk_assessment_type
from graphql_api.schema.templates.types import TemplateType, template_type
from graphql_api.services import models


@strawberry.input(name="GenerateInput")
class GenerateInput:
    instructions: str | None = strawberry.field(
        default=None, description="Extra guidance appended to the prompt."
    )
    engine: AIEngine | None = strawberry.field(
        default=None, description="Start the failover chain at this engine."
    )
    use_cache: bool | None = True
    apply: ApplyMode | None = strawberry.field(
        default=ApplyMode.AUTO,
        description="AUTO writes into an empty target and proposes otherwise; PROPOSE always proposes; "
        "APPLY writes (keeping started, finished and hand-made work).",
    )


@strawberry.input(name="GenerateTemplateInput")
class GenerateTemplateInput:
    description: str
    disciplines: list[str]
    name: str | None = None


@strawberry.type(name="GenerationJob")
class GenerationJobType:
    id: strawberry.ID
    kind: JobKind
    status: JobStatus
    progress: float = strawberry.field(description="0..1, never decreases")
    message: str = strawberry.field(description="Human-readable current step")
    project_id: strawberry.ID | None
    phase_id: strawberry.ID | None
    sprint_id: strawberry.ID | None
    engine: AIEngine | None = strawberry.field(description="Engine that produced the result")
    cached: bool | None
    error: str | None = strawberry.field(description="Set when FAILED; never a stack trace")
    created_at: datetime
    updated_at: datetime
    _job: strawberry.Private[models.Job]

    async def _result(self, info: Info[Context, None], kinds: set[JobKind]) -> ProjectType | None:
        """The job's project as it is now, for a SUCCEEDED job of one of `kinds`."""
        job = self._job
        if job.kind not in kinds or job.status != JobStatus.SUCCEEDED or not job.project_id:
            return None
        try:
            view = await info.context.container.projects.get(await info.context.user(), job.project_id)
        except NotFoundError:
            return None  # deleted since
        return build_project(view)

    @strawberry.field(description="The result of PROJECT_PLAN, once SUCCEEDED.")
    async def project(self, info: Info[Context, None]) -> ProjectType | None:
        return await self._result(info, {JobKind.PROJECT_PLAN, JobKind.RISK_ASSESSMENT})

    @strawberry.field(description="The result of PHASE, once SUCCEEDED.")
    async def phase(self, info: Info[Context, None]) -> PhaseType | None:
        project = await self._result(info, {JobKind.PHASE})
        phases = project.phases if project else []
        return next((p for p in phases if p.id == self._job.phase_id), None)

    @strawberry.field(description="The result of SPRINT, once SUCCEEDED.")
    async def sprint(self, info: Info[Context, None]) -> SprintType | None:
        project = await self._result(info, {JobKind.SPRINT})
        sprints = [s for p in project.phases for s in p.sprints] if project else []
        return next((s for s in sprints if s.id == self._job.sprint_id), None)

    @strawberry.field(description="The result of TEMPLATE, once SUCCEEDED.")
    async def template(self, info: Info[Context, None]) -> TemplateType | None:
        if self._job.status != JobStatus.SUCCEEDED or not self._job.template_id:
            return None
        try:
            found = await info.context.container.templates.get(
                await info.context.user(), self._job.template_id
            )
        except NotFoundError:
            return None
        return template_type(found)

    @strawberry.field(description="The result of RISK_ASSESSMENT, once SUCCEEDED.")
    async def risk_assessment(self, info: Info[Context, None]) -> RiskAssessmentType | None:
        if self._job.kind != JobKind.RISK_ASSESSMENT or not self._job.risk_assessment_id:
            return None
        user = await info.context.user()
        history = await info.context.container.projects.risk_history(user, self._job.project_id or "")
        found = next((r for r in history if r.id == self._job.risk_assessment_id), None)
        return risk_assessment_type(found) if found else None

    @strawberry.field(description="Set when the result landed as a proposal instead of in the plan.")
    async def proposal(self, info: Info[Context, None]) -> PlanProposalType | None:
        job = self._job
        if not job.proposal_id or not job.project_id:
            return None
        try:
            view = await info.context.container.projects.get(await info.context.user(), job.project_id)
        except NotFoundError:
            return None  # deleted since
        refs = [r for r in view.project.proposals if r.id == job.proposal_id]
        found = await info.context.project_parts.proposals(view.project, refs)
        return plan_proposal_type(found[0]) if found else None

    @classmethod
    def from_domain(cls, job: models.Job) -> GenerationJobType:
        """The job's public fields; the record stays private, for the resolvers."""
        return from_record(cls, job, _job=job)
