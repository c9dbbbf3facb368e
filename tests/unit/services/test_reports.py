"""Report charts carry their axes, figures and labels; report wording says each thing once, for a reader."""

from __future__ import annotations

import re

from graphql_api.services.interchange.charts import burndown_svg, velocity_svg
from graphql_api.services.interchange.wording import ai_line


def test_velocity_has_axes_values_and_sprint_names() -> None:
    svg = velocity_svg(
        [
            {"sprintId": "a", "name": "Sprint 1", "plannedPoints": 10, "completedPoints": 4},
            {"sprintId": "b", "name": "Design <freeze>", "plannedPoints": 6, "completedPoints": 6},
        ]
    )
    ticks = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert ticks == ["0", "5", "10"]
    assert ">4</text>" in svg  # each bar says its value
    assert "Sprint 1</text>" in svg
    assert "Design &lt;freeze&gt;" in svg  # escaped
    assert "story points" in svg


def test_burndown_draws_ideal_actual_and_a_dashed_projection() -> None:
    points = [
        {"date": "2026-03-15", "remainingPoints": 30, "idealPoints": 24.0, "projected": False},
        {"date": "2026-03-29", "remainingPoints": 20, "idealPoints": 12.0, "projected": False},
        {"date": "2026-04-12", "remainingPoints": 20, "idealPoints": 0.0, "projected": True},
    ]
    svg = burndown_svg(points)
    assert svg.count("<polyline") == 3
    projected = re.search(r'<polyline class="projected" points="([^"]+)"[^>]*stroke-dasharray', svg)
    assert projected is not None
    assert len(projected.group(1).split()) == 2  # from the last actual point to the projected one
    actual = re.search(r'<polyline class="actual" points="([^"]+)"', svg)
    assert actual is not None
    assert len(actual.group(1).split()) == 2
    assert "2026-04-12</text>" in svg


def test_ai_is_mentioned_only_when_it_helped_and_its_cost_only_when_there_was_one() -> None:
    assert ai_line({"requests": 0, "cacheHits": 0, "costUsd": 0.0}) is None
    assert (
        ai_line({"requests": 7, "cacheHits": 2, "costUsd": 0.0}) == "7 plan steps written with AI (2 reused)"
    )
    assert ai_line({"requests": 7, "cacheHits": 0, "costUsd": 0.4321}).endswith("cost $0.43")


def test_a_phase_description_the_summary_restates_is_said_once() -> None:
    from graphql_api.services.interchange.wording import phase_paragraphs

    restated = {
        "description": "Concept to detailed design",
        "content": {"summary": "Design: Concept to detailed design"},
    }
    assert phase_paragraphs(restated) == ["Design: Concept to detailed design"]
    distinct = {"description": "Concept", "content": {"summary": "Deck and piers"}}
    assert phase_paragraphs(distinct) == ["Concept", "Deck and piers"]
    assert phase_paragraphs({"description": "", "content": None}) == []
