"""updateRisk: keeping the latest assessment's register up to date."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.schema.projects.inputs import UpdateRiskInput
from graphql_api.schema.risks.types import RiskType, risk_type


@strawberry.type
class RiskMutation:
    @strawberry.mutation(
        description="Update a risk of the latest assessment (status, owner, mitigation, contingency, "
        "likelihood, impact); its score and level follow. CLOSED and OCCURRED risks leave riskExposure."
    )
    async def update_risk(
        self,
        info: Info[Context, None],
        project_id: strawberry.ID,
        risk_id: strawberry.ID,
        input: UpdateRiskInput,
    ) -> RiskType:
        projects, user = info.context.container.projects, await info.context.user()
        return risk_type(await projects.update_risk(user, str(project_id), str(risk_id), input.to_pydantic()))
