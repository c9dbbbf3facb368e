"""Accounts and sessions: register, login, and turning a bearer token into a user."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
import uuid
from typing import TYPE_CHECKING

from graphql_api.core.clock import utcnow
from graphql_api.core.errors import (
    BadInputError,
    ConflictError,
    ServiceUnavailableError,
    UnauthenticatedError,
)
from graphql_api.services import validation
from graphql_api.services.auth.passwords import hash_password, verify_password
from graphql_api.services.auth.ratelimit import LoginLimiter
from graphql_api.services.models import User
from graphql_api.store.base import ConditionFailedError, Item, Key, Store, StoreError
from graphql_api.store.codec import pack, unpack_item
from graphql_api.store.ops import AttrEquals, Delete, Exists, NotExists, Put, Update, WriteOp
from graphql_api.store.tables import EPHEMERAL, USERS

if TYPE_CHECKING:
    from graphql_api.config import Settings
    from graphql_api.services.auth.tokens import IssuedToken, TokenService
    from graphql_api.services.cpu import CpuPool
    from graphql_api.services.email import Mailer

_BAD_LOGIN = "Incorrect email or password."
_RESET_PREFIX = "RESET#"


def _digest(token: str) -> str:
    """Reset tokens are stored hashed: a leaked table holds no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


_EMAIL_GUARD = "EMAIL#"


def _user_item(user: User) -> Item:
    return {"id": user.id, "email": user.email, "data": pack(user)}


def _user_from_item(item: Item) -> User:
    return unpack_item(User, item)


class AuthService:
    def __init__(
        self, store: Store, tokens: TokenService, settings: Settings, mailer: Mailer, hashing: CpuPool
    ) -> None:
        self._store = store
        self._hashing = hashing
        self._tokens = tokens
        self._settings = settings
        self._mailer = mailer
        self._limiter = LoginLimiter(store, settings.limits)

    @property
    def _rounds(self) -> int:
        return self._settings.bcrypt_rounds

    def _check_password(self, password: str, field: str = "password") -> None:
        limits = self._settings.limits
        if len(password) < limits.password_min_length:
            msg = f"Password must be at least {limits.password_min_length} characters."
            raise BadInputError(msg, field=field)
        if len(password) > limits.password_max_length:
            msg = f"Password must be at most {limits.password_max_length} characters."
            raise BadInputError(msg, field=field)

    async def register(self, name: str, email: str, password: str) -> tuple[User, IssuedToken]:
        name = validation.name(name, "name", max_length=self._settings.limits.name_length)
        email = validation.normalise_email(email)
        self._check_password(password)
        now = utcnow()
        user = User(
            id=str(uuid.uuid4()),
            name=name,
            email=email,
            password_hash=await hash_password(password, self._rounds, self._hashing),
            created_at=now,
            updated_at=now,
        )
        # The guard item makes the email unique atomically: no read-then-write race.
        guard: Item = {"id": _EMAIL_GUARD + email, "userId": user.id}
        try:
            await self._store.transact(
                [
                    Put(USERS.name, guard, NotExists()),
                    Put(USERS.name, _user_item(user), NotExists()),
                ]
            )
        except ConditionFailedError:
            raise ConflictError("An account with this email already exists.", field="email") from None
        await self._mailer.welcome(user.email, user.name)
        return user, self._tokens.issue(user.id, user.token_version)

    async def login(self, email: str, password: str, client: str | None = None) -> tuple[User, IssuedToken]:
        try:
            normalised = validation.normalise_email(email)
        except BadInputError:
            normalised = None
        subject = normalised or email.strip().lower()[:254]
        attempt = await self._limiter.begin(subject, client)
        user = await self.find_by_email(normalised) if normalised else None
        ok = await verify_password(
            password, user.password_hash if user else None, self._rounds, self._hashing
        )
        if not ok or user is None:
            await self._limiter.failed(attempt)
            raise UnauthenticatedError(_BAD_LOGIN)
        now = utcnow()
        user = user.model_copy(update={"last_login": now})
        signed_in = Update(USERS.name, {"id": user.id}, values={"data": pack(user)})
        try:
            await self._store.transact([signed_in, *self._limiter.cleared(attempt)])
        except StoreError as exc:
            raise ServiceUnavailableError("Could not sign in right now; try again.") from exc
        return user, self._tokens.issue(user.id, user.token_version)

    async def find_by_email(self, email: str) -> User | None:
        page = await self._store.query(USERS.name, email, index="EmailIndex", limit=1)
        return _user_from_item(page.items[0]) if page.items else None

    async def get_user(self, user_id: str) -> User | None:
        item = await self._store.get(USERS.name, {"id": user_id})
        return _user_from_item(item) if item else None

    async def update_me(self, user: User, name: str | None, notify_on_plan_complete: bool | None) -> User:
        changes: dict[str, object] = {"updated_at": utcnow()}
        if name is not None:
            changes["name"] = validation.name(name, "name", max_length=self._settings.limits.name_length)
        if notify_on_plan_complete is not None:
            changes["notify_on_plan_complete"] = notify_on_plan_complete
        updated = user.model_copy(update=changes)
        await self._store.update(Update(USERS.name, {"id": user.id}, values={"data": pack(updated)}))
        return updated

    # ------------------------------------------------------------ password reset
    async def request_password_reset(self, email: str) -> bool:
        """Always True, after the same time whether or not the account exists.

        The answer must not tell whether an account exists, by its value or by how long
        it takes: every request waits out `RESET_RESPONSE_SECONDS`. Mails per address
        are limited (`LIMIT_RESET_MAILS_PER_HOUR`), counted for unknown addresses too. A
        new link ends the one before it.
        """
        started = time.monotonic()
        try:
            await self._reset_request(email)
        finally:
            await asyncio.sleep(
                max(0.0, self._settings.reset_response_seconds - (time.monotonic() - started))
            )
        return True

    async def _reset_request(self, email: str) -> None:
        try:
            normalised = validation.normalise_email(email)
        except BadInputError:
            return
        hour = int(time.time() // 3600)
        counted = await self._store.update(
            Update(
                EPHEMERAL.name,
                {"id": f"RESETMAIL#{_digest(normalised)}#{hour}"},
                values={"ttl": (hour + 2) * 3600},
                increments={"count": 1},
            )
        )
        user = await self.find_by_email(normalised)
        if user is None or int(counted.get("count", 0)) > self._settings.limits.reset_mails_per_hour:
            return
        token = secrets.token_urlsafe(32)
        digest = _digest(token)
        expires = int(time.time()) + self._settings.password_reset_ttl_seconds
        latest_key: Key = {"id": f"RESETUSER#{user.id}"}
        latest = await self._store.get(EPHEMERAL.name, latest_key)
        ops: list[WriteOp] = [
            Put(EPHEMERAL.name, {"id": _RESET_PREFIX + digest, "userId": user.id, "ttl": expires}),
            Put(EPHEMERAL.name, {**latest_key, "digest": digest, "ttl": expires}),
        ]
        if latest is not None:  # the link sent before this one stops working
            ops.append(Delete(EPHEMERAL.name, {"id": _RESET_PREFIX + str(latest["digest"])}))
        await self._store.transact(ops)
        await self._mailer.password_reset(user.email, user.name, token)

    async def reset_password(self, token: str, new_password: str) -> tuple[User, IssuedToken]:
        """Set a new password with a single-use token; every earlier session ends."""
        self._check_password(new_password, "newPassword")
        invalid = BadInputError("This reset link is invalid or has expired.", field="token")
        key: Key = {"id": _RESET_PREFIX + _digest(token)}
        record = await self._store.get(EPHEMERAL.name, key)
        user = await self.get_user(str(record["userId"])) if record else None
        if record is None or user is None:
            raise invalid
        updated = user.model_copy(
            update={
                "password_hash": await hash_password(new_password, self._rounds, self._hashing),
                "token_version": user.token_version + 1,
                "updated_at": utcnow(),
            }
        )
        try:
            await self._store.transact(
                [
                    Delete(EPHEMERAL.name, key, Exists()),  # single use, even under a race
                    Put(USERS.name, _user_item(updated), AttrEquals("id", user.id)),
                ]
            )
        except ConditionFailedError:
            raise invalid from None
        return updated, self._tokens.issue(updated.id, updated.token_version)

    async def authenticate(self, authorization: str | None) -> User:
        """Resolve `Authorization: Bearer <JWT>` to a live user, or UNAUTHENTICATED."""
        if not authorization:
            raise UnauthenticatedError
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthenticatedError("Use an 'Authorization: Bearer <token>' header.")
        claims = self._tokens.verify(token.strip())
        user = await self.get_user(claims.user_id)
        if user is None or user.token_version != claims.token_version:
            raise UnauthenticatedError("Invalid or expired token.")
        return user
