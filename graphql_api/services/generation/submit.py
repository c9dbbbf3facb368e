"""The API side of generation: check the target and the input, then record and dispatch a job.

Nothing here calls an AI engine; the mutation returns the job at once and a worker
(`worker.py`) runs it, in-process on `serve` or from SQS on Lambda.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql_api.core.enums import JobKind, ProjectRole
from graphql_api.services import validation
from graphql_api.services.models import Job, JobParams
from graphql_api.services.projects.lookup import find_phase, find_sprint

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.generation.jobs import JobService
    from graphql_api.services.models import User
    from graphql_api.services.projects.reads import ProjectQueries


@dataclass(frozen=True, slots=True)
class JobSubmitter:
    """Checks the target and the input before a job is recorded: no job queues for a missing sprint."""

    _jobs: JobService
    _projects: ProjectQueries
    _limits: Limits

    async def submit_phase(self, user: User, project_id: str, phase_id: str, params: JobParams) -> Job:
        find_phase(await self._projects.outline(user.id, project_id, ProjectRole.EDITOR), phase_id)
        return await self._jobs.submit(
            user, JobKind.PHASE, self._checked(params), project_id=project_id, phase_id=phase_id
        )

    async def submit_sprint(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, params: JobParams
    ) -> Job:
        find_sprint(
            await self._projects.outline(user.id, project_id, ProjectRole.EDITOR), phase_id, sprint_id
        )
        return await self._jobs.submit(
            user,
            JobKind.SPRINT,
            self._checked(params),
            project_id=project_id,
            phase_id=phase_id,
            sprint_id=sprint_id,
        )

    async def submit_project(self, user: User, kind: JobKind, project_id: str, params: JobParams) -> Job:
        await self._projects.outline(user.id, project_id, ProjectRole.EDITOR)
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
