"""The AI mutations (each returns a job at once), generationJob and generationProgress."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from graphql_api.core.enums import ApplyMode, JobKind
from graphql_api.schema.context import Context
from graphql_api.schema.jobs.types import GenerateInput, GenerateTemplateInput, GenerationJobType
from graphql_api.services.models import JobParams

I = Info[Context, None]  # noqa: E741 - the one alias every resolver signature uses


def _params(given: GenerateInput | None) -> JobParams:
    if given is None:
        return JobParams()
    return JobParams(
        instructions=given.instructions,
        engine=given.engine,
        use_cache=given.use_cache is not False,
        apply=given.apply or ApplyMode.AUTO,
    )


async def _project_job(
    info: I, kind: JobKind, project_id: strawberry.ID, given: GenerateInput | None
) -> GenerationJobType:
    """A job on the whole project (a plan or a risk assessment)."""
    job = await info.context.container.generation.submit_project(
        await info.context.user(), kind, str(project_id), _params(given)
    )
    return GenerationJobType.from_domain(job)


@strawberry.type
class JobQuery:
    @strawberry.field(description="A generation job; poll it where WebSockets are not available.")
    async def generation_job(self, info: I, id: strawberry.ID) -> GenerationJobType | None:
        job = await info.context.container.jobs.get(await info.context.user(), str(id))
        return GenerationJobType.from_domain(job)


@strawberry.type
class JobMutation:
    @strawberry.mutation(description="Write a phase's plan. Returns a QUEUED or RUNNING job at once.")
    async def generate_phase(
        self, info: I, project_id: strawberry.ID, phase_id: strawberry.ID, input: GenerateInput | None = None
    ) -> GenerationJobType:
        job = await info.context.container.generation.submit_phase(
            await info.context.user(), str(project_id), str(phase_id), _params(input)
        )
        return GenerationJobType.from_domain(job)

    @strawberry.mutation(description="Plan a sprint's tasks. Returns a QUEUED or RUNNING job at once.")
    async def generate_sprint(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        sprint_id: strawberry.ID,
        input: GenerateInput | None = None,
    ) -> GenerationJobType:
        job = await info.context.container.generation.submit_sprint(
            await info.context.user(), str(project_id), str(phase_id), str(sprint_id), _params(input)
        )
        return GenerationJobType.from_domain(job)

    @strawberry.mutation(description="Every phase, then every sprint. Returns a job at once.")
    async def generate_project_plan(
        self, info: I, project_id: strawberry.ID, input: GenerateInput | None = None
    ) -> GenerationJobType:
        return await _project_job(info, JobKind.PROJECT_PLAN, project_id, input)

    @strawberry.mutation(description="Assess the project's risks. Returns a job at once.")
    async def assess_risks(
        self, info: I, project_id: strawberry.ID, input: GenerateInput | None = None
    ) -> GenerationJobType:
        return await _project_job(info, JobKind.RISK_ASSESSMENT, project_id, input)

    @strawberry.mutation(description="Draft a template owned by the caller. Returns a job at once.")
    async def generate_template(self, info: I, input: GenerateTemplateInput) -> GenerationJobType:
        job = await info.context.container.generation.submit_template(
            await info.context.user(), input.description, input.disciplines, input.name
        )
        return GenerationJobType.from_domain(job)


@strawberry.type
class JobSubscription:
    @strawberry.subscription(
        description="The job's state at once, then on every change; completes after SUCCEEDED or FAILED."
    )
    async def generation_progress(
        self, info: I, job_id: strawberry.ID
    ) -> AsyncGenerator[GenerationJobType, None]:
        user = await info.context.user()
        async for job in info.context.container.jobs.watch(user, str(job_id)):
            yield GenerationJobType.from_domain(job)
