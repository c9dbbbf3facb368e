"""Baselines: a snapshot of the plan's dates and totals, and the variance measured against it."""

from __future__ import annotations

from datetime import datetime

from graphql_api.services.models import Baseline, BaselinePhase, Project
from graphql_api.services.schedule.plan import PlanDates, plan_dates


def snapshot(project: Project, baseline_id: str, name: str, now: datetime) -> Baseline:
    dates = plan_dates(project)
    tasks = list(project.all_tasks())
    return Baseline(
        id=baseline_id,
        name=name,
        created_at=now,
        start_date=project.start_date,
        end_date=dates.end or project.start_date,
        total_points=sum(t.story_points for t in tasks),
        total_hours=round(sum(t.estimate_hours for t in tasks), 2),
        phases=[
            BaselinePhase(
                phase_id=p.id, name=p.name, start_date=dates.span(p).start, end_date=dates.span(p).end
            )
            for p in project.phases
        ],
    )


def keep(baselines: list[Baseline], newest: Baseline, limit: int) -> list[Baseline]:
    """Newest first; beyond `limit` the oldest go."""
    return [newest, *baselines][: max(limit, 1)]


def variance_days(project: Project, dates: PlanDates) -> int | None:
    """The project's end minus the latest baseline's end (late is positive); None without one."""
    if not project.baselines:
        return None
    return ((dates.end or project.start_date) - project.baselines[0].end_date).days


def phase_baseline(project: Project, phase_id: str) -> BaselinePhase | None:
    """The phase in the latest baseline; None without one or for a phase added since."""
    latest = project.baselines[0] if project.baselines else None
    return next((p for p in latest.phases if p.phase_id == phase_id), None) if latest else None
