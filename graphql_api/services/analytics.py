"""Project analytics, computed from the outline, the latest risk assessment and AI usage.

Pure functions over data already loaded: analytics for a project costs no storage
request beyond what loading it cost (usage and risk come in the same Query or batch).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from graphql_api.core.enums import RiskLevel, WorkStatus
from graphql_api.services.models import AIUsage, Project, RiskAssessment
from graphql_api.services.schedule.spans import phase_spans, sprint_spans

UNASSIGNED = "unassigned"


@dataclass(frozen=True, slots=True)
class StatusCounts:
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


@dataclass(frozen=True, slots=True)
class SprintVelocity:
    sprint_id: str
    name: str
    planned_points: int
    completed_points: int


@dataclass(frozen=True, slots=True)
class BurndownPoint:
    date: date
    remaining_points: int
    ideal_points: float


@dataclass(frozen=True, slots=True)
class Analytics:
    completion: float
    phases: StatusCounts
    sprints: StatusCounts
    tasks: StatusCounts
    estimated_hours: float
    completed_hours: float
    hours_by_discipline: list[tuple[str, float]]
    hours_by_role: list[tuple[str, float]]
    velocity: list[SprintVelocity]
    burndown: list[BurndownPoint]
    risk_exposure: int
    risks_by_level: list[tuple[RiskLevel, int]]
    ai: AIUsage = field(default_factory=AIUsage)


def _breakdown(pairs: Iterable[tuple[str | None, float]]) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for key, hours in pairs:
        name = key or UNASSIGNED
        totals[name] = totals.get(name, 0.0) + hours
    return sorted(((k, round(v, 2)) for k, v in totals.items()), key=lambda kv: (-kv[1], kv[0]))


def compute(project: Project, risk: RiskAssessment | None, usage: AIUsage | None) -> Analytics:
    tasks = [t for p in project.phases for s in p.sprints for t in s.tasks]
    total_points = sum(t.story_points for t in tasks)
    done_points = sum(t.story_points for t in tasks if t.status == WorkStatus.DONE)
    spans = phase_spans(project.start_date, [p.duration_weeks for p in project.phases])
    velocity: list[SprintVelocity] = []
    sprint_ends: list[date] = []
    for phase, span in zip(project.phases, spans, strict=True):
        for sprint, sprint_span in zip(phase.sprints, sprint_spans(span, len(phase.sprints)), strict=True):
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
        finish = sprint_ends[-1]
        # The ideal line starts at all points the day before the first day of work.
        origin = project.start_date - timedelta(days=1)
        length = (finish - origin).days
        completions = [(t.completed_at.date(), t.story_points) for t in tasks if t.completed_at is not None]
        for end in sprint_ends:
            burned = sum(points for day, points in completions if day <= end)
            ideal = total_points * (finish - end).days / length
            burndown.append(BurndownPoint(end, total_points - burned, round(ideal, 2)))
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
        risk_exposure=sum(r.score for r in risk.risks) if risk else 0,
        risks_by_level=[(level, levels[level]) for level in RiskLevel],
        ai=usage or AIUsage(),
    )
