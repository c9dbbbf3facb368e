"""Plan structure mutations: add, delete and move phases and sprints, move tasks."""

from __future__ import annotations

import strawberry

from graphql_api.schema.projects.inputs import PhaseInput, SprintInput
from graphql_api.schema.projects.resolvers import I, phase_of, sprint_of, task_of
from graphql_api.schema.projects.tasks import TaskType
from graphql_api.schema.projects.types import PhaseType, ProjectType, SprintType, build_project


@strawberry.type
class StructureMutation:
    @strawberry.mutation
    async def add_phase(
        self, info: I, project_id: strawberry.ID, input: PhaseInput, position: int | None = None
    ) -> PhaseType:
        user = await info.context.user()
        edit = await info.context.container.structure.add_phase(
            user, str(project_id), input.to_pydantic(), position
        )
        return phase_of(info, edit.view, edit.phase.id)

    @strawberry.mutation
    async def delete_phase(self, info: I, project_id: strawberry.ID, phase_id: strawberry.ID) -> bool:
        user = await info.context.user()
        return await info.context.container.structure.delete_phase(user, str(project_id), str(phase_id))

    @strawberry.mutation
    async def move_phase(
        self, info: I, project_id: strawberry.ID, phase_id: strawberry.ID, position: int
    ) -> ProjectType:
        user = await info.context.user()
        view = await info.context.container.structure.move_phase(
            user, str(project_id), str(phase_id), position
        )
        return build_project(view)

    @strawberry.mutation
    async def add_sprint(
        self,
        info: I,
        project_id: strawberry.ID,
        phase_id: strawberry.ID,
        input: SprintInput,
        position: int | None = None,
    ) -> SprintType:
        user = await info.context.user()
        edit = await info.context.container.structure.add_sprint(
            user, str(project_id), str(phase_id), input.to_pydantic(), position
        )
        return sprint_of(info, edit.view, edit.phase.id, edit.sprint.id)

    @strawberry.mutation
    async def delete_sprint(
        self, info: I, project_id: strawberry.ID, phase_id: strawberry.ID, sprint_id: strawberry.ID
    ) -> bool:
        user = await info.context.user()
        return await info.context.container.structure.delete_sprint(
            user, str(project_id), str(phase_id), str(sprint_id)
        )

    @strawberry.mutation
    async def move_task(
        self,
        info: I,
        project_id: strawberry.ID,
        task_id: strawberry.ID,
        sprint_id: strawberry.ID,
        position: int | None = None,
    ) -> TaskType:
        user = await info.context.user()
        edit = await info.context.container.structure.move_task(
            user, str(project_id), str(task_id), str(sprint_id), position
        )
        return task_of(info, str(project_id), edit)
