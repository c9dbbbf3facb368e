"""Earned value in hours (0/100 rule), as the contract defines it.

Kept apart from the rest of the analytics because its figures are a definition a
project manager checks by hand: one function, each figure one line.
"""

from __future__ import annotations

from datetime import date

from graphql_api.core.enums import WorkStatus
from graphql_api.services.models import Project, Record
from graphql_api.services.schedule.plan import PlanDates


class EarnedValue(Record):
    as_of: date
    budget_at_completion: float
    planned_value: float
    earned_value: float
    actual_cost: float
    schedule_variance: float
    cost_variance: float
    spi: float | None
    cpi: float | None
    estimate_at_completion: float | None


def _ratio(numerator: float, divisor: float) -> float | None:
    return round(numerator / divisor, 4) if divisor else None


def earned_value(project: Project, dates: PlanDates, as_of: date) -> EarnedValue:
    """PV pro-rates each sprint's hours by the days of it elapsed by the end of `as_of`."""
    bac = pv = ev = ac = 0.0
    for phase in project.phases:
        for sprint, span in zip(phase.sprints, dates.sprints(phase), strict=True):
            days = (span.end - span.start).days + 1
            elapsed = min(max(((as_of - span.start).days + 1) / days, 0.0), 1.0)
            for task in sprint.tasks:
                bac += task.estimate_hours
                pv += task.estimate_hours * elapsed
                ac += task.actual_hours
                done_on = task.completed_at if task.status == WorkStatus.DONE else None
                if done_on is not None and done_on.date() <= as_of:
                    ev += task.estimate_hours
    return EarnedValue(
        as_of=as_of,
        budget_at_completion=round(bac, 2),
        planned_value=round(pv, 2),
        earned_value=round(ev, 2),
        actual_cost=round(ac, 2),
        schedule_variance=round(ev - pv, 2),
        cost_variance=round(ev - ac, 2),
        spi=_ratio(ev, pv),
        cpi=_ratio(ev, ac),
        estimate_at_completion=round(bac * ac / ev, 2) if ev and ac else None,  # BAC / CPI, unrounded
    )
