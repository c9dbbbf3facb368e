"""What each AI task is asked with: plain models, normalised for the cache key."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Task(StrEnum):
    PHASE_PLAN = "phase_plan"
    SPRINT_PLAN = "sprint_plan"
    TEMPLATE_DRAFT = "template_draft"
    RISK_ASSESSMENT = "risk_assessment"


class ProjectBrief(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    requirements: str
    constraints: list[str] = Field(default_factory=list)
    disciplines: list[str] = Field(default_factory=list)
    team_roles: list[str] = Field(default_factory=list)  # the roles the user's team has, in its order


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


Request = PhaseRequest | SprintRequest | TemplateRequest | RiskRequest
