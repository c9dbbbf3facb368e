"""What an engine is, what it returns, and how it fails.

An engine classifies its own SDK's failures into `EngineError` kinds; the chain decides
what to do with a kind, so failover rules live in one table, not in each engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from pydantic import BaseModel

from graphql_api.ai.requests import Request
from graphql_api.core.enums import AIEngine, AITask


class FailureKind(StrEnum):
    TRANSIENT = "transient"  # throttling, 5xx, timeouts, connection errors: fail over, counts
    INVALID_OUTPUT = "invalid_output"  # empty, truncated, filtered or off-schema: fail over, counts
    CONFIGURATION = (
        "configuration"  # our bad request, access denied, unknown model: fail over, logged, not counted
    )


def retry_after(headers: object) -> float | None:
    """Seconds a throttled engine asked us to wait (its `Retry-After` header), when it said."""
    get = getattr(headers, "get", None)
    try:
        return float(get("retry-after", "")) if get is not None else None
    except (TypeError, ValueError):
        return None


class EngineError(Exception):
    def __init__(self, kind: FailureKind, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Completion:
    """An engine's raw answer: JSON text or an already-parsed object, plus usage.

    `conversation` is the exchange so far (the request and this answer) in the engine's
    own wire shape, so the chain can ask again in the same conversation.
    """

    payload: object
    input_tokens: int
    output_tokens: int
    conversation: tuple[Any, ...] = ()


class EngineCall(NamedTuple):
    """One request to an engine; it unpacks in the order engines use (the repair turn last)."""

    task: AITask
    request: Request
    output: type[BaseModel]
    timeout: float
    follow_up: FollowUp | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Ask again in the same conversation: the earlier turns, then a user message of feedback."""

    conversation: tuple[Any, ...]
    feedback: str


class Engine(Protocol):
    name: AIEngine
    model: str

    @property
    def configured(self) -> bool: ...

    async def complete(self, call: EngineCall) -> Completion: ...
