"""What every importer produces, and the checks every imported plan passes before a write.

An importer turns a file into domain records with fresh ids; `settle` applies the
limits a project created through the API obeys (counts, lengths, ranges, a schedule
without cycles, a day per sprint), so no file can store what no mutation could.
Every refusal is BAD_USER_INPUT on `content`, naming what is wrong, and nothing is written.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from graphql_api.core.errors import BadInputError
from graphql_api.services.models import Baseline, Phase, PhaseText, Risk
from graphql_api.services.projects import chain
from graphql_api.services.projects.specs import MemberSpec
from graphql_api.services.schedule.network import NetworkError
from graphql_api.services.schedule.spans import phase_days

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.models import Project


def bad(message: str) -> BadInputError:
    return BadInputError(f"The file cannot be imported: {message}", field="content")


def new_id() -> str:
    return str(uuid.uuid4())


def weeks_between(start: date, end: date) -> int:
    """Calendar weeks from start to end (inclusive), rounded up: how imported durations become weeks."""
    return max(1, math.ceil(((end - start).days + 1) / 7))


@dataclass
class ImportedPlan:
    name: str
    requirements: str
    start_date: date
    disciplines: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    texts: dict[str, PhaseText] = field(default_factory=dict)
    baselines: list[Baseline] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    risk_summary: str = ""
    team: list[MemberSpec] = field(default_factory=list)  # the roster, checked as createProject's


def text(value: object, what: str, limit: int, *, required: bool = False) -> str:
    result = "" if value is None else str(value)
    if required and not result.strip():
        raise bad(f"{what} is missing.")
    if len(result) > limit:
        raise bad(f"{what} is longer than {limit} characters.")
    return result


def settle(plan: ImportedPlan, limits: Limits) -> None:
    """The limits of the API, applied to a whole imported plan."""
    if not plan.phases:
        raise bad("it holds no phase.")
    if len(plan.phases) > limits.phases_per_project:
        raise bad(f"more than {limits.phases_per_project} phases.")
    for phase in plan.phases:
        if len(phase.sprints) > limits.sprints_per_phase:
            raise bad(f"phase '{phase.name}' has more than {limits.sprints_per_phase} sprints.")
        if phase.duration_weeks is not None and not 1 <= phase.duration_weeks <= limits.duration_weeks_max:
            raise bad(f"phase '{phase.name}' lasts more than {limits.duration_weeks_max} weeks.")
        if len(phase.sprints) > phase_days(phase.duration_weeks):
            raise bad(f"phase '{phase.name}' is too short for {len(phase.sprints)} sprints.")
        for sprint in phase.sprints:
            if len(sprint.tasks) > limits.tasks_per_sprint:
                raise bad(f"sprint '{sprint.name}' has more than {limits.tasks_per_sprint} tasks.")
    if chain.is_default_chain(plan.phases):
        chain.follow_order(plan.phases)


def check_schedule(project: Project) -> None:
    from graphql_api.services.schedule.plan import plan_dates  # noqa: PLC0415

    try:
        plan_dates(project)
    except NetworkError as exc:
        raise bad(str(exc)) from None
