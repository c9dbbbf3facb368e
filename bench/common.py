"""Shared set-up for the benchmarks: a container on a temp folder, a seeded project."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphql_api.config import load_settings
from graphql_api.container import Container, build_container
from graphql_api.services.models import User
from graphql_api.services.projects.results import ProjectView
from graphql_api.services.projects.specs import NewProject, PhaseSpec, TaskSpec

GENERATION = "generation { engine model cached generatedAt inputTokens outputTokens costUsd repairs fixes }"
PHASE_CONTENT = (
    "content { summary objectives deliverables { name description discipline } milestones { name week criteria } "
    "roles { role discipline count allocation } acceptanceCriteria risks }"
)
SPRINT_CONTENT = "content { summary definitionOfDone }"
NO_CONTENT_SELECTION = """
  id name requirements constraints disciplines status templateId startDate endDate criticalPath
  scheduleVarianceDays version createdAt updatedAt
  team { name email role allocation }
  phases { id name order status description durationWeeks startDate endDate totalFloatDays critical
    sprints { id name order status goal startDate endDate
      tasks { id title description discipline role estimateHours storyPoints status completedAt actualHours
        assigneeId dependsOn scheduleConflict } } }
"""
# Every scalar of the project, its team, phases, sprints and tasks, with content and generation.
FULL_SELECTION = NO_CONTENT_SELECTION.replace(
    "totalFloatDays critical\n", f"totalFloatDays critical {GENERATION} {PHASE_CONTENT}\n"
).replace("startDate endDate\n      tasks", f"startDate endDate {GENERATION} {SPRINT_CONTENT}\n      tasks")


def container(data_dir: Path | None = None, **overrides: Any) -> Container:
    folder = data_dir or Path(tempfile.mkdtemp())
    values: dict[str, Any] = {
        "data_dir": folder,
        "jwt_secret": "b" * 40,
        "bcrypt_rounds": 10,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return build_container(load_settings(**values))


async def seed(
    c: Container, phases: int, sprints: int, tasks: int, email: str = "bench@example.com"
) -> tuple[User, str, str]:
    """A user with one project of phases x sprints x tasks; returns the user, a token and the project id."""
    user, issued = await c.auth.register("Bench", email, "correct horse battery")
    spec = NewProject(
        name="Bench project",
        requirements="A benchmark project. " * 10,
        disciplines=["civil", "structural"],
        phases=[PhaseSpec(name=f"Phase {n}", duration_weeks=8, sprint_count=sprints) for n in range(phases)],
    )
    view = await c.projects.create(user, spec)
    for phase in view.project.phases:
        for sprint in phase.sprints:
            for t in range(tasks):
                task = TaskSpec(
                    title=f"Task {t}",
                    description=f"Description of task {t} " * 4,
                    estimate_hours=8,
                    story_points=3,
                )
                await c.projects.add_task(user, view.project.id, phase.id, sprint.id, task)
    return user, issued.token, view.project.id


def plain_json(view: ProjectView) -> str:
    """The baseline every benchmark compares GraphQL with: the stored records, json.dumps'd."""
    body = {
        "project": view.project.model_dump(mode="json"),
        "texts": {k: v.model_dump(mode="json") for k, v in (view.texts or {}).items()},
    }
    return json.dumps(body)


async def write_phase_content(c: Container, user: User, project_id: str) -> None:
    """Every phase's plan written by the offline planner (a phase job each), as a team would have it."""
    from graphql_api.jobs.local import LocalRunner
    from graphql_api.services.models import JobParams

    view = await c.projects.get(user, project_id)
    for phase in view.project.phases:
        await c.generation.submit_phase(user, project_id, phase.id, JobParams())
    assert isinstance(c.dispatcher, LocalRunner)
    await c.dispatcher.drain()
