"""projectChanged: every write to a project, by anyone, as it commits."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from graphql_api.schema.activity.types import ProjectEventType, project_event_type
from graphql_api.schema.context import Context


@strawberry.type
class ActivitySubscription:
    @strawberry.subscription(
        description="Every write to the project as it commits (members only; others NOT_FOUND). Completes "
        "when the subscriber is removed from the project, never otherwise. Events carry ids: refetch."
    )
    async def project_changed(
        self, info: Info[Context, None], project_id: strawberry.ID
    ) -> AsyncGenerator[ProjectEventType, None]:
        user = await info.context.user()
        async for event in info.context.container.activity.follow(user, str(project_id)):
            yield project_event_type(event)
