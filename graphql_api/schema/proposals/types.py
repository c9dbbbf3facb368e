"""PlanProposal and PlanChange: a generation result as a diff a person reviews."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from graphql_api.core.enums import ChangeKind, ChangeTarget, JobKind, ProposalStatus
from graphql_api.schema.ai.types import GenerationInfoType, generation_type
from graphql_api.schema.records import from_record
from graphql_api.services.proposals.records import PlanChange, Proposal


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
        return from_record(cls, change)


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
    changes = [PlanChangeType.from_domain(c) for c in proposal.changes]
    return from_record(
        PlanProposalType, proposal, changes=changes, generation=generation_type(proposal.generation)
    )
