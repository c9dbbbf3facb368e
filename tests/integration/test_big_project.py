"""A fully generated 12 x 8 project (well over 1 MB of text) on DynamoDB's real limits."""

from __future__ import annotations

import random

import pytest

from graphql_api.ai.meta import Meta
from graphql_api.container import Container
from graphql_api.core.clock import utcnow
from graphql_api.core.enums import AIEngine
from graphql_api.services.models import PhaseContent, SprintContent
from graphql_api.services.projects.specs import GeneratedSprint, TaskSpec
from graphql_api.store.tables import PROJECTS
from tests.conftest import PROJECT_FIELDS, Api, RequestCounter

pytestmark = pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)

WORDS = [
    "load",
    "bearing",
    "beam",
    "column",
    "slab",
    "footing",
    "pile",
    "settlement",
    "drainage",
    "culvert",
    "abutment",
    "pier",
    "deck",
    "girder",
    "tendon",
    "anchorage",
    "bearing",
    "joint",
    "survey",
    "borehole",
    "clay",
    "gravel",
    "sand",
    "rock",
    "groundwater",
    "permit",
    "consent",
    "tender",
    "contractor",
    "programme",
    "milestone",
    "inspection",
    "certificate",
    "drawing",
    "specification",
    "calculation",
    "check",
    "review",
    "approval",
    "design",
    "model",
    "analysis",
    "stress",
    "strain",
    "deflection",
    "fatigue",
    "corrosion",
    "coating",
    "steel",
    "concrete",
    "reinforcement",
    "formwork",
    "scaffold",
    "crane",
    "access",
    "traffic",
    "diversion",
    "utility",
    "cable",
    "duct",
]


def prose(rng: random.Random, words: int) -> str:
    """Text with the variety of real writing (repetition would compress unrealistically well)."""
    out = []
    for _ in range(words):
        word = rng.choice(WORDS)
        out.append(word + (str(rng.randint(1, 999)) if rng.random() < 0.15 else ""))
    return " ".join(out).capitalize() + "."


async def test_a_12_by_8_project_saves_loads_and_costs_two_requests(
    api: Api, container: Container, dynamo_requests: RequestCounter
) -> None:
    rng = random.Random(7)
    token, user_id = await api.register()
    phases = [{"name": f"Phase {n}", "durationWeeks": 8, "sprintCount": 8} for n in range(1, 13)]
    project = await api.create_project(token, phases=phases)
    info = Meta(
        engine=AIEngine.BEDROCK,
        model="m",
        cached=False,
        generated_at=utcnow(),
        input_tokens=1,
        output_tokens=1,
    )
    raw = 0
    for phase in project["phases"]:
        content = PhaseContent(
            summary=prose(rng, 500),
            objectives=[prose(rng, 60) for _ in range(6)],
            acceptance_criteria=[prose(rng, 40) for _ in range(5)],
            risks=[prose(rng, 40) for _ in range(5)],
        )
        raw += len(content.model_dump_json())
        await container.results.apply_phase_plan(user_id, project["id"], phase["id"], content, info)
        for sprint in phase["sprints"]:
            plan = GeneratedSprint(
                goal=prose(rng, 20),
                content=SprintContent(
                    summary=prose(rng, 350), definition_of_done=[prose(rng, 30) for _ in range(4)]
                ),
                tasks=[
                    TaskSpec(
                        title=f"Task {n} {rng.choice(WORDS)}",
                        description=prose(rng, 80),
                        discipline="civil",
                        role="Engineer",
                        estimate_hours=8.0,
                        story_points=3,
                    )
                    for n in range(10)
                ],
            )
            raw += len(plan.content.model_dump_json()) + sum(len(t.description or "") for t in plan.tasks)
            await container.results.apply_sprint_plan(
                user_id, project["id"], phase["id"], sprint["id"], plan, info
            )
    assert raw > 1_000_000
    dynamo_requests.reset()
    data = await api.ok(
        f"query($id: ID!) {{ project(id: $id) {{ {PROJECT_FIELDS} }} }}", {"id": project["id"]}, token
    )
    loaded = data["project"]
    assert dict(dynamo_requests.by_operation) == {"GetItem": 1, "Query": 1}
    assert len(loaded["phases"]) == 12
    assert all(len(p["sprints"]) == 8 for p in loaded["phases"])
    assert all(len(s["tasks"]) == 10 and s["content"] for p in loaded["phases"] for s in p["sprints"])
    assert all(t["description"] for p in loaded["phases"] for s in p["sprints"] for t in s["tasks"])
    stored = await container.store.query(PROJECTS.name, project["id"])
    sizes = [sum(len(v) if isinstance(v, bytes | str) else 8 for v in item.values()) for item in stored.items]
    assert max(sizes) < 400_000  # every item far below DynamoDB's limit
    assert sum(sizes) < 1_000_000  # and the partition fits one Query page
