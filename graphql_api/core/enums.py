"""The enums every layer shares, one definition each: the domain, the AI layer and GraphQL.

Every one but `AITask` is a contract enum under its GraphQL name.
"""

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


class ExportFormat(StrEnum):
    JSON = "JSON"
    MARKDOWN = "MARKDOWN"
    CSV = "CSV"
    HTML = "HTML"
    PDF = "PDF"
    XLSX = "XLSX"
    MS_PROJECT = "MS_PROJECT"
    ICALENDAR = "ICALENDAR"


class ImportFormat(StrEnum):
    JSON = "JSON"
    CSV = "CSV"
    MS_PROJECT = "MS_PROJECT"


class AITask(StrEnum):
    """What an AI engine is asked to write; its value is part of the AI cache key."""

    PHASE_PLAN = "phase_plan"
    SPRINT_PLAN = "sprint_plan"
    TEMPLATE_DRAFT = "template_draft"
    RISK_ASSESSMENT = "risk_assessment"


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
    ExportFormat,
    ImportFormat,
)
