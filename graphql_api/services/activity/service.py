"""Reading a project's activity and following it live.

`page` reads newest first, paginated with a signed token, and can stop at a version
(`since`), so a client that reconnects asks for exactly what it missed. `follow` yields
each new event to a member: the process that committed a write wakes its subscribers at
once (the hub), and a short poll of the stored events brings what other processes
committed (`serve --workers N`); a member removed while following sees the end.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphql_api.core.enums import ProjectRole
from graphql_api.core.errors import BadInputError, NotFoundError

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.services.activity.records import ProjectEvent
    from graphql_api.services.auth.tokens import TokenService
    from graphql_api.services.models import Project, User
    from graphql_api.services.projects.storage import ProjectStorage

FOLLOW_BATCH = 50  # events one poll reads at most; a burst beyond it arrives over the next polls


class EventHub:
    """In-process wake-ups: a committed write nudges this process's followers of its project."""

    def __init__(self) -> None:
        self._waiting: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    async def publish(self, event: ProjectEvent) -> None:
        for waiter in self._waiting.get(event.project_id, ()):
            waiter.set()

    @contextlib.contextmanager
    def waiter(self, project_id: str) -> Iterator[asyncio.Event]:
        waiter = asyncio.Event()
        self._waiting[project_id].add(waiter)
        try:
            yield waiter
        finally:
            self._waiting[project_id].discard(waiter)
            if not self._waiting[project_id]:
                del self._waiting[project_id]


@dataclass(frozen=True, slots=True)
class ActivityService:
    """Pages of a project's events, and the live feed that follows them (EventHub, then storage)."""

    _storage: ProjectStorage
    _tokens: TokenService
    _limits: Limits
    _hub: EventHub
    _poll: float  # seconds between reads of the stored events while following

    async def page(
        self, project: Project, limit: int, next_token: str | None, since: int | None
    ) -> tuple[list[ProjectEvent], str | None]:
        """The project's events, newest first (the caller has read the project: a member)."""
        if not 1 <= limit <= self._limits.page_size_max:
            raise BadInputError(f"limit must be between 1 and {self._limits.page_size_max}.", field="limit")
        scope = f"activity:{project.id}"
        start = int(self._tokens.open_cursor(scope, next_token)["v"]) if next_token else None
        events, more = await self._storage.events(project.id, limit, start, since)
        return events, (self._tokens.sign_cursor(scope, {"v": more}) if more else None)

    async def follow(self, user: User, project_id: str) -> AsyncIterator[ProjectEvent]:
        """Every event after the subscription starts, oldest first; ends when the member leaves."""
        project = await self._storage.outline(user.id, project_id, ProjectRole.VIEWER)
        last = project.version
        with self._hub.waiter(project_id) as nudged:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(nudged.wait(), self._poll)
                nudged.clear()
                events, _ = await self._storage.events(project_id, FOLLOW_BATCH, None, last)
                for event in reversed(events):
                    last = max(last, event.version)
                    if event.may_end_follow(user.id) and not await self.is_member(user.id, project_id):
                        return
                    yield event

    def on_commit(self, listener: Callable[[ProjectEvent], Awaitable[None]]) -> None:
        """Also hand each committed event to `listener` (the API Gateway sockets' publisher)."""
        self._storage.on_commit(listener)

    async def check_follower(self, user: User, project_id: str) -> None:
        """A member may follow the project; anyone else gets NOT_FOUND."""
        await self._storage.outline(user.id, project_id, ProjectRole.VIEWER)

    async def is_member(self, user_id: str, project_id: str) -> bool:
        try:
            await self._storage.outline(user_id, project_id, ProjectRole.VIEWER)
        except NotFoundError:
            return False
        return True
