"""Finding a phase or a sprint of a project, or the NOT_FOUND that names the missing id."""

from __future__ import annotations

from graphql_api.core.errors import NotFoundError
from graphql_api.services.models import Phase, Project, Sprint


def find_phase(project: Project, phase_id: str) -> Phase:
    phase = project.find_phase(phase_id)
    if phase is None:
        raise NotFoundError("Phase not found.", field="phaseId")
    return phase


def find_sprint(project: Project, phase_id: str, sprint_id: str) -> tuple[Phase, Sprint]:
    phase = find_phase(project, phase_id)
    sprint = next((s for s in phase.sprints if s.id == sprint_id), None)
    if sprint is None:
        raise NotFoundError("Sprint not found.", field="sprintId")
    return phase, sprint


def find_sprint_anywhere(project: Project, sprint_id: str) -> tuple[Phase, Sprint]:
    """A sprint by its id alone (moveTask's target may be in any phase)."""
    found = project.find_sprint(sprint_id)
    if found is None:
        raise NotFoundError("Sprint not found.", field="sprintId")
    return found
