"""Writing what an AI engine produced into a project, without losing what its people did.

Used by the generation worker only: it acts for the job's owner, whose id it carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql_api.ai.meta import GenerationInfo
from graphql_api.core.enums import ActivityKind
from graphql_api.services.activity.records import Activity
from graphql_api.services.models import Phase, PhaseContent, RiskAssessment, Sprint
from graphql_api.services.projects.lifecycle import new_id
from graphql_api.services.projects.lookup import find_phase, find_sprint
from graphql_api.services.projects.merge import merge_sprint_tasks
from graphql_api.services.projects.results import PhaseEdit, SprintEdit
from graphql_api.services.projects.rollup import roll_up
from graphql_api.services.projects.storage import Draft, ProjectStorage

if TYPE_CHECKING:
    from graphql_api.ai.meta import Meta
    from graphql_api.config import Limits
    from graphql_api.services.projects.specs import GeneratedSprint


def generation_info(meta: Meta) -> GenerationInfo:
    """What a phase, sprint or assessment keeps of the AI call that wrote it."""
    return GenerationInfo.of(meta)


class GenerationResults:
    def __init__(self, storage: ProjectStorage, limits: Limits) -> None:
        self._storage = storage
        self._limits = limits

    async def apply_phase_plan(
        self, owner_id: str, project_id: str, phase_id: str, content: PhaseContent, meta: Meta
    ) -> PhaseEdit:
        async def apply(draft: Draft) -> Phase:
            phase = find_phase(draft.project, phase_id)
            (await draft.text(phase_id)).phase = content
            phase.generation = generation_info(meta)
            draft.activity.say(
                f"had the plan of phase '{phase.name}' written by {meta.engine.value}", phase.id
            )
            return phase

        activity = Activity(ActivityKind.PHASE, "generatePhase")
        view, phase = await self._storage.mutate(owner_id, project_id, apply, activity=activity)
        return PhaseEdit(view, phase)

    async def apply_sprint_plan(
        self, owner_id: str, project_id: str, phase_id: str, sprint_id: str, plan: GeneratedSprint, meta: Meta
    ) -> SprintEdit:
        """Merge a generated sprint into the sprint (see `merge_sprint_tasks` for what stays)."""

        async def apply(draft: Draft) -> tuple[Phase, Sprint]:
            phase, sprint = find_sprint(draft.project, phase_id, sprint_id)
            text = await draft.text(phase_id)
            merged = merge_sprint_tasks(sprint.tasks, plan.tasks, self._limits.tasks_per_sprint, new_id)
            for task_id in merged.removed:
                text.task_descriptions.pop(task_id, None)
            text.task_descriptions.update(merged.descriptions)
            sprint.tasks = merged.tasks
            draft.project.forget_tasks(set(merged.removed))
            roll_up(phase, sprint)
            sprint.goal = plan.goal
            sprint.generation = generation_info(meta)
            text.sprints[sprint_id] = plan.content
            said = f"had sprint '{sprint.name}' planned by {meta.engine.value} ({len(merged.tasks)} tasks)"
            draft.activity.say(said, sprint.id, phase.id, *[t.id for t in merged.tasks])
            return phase, sprint

        activity = Activity(ActivityKind.SPRINT, "generateSprint")
        view, (phase, sprint) = await self._storage.mutate(owner_id, project_id, apply, activity=activity)
        return SprintEdit(view, phase, sprint)

    async def save_risk_assessment(self, owner_id: str, assessment: RiskAssessment) -> RiskAssessment:
        """Store a new assessment and make it the project's latest; earlier ones stay."""

        async def apply(draft: Draft) -> None:
            phase_ids = {p.id for p in draft.project.phases}
            for risk in assessment.risks:
                if risk.phase_id not in phase_ids:
                    risk.phase_id = None
            draft.project.latest_risk_sk = draft.write_risk(assessment)
            draft.activity.say(f"had the risks assessed ({len(assessment.risks)} risks)", assessment.id)

        activity = Activity(ActivityKind.RISK, "assessRisks")
        await self._storage.mutate(owner_id, assessment.project_id, apply, activity=activity)
        return assessment

    async def record_usage(self, project_id: str, meta: Meta) -> None:
        """Count one AI call for the project, atomically; never for a deleted project."""
        await self._storage.add_usage(project_id, meta)
