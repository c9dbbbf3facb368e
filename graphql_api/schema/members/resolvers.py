"""Sharing: invite, accept, revoke, change and remove members; each one service call."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ProjectRole
from graphql_api.schema.context import Context
from graphql_api.schema.members.types import ProjectInvitationType, ProjectMemberType
from graphql_api.schema.projects.types import ProjectType, build_project


@strawberry.type
class MemberMutation:
    @strawberry.mutation
    async def invite_member(
        self, info: Info[Context, None], project_id: strawberry.ID, email: str, role: ProjectRole
    ) -> ProjectInvitationType:
        user = await info.context.user()
        invitation = await info.context.container.members.invite(user, str(project_id), email, role)
        return ProjectInvitationType.from_domain(str(project_id), invitation, utcnow())

    @strawberry.mutation
    async def accept_invitation(self, info: Info[Context, None], token: str) -> ProjectType:
        user = await info.context.user()
        return build_project(await info.context.container.members.accept(user, token))

    @strawberry.mutation
    async def revoke_invitation(
        self, info: Info[Context, None], project_id: strawberry.ID, invitation_id: strawberry.ID
    ) -> bool:
        user = await info.context.user()
        return await info.context.container.members.revoke(user, str(project_id), str(invitation_id))

    @strawberry.mutation
    async def update_member(
        self,
        info: Info[Context, None],
        project_id: strawberry.ID,
        user_id: strawberry.ID,
        role: ProjectRole | None = None,
        allocation: float | None = None,
    ) -> ProjectMemberType:
        user = await info.context.user()
        member = await info.context.container.members.update(
            user, str(project_id), str(user_id), role, allocation
        )
        return ProjectMemberType.from_pydantic(member)

    @strawberry.mutation
    async def remove_member(
        self, info: Info[Context, None], project_id: strawberry.ID, user_id: strawberry.ID
    ) -> bool:
        user = await info.context.user()
        return await info.context.container.members.remove(user, str(project_id), str(user_id))
