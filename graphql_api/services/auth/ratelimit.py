"""Login attempt limits, counted in storage so they hold across Lambda instances.

Failures are counted in one-minute buckets; a check sums the buckets of the last
window (15 by default) in one BatchGetItem, and a failure is one atomic ADD per counter
in one transaction. Exact to the minute, with no read-modify-write race.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from graphql_api.core.errors import RateLimitedError
from graphql_api.store.base import Key
from graphql_api.store.ops import Update
from graphql_api.store.tables import EPHEMERAL

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.store.base import Store

BUCKET_SECONDS = 60


class LoginLimiter:
    def __init__(self, store: Store, limits: Limits, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._buckets = max(1, math.ceil(limits.login_window_seconds / BUCKET_SECONDS))
        self._limits = {"E": limits.login_failures_per_email, "C": limits.login_failures_per_client}
        self._clock = clock

    @staticmethod
    def _key(kind: str, subject: str, bucket: int) -> Key:
        return {"id": f"LOGIN#{kind}#{subject}#{bucket}"}

    def _subjects(self, email: str, client: str | None) -> list[tuple[str, str]]:
        return [("E", email)] + ([("C", client)] if client else [])

    async def check(self, email: str, client: str | None) -> int:
        """RATE_LIMITED, with retryAfter in seconds, when a counter reached its limit.

        Returns the account's recent failures (so a success clears only what exists).
        """
        now = self._clock()
        current = int(now // BUCKET_SECONDS)
        buckets = list(range(current - self._buckets + 1, current + 1))
        subjects = self._subjects(email, client)
        keys = [self._key(kind, subject, b) for kind, subject in subjects for b in buckets]
        found = {
            str(i["id"]): int(i.get("count", 0)) for i in await self._store.batch_get(EPHEMERAL.name, keys)
        }
        waits = []
        email_failures = 0
        for kind, subject in subjects:
            counts = [found.get(str(self._key(kind, subject, b)["id"]), 0) for b in buckets]
            total, limit = sum(counts), self._limits[kind]
            if kind == "E":
                email_failures = total
            if total < limit:
                continue
            # Oldest buckets age out first: find how many must go to fall under the limit.
            for dropped, count in enumerate(counts, start=1):
                total -= count
                if total < limit:
                    waits.append(
                        math.ceil((buckets[0] + dropped + self._buckets - 1) * BUCKET_SECONDS - now + 1)
                    )
                    break
        if waits:
            raise RateLimitedError(
                "Too many failed sign-in attempts; try again later.", retry_after=max(1, *waits)
            )
        return email_failures

    async def failed(self, email: str, client: str | None) -> None:
        bucket = int(self._clock() // BUCKET_SECONDS)
        expires = (bucket + self._buckets + 1) * BUCKET_SECONDS
        await self._store.transact(
            [
                Update(
                    EPHEMERAL.name,
                    self._key(kind, subject, bucket),
                    values={"ttl": expires},
                    increments={"count": 1},
                )
                for kind, subject in self._subjects(email, client)
            ]
        )

    async def succeeded(self, email: str) -> None:
        """A correct password clears the account's counter (not the client's)."""
        current = int(self._clock() // BUCKET_SECONDS)
        keys = [self._key("E", email, b) for b in range(current - self._buckets + 1, current + 1)]
        await self._store.delete_many(EPHEMERAL.name, keys)
