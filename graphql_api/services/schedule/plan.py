"""A project's dates, derived: every phase from its dependencies, every sprint from its phase.

The one place that turns an outline into dates, so the API, analytics, exports and AI
requests all show the same schedule. A phase without stored dependencies follows the
default chain (FINISH_TO_START, lag 0, on the phase before it), which is what every
project had before dependencies existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graphql_api.services.models import Phase, Project
from graphql_api.services.schedule.network import Activity, Dependency, Scheduled, critical_path, schedule
from graphql_api.services.schedule.spans import Span, phase_days, sprint_spans


def dependencies(project: Project) -> dict[str, tuple[Dependency, ...]]:
    """Each phase's dependencies, the default chain filled in where none are stored."""
    found: dict[str, tuple[Dependency, ...]] = {}
    for index, phase in enumerate(project.phases):
        if phase.depends_on is None:
            found[phase.id] = (Dependency(project.phases[index - 1].id),) if index else ()
        else:
            found[phase.id] = tuple(Dependency(d.phase_id, d.type, d.lag_days) for d in phase.depends_on)
    return found


@dataclass(frozen=True, slots=True)
class PlanDates:
    phases: dict[str, Scheduled]
    critical_path: list[str]
    links: dict[str, tuple[Dependency, ...]]  # each phase's dependencies, the default chain filled in

    @property
    def end(self) -> date | None:
        return max((s.end for s in self.phases.values()), default=None)

    def span(self, phase: Phase) -> Span:
        scheduled = self.phases[phase.id]
        return Span(scheduled.start, scheduled.end)

    def sprints(self, phase: Phase) -> list[Span]:
        return sprint_spans(self.span(phase), len(phase.sprints))


def plan_dates(project: Project) -> PlanDates:
    """Dates, float and the critical path of a stored (so already valid) outline."""
    links = dependencies(project)
    activities = [Activity(p.id, phase_days(p.duration_weeks), links[p.id]) for p in project.phases]
    scheduled = schedule(project.start_date, activities)
    return PlanDates(scheduled, critical_path(scheduled, [p.id for p in project.phases]), links)
