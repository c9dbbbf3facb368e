"""Project analytics, computed from the outline, the latest risk assessment and AI usage.

Pure functions over data already loaded: analytics for a project costs no storage
request beyond what loading it cost (usage and risk come in the same Query or batch).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import Field

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import LIVE_RISK_STATES, RiskLevel, WorkStatus
from graphql_api.services.earned_value import EarnedValue, earned_value
from graphql_api.services.models import AIUsage, Project, Record, RiskAssessment
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.workload import MemberWorkload, workload

UNASSIGNED = "unassigned"


class StatusCounts(Record):
    total: int = 0
    not_started: int = 0
    in_progress: int = 0
    blocked: int = 0
    done: int = 0

    @classmethod
    def of(cls, statuses: Iterable[WorkStatus]) -> StatusCounts:
        counts = Counter(statuses)
        return cls(
            total=sum(counts.values()),
            not_started=counts[WorkStatus.NOT_STARTED],
            in_progress=counts[WorkStatus.IN_PROGRESS],
            blocked=counts[WorkStatus.BLOCKED],
            done=counts[WorkStatus.DONE],
        )


class HoursBreakdown(Record):
    key: str
    hours: float


class SprintVelocity(Record):
    sprint_id: str
    name: str
    planned_points: int
    completed_points: int


class BurndownPoint(Record):
    date: date
    remaining_points: int = Field(description="All points minus those completed on or before `date`.")
    ideal_points: float = Field(description="All points falling linearly to 0 at the last sprint's end.")
    projected: bool = Field(
        default=False,
        description="After asOf: remainingPoints is the figure as of asOf, not history.",
    )


class RiskLevelCount(Record):
    level: RiskLevel
    count: int


class Analytics(Record):
    completion: float = Field(description="0..1: done story points / all story points")
    phases: StatusCounts
    sprints: StatusCounts
    tasks: StatusCounts
    estimated_hours: float
    completed_hours: float
    hours_by_discipline: list[HoursBreakdown]
    hours_by_role: list[HoursBreakdown]
    velocity: list[SprintVelocity]
    burndown: list[BurndownPoint] = Field(description="One point per sprint, at its endDate.")
    risk_exposure: int = Field(
        description="Sum of the scores of the latest assessment's OPEN and MITIGATING risks."
    )
    risks_by_level: list[RiskLevelCount]
    ai: AIUsage = Field(default_factory=AIUsage)
    as_of: date
    earned_value: EarnedValue
    workload: list[MemberWorkload] = Field(description="One row per (member, sprint) with assigned hours.")


def _breakdown(pairs: Iterable[tuple[str | None, float]]) -> list[HoursBreakdown]:
    totals: dict[str, float] = {}
    for key, hours in pairs:
        name = key or UNASSIGNED
        totals[name] = totals.get(name, 0.0) + hours
    ordered = sorted(((k, round(v, 2)) for k, v in totals.items()), key=lambda kv: (-kv[1], kv[0]))
    return [HoursBreakdown(key=k, hours=h) for k, h in ordered]


def compute(
    project: Project, risk: RiskAssessment | None, usage: AIUsage | None, as_of: date | None = None
) -> Analytics:
    """Figures as of the end of `as_of` (default today, UTC): later points are projections."""
    as_of = as_of or utcnow().date()
    tasks = list(project.all_tasks())
    total_points = sum(t.story_points for t in tasks)
    done_points = sum(t.story_points for t in tasks if t.status == WorkStatus.DONE)
    dates = plan_dates(project)
    velocity: list[SprintVelocity] = []
    sprint_ends: list[date] = []
    for phase in project.phases:
        for sprint, sprint_span in zip(phase.sprints, dates.sprints(phase), strict=True):
            sprint_ends.append(sprint_span.end)
            velocity.append(
                SprintVelocity(
                    sprint_id=sprint.id,
                    name=sprint.name,
                    planned_points=sum(t.story_points for t in sprint.tasks),
                    completed_points=sum(t.story_points for t in sprint.tasks if t.status == WorkStatus.DONE),
                )
            )
    burndown: list[BurndownPoint] = []
    if sprint_ends:
        finish = max(sprint_ends)  # with dependencies the last phase in order may not end last
        # The ideal line starts at all points the day before the first day of work.
        origin = project.start_date - timedelta(days=1)
        length = (finish - origin).days
        completions = [(t.completed_at.date(), t.story_points) for t in tasks if t.completed_at is not None]
        for end in sprint_ends:
            projected = end > as_of
            burned = sum(points for day, points in completions if day <= min(end, as_of))
            ideal = total_points * (finish - end).days / length
            burndown.append(
                BurndownPoint(
                    date=end,
                    remaining_points=total_points - burned,
                    ideal_points=round(ideal, 2),
                    projected=projected,
                )
            )
    levels = Counter(r.level for r in risk.risks) if risk else Counter()
    return Analytics(
        completion=round(done_points / total_points, 4) if total_points else 0.0,
        phases=StatusCounts.of(p.status for p in project.phases),
        sprints=StatusCounts.of(s.status for p in project.phases for s in p.sprints),
        tasks=StatusCounts.of(t.status for t in tasks),
        estimated_hours=round(sum(t.estimate_hours for t in tasks), 2),
        completed_hours=round(sum(t.estimate_hours for t in tasks if t.status == WorkStatus.DONE), 2),
        hours_by_discipline=_breakdown((t.discipline, t.estimate_hours) for t in tasks),
        hours_by_role=_breakdown((t.role, t.estimate_hours) for t in tasks),
        velocity=velocity,
        burndown=burndown,
        risk_exposure=sum(r.score for r in risk.risks if r.status in LIVE_RISK_STATES) if risk else 0,
        risks_by_level=[RiskLevelCount(level=level, count=levels[level]) for level in RiskLevel],
        ai=usage or AIUsage(),
        as_of=as_of,
        earned_value=earned_value(project, dates, as_of),
        workload=workload(project, dates),
    )
