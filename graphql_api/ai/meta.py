"""One record of an AI call: what it cost and how it went.

`GenerationInfo` is the part a written phase, sprint or assessment keeps; `Meta` is the
whole call, which usage accounting and metrics read. Both are one declaration.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from graphql_api.core.enums import AIEngine


class GenerationInfo(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)

    engine: AIEngine
    model: str
    cached: bool
    generated_at: datetime
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    repairs: int = 0  # times the engine was asked again because its answer failed the plan's checks
    fixes: list[str] = Field(default_factory=list)  # corrected without the engine after the last repair

    @classmethod
    def of(cls, meta: GenerationInfo) -> GenerationInfo:
        """The stored part of a call (a Meta is a GenerationInfo with more fields)."""
        return cls.model_validate(meta.model_dump(include=set(cls.model_fields)))


class Meta(GenerationInfo):
    saved_usd: float = 0.0  # what a cache hit would have cost
    latency_ms: float = 0.0
    failovers: int = 0
    errors: list[tuple[AIEngine, str]] = Field(default_factory=list)
