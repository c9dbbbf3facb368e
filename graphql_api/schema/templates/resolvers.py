"""templates, template."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.schema.templates.types import TemplateType, template_type


@strawberry.type
class TemplateQuery:
    @strawberry.field(description="Built-in templates and the caller's own.")
    async def templates(self, info: Info[Context, None]) -> list[TemplateType]:
        user = await info.context.user()
        found = await info.context.container.templates.list_for(user)
        return [template_type(t) for t in found]

    @strawberry.field(description="One template; NOT_FOUND when missing or another user's.")
    async def template(self, info: Info[Context, None], id: strawberry.ID) -> TemplateType | None:
        user = await info.context.user()
        found = await info.context.container.templates.get(user, str(id))
        return template_type(found)
