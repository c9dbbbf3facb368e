"""Login attempt limits, counted in storage so they hold across Lambda instances.

Three counters, each in one-minute buckets summed over the window (15 minutes by
default, one BatchGetItem for all of them):
- per email and client (`LIMIT_LOGIN_FAILURES_PER_EMAIL`, 5): this client is locked out
  of this account. The attempt is counted (an atomic ADD that returns the new count)
  before the password is checked, so concurrent attempts cannot all slip under it.
- per client (`LIMIT_LOGIN_FAILURES_PER_CLIENT`, 20): password spraying across accounts.
- per account (`LIMIT_LOGIN_FAILURES_PER_ACCOUNT`, 50): a guess from many clients. It
  refuses only clients that have already failed on this account, so an attacker cannot
  lock the owner out: a correct password from a client with no failure is always checked
  (OWASP's advice against account lock-out as a denial of service). The cost of that
  choice: a botnet gets one guess per address per window, each address limited as above.
A success clears its own client's count for the account.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql_api.core.errors import RateLimitedError
from graphql_api.store.base import Key
from graphql_api.store.ops import Delete, Update, WriteOp
from graphql_api.store.tables import EPHEMERAL

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.store.base import Store

BUCKET_SECONDS = 60
PAIR, CLIENT, ACCOUNT = "P", "C", "E"
_MESSAGE = "Too many failed sign-in attempts; try again later."


@dataclass(frozen=True, slots=True)
class Attempt:
    """A counted login attempt: what a success must clear, what a failure must add."""

    email: str
    client: str | None
    bucket: int
    pair_keys: list[Key]  # this client's counted attempts on the account, the new one included


class LoginLimiter:
    def __init__(self, store: Store, limits: Limits, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._buckets = max(1, math.ceil(limits.login_window_seconds / BUCKET_SECONDS))
        self._limits = {
            PAIR: limits.login_failures_per_email,
            CLIENT: limits.login_failures_per_client,
            ACCOUNT: limits.login_failures_per_account,
        }
        self._clock = clock

    @staticmethod
    def _key(kind: str, subject: str, bucket: int) -> Key:
        return {"id": f"LOGIN#{kind}#{subject}#{bucket}"}

    @staticmethod
    def _subjects(email: str, client: str | None) -> dict[str, str]:
        subjects = {PAIR: f"{email}#{client or '-'}", ACCOUNT: email}
        if client:
            subjects[CLIENT] = client
        return subjects

    def _window(self) -> list[int]:
        current = int(self._clock() // BUCKET_SECONDS)
        return list(range(current - self._buckets + 1, current + 1))

    def _retry_after(self, counts: list[int], buckets: list[int], limit: int) -> int:
        """Seconds until the oldest buckets age out far enough to fall under the limit."""
        total = sum(counts)
        for dropped, count in enumerate(counts, start=1):
            total -= count
            if total < limit:
                return max(
                    1,
                    math.ceil(
                        (buckets[0] + dropped + self._buckets - 1) * BUCKET_SECONDS - self._clock() + 1
                    ),
                )
        return self._buckets * BUCKET_SECONDS

    async def begin(self, email: str, client: str | None) -> Attempt:
        """Count an attempt, or RATE_LIMITED (with retryAfter in seconds) before any password check."""
        buckets = self._window()
        subjects = self._subjects(email, client)
        keys = {(kind, b): self._key(kind, subject, b) for kind, subject in subjects.items() for b in buckets}
        found = {
            str(i["id"]): int(i.get("count", 0))
            for i in await self._store.batch_get(EPHEMERAL.name, list(keys.values()))
        }
        counts = {kind: [found.get(str(keys[kind, b]["id"]), 0) for b in buckets] for kind in subjects}
        pair_failures = sum(counts[PAIR])
        for kind, limit in self._limits.items():
            if kind not in counts or sum(counts[kind]) < limit:
                continue
            if kind == ACCOUNT and pair_failures == 0:
                continue  # a client with no failure on this account is never locked out by others
            raise RateLimitedError(_MESSAGE, retry_after=self._retry_after(counts[kind], buckets, limit))
        # Count this attempt before the password is checked: concurrent ones see each other.
        current = keys[PAIR, buckets[-1]]
        counted = await self._store.update(
            Update(
                EPHEMERAL.name, current, values={"ttl": self._expiry(buckets[-1])}, increments={"count": 1}
            )
        )
        if pair_failures - counts[PAIR][-1] + int(counted.get("count", 0)) > self._limits[PAIR]:
            counts[PAIR][-1] = int(counted.get("count", 0))
            limit = self._limits[PAIR]
            raise RateLimitedError(_MESSAGE, retry_after=self._retry_after(counts[PAIR], buckets, limit))
        earlier = zip(buckets[:-1], counts[PAIR][:-1], strict=True)
        pair_keys = [keys[PAIR, b] for b, n in earlier if n] + [current]
        return Attempt(email, client, buckets[-1], pair_keys)

    def _expiry(self, bucket: int) -> int:
        return (bucket + self._buckets + 1) * BUCKET_SECONDS

    async def failed(self, attempt: Attempt) -> None:
        """The attempt stays counted for its client; the client's and account's counts grow."""
        subjects = self._subjects(attempt.email, attempt.client)
        await self._store.transact(
            [
                Update(
                    EPHEMERAL.name,
                    self._key(kind, subjects[kind], attempt.bucket),
                    values={"ttl": self._expiry(attempt.bucket)},
                    increments={"count": 1},
                )
                for kind in (CLIENT, ACCOUNT)
                if kind in subjects
            ]
        )

    @staticmethod
    def cleared(attempt: Attempt) -> list[WriteOp]:
        """What a success writes with its own update: its client's count for the account goes."""
        return [Delete(EPHEMERAL.name, key) for key in attempt.pair_keys]
