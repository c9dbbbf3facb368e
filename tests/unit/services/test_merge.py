"""Regenerating a sprint never loses what people did (the pure merge, without storage)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from graphql_api.core.enums import WorkStatus
from graphql_api.services.models import Task
from graphql_api.services.projects.merge import merge_sprint_tasks
from graphql_api.services.projects.specs import TaskSpec

DONE_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _ids():
    counter = itertools.count(1)
    return lambda: f"new-{next(counter)}"


def _ai(task_id: str, title: str, status: WorkStatus = WorkStatus.NOT_STARTED) -> Task:
    done = DONE_AT if status == WorkStatus.DONE else None
    return Task(id=task_id, title=title, generated=True, status=status, completed_at=done)


def _spec(title: str) -> TaskSpec:
    return TaskSpec(title=title, description=f"About {title}", estimate_hours=8, story_points=3)


def test_a_matching_title_keeps_the_task_id_and_its_progress() -> None:
    existing = [_ai("a", "Pour footings", WorkStatus.DONE), _ai("b", "Order rebar")]
    merged = merge_sprint_tasks(existing, [_spec("pour FOOTINGS"), _spec("Order rebar")], 10, _ids())
    assert [(t.id, t.status, t.completed_at) for t in merged.tasks] == [
        ("a", WorkStatus.DONE, DONE_AT),
        ("b", WorkStatus.NOT_STARTED, None),
    ]
    assert merged.tasks[0].title == "pour FOOTINGS"  # the new wording wins
    assert merged.descriptions == {"a": "About pour FOOTINGS", "b": "About Order rebar"}
    assert merged.removed == []


def test_two_tasks_of_one_title_stay_two_tasks_and_the_done_one_is_kept() -> None:
    existing = [_ai("a", "Design review", WorkStatus.DONE), _ai("b", "Design review")]
    merged = merge_sprint_tasks(existing, [_spec("Design review")], 10, _ids())
    # The plan names the title once: it takes the first (DONE) task; the second,
    # unstarted AI task is replaced. The finished work is never lost.
    assert [(t.id, t.status) for t in merged.tasks] == [("a", WorkStatus.DONE)]
    assert merged.removed == ["b"]


def test_a_repeated_title_in_the_plan_matches_each_existing_task_once() -> None:
    existing = [_ai("a", "Site visit", WorkStatus.DONE), _ai("b", "Site visit", WorkStatus.IN_PROGRESS)]
    merged = merge_sprint_tasks(existing, [_spec("Site visit"), _spec("Site visit")], 10, _ids())
    assert [(t.id, t.status) for t in merged.tasks] == [("a", WorkStatus.DONE), ("b", WorkStatus.IN_PROGRESS)]


def test_unstarted_ai_tasks_that_the_plan_drops_go_and_everything_else_stays() -> None:
    handmade = Task(id="h", title="Call the council")
    existing = [
        _ai("old", "Obsolete idea"),
        _ai("started", "Half-done survey", WorkStatus.IN_PROGRESS),
        _ai("blocked", "Waiting on permit", WorkStatus.BLOCKED),
        handmade,
    ]
    merged = merge_sprint_tasks(existing, [_spec("Fresh task")], 10, _ids())
    assert [t.id for t in merged.tasks] == ["new-1", "started", "blocked", "h"]
    assert merged.removed == ["old"]
    assert merged.descriptions == {"new-1": "About Fresh task"}


def test_the_task_limit_never_cuts_kept_work() -> None:
    existing = [_ai(f"done-{n}", f"Finished {n}", WorkStatus.DONE) for n in range(3)]
    existing.append(Task(id="h", title="Hand-made"))
    plan = [_spec(f"New {n}") for n in range(5)]
    merged = merge_sprint_tasks(existing, plan, 6, _ids())
    ids = [t.id for t in merged.tasks]
    assert ids == ["new-1", "new-2", "done-0", "done-1", "done-2", "h"]
    assert len(ids) == 6  # the limit holds by dropping unstarted new tasks, last first
    assert set(merged.descriptions) == {"new-1", "new-2"}


def test_kept_work_over_the_limit_stays_whole() -> None:
    existing = [_ai(f"d{n}", f"Done {n}", WorkStatus.DONE) for n in range(4)]
    merged = merge_sprint_tasks(existing, [_spec("Another")], 3, _ids())
    assert [t.id for t in merged.tasks] == ["d0", "d1", "d2", "d3"]


def test_hours_logged_against_an_unstarted_task_keep_it_and_its_hours() -> None:
    logged = _ai("a", "Survey site").model_copy(update={"actual_hours": 6.0})
    matched = merge_sprint_tasks([logged], [_spec("Survey site")], 10, _ids())
    assert [(t.id, t.actual_hours) for t in matched.tasks] == [("a", 6.0)]
    unnamed = merge_sprint_tasks([logged], [_spec("Order rebar")], 10, _ids())
    assert [(t.id, t.actual_hours) for t in unnamed.tasks] == [("new-1", 0.0), ("a", 6.0)]
    assert unnamed.removed == []
