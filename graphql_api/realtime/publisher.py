"""Pushing job changes and project events to API Gateway WebSocket subscribers.

Whoever writes a job record publishes it (the JobService calls `publish` after each
write, in the SQS consumer on Lambda as on `serve`). One Query finds the job's
subscribers; each gets `next` shaped by its own selection set, then `complete` once
the job ended. Pushes go out concurrently up to a bound; a socket that is gone is
forgotten. A subscriber never gets a state older than the one it was sent when it
subscribed (`rev`), and one worker writes a job at a time, so progress only grows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from graphql_api.realtime import shaping
from graphql_api.realtime.management import GoneError, SocketPoster
from graphql_api.schema.activity.types import project_event_type
from graphql_api.schema.jobs.types import GenerationJobType
from graphql_api.services.models import Job, User
from graphql_api.services.sockets.registry import ConnectionRegistry, Subscription

if TYPE_CHECKING:
    from graphql_api.container import Container
    from graphql_api.schema.build import ApiSchema
    from graphql_api.services.activity.records import ProjectEvent

logger = logging.getLogger("graphql_api.realtime")


def job_topic(job_id: str) -> str:
    return f"job:{job_id}"


def project_topic(project_id: str) -> str:
    return f"project:{project_id}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def subscriber(user_id: str) -> User:
    """The caller a message is shaped for, without a read per push: authorisation reads only its id."""
    return User.model_construct(
        id=user_id, name="", email="", password_hash="", created_at=_EPOCH, updated_at=_EPOCH
    )


@dataclass(frozen=True, slots=True)
class SocketParts:
    """What the gateway and the publisher share: the services, the schema, the stored sockets, the pusher."""

    container: Container
    schema: Callable[[], ApiSchema]
    registry: ConnectionRegistry
    poster: SocketPoster
    concurrency: int


class SocketPublisher:
    def __init__(self, parts: SocketParts) -> None:
        self._container = parts.container
        self._schema = parts.schema
        self._registry = parts.registry
        self._poster = parts.poster
        self._concurrency = parts.concurrency

    async def publish(self, job: Job) -> None:
        """Never raises: a failed push must not fail the job that changed."""
        try:
            subscriptions = await self._registry.subscribers(job_topic(job.id))
        except Exception:
            logger.exception("could not read the subscribers of job %s", job.id)
            return
        waiting = [s for s in subscriptions if job.rev > s.rev]
        if not waiting:
            return
        root = GenerationJobType.from_domain(job)
        bound = asyncio.Semaphore(self._concurrency)

        async def push(subscription: Subscription) -> None:
            async with bound:
                try:
                    await self.send(subscription, root, finished=job.status.finished)
                except GoneError:
                    await self._registry.disconnect(subscription.connection_id)
                except Exception:
                    logger.exception("could not push job %s to a socket", job.id)

        await asyncio.gather(*(push(s) for s in waiting))

    async def publish_event(self, event: ProjectEvent) -> None:
        """A committed write to its project's followers: one Query, then a push each. Never raises.

        A member event that names a follower who is no longer a member completes their
        subscription instead, and forgets it.
        """
        try:
            subscriptions = await self._registry.subscribers(project_topic(event.project_id))
        except Exception:
            logger.exception("could not read the followers of project %s", event.project_id)
            return
        if not subscriptions:
            return
        root = project_event_type(event)
        bound = asyncio.Semaphore(self._concurrency)

        async def push(subscription: Subscription) -> None:
            async with bound:
                try:
                    follower = subscription.user_id
                    if event.may_end_follow(follower) and not await self._container.activity.is_member(
                        follower, event.project_id
                    ):
                        await self._poster.post(
                            subscription.connection_id, {"id": subscription.operation_id, "type": "complete"}
                        )
                        await self._registry.unsubscribe(
                            subscription.connection_id, subscription.operation_id
                        )
                        return
                    await self.send(subscription, root, finished=False)
                except GoneError:
                    await self._registry.disconnect(subscription.connection_id)
                except Exception:
                    logger.exception("could not push an event of project %s to a socket", event.project_id)

        await asyncio.gather(*(push(s) for s in subscriptions))

    async def send(self, subscription: Subscription, root: object, *, finished: bool) -> None:
        document = shaping.parsed(subscription.document)
        payload = await shaping.shaped(
            self._schema(),
            self._container,
            document,
            subscription.variables,
            root,
            subscriber(subscription.user_id),
        )
        await self._poster.post(
            subscription.connection_id, {"id": subscription.operation_id, "type": "next", "payload": payload}
        )
        if finished:
            await self._poster.post(
                subscription.connection_id, {"id": subscription.operation_id, "type": "complete"}
            )
