"""PlanProposal and PlanChange: a generation result as a diff a person reviews."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from graphql_api.core.enums import ChangeKind, ChangeTarget, JobKind, ProposalStatus
from graphql_api.schema.ai.types import GenerationInfoType, generation_type
from graphql_api.services.proposals.records import PlanChange, Proposal


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(name="PlanChange")
class PlanChangeType:
    id: strawberry.ID
    kind: ChangeKind
    target: ChangeTarget
    phase_id: strawberry.ID | None
    sprint_id: strawberry.ID | None
    task_id: strawberry.ID | None
    risk_id: strawberry.ID | None
    summary: str
    before: JSON | None
    after: JSON | None
    accepted: bool | None

    @classmethod
    def from_domain(cls, change: PlanChange) -> PlanChangeType:
        return cls(
            id=strawberry.ID(change.id),
            kind=change.kind,
            target=change.target,
            phase_id=_id(change.phase_id),
            sprint_id=_id(change.sprint_id),
            task_id=_id(change.task_id),
            risk_id=_id(change.risk_id),
            summary=change.summary,
            before=JSON(change.before) if change.before is not None else None,
            after=JSON(change.after) if change.after is not None else None,
            accepted=change.accepted,
        )


@strawberry.type(name="PlanProposal")
class PlanProposalType:
    id: strawberry.ID
    project_id: strawberry.ID
    job_id: strawberry.ID
    kind: JobKind
    status: ProposalStatus
    base_version: int
    changes: list[PlanChangeType]
    generation: GenerationInfoType | None
    created_at: datetime
    decided_at: datetime | None
    decided_by: strawberry.ID | None


def plan_proposal_type(proposal: Proposal) -> PlanProposalType:
    return PlanProposalType(
        id=strawberry.ID(proposal.id),
        project_id=strawberry.ID(proposal.project_id),
        job_id=strawberry.ID(proposal.job_id),
        kind=proposal.kind,
        status=proposal.status,
        base_version=proposal.base_version,
        changes=[PlanChangeType.from_domain(c) for c in proposal.changes],
        generation=generation_type(proposal.generation),
        created_at=proposal.created_at,
        decided_at=proposal.decided_at,
        decided_by=_id(proposal.decided_by),
    )
