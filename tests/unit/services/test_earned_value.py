"""Earned value against figures worked out by hand (hours, 0/100 rule)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graphql_api.core.enums import WorkStatus
from graphql_api.services.earned_value import earned_value
from graphql_api.services.models import Phase, Project, Sprint, Task
from graphql_api.services.schedule.plan import plan_dates

STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def _task(name: str, hours: float, actual: float, done_on: date | None = None) -> Task:
    return Task(
        id=name,
        title=name,
        estimate_hours=hours,
        actual_hours=actual,
        status=WorkStatus.DONE if done_on else WorkStatus.IN_PROGRESS,
        completed_at=datetime(done_on.year, done_on.month, done_on.day, tzinfo=UTC) if done_on else None,
    )


def _project() -> Project:
    """One two-week phase from Monday 5 January: sprint 1 runs 5-11, sprint 2 12-18."""
    first = Sprint(
        id="s1",
        name="S1",
        tasks=[_task("a", 10, 12, date(2026, 1, 8)), _task("b", 20, 15, date(2026, 1, 12))],
    )
    second = Sprint(id="s2", name="S2", tasks=[_task("c", 30, 5)])
    phase = Phase(id="p", name="Design", duration_weeks=2, sprints=[first, second])
    return Project(
        id="x",
        user_id="u",
        name="Footbridge",
        requirements="r",
        start_date=date(2026, 1, 5),
        phases=[phase],
        created_at=STAMP,
        updated_at=STAMP,
    )


def test_the_sprints_are_the_weeks_the_figures_assume() -> None:
    project = _project()
    spans = plan_dates(project).sprints(project.phases[0])
    assert [(s.start, s.end) for s in spans] == [
        (date(2026, 1, 5), date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 18)),
    ]


def test_mid_sprint_planned_value_is_pro_rated_and_late_completions_earn_nothing_yet() -> None:
    project = _project()
    ev = earned_value(project, plan_dates(project), date(2026, 1, 10))
    # Sprint 1: 6 of 7 days elapsed by the end of the 10th: PV = 30 x 6/7; sprint 2 not begun.
    planned = 30 * 6 / 7
    assert ev.budget_at_completion == 60
    assert ev.planned_value == pytest.approx(round(planned, 2))
    assert ev.earned_value == 10  # b was done on the 12th, after asOf
    assert ev.actual_cost == 32  # every hour logged, whenever
    assert ev.schedule_variance == pytest.approx(round(10 - planned, 2))
    assert ev.cost_variance == -22
    assert ev.spi == pytest.approx(round(10 / planned, 4))
    assert ev.cpi == 0.3125
    assert ev.estimate_at_completion == 192  # 60 / 0.3125


def test_after_the_end_everything_is_planned() -> None:
    project = _project()
    ev = earned_value(project, plan_dates(project), date(2026, 1, 20))
    assert (ev.planned_value, ev.earned_value, ev.spi, ev.cpi) == (60, 30, 0.5, 0.9375)
    assert ev.estimate_at_completion == 64  # 60 / 0.9375


def test_before_the_start_the_ratios_have_no_divisor() -> None:
    project = _project()
    ev = earned_value(project, plan_dates(project), date(2026, 1, 1))
    assert (ev.planned_value, ev.earned_value, ev.actual_cost) == (0, 0, 32)
    assert ev.spi is None  # PV is 0
    assert ev.cpi == 0  # EV 0 over AC 32
    assert ev.estimate_at_completion is None  # CPI 0


def test_no_hours_logged_leaves_cpi_and_eac_null() -> None:
    project = _project()
    for task in project.phases[0].sprints[0].tasks + project.phases[0].sprints[1].tasks:
        task.actual_hours = 0
    ev = earned_value(project, plan_dates(project), date(2026, 1, 20))
    assert (ev.actual_cost, ev.cpi, ev.estimate_at_completion, ev.cost_variance) == (0, None, None, 30)
