"""User and AuthPayload."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.services import models
from graphql_api.services.auth.tokens import IssuedToken


@strawberry.type(name="User")
class UserType:
    id: strawberry.ID
    name: str
    email: str
    created_at: datetime
    updated_at: datetime
    last_login: datetime | None
    notify_on_plan_complete: bool = strawberry.field(
        description="Email me when a generateProjectPlan job ends (SUCCEEDED or FAILED)."
    )

    @classmethod
    def from_domain(cls, user: models.User) -> UserType:
        return cls(
            id=strawberry.ID(user.id),
            name=user.name,
            email=user.email,
            created_at=user.created_at,
            updated_at=user.updated_at,
            last_login=user.last_login,
            notify_on_plan_complete=user.notify_on_plan_complete,
        )


@strawberry.type(name="AuthPayload")
class AuthPayload:
    token: str = strawberry.field(description="HS256 JWT, 7-day expiry")
    expires_at: datetime
    user: UserType

    @classmethod
    def build(cls, user: models.User, issued: IssuedToken) -> AuthPayload:
        return cls(token=issued.token, expires_at=issued.expires_at, user=UserType.from_domain(user))
