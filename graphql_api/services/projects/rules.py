"""Input rules for projects, bound to the configured limits; every violation names its field."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from graphql_api.core.enums import DependencyType, WorkStatus
from graphql_api.core.errors import BadInputError
from graphql_api.services import validation
from graphql_api.services.models import PhaseLink, Project, TeamMember
from graphql_api.services.schedule.spans import phase_days

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.projects.specs import (
        MemberSpec,
        PhaseChanges,
        PhaseLinkSpec,
        ProjectChanges,
        RiskChanges,
        Spec,
        SprintChanges,
        TaskChanges,
        TaskSpec,
    )

Check = Callable[[Any], object]


def given(
    changes: Spec, checks: Mapping[str, Check], *, skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The fields a change set gives (null or absent means 'leave as is'), each through its check."""
    names = changes.model_dump(exclude_none=True).keys() - skip
    return {name: checks.get(name, _same)(getattr(changes, name)) for name in names}


def _same(value: object) -> object:
    return value


class ProjectRules:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def name(self, value: str, field: str) -> str:
        return validation.name(value, field, max_length=self.limits.name_length)

    def optional_name(self, value: str | None, field: str) -> str | None:
        return validation.optional_text(value, field, max_length=self.limits.name_length)

    def optional_text(self, value: str | None, field: str) -> str | None:
        return validation.optional_text(value, field, max_length=self.limits.text_length)

    def requirements(self, value: str) -> str:
        return validation.text(value, "requirements", max_length=self.limits.requirements_length)

    def strings(self, values: Sequence[str], field: str, *, required: bool = False) -> list[str]:
        return validation.string_list(
            values,
            field,
            max_items=self.limits.list_items,
            max_length=self.limits.name_length if field == "disciplines" else self.limits.text_length,
            required=required,
        )

    def team(self, members: Sequence[MemberSpec]) -> list[TeamMember]:
        if len(members) > self.limits.list_items:
            raise BadInputError(f"team holds more than {self.limits.list_items} members.", field="team")
        team = []
        for member in members:
            allocation = 1.0 if member.allocation is None else member.allocation
            validation.number_range(allocation, "team.allocation", low=0, high=1)
            team.append(
                TeamMember(
                    name=self.name(member.name, "team.name"),
                    role=self.name(member.role, "team.role"),
                    email=validation.normalise_email(member.email, "team.email") if member.email else None,
                    allocation=allocation,
                )
            )
        return team

    def start_date(self, value: date) -> date:
        """Bounded so that every derived date (the project's end included) stays a real date."""
        low, high = date(self.limits.start_year_min, 1, 1), date(self.limits.start_year_max, 12, 31)
        return validation.date_range(value, "startDate", low=low, high=high)

    def weeks(self, weeks: int | None, field: str) -> int | None:
        if weeks is not None:
            validation.number_range(weeks, field, low=1, high=self.limits.duration_weeks_max)
        return weeks

    def sprint_count(self, count: int, field: str) -> int:
        validation.number_range(count, field, low=1, high=self.limits.sprints_per_phase)
        return count

    def task_numbers(self, hours: float | None, points: int | None, actual: float | None = None) -> None:
        if actual is not None:
            validation.number_range(actual, "actualHours", low=0, high=self.limits.actual_hours_max)
        if hours is not None:
            validation.number_range(hours, "estimateHours", low=0, high=1_000)
        if points is not None:
            validation.number_range(points, "storyPoints", low=0, high=100)

    def project_changes(self, changes: ProjectChanges) -> dict[str, object]:
        return given(
            changes,
            {
                "name": lambda v: self.name(v, "name"),
                "requirements": self.requirements,
                "constraints": lambda v: self.strings(v, "constraints"),
                "disciplines": lambda v: self.strings(v, "disciplines", required=True),
                "team": self.team,
                "start_date": self.start_date,
            },
            skip=frozenset({"expected_version"}),
        )

    def phase_changes(self, changes: PhaseChanges) -> dict[str, object]:
        return given(
            changes,
            {
                "name": lambda v: self.name(v, "name"),
                "description": lambda v: self.optional_text(v, "description") or "",
                "duration_weeks": lambda v: self.weeks(v, "durationWeeks"),
            },
        )

    def sprint_changes(self, changes: SprintChanges) -> dict[str, object]:
        return given(
            changes,
            {"name": lambda v: self.name(v, "name"), "goal": lambda v: self.optional_text(v, "goal") or ""},
        )

    def task_changes(self, changes: TaskChanges | TaskSpec) -> dict[str, Any]:
        """The plain fields of a task edit or a new task; status and description have rules of their own."""
        self.task_numbers(changes.estimate_hours, changes.story_points, changes.actual_hours)
        return given(
            changes,
            {
                "title": lambda v: self.name(v, "title"),
                "role": lambda v: self.optional_name(v, "role"),  # an empty string clears it
                "discipline": lambda v: self.optional_name(v, "discipline"),
            },
            skip=frozenset({"status", "description", "completed_on", "assignee_id"}),
        )

    @staticmethod
    def completion(day: date, status: WorkStatus, start: date, today: date) -> datetime:
        """When a back-dated task was done: 00:00Z of `day`, a day its project was running."""
        if status != WorkStatus.DONE:
            msg = "completedOn applies only to a task that is or becomes DONE."
            raise BadInputError(msg, field="completedOn")
        if not start <= day <= today:
            msg = f"completedOn must fall between the project's start ({start}) and today ({today})."
            raise BadInputError(msg, field="completedOn")
        return datetime.combine(day, time(0), tzinfo=UTC)

    def phase_links(self, links: Sequence[PhaseLinkSpec]) -> list[PhaseLink]:
        if len(links) > self.limits.phases_per_project:
            msg = f"A phase depends on at most {self.limits.phases_per_project} phases."
            raise BadInputError(msg, field="dependencies")
        bound = self.limits.lag_days_max
        stored = []
        for link in links:
            lag = link.lag_days or 0
            validation.number_range(lag, "lagDays", low=-bound, high=bound)
            kind = link.type or DependencyType.FINISH_TO_START
            stored.append(PhaseLink(phase_id=link.phase_id, type=kind, lag_days=lag))
        return stored

    def risk_changes(self, changes: RiskChanges) -> dict[str, object]:
        def scale(field: str) -> Check:
            return lambda v: int(validation.number_range(v, field, low=1, high=5))

        return given(
            changes,
            {
                "owner": lambda v: self.optional_name(v, "owner"),
                "mitigation": lambda v: self.optional_text(v, "mitigation") or "",
                "contingency": lambda v: self.optional_text(v, "contingency"),
                "likelihood": scale("likelihood"),
                "impact": scale("impact"),
            },
        )

    def check_schedule(self, project: Project) -> None:
        """Every sprint needs at least a day of its phase."""
        for phase in project.phases:
            if len(phase.sprints) > phase_days(phase.duration_weeks):
                msg = f"Phase '{phase.name}' is too short for {len(phase.sprints)} sprints."
                raise BadInputError(msg, field="durationWeeks")
