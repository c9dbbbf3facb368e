"""acceptProposal and rejectProposal: people decide what the AI proposed."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.schema.projects.types import ProjectType, build_project
from graphql_api.schema.proposals.types import PlanProposalType, plan_proposal_type


@strawberry.type
class ProposalMutation:
    @strawberry.mutation(
        description="Apply the chosen changes of an OPEN proposal (all when changeIds is null) in one write. "
        "A change whose target was edited, moved or deleted since is CONFLICT (extensions.changeIds) and "
        "nothing is written. OWNER and EDITOR."
    )
    async def accept_proposal(
        self,
        info: Info[Context, None],
        project_id: strawberry.ID,
        proposal_id: strawberry.ID,
        change_ids: list[strawberry.ID] | None = None,
    ) -> ProjectType:
        chosen = None if change_ids is None else [str(i) for i in change_ids]
        service, user = info.context.container.proposals, await info.context.user()
        view = await service.accept(user, str(project_id), str(proposal_id), chosen)
        return build_project(view)

    @strawberry.mutation(
        description="Decline an OPEN proposal whole; the plan stays as it is. OWNER and EDITOR."
    )
    async def reject_proposal(
        self, info: Info[Context, None], project_id: strawberry.ID, proposal_id: strawberry.ID
    ) -> PlanProposalType:
        service, user = info.context.container.proposals, await info.context.user()
        return plan_proposal_type(await service.reject(user, str(project_id), str(proposal_id)))
