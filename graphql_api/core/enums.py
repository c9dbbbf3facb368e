"""The contract's enums, one definition each: the domain, the AI layer and GraphQL share them."""

from __future__ import annotations

from enum import StrEnum


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
    OPENAI = "OPENAI"
    LOCAL = "LOCAL"


class RiskLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class RiskStatus(StrEnum):
    OPEN = "OPEN"
    MITIGATING = "MITIGATING"
    CLOSED = "CLOSED"
    OCCURRED = "OCCURRED"


LIVE_RISK_STATES = frozenset({RiskStatus.OPEN, RiskStatus.MITIGATING})  # closed and occurred no longer count


class DependencyType(StrEnum):
    FINISH_TO_START = "FINISH_TO_START"
    START_TO_START = "START_TO_START"


class ProjectRole(StrEnum):
    OWNER = "OWNER"
    EDITOR = "EDITOR"
    VIEWER = "VIEWER"


class InvitationStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class JobKind(StrEnum):
    PHASE = "PHASE"
    SPRINT = "SPRINT"
    PROJECT_PLAN = "PROJECT_PLAN"
    TEMPLATE = "TEMPLATE"
    RISK_ASSESSMENT = "RISK_ASSESSMENT"


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"

    @property
    def finished(self) -> bool:
        return self in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class ApplyMode(StrEnum):
    """How a generation result lands: AUTO writes into empty targets and proposes otherwise."""

    AUTO = "AUTO"
    PROPOSE = "PROPOSE"
    APPLY = "APPLY"


class ProposalStatus(StrEnum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    PARTLY_ACCEPTED = "PARTLY_ACCEPTED"
    REJECTED = "REJECTED"
    SUPERSEDED = "SUPERSEDED"


class ChangeKind(StrEnum):
    ADD = "ADD"
    UPDATE = "UPDATE"
    REMOVE = "REMOVE"


class ChangeTarget(StrEnum):
    PHASE_CONTENT = "PHASE_CONTENT"
    SPRINT_GOAL = "SPRINT_GOAL"
    TASK = "TASK"
    RISK = "RISK"


class ActivityKind(StrEnum):
    """What a project event touched."""

    PROJECT = "PROJECT"
    PHASE = "PHASE"
    SPRINT = "SPRINT"
    TASK = "TASK"
    RISK = "RISK"
    MEMBER = "MEMBER"
    BASELINE = "BASELINE"
    PROPOSAL = "PROPOSAL"
    SCHEDULE = "SCHEDULE"


CONTRACT_ENUMS: tuple[type[StrEnum], ...] = (
    ProjectStatus,
    WorkStatus,
    AIEngine,
    RiskLevel,
    RiskStatus,
    JobKind,
    JobStatus,
    DependencyType,
    ProjectRole,
    InvitationStatus,
    ApplyMode,
    ProposalStatus,
    ChangeKind,
    ChangeTarget,
    ActivityKind,
)
