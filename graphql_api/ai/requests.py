"""What each AI task is asked with: plain models, normalised for the cache key.

A request carries the plan around its target (`*Context`, built by
services/generation/context.py within AI_CONTEXT_CHARS), so every engine, the offline
planner included, sees the same plan, and a changed plan is a new cache key.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class ProjectBrief(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    requirements: str
    constraints: list[str] = Field(default_factory=list)
    disciplines: list[str] = Field(default_factory=list)
    team_roles: list[str] = Field(default_factory=list)  # the roles the user's team has, in its order


class Context(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class TaskLine(Context):
    title: str
    status: str = "NOT_STARTED"
    hours: float = 0


class SprintWork(Context):
    """The tasks of one other sprint of the project (earlier ones, and the phase's others)."""

    phase: str
    sprint: str
    tasks: list[TaskLine] = Field(default_factory=list)


class TeamRole(Context):
    role: str
    allocation: float = 1.0


class SprintContext(Context):
    start: date | None = None
    end: date | None = None
    phase_objectives: list[str] = Field(default_factory=list)
    phase_deliverables: list[str] = Field(default_factory=list)
    phase_milestones: list[str] = Field(default_factory=list)
    other_sprints: list[SprintWork] = Field(default_factory=list)  # oldest first
    kept_tasks: list[TaskLine] = Field(default_factory=list)  # started, finished, hand-made or assigned
    team: list[TeamRole] = Field(default_factory=list)
    capacity_hours: float | None = None  # sum of allocations x weekdays x 8; None without a team
    left_out: int = 0  # sprints trimmed to keep within the context budget


class NeighbourPhase(Context):
    name: str
    start: date | None = None
    end: date | None = None
    summary: str = ""


class PhaseContext(Context):
    start: date | None = None
    end: date | None = None
    critical: bool = False
    depends_on: list[str] = Field(default_factory=list)  # e.g. "finish-to-start on 'Design', lag 3 days"
    previous: NeighbourPhase | None = None
    next: NeighbourPhase | None = None
    earlier_deliverables: list[str] = Field(default_factory=list)  # what earlier phases deliver
    left_out: int = 0


class PlanPhase(Context):
    name: str
    start: date | None = None
    end: date | None = None
    critical: bool = False
    tasks: list[str] = Field(default_factory=list)


class RegisterRisk(Context):
    title: str
    status: str
    owner: str | None = None


class RiskContext(Context):
    phases: list[PlanPhase] = Field(default_factory=list)
    open_risks: list[RegisterRisk] = Field(default_factory=list)  # on the register: update, not restart
    left_out: int = 0


class PhaseRequest(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    project: ProjectBrief
    phase_name: str
    phase_description: str = ""
    phase_index: int = 1
    phase_count: int = 1
    duration_weeks: int = 4
    sprint_count: int = 2
    instructions: str | None = None
    context: PhaseContext | None = None


class SprintRequest(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    project: ProjectBrief
    phase_name: str
    phase_summary: str = ""
    phase_index: int = 1
    phase_count: int = 1
    sprint_name: str
    sprint_index: int = 1
    sprint_count: int = 1
    days: int = 14
    instructions: str | None = None
    context: SprintContext | None = None


class TemplateRequest(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    description: str
    disciplines: list[str]
    name: str | None = None


class RiskRequest(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    project: ProjectBrief
    phases: list[str] = Field(default_factory=list)
    instructions: str | None = None
    context: RiskContext | None = None


Request = PhaseRequest | SprintRequest | TemplateRequest | RiskRequest
