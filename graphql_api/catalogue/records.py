"""The catalogue's named records: what a discipline knows and what a lifecycle is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Stage(StrEnum):
    DEFINE = "define"
    DESIGN = "design"
    BUILD = "build"
    VERIFY = "verify"


@dataclass(frozen=True, slots=True)
class Deliverable:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class RiskEntry:
    title: str
    description: str
    category: str
    likelihood: int  # 1..5
    impact: int  # 1..5
    mitigation: str
    stage: Stage = Stage.BUILD  # when it bites: the risk belongs to the phase at this stage


@dataclass(frozen=True, slots=True)
class WorkItem:
    """A typical sprint-sized piece of a discipline's work at one stage."""

    title: str
    description: str
    hours: float
    points: int


@dataclass(frozen=True, slots=True)
class Discipline:
    name: str
    lead_role: str
    deliverables: tuple[Deliverable, ...]
    risks: tuple[RiskEntry, ...]
    acceptance: tuple[str, ...]
    work: dict[Stage, tuple[WorkItem, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StageWords:
    stage: Stage
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LifecyclePhase:
    name: str
    description: str
    duration_weeks: int
    sprint_count: int


@dataclass(frozen=True, slots=True)
class RoleTrigger:
    """A specialist role a project needs when the trigger applies."""

    role: str
    discipline: str
    trigger: str


@dataclass(frozen=True, slots=True)
class Lifecycle:
    id: str
    name: str
    description: str
    disciplines: tuple[str, ...]
    phases: tuple[LifecyclePhase, ...]
    dynamic_roles: tuple[RoleTrigger, ...]
