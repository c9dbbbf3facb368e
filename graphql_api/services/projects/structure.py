"""Reshaping a plan: add, delete and move phases, add and delete sprints, move tasks.

Each edit is one `ProjectStorage.mutate`, so concurrent reshapes and task edits all
persist. Orders stay dense (1..n) because they are list positions. A phase's long
text lives in its content item: deleting the phase deletes that item in the same
write, and a task moving to another phase takes its description along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql_api.core.enums import ActivityKind
from graphql_api.core.errors import BadInputError, NotFoundError
from graphql_api.services import validation
from graphql_api.services.activity.records import Activity
from graphql_api.services.models import Phase, Sprint, Task
from graphql_api.services.projects import chain
from graphql_api.services.projects.lifecycle import new_id, new_phase, validated_phase
from graphql_api.services.projects.lookup import find_phase, find_sprint, find_sprint_anywhere
from graphql_api.services.projects.results import PhaseEdit, ProjectView, SprintEdit, TaskEdit
from graphql_api.services.projects.rollup import roll_up, roll_up_phase
from graphql_api.services.schedule.spans import phase_days

if TYPE_CHECKING:
    from graphql_api.services.models import User
    from graphql_api.services.projects.rules import ProjectRules
    from graphql_api.services.projects.specs import PhaseSpec, SprintSpec
    from graphql_api.services.projects.storage import Draft, ProjectStorage


def slot(position: int | None, size: int) -> int:
    """The list index of a 1-based `position` among `size` places; no position means the last."""
    if position is None:
        return size - 1
    validation.number_range(position, "position", low=1, high=size)
    return position - 1


class PlanStructure:
    """The structure edits of issue 13; validation first, then one versioned write each."""

    def __init__(self, storage: ProjectStorage, rules: ProjectRules) -> None:
        self._storage = storage
        self._rules = rules

    async def add_phase(
        self, user: User, project_id: str, spec: PhaseSpec, position: int | None
    ) -> PhaseEdit:
        rules = self._rules
        checked = validated_phase(
            spec, rules
        )  # too short for its sprints: the outline check says durationWeeks

        async def apply(draft: Draft) -> Phase:
            phases = draft.project.phases
            if len(phases) >= rules.limits.phases_per_project:
                msg = f"A project holds at most {rules.limits.phases_per_project} phases."
                raise BadInputError(msg, field="projectId")
            index = slot(position, len(phases) + 1)
            phase = new_phase(checked, 1 + sum(len(p.sprints) for p in phases))
            if chain.is_default_chain(phases):
                phases.insert(index, phase)
                chain.follow_order(phases)
            else:
                chain.pin_links(phases)
                phases.insert(index, phase)
                phase.depends_on = chain.chain_link(phases, index)
            draft.activity.say(f"added the phase '{phase.name}'", phase.id)
            return phase

        activity = Activity(ActivityKind.PHASE, "addPhase")
        view, phase = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return PhaseEdit(view, phase)

    async def delete_phase(self, user: User, project_id: str, phase_id: str) -> bool:
        async def apply(draft: Draft) -> None:
            phases = draft.project.phases
            phase = find_phase(draft.project, phase_id)
            if len(phases) == 1:
                raise BadInputError("A project keeps at least one phase.", field="phaseId")
            if chain.is_default_chain(phases):
                phases.remove(phase)
                chain.follow_order(phases)
            else:
                chain.pin_links(phases)
                chain.bypass(phases, phase)
                phases.remove(phase)
            draft.project.forget_tasks({t.id for s in phase.sprints for t in s.tasks})
            if phase.has_text:
                draft.drop_text(phase.id)
            draft.activity.say(f"deleted the phase '{phase.name}'", phase.id)

        await self._storage.mutate(
            user.id, project_id, apply, activity=Activity(ActivityKind.PHASE, "deletePhase")
        )
        return True

    async def move_phase(self, user: User, project_id: str, phase_id: str, position: int) -> ProjectView:
        async def apply(draft: Draft) -> None:
            phases = draft.project.phases
            phase = find_phase(draft.project, phase_id)
            index = slot(position, len(phases))
            default = chain.is_default_chain(phases)
            if not default:
                chain.pin_links(phases)
            phases.remove(phase)
            phases.insert(index, phase)
            if default:
                chain.follow_order(phases)
            draft.activity.say(f"moved the phase '{phase.name}' to position {index + 1}", phase.id)

        activity = Activity(ActivityKind.PHASE, "movePhase")
        view, _ = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return view

    async def add_sprint(
        self, user: User, project_id: str, phase_id: str, spec: SprintSpec, position: int | None
    ) -> SprintEdit:
        rules = self._rules
        name = rules.name(spec.name, "name")
        goal = rules.optional_text(spec.goal, "goal") or ""

        async def apply(draft: Draft) -> tuple[Phase, Sprint]:
            phase = find_phase(draft.project, phase_id)
            room = min(rules.limits.sprints_per_phase, phase_days(phase.duration_weeks))
            if len(phase.sprints) >= room:
                msg = (
                    f"Phase '{phase.name}' holds at most {room} sprints "
                    f"({rules.limits.sprints_per_phase} at most, and at least a day each)."
                )
                raise BadInputError(msg, field="phaseId")
            index = slot(position, len(phase.sprints) + 1)
            sprint = Sprint(id=new_id(), name=name, goal=goal)
            phase.sprints.insert(index, sprint)
            draft.activity.say(f"added the sprint '{sprint.name}' to '{phase.name}'", sprint.id, phase.id)
            return phase, sprint

        activity = Activity(ActivityKind.SPRINT, "addSprint")
        view, (phase, sprint) = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return SprintEdit(view, phase, sprint)

    async def delete_sprint(self, user: User, project_id: str, phase_id: str, sprint_id: str) -> bool:
        async def apply(draft: Draft) -> None:
            phase, sprint = find_sprint(draft.project, phase_id, sprint_id)
            phase.sprints.remove(sprint)
            draft.activity.say(f"deleted the sprint '{sprint.name}' of '{phase.name}'", sprint.id, phase.id)
            roll_up_phase(phase)
            draft.project.forget_tasks({t.id for t in sprint.tasks})
            if not phase.has_text:
                return
            text = await draft.text(phase.id)
            had_content = text.sprints.pop(sprint.id, None) is not None
            described = [text.task_descriptions.pop(t.id, None) for t in sprint.tasks]
            if not had_content and all(d is None for d in described):
                draft.untouch(phase.id)

        await self._storage.mutate(
            user.id, project_id, apply, activity=Activity(ActivityKind.SPRINT, "deleteSprint")
        )
        return True

    async def move_task(
        self, user: User, project_id: str, task_id: str, sprint_id: str, position: int | None
    ) -> TaskEdit:
        limit = self._rules.limits.tasks_per_sprint

        async def apply(draft: Draft) -> tuple[Phase, Task, str | None]:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            source_phase, source, task = found
            phase, target = find_sprint_anywhere(draft.project, sprint_id)
            if target is not source and len(target.tasks) >= limit:
                raise BadInputError(f"A sprint holds at most {limit} tasks.", field="sprintId")
            source.tasks.remove(task)
            target.tasks.insert(slot(position, len(target.tasks) + 1), task)
            roll_up(source_phase, source)
            roll_up(phase, target)
            draft.activity.say(f"moved '{task.title}' to '{target.name}'", task.id, source.id, target.id)
            if phase is source_phase or not source_phase.has_text:
                return phase, task, None
            texts = await draft.texts([source_phase.id, phase.id])
            description = texts[source_phase.id].task_descriptions.pop(task.id, None)
            if description is None:
                draft.untouch(source_phase.id)
                draft.untouch(phase.id)
            else:
                texts[phase.id].task_descriptions[task.id] = description
            return phase, task, description

        activity = Activity(ActivityKind.TASK, "moveTask")
        view, (phase, task, description) = await self._storage.mutate(
            user.id, project_id, apply, activity=activity
        )
        return TaskEdit(view, phase.id, task, description)
