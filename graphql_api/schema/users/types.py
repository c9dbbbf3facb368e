"""User and AuthPayload."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.services import models
from graphql_api.services.auth.tokens import IssuedToken


@strawberry.experimental.pydantic.type(model=models.User, name="User")
class UserType:
    id: strawberry.ID
    name: strawberry.auto
    email: strawberry.auto
    created_at: strawberry.auto
    updated_at: strawberry.auto
    last_login: strawberry.auto
    notify_on_plan_complete: strawberry.auto


@strawberry.type(name="AuthPayload")
class AuthPayload:
    token: str = strawberry.field(description="HS256 JWT, 7-day expiry")
    expires_at: datetime
    user: UserType

    @classmethod
    def build(cls, user: models.User, issued: IssuedToken) -> AuthPayload:
        return cls(token=issued.token, expires_at=issued.expires_at, user=UserType.from_pydantic(user))
