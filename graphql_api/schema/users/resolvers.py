"""me, register, login."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.schema.context import Context
from graphql_api.schema.users.types import AuthPayload, UserType


@strawberry.input(name="RegisterInput")
class RegisterInput:
    name: str
    email: str
    password: str


@strawberry.input(name="UpdateMeInput")
class UpdateMeInput:
    name: str | None = None
    notify_on_plan_complete: bool | None = None


@strawberry.type
class UserQuery:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info[Context, None]) -> UserType:
        return UserType.from_pydantic(await info.context.user())


@strawberry.type
class UserMutation:
    @strawberry.mutation(description="Create an account and sign in.")
    async def register(self, info: Info[Context, None], input: RegisterInput) -> AuthPayload:
        user, issued = await info.context.container.auth.register(input.name, input.email, input.password)
        return AuthPayload.build(user, issued)

    @strawberry.mutation(description="Sign in; the same error for an unknown email and a wrong password.")
    async def login(self, info: Info[Context, None], email: str, password: str) -> AuthPayload:
        user, issued = await info.context.container.auth.login(email, password, info.context.client_address)
        return AuthPayload.build(user, issued)

    @strawberry.mutation(description="True whether or not the email has an account; a real one gets a link.")
    async def request_password_reset(self, info: Info[Context, None], email: str) -> bool:
        return await info.context.container.auth.request_password_reset(email)

    @strawberry.mutation(
        description="Set a new password with a single-use, one-hour token; older sessions end."
    )
    async def reset_password(self, info: Info[Context, None], token: str, new_password: str) -> AuthPayload:
        user, issued = await info.context.container.auth.reset_password(token, new_password)
        return AuthPayload.build(user, issued)

    @strawberry.mutation(description="Change the signed-in user's name and notification setting.")
    async def update_me(self, info: Info[Context, None], input: UpdateMeInput) -> UserType:
        user = await info.context.user()
        updated = await info.context.container.auth.update_me(user, input.name, input.notify_on_plan_complete)
        return UserType.from_pydantic(updated)
