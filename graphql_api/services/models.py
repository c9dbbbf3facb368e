"""Domain records: what services read, write and hand to the GraphQL layer.

A project is stored as a compact outline (everything lists, progress and analytics
need) plus content items (long text). The outline is one pydantic model so both
backends store the same compressed JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from graphql_api.ai.meta import GenerationInfo
from graphql_api.core.enums import (
    AIEngine,
    ApplyMode,
    DependencyType,
    InvitationStatus,
    JobKind,
    JobStatus,
    ProjectRole,
    ProjectStatus,
    ProposalStatus,
    RiskLevel,
    RiskStatus,
    WorkStatus,
)


class Record(BaseModel):
    # Built at first use, not at import: most requests touch few of these (cold start).
    model_config = ConfigDict(extra="ignore", validate_assignment=False, defer_build=True)


class User(Record):
    id: str
    name: str
    email: str
    password_hash: str
    token_version: int = 0
    notify_on_plan_complete: bool = Field(
        default=True, description="Email me when a generateProjectPlan job ends (SUCCEEDED or FAILED)."
    )
    created_at: datetime
    updated_at: datetime
    last_login: datetime | None = None


class TeamMember(Record):
    name: str
    email: str | None = None
    role: str
    allocation: float = Field(default=1.0, description="0..1 of a full-time person")


class Member(Record):
    """A user with a role on a project; the owner is one too (exactly one OWNER)."""

    id: str
    user_id: str
    name: str
    email: str
    role: ProjectRole
    allocation: float = 1.0  # 0..1 of a full-time person, for workload
    added_at: datetime


class Invitation(Record):
    """An emailed offer to join; only the token's hash is kept."""

    id: str
    email: str
    role: ProjectRole
    status: InvitationStatus = InvitationStatus.PENDING
    token_hash: str
    created_at: datetime
    expires_at: datetime

    def status_at(self, now: datetime) -> InvitationStatus:
        expired = self.status == InvitationStatus.PENDING and now >= self.expires_at
        return InvitationStatus.EXPIRED if expired else self.status


class Task(Record):
    id: str
    title: str
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float = 0.0
    story_points: int = 0
    status: WorkStatus = WorkStatus.NOT_STARTED
    completed_at: datetime | None = None
    actual_hours: float = 0.0  # logged against the task, whatever its estimate
    depends_on: list[str] = Field(default_factory=list)  # tasks of the project that must finish first
    assignee_id: str | None = None  # a member's user id; cleared when the member leaves
    generated: bool = False  # written by an AI engine (regeneration may replace it)


class Sprint(Record):
    id: str
    name: str
    status: WorkStatus = WorkStatus.NOT_STARTED
    goal: str = ""
    tasks: list[Task] = Field(default_factory=list)
    generation: GenerationInfo | None = None


class PhaseLink(Record):
    """A phase's dependency on another phase of the project."""

    phase_id: str
    type: DependencyType = DependencyType.FINISH_TO_START
    lag_days: int = 0


class Phase(Record):
    id: str
    name: str
    status: WorkStatus = WorkStatus.NOT_STARTED
    description: str = ""
    duration_weeks: int | None = None
    # None: the default chain (FINISH_TO_START, lag 0, on the phase before it).
    depends_on: list[PhaseLink] | None = None
    sprints: list[Sprint] = Field(default_factory=list)
    generation: GenerationInfo | None = None
    has_text: bool = False  # a content item exists: readers skip the lookup when not


class BaselinePhase(Record):
    phase_id: str
    name: str
    start_date: date
    end_date: date


class Baseline(Record):
    """The plan's dates and totals when a baseline was set: what later variance is measured against."""

    id: str
    name: str
    created_at: datetime
    start_date: date
    end_date: date
    total_points: int
    total_hours: float
    phases: list[BaselinePhase] = Field(default_factory=list)


class ProposalRef(Record):
    """A proposal as the outline knows it: where it lives, its status, what it would change."""

    id: str
    status: ProposalStatus = ProposalStatus.OPEN
    targets: list[str] = Field(default_factory=list)  # "phase:<id>", "sprint:<id>", "risks"
    chunks: int = 1  # items its changes take
    created_at: datetime | None = None


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
    latest_risk_sk: str | None = None
    # Newest first, at most LIMIT_BASELINES_PER_PROJECT. Kept in the outline: every read of a
    # phase's baseline or the variance needs the latest one, and a snapshot is small.
    baselines: list[Baseline] = Field(default_factory=list)
    # Who may see and change the project (the owner included) and the offers to join.
    # In the outline: every request reads it anyway to authorise, so it costs nothing.
    members: list[Member] = Field(default_factory=list)
    invitations: list[Invitation] = Field(default_factory=list)
    proposals: list[ProposalRef] = Field(default_factory=list)  # oldest first; bodies in Q# items
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def find_phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def all_tasks(self) -> Iterator[Task]:
        """Every task, phase by phase and sprint by sprint."""
        return (t for p in self.phases for s in p.sprints for t in s.tasks)

    def forget_tasks(self, task_ids: set[str]) -> None:
        """No task keeps waiting on tasks that left the project."""
        if not task_ids:
            return
        for task in self.all_tasks():
            if any(i in task_ids for i in task.depends_on):
                task.depends_on = [i for i in task.depends_on if i not in task_ids]

    def find_sprint(self, sprint_id: str) -> tuple[Phase, Sprint] | None:
        return next(((p, s) for p in self.phases for s in p.sprints if s.id == sprint_id), None)

    def find_task(self, task_id: str) -> tuple[Phase, Sprint, Task] | None:
        found = ((p, s, t) for p in self.phases for s in p.sprints for t in s.tasks if t.id == task_id)
        return next(found, None)


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
    usage: int = Field(default=0, description="Projects created from it.")
    created_at: datetime

    @property
    def is_built_in(self) -> bool:
        return self.owner_id is None


# ---------------------------------------------------------------- risks
_LEVEL_FLOORS = ((17, RiskLevel.CRITICAL), (10, RiskLevel.HIGH), (5, RiskLevel.MEDIUM))


def risk_level(score: int) -> RiskLevel:
    """The contract's rule: 1-4 LOW, 5-9 MEDIUM, 10-16 HIGH, 17-25 CRITICAL."""
    return next((level for floor, level in _LEVEL_FLOORS if score >= floor), RiskLevel.LOW)


class Risk(Record):
    id: str
    title: str
    description: str
    category: str
    likelihood: int = Field(description="1..5")
    impact: int = Field(description="1..5")
    mitigation: str
    contingency: str | None = None
    trigger: str | None = None
    owner: str | None = None
    status: RiskStatus = RiskStatus.OPEN
    phase_id: str | None = None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> RiskLevel:
        return risk_level(self.score)


class RiskAssessment(Record):
    id: str
    project_id: str
    summary: str
    risks: list[Risk]
    generation: GenerationInfo
    created_at: datetime

    @property
    def overall_level(self) -> RiskLevel:
        """The highest level among the risks: one critical risk makes a critical project."""
        return risk_level(max((r.score for r in self.risks), default=1))


# ---------------------------------------------------------------- AI usage
class EngineUsage(Record):
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class AIUsage(Record):
    requests: int = 0
    cache_hits: int = 0
    failovers: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    saved_usd: float = 0.0  # what cache hits would have cost
    by_engine: dict[AIEngine, EngineUsage] = Field(default_factory=dict)


# ---------------------------------------------------------------- jobs
class JobParams(Record):
    """What the job was asked: the mutation's input, kept for the worker."""

    instructions: str | None = None
    engine: AIEngine | None = None
    use_cache: bool = True
    description: str | None = None
    disciplines: list[str] = Field(default_factory=list)
    name: str | None = None
    apply: ApplyMode = ApplyMode.AUTO


class Job(Record):
    id: str
    user_id: str
    kind: JobKind
    status: JobStatus = JobStatus.QUEUED
    progress: float = 0.0
    message: str = "Queued"
    project_id: str | None = None
    phase_id: str | None = None
    sprint_id: str | None = None
    engine: AIEngine | None = None
    cached: bool | None = None
    error: str | None = None
    params: JobParams = Field(default_factory=JobParams)
    template_id: str | None = None
    risk_assessment_id: str | None = None
    proposal_id: str | None = None  # the result landed as this proposal
    steps_done: int = 0  # a whole-project plan's finished steps: a resumed run skips them
    rev: int = 0
    lease_until: float = 0.0
    created_at: datetime
    updated_at: datetime

    @property
    def target(self) -> str:
        """What the job writes to: one job at a time per target (a template: per request)."""
        if self.kind == JobKind.TEMPLATE:
            asked = "\n".join(
                [self.params.name or "", self.params.description or "", *self.params.disciplines]
            )
            digest = hashlib.sha256(asked.casefold().encode()).hexdigest()[:32]
            return f"TEMPLATE#{self.user_id}#{digest}"
        return f"{self.kind.value}#{self.project_id}#{self.phase_id or ''}#{self.sprint_id or ''}"
