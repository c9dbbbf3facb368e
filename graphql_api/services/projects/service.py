"""Projects as their users change them: create, update, delete, and edit phases, sprints and tasks.

Every edit goes through `ProjectStorage.mutate`: validated first, applied to a fresh
copy of the outline, written under the version condition, retried on a race.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ActivityKind, ProjectRole, WorkStatus
from graphql_api.core.errors import BadInputError, NotFoundError
from graphql_api.services.activity.records import Activity
from graphql_api.services.models import Baseline, Phase, Project, Risk, Sprint, Task, TemplatePhase, User
from graphql_api.services.projects import baselines
from graphql_api.services.projects.lifecycle import build_phases, default_phases, new_id
from graphql_api.services.projects.lookup import find_phase, find_sprint
from graphql_api.services.projects.members import assignee_in, owner_member
from graphql_api.services.projects.reads import ProjectQueries
from graphql_api.services.projects.results import PhaseEdit, ProjectView, SprintEdit, TaskEdit
from graphql_api.services.projects.rollup import roll_up
from graphql_api.services.projects.rules import ProjectRules
from graphql_api.services.projects.storage import Draft, ProjectStorage
from graphql_api.services.schedule.network import NetworkError
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.schedule.tasks import closes_cycle
from graphql_api.services.templates.service import usage_increment
from graphql_api.store.ops import WriteOp

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.auth.tokens import TokenService
    from graphql_api.services.projects.specs import (
        NewProject,
        PhaseChanges,
        PhaseLinkSpec,
        PhaseSpec,
        ProjectChanges,
        RiskChanges,
        SprintChanges,
        TaskChanges,
        TaskSpec,
    )
    from graphql_api.services.templates.service import TemplateService


def _assign(target: object, values: dict[str, object]) -> None:
    for name, value in values.items():
        setattr(target, name, value)


class ProjectService(ProjectQueries):
    def __init__(
        self, storage: ProjectStorage, templates: TemplateService, tokens: TokenService, limits: Limits
    ) -> None:
        super().__init__(storage, tokens, limits)
        self._templates = templates
        self._rules = ProjectRules(limits)

    async def create(self, user: User, spec: NewProject) -> ProjectView:
        rules = self._rules
        name = rules.name(spec.name, "name")
        requirements = rules.requirements(spec.requirements)
        disciplines = rules.strings(spec.disciplines, "disciplines", required=True)
        constraints = rules.strings(spec.constraints or (), "constraints")
        team = rules.team(spec.team or ())
        extra: list[WriteOp] = []
        layout: Sequence[TemplatePhase | PhaseSpec]
        if spec.template_id is not None:
            try:
                template = await self._templates.get(user, spec.template_id)
            except NotFoundError:
                raise NotFoundError("Template not found.", field="templateId") from None
            layout = template.phases
            extra.append(usage_increment(template.id))
        elif spec.phases is not None:
            layout = spec.phases
        else:
            layout = default_phases(disciplines, f"{name}. {requirements}")
        now = utcnow()
        project = Project(
            id=new_id(),
            user_id=user.id,
            name=name,
            requirements=requirements,
            constraints=constraints,
            disciplines=disciplines,
            template_id=spec.template_id,
            start_date=rules.start_date(spec.start_date) if spec.start_date else now.date(),
            team=team,
            phases=build_phases(layout, rules),
            members=[owner_member(user, now)],
            created_at=now,
            updated_at=now,
        )
        rules.check_schedule(project)
        created = Activity(
            ActivityKind.PROJECT, "createProject", [project.id], f"created the project '{name}'"
        )
        await self._storage.insert(project, created, extra)
        return ProjectView(project, {})

    async def update(self, user: User, project_id: str, changes: ProjectChanges) -> ProjectView:
        values = self._rules.project_changes(changes)

        async def apply(draft: Draft) -> None:
            _assign(draft.project, values)
            draft.activity.say(f"updated the project ({', '.join(sorted(values)) or 'nothing'})", project_id)

        view, _ = await self._storage.mutate(
            user.id,
            project_id,
            apply,
            activity=Activity(ActivityKind.PROJECT, "updateProject"),
            need=ProjectRole.OWNER,
            expected_version=changes.expected_version,
        )
        return view

    async def delete(self, user: User, project_id: str) -> bool:
        await self._storage.remove(user.id, project_id)
        return True

    async def update_phase(
        self, user: User, project_id: str, phase_id: str, changes: PhaseChanges
    ) -> PhaseEdit:
        values = self._rules.phase_changes(changes)
        activity = Activity(ActivityKind.PHASE, "updatePhase")
        return await self._edit_phase(
            user, project_id, phase_id, lambda _, phase: _assign(phase, values), activity, sorted(values)
        )

    async def _edit_phase(
        self,
        user: User,
        project_id: str,
        phase_id: str,
        change: Callable[[Project, Phase], None],
        activity: Activity,
        fields: list[str],
    ) -> PhaseEdit:
        async def apply(draft: Draft) -> Phase:
            phase = find_phase(draft.project, phase_id)
            change(draft.project, phase)
            what = "the dependencies" if activity.kind == ActivityKind.SCHEDULE else ", ".join(fields)
            draft.activity.say(f"changed {what} of phase '{phase.name}'", phase.id)
            return phase

        view, phase = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return PhaseEdit(view, phase)

    async def update_sprint(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, changes: SprintChanges
    ) -> SprintEdit:
        values = self._rules.sprint_changes(changes)

        async def apply(draft: Draft) -> tuple[Phase, Sprint]:
            phase, sprint = find_sprint(draft.project, phase_id, sprint_id)
            _assign(sprint, values)
            draft.activity.say(f"changed {', '.join(sorted(values))} of sprint '{sprint.name}'", sprint.id)
            return phase, sprint

        activity = Activity(ActivityKind.SPRINT, "updateSprint")
        view, (phase, sprint) = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return SprintEdit(view, phase, sprint)

    async def set_phase_dependencies(
        self, user: User, project_id: str, phase_id: str, links: Sequence[PhaseLinkSpec]
    ) -> PhaseEdit:
        """Replace a phase's dependencies; a cycle, itself or an unknown phase writes nothing."""
        stored = self._rules.phase_links(links)

        def change(project: Project, phase: Phase) -> None:
            phase.depends_on = stored
            try:
                plan_dates(project)
            except NetworkError as exc:
                raise BadInputError(str(exc), field="dependencies") from None

        activity = Activity(ActivityKind.SCHEDULE, "setPhaseDependencies")
        return await self._edit_phase(user, project_id, phase_id, change, activity, ["dependsOn"])

    async def set_task_dependencies(
        self, user: User, project_id: str, task_id: str, depends_on: Sequence[str]
    ) -> TaskEdit:
        """Replace what a task waits on: tasks of this project, never itself, never a cycle."""
        wanted = list(dict.fromkeys(depends_on))
        if len(wanted) > self._rules.limits.list_items:
            msg = f"A task depends on at most {self._rules.limits.list_items} tasks."
            raise BadInputError(msg, field="dependsOn")

        async def apply(draft: Draft) -> tuple[Phase, Task]:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            phase, _, task = found
            known = {t.id for t in draft.project.all_tasks()}
            unknown = [i for i in wanted if i == task_id or i not in known]
            if unknown:
                msg = "A task depends only on other tasks of its project."
                raise BadInputError(msg, field="dependsOn")
            if closes_cycle(draft.project, task_id, wanted):
                raise BadInputError("These dependencies would make a task wait on itself.", field="dependsOn")
            task.depends_on = wanted
            draft.activity.say(f"set what '{task.title}' waits on ({len(wanted)} tasks)", task.id, *wanted)
            return phase, task

        activity = Activity(ActivityKind.SCHEDULE, "setTaskDependencies")
        view, (phase, task) = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return TaskEdit(view, phase.id, task, None)

    async def set_baseline(self, user: User, project_id: str, name: str | None) -> Baseline:
        """Snapshot the plan as it stands; beyond the configured number the oldest goes."""
        given = self._rules.optional_name(name, "name")
        now = utcnow()

        async def apply(draft: Draft) -> Baseline:
            project = draft.project
            label = given or f"Baseline of {now.date().isoformat()}"
            baseline = baselines.snapshot(project, new_id(), label, now)
            project.baselines = baselines.keep(
                project.baselines, baseline, self._rules.limits.baselines_per_project
            )
            draft.activity.say(f"set the baseline '{label}'", baseline.id)
            return baseline

        activity = Activity(ActivityKind.BASELINE, "setBaseline")
        _, baseline = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return baseline

    async def update_risk(self, user: User, project_id: str, risk_id: str, changes: RiskChanges) -> Risk:
        """Keep the latest assessment's register up to date; its score and level follow."""
        values = self._rules.risk_changes(changes)

        async def apply(draft: Draft) -> Risk:
            assessment = await self._storage.latest_risk(draft.project)
            risk = next((r for r in assessment.risks if r.id == risk_id), None) if assessment else None
            if assessment is None or risk is None:
                raise NotFoundError("Risk not found in the latest assessment.", field="riskId")
            _assign(risk, values)
            draft.write_risk(assessment)
            draft.activity.say(f"updated the risk '{risk.title}' ({', '.join(sorted(values))})", risk.id)
            return risk

        activity = Activity(ActivityKind.RISK, "updateRisk")
        _, risk = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return risk

    async def add_task(
        self, user: User, project_id: str, phase_id: str, sprint_id: str, spec: TaskSpec
    ) -> TaskEdit:
        rules = self._rules
        fields = rules.task_changes(spec)  # title, role, discipline and the numbers, as an edit checks them
        description = rules.optional_text(spec.description, "description")
        status = spec.status or WorkStatus.NOT_STARTED
        now = utcnow()

        async def apply(draft: Draft) -> Task:
            phase, sprint = find_sprint(draft.project, phase_id, sprint_id)
            assignee = assignee_in(draft.project, spec.assignee_id)
            if len(sprint.tasks) >= rules.limits.tasks_per_sprint:
                msg = f"A sprint holds at most {rules.limits.tasks_per_sprint} tasks."
                raise BadInputError(msg, field="sprintId")
            done = now if status == WorkStatus.DONE else None
            task = Task(id=new_id(), status=status, completed_at=done, assignee_id=assignee, **fields)
            sprint.tasks.append(task)
            roll_up(phase, sprint)
            if description:
                (await draft.text(phase_id)).task_descriptions[task.id] = description
            draft.activity.say(f"added '{task.title}' to '{sprint.name}'", task.id, sprint.id, phase.id)
            return task

        activity = Activity(ActivityKind.TASK, "addTask")
        view, task = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        return TaskEdit(view, phase_id, task, description or "")

    async def update_task(self, user: User, project_id: str, task_id: str, changes: TaskChanges) -> TaskEdit:
        fields = self._rules.task_changes(changes)
        description = self._rules.optional_text(changes.description, "description")

        async def apply(draft: Draft) -> tuple[Phase, Task]:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            phase, sprint, task = found
            _assign(task, fields)
            if changes.assignee_id is not None:
                task.assignee_id = assignee_in(draft.project, changes.assignee_id)
            if changes.status is not None and changes.status != task.status:
                task.status = changes.status
                task.completed_at = utcnow() if changes.status == WorkStatus.DONE else None
                roll_up(phase, sprint)
            if changes.completed_on is not None:
                start, today = draft.project.start_date, utcnow().date()
                task.completed_at = self._rules.completion(changes.completed_on, task.status, start, today)
            if changes.description is not None:
                descriptions = (await draft.text(phase.id)).task_descriptions
                if description:
                    descriptions[task.id] = description
                else:
                    descriptions.pop(task.id, None)
            if changes.status is not None and set(fields) <= {"status"}:
                draft.activity.say(f"set '{task.title}' to {task.status.value}", task.id)
            else:
                changed = sorted({*fields, *(["description"] if changes.description is not None else [])})
                draft.activity.say(f"updated '{task.title}' ({', '.join(changed) or 'nothing'})", task.id)
            return phase, task

        activity = Activity(ActivityKind.TASK, "updateTask")
        view, (phase, task) = await self._storage.mutate(user.id, project_id, apply, activity=activity)
        new_description = (description or "") if changes.description is not None else None
        return TaskEdit(view, phase.id, task, new_description)

    async def delete_task(self, user: User, project_id: str, task_id: str) -> bool:
        async def apply(draft: Draft) -> None:
            found = draft.project.find_task(task_id)
            if found is None:
                raise NotFoundError("Task not found.", field="taskId")
            phase, sprint, task = found
            sprint.tasks.remove(task)
            roll_up(phase, sprint)
            draft.project.forget_tasks({task_id})
            text = await draft.text(phase.id)
            if text.task_descriptions.pop(task.id, None) is None:
                draft.untouch(phase.id)  # nothing to rewrite
            draft.activity.say(f"deleted '{task.title}' from '{sprint.name}'", task.id, sprint.id)

        await self._storage.mutate(
            user.id, project_id, apply, activity=Activity(ActivityKind.TASK, "deleteTask")
        )
        return True
