"""setBaseline: snapshot the plan so later changes show as variance."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.baselines.types import BaselineType
from graphql_api.schema.context import Context


@strawberry.type
class BaselineMutation:
    @strawberry.mutation(
        description="Snapshot the plan's dates and totals (default name: 'Baseline of <today>'). "
        "Beyond LIMIT_BASELINES_PER_PROJECT the oldest baseline is dropped."
    )
    async def set_baseline(
        self, info: Info[Context, None], project_id: strawberry.ID, name: str | None = None
    ) -> BaselineType:
        projects, user = info.context.container.projects, await info.context.user()
        return BaselineType.from_pydantic(await projects.set_baseline(user, str(project_id), name))
