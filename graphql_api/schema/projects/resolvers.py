"""Project queries and mutations: each one service call, then shaping."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.schema.members.types import member_types
from graphql_api.schema.projects.inputs import (
    CreateProjectInput,
    PhaseDependencyInput,
    TaskInput,
    UpdatePhaseInput,
    UpdateProjectInput,
    UpdateSprintInput,
    UpdateTaskInput,
)
from graphql_api.schema.projects.tasks import TaskType
from graphql_api.schema.projects.types import (
    PhaseType,
    ProjectPage,
    ProjectType,
    SprintType,
    build_phases,
    build_project,
)
from graphql_api.services.projects.results import ProjectView, TaskEdit
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.schedule.tasks import conflicts

I = Info[Context, None]  # noqa: E741 - the one alias every resolver signature uses


def phase_of(info: I, view: ProjectView, phase_id: str) -> PhaseType:
    return next(p for p in build_phases(view, info.context.project_parts) if p.id == phase_id)


def sprint_of(info: I, view: ProjectView, phase_id: str, sprint_id: str) -> SprintType:
    return next(s for s in phase_of(info, view, phase_id).sprints if s.id == sprint_id)


def task_of(info: I, project_id: str, edit: TaskEdit) -> TaskType:
    project = edit.view.project
    return TaskType.from_domain(
        edit.task,
        project_id,
        edit.phase_id,
        None,
        edit.description,
        loader=info.context.project_parts,
        conflicts=conflicts(project, plan_dates(project)),
        members=member_types(project),
    )


@strawberry.type
class ProjectQuery:
    @strawberry.field(description="The caller's projects, newest first.")
    async def projects(self, info: I, limit: int | None = 20, next_token: str | None = None) -> ProjectPage:
        user = await info.context.user()
        page = await info.context.container.projects.list(user, limit, next_token)
        return ProjectPage(
            items=[build_project(v, info.context.project_parts) for v in page.items],
            next_token=page.next_token,
        )

    @strawberry.field(description="One project; NOT_FOUND when missing or another user's.")
    async def project(self, info: I, id: strawberry.ID) -> ProjectType | None:
        user = await info.context.user()
        return build_project(await info.context.container.projects.get(user, str(id)))


@strawberry.type
class ProjectMutation:
    @strawberry.mutation
    async def create_project(self, info: I, input: CreateProjectInput) -> ProjectType:
        user = await info.context.user()
        return build_project(await info.context.container.projects.create(user, input.to_pydantic()))

    @strawberry.mutation
    async def update_project(self, info: I, id: strawberry.ID, input: UpdateProjectInput) -> ProjectType:
        user = await info.context.user()
        return build_project(await info.context.container.projects.update(user, str(id), input.to_pydantic()))

    @strawberry.mutation(description="Deletes the project and everything it owns.")
    async def delete_project(self, info: I, id: strawberry.ID) -> bool:
        user = await info.context.user()
        return await info.context.container.projects.delete(user, str(id))

    @strawberry.mutation
    async def update_phase(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        input: UpdatePhaseInput,
    ) -> PhaseType:
        user = await info.context.user()
        edit = await info.context.container.projects.update_phase(
            user, str(project_id), str(phase_id), input.to_pydantic()
        )
        return phase_of(info, edit.view, edit.phase.id)

    @strawberry.mutation
    async def update_sprint(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        sprint_id: strawberry.ID,
        input: UpdateSprintInput,
    ) -> SprintType:
        user = await info.context.user()
        edit = await info.context.container.projects.update_sprint(
            user, str(project_id), str(phase_id), str(sprint_id), input.to_pydantic()
        )
        return sprint_of(info, edit.view, edit.phase.id, edit.sprint.id)

    @strawberry.mutation(
        description="Replace a phase's dependencies. A cycle, the phase itself or a phase not in the "
        "project is BAD_USER_INPUT (field dependencies) and nothing is written."
    )
    async def set_phase_dependencies(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        dependencies: list[PhaseDependencyInput],
    ) -> PhaseType:
        user = await info.context.user()
        links = [d.to_pydantic() for d in dependencies]
        edit = await info.context.container.projects.set_phase_dependencies(
            user, str(project_id), str(phase_id), links
        )
        return phase_of(info, edit.view, edit.phase.id)

    @strawberry.mutation
    async def add_task(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        sprint_id: strawberry.ID,
        input: TaskInput,
    ) -> TaskType:
        user = await info.context.user()
        edit = await info.context.container.projects.add_task(
            user, str(project_id), str(phase_id), str(sprint_id), input.to_pydantic()
        )
        return task_of(info, str(project_id), edit)

    @strawberry.mutation
    async def update_task(
        self, info: I, project_id: strawberry.ID, task_id: strawberry.ID, input: UpdateTaskInput
    ) -> TaskType:
        user = await info.context.user()
        edit = await info.context.container.projects.update_task(
            user, str(project_id), str(task_id), input.to_pydantic()
        )
        return task_of(info, str(project_id), edit)

    @strawberry.mutation(
        description="Replace the tasks this task waits on (tasks of this project). Itself, an unknown "
        "task or a cycle is BAD_USER_INPUT (field dependsOn) and nothing is written."
    )
    async def set_task_dependencies(
        self, info: I, project_id: strawberry.ID, task_id: strawberry.ID, depends_on: list[strawberry.ID]
    ) -> TaskType:
        user = await info.context.user()
        edit = await info.context.container.projects.set_task_dependencies(
            user, str(project_id), str(task_id), [str(i) for i in depends_on]
        )
        return task_of(info, str(project_id), edit)

    @strawberry.mutation
    async def delete_task(self, info: I, project_id: strawberry.ID, task_id: strawberry.ID) -> bool:
        user = await info.context.user()
        return await info.context.container.projects.delete_task(user, str(project_id), str(task_id))
