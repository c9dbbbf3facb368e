"""A proposal and its changes, as stored (`Q#` items of the project's partition).

A change carries the item as it was and as proposed (camelCase, as the API shows
items), and `base`: a fingerprint of its target when the proposal was made, so an
accept can tell whether somebody edited, moved or deleted that target since.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from graphql_api.ai.meta import GenerationInfo
from graphql_api.core.enums import ChangeKind, ChangeTarget, JobKind, ProposalStatus
from graphql_api.services.models import Record


class PlanChange(Record):
    id: str  # stable within its proposal: c1, c2, ...
    kind: ChangeKind
    target: ChangeTarget
    phase_id: str | None = None
    sprint_id: str | None = None
    task_id: str | None = None  # for ADD: set once accepted
    risk_id: str | None = None
    summary: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    accepted: bool | None = None
    base: str | None = None  # the target's fingerprint when proposed; None: it did not exist

    @property
    def target_key(self) -> str:
        if self.target == ChangeTarget.RISK:
            return "risks"
        if self.target == ChangeTarget.PHASE_CONTENT:
            return f"phase:{self.phase_id}"
        return f"sprint:{self.sprint_id}"


class Proposal(Record):
    id: str
    project_id: str
    job_id: str
    kind: JobKind
    status: ProposalStatus = ProposalStatus.OPEN
    base_version: int
    changes: list[PlanChange] = Field(default_factory=list)
    generation: GenerationInfo | None = None
    risk_summary: str | None = None  # a risk assessment's summary, for the register it would write
    created_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = None

    def targets(self) -> list[str]:
        return list(dict.fromkeys(c.target_key for c in self.changes))
