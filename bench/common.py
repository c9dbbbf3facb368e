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

FULL_SELECTION = """
  id name requirements constraints disciplines status templateId startDate endDate version createdAt updatedAt
  team { name email role allocation }
  phases { id name order status description durationWeeks startDate endDate
    sprints { id name order status goal startDate endDate
      tasks { id title description discipline role estimateHours storyPoints status completedAt } } }
"""


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
