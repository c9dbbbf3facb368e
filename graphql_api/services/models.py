"""Domain records: what services read, write and hand to the GraphQL layer.

A project is stored as a compact outline (everything lists, progress and analytics
need) plus content items (long text). The outline is one pydantic model so both
backends store the same compressed JSON.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Sortable UTC timestamp with microseconds (index sort keys rely on it)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


class ProjectStatus(StrEnum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    ON_HOLD = "ON_HOLD"
    COMPLETED = "COMPLETED"
    ARCHIVED = "ARCHIVED"


class WorkStatus(StrEnum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    BLOCKED = "BLOCKED"
    DONE = "DONE"


class AIEngine(StrEnum):
    BEDROCK = "BEDROCK"
    GEMINI = "GEMINI"
    LOCAL = "LOCAL"


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=False)


class User(Record):
    id: str
    name: str
    email: str
    password_hash: str
    token_version: int = 0
    created_at: datetime
    updated_at: datetime
    last_login: datetime | None = None


class TeamMember(Record):
    name: str
    email: str | None = None
    role: str
    allocation: float = 1.0


class GenerationInfo(Record):
    engine: AIEngine
    model: str
    cached: bool
    generated_at: datetime
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class Task(Record):
    id: str
    title: str
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float = 0.0
    story_points: int = 0
    status: WorkStatus = WorkStatus.NOT_STARTED
    completed_at: datetime | None = None


class Sprint(Record):
    id: str
    name: str
    status: WorkStatus = WorkStatus.NOT_STARTED
    goal: str = ""
    tasks: list[Task] = Field(default_factory=list)
    generation: GenerationInfo | None = None


class Phase(Record):
    id: str
    name: str
    status: WorkStatus = WorkStatus.NOT_STARTED
    description: str = ""
    duration_weeks: int | None = None
    sprints: list[Sprint] = Field(default_factory=list)
    generation: GenerationInfo | None = None
    has_text: bool = False  # a content item exists: readers skip the lookup when not


class Project(Record):
    """The outline item: small enough for one DynamoDB item even at 12 x 8 x 10."""

    id: str
    user_id: str
    name: str
    requirements: str
    constraints: list[str] = Field(default_factory=list)
    disciplines: list[str] = Field(default_factory=list)
    status: ProjectStatus = ProjectStatus.DRAFT
    template_id: str | None = None
    start_date: date
    team: list[TeamMember] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def find_phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def find_task(self, task_id: str) -> tuple[Phase, Sprint, Task] | None:
        for phase in self.phases:
            for sprint in phase.sprints:
                for task in sprint.tasks:
                    if task.id == task_id:
                        return phase, sprint, task
        return None


# ---------------------------------------------------------------- content
class Deliverable(Record):
    name: str
    description: str
    discipline: str | None = None


class Milestone(Record):
    name: str
    week: int
    criteria: str


class RoleNeed(Record):
    role: str
    discipline: str | None = None
    count: int = 1
    allocation: float = 1.0


class PhaseContent(Record):
    summary: str
    objectives: list[str] = Field(default_factory=list)
    deliverables: list[Deliverable] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    roles: list[RoleNeed] = Field(default_factory=list)
    acceptance_criteria: list[str] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)


class SprintContent(Record):
    summary: str
    definition_of_done: list[str] = Field(default_factory=list)


class PhaseText(Record):
    """One content item: a phase's long text, its sprints' and its tasks' descriptions.

    One item per phase keeps each far below 400 KB, and a project's items come back
    in the same Query as its outline.
    """

    phase: PhaseContent | None = None
    sprints: dict[str, SprintContent] = Field(default_factory=dict)
    task_descriptions: dict[str, str] = Field(default_factory=dict)


# ---------------------------------------------------------------- templates
class TemplatePhase(Record):
    name: str
    description: str
    duration_weeks: int
    sprint_count: int


class DynamicRole(Record):
    role: str
    discipline: str
    trigger: str


class Template(Record):
    id: str
    name: str
    description: str
    disciplines: list[str]
    phases: list[TemplatePhase]
    dynamic_roles: list[DynamicRole] = Field(default_factory=list)
    owner_id: str | None = None
    usage: int = 0
    created_at: datetime

    @property
    def is_built_in(self) -> bool:
        return self.owner_id is None
