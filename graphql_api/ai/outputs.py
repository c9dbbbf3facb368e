"""What each AI task must return: pydantic models, validated before anything is stored.

They mirror the contract's types. Their JSON schema is what Bedrock's forced tool and
Gemini's response schema are given, so a model is told exactly this shape.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1, max_length=4_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class Output(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, defer_build=True)


class DeliverableOut(Output):
    name: Name
    description: Text
    discipline: str | None = None


class MilestoneOut(Output):
    name: Name
    week: int = Field(ge=1, le=104)
    criteria: Text


class RoleNeedOut(Output):
    role: Name
    discipline: str | None = None
    count: int = Field(ge=1, le=50)
    allocation: float = Field(ge=0, le=1)


class PhasePlan(Output):
    summary: Text
    objectives: list[Text] = Field(min_length=1, max_length=20)
    deliverables: list[DeliverableOut] = Field(min_length=1, max_length=30)
    milestones: list[MilestoneOut] = Field(min_length=1, max_length=20)
    roles: list[RoleNeedOut] = Field(min_length=1, max_length=30)
    acceptance_criteria: list[Text] = Field(min_length=1, max_length=20)
    risks: list[Text] = Field(min_length=1, max_length=20)


class TaskOut(Output):
    title: Name
    description: Text
    discipline: str | None = None
    role: str | None = None
    estimate_hours: float = Field(ge=0, le=1_000)
    story_points: int = Field(ge=0, le=100)


class SprintPlan(Output):
    goal: Text
    summary: Text
    definition_of_done: list[Text] = Field(min_length=1, max_length=20)
    tasks: list[TaskOut] = Field(min_length=1, max_length=40)


class TemplatePhaseOut(Output):
    name: Name
    description: Text
    duration_weeks: int = Field(ge=1, le=104)
    sprint_count: int = Field(ge=1, le=20)


class DynamicRoleOut(Output):
    role: Name
    discipline: Name
    trigger: Text


class TemplateDraft(Output):
    name: Name
    description: Text
    disciplines: list[Name] = Field(min_length=1, max_length=20)
    phases: list[TemplatePhaseOut] = Field(min_length=1, max_length=24)
    dynamic_roles: list[DynamicRoleOut] = Field(default_factory=list, max_length=20)


class RiskOut(Output):
    title: Name
    description: Text
    category: Name
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    mitigation: Text
    contingency: str | None = None
    trigger: str | None = None
    owner: str | None = None
    phase: str | None = Field(default=None, description="Name of the phase the risk belongs to, if any")


class RiskDraft(Output):
    summary: Text
    risks: list[RiskOut] = Field(min_length=1, max_length=30)
