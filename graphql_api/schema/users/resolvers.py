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


@strawberry.type
class UserQuery:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info[Context, None]) -> UserType:
        return UserType.from_domain(await info.context.user())


@strawberry.type
class UserMutation:
    @strawberry.mutation(description="Create an account and sign in.")
    async def register(self, info: Info[Context, None], input: RegisterInput) -> AuthPayload:
        user, issued = await info.context.container.auth.register(input.name, input.email, input.password)
        return AuthPayload.build(user, issued)

    @strawberry.mutation(description="Sign in; the same error for an unknown email and a wrong password.")
    async def login(self, info: Info[Context, None], email: str, password: str) -> AuthPayload:
        user, issued = await info.context.container.auth.login(email, password)
        return AuthPayload.build(user, issued)
