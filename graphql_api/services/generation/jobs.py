"""Generation jobs: records, one-per-target locks, claiming, progress and notifications.

A job is created QUEUED by a mutation and handed to a dispatcher (an in-process pool,
or SQS on Lambda). Whoever runs it first claims it with a conditional write on `rev`,
so a job delivered twice is processed once. Progress never decreases. Every write bumps
`rev` and wakes in-process watchers; watchers in other processes poll the record.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import JobKind, JobStatus
from graphql_api.core.errors import NotFoundError, RateLimitedError, ServiceUnavailableError
from graphql_api.services.models import Job, JobParams, User
from graphql_api.store.base import ConditionFailedError, Item, StoreError
from graphql_api.store.codec import pack, unpack_item
from graphql_api.store.ops import AttrEquals, NotExists, Put, Update
from graphql_api.store.tables import EPHEMERAL, JOBS

if TYPE_CHECKING:
    from graphql_api.config import Limits
    from graphql_api.store.base import Store

JOB_TTL_SECONDS = 7 * 24 * 3600
LOCK_TTL_SECONDS = 2 * 3600  # a crashed worker's lock expires; a new request may then start
LEASE_SECONDS = 15 * 60  # a RUNNING job whose lease lapsed may be claimed again
_NOT_FOUND = "Generation job not found."


class JobLostError(RuntimeError):
    """The job record changed under a worker: another delivery holds it now."""


class Dispatcher(Protocol):
    async def dispatch(self, job_id: str) -> None: ...


def _job_item(job: Job) -> Item:
    return {"id": job.id, "rev": job.rev, "ttl": int(time.time()) + JOB_TTL_SECONDS, "data": pack(job)}


def _job_from_item(item: Item) -> Job:
    return unpack_item(Job, item)


def _lock_key(job: Job) -> dict[str, str | int | float | bool | bytes]:
    return {"id": "TARGET#" + job.target}


class JobService:
    def __init__(self, store: Store, limits: Limits) -> None:
        self._store = store
        self._limits = limits
        self._dispatcher: Dispatcher | None = None
        self._project_access: Callable[[str, str], Awaitable[object]] | None = None
        self._publisher: Callable[[Job], Awaitable[None]] | None = None
        self._watchers: dict[str, set[asyncio.Event]] = defaultdict(set)

    def use_dispatcher(self, dispatcher: Dispatcher) -> None:
        self._dispatcher = dispatcher

    # ------------------------------------------------------------ creation
    async def _count_submission(self, user: User) -> None:
        """RATE_LIMITED past LIMIT_JOBS_PER_WINDOW submissions in the window.

        One user's burst of AI work cannot fill the queue in front of everyone else's.
        """
        window = self._limits.jobs_window_seconds
        now = time.time()
        index = int(now // window)
        try:
            counted = await self._store.update(
                Update(
                    EPHEMERAL.name,
                    {"id": f"JOBS#{user.id}#{index}"},
                    values={"ttl": (index + 2) * window},
                    increments={"count": 1},
                )
            )
        except StoreError as exc:
            raise ServiceUnavailableError("Could not queue the job; try again.") from exc
        if int(counted.get("count", 0)) > self._limits.jobs_per_window:
            retry = max(1, int((index + 1) * window - now))
            allowed = self._limits.jobs_per_window
            msg = f"At most {allowed} generation jobs per {window} seconds; try again later."
            raise RateLimitedError(msg, retry_after=retry)

    async def submit(
        self,
        user: User,
        kind: JobKind,
        params: JobParams,
        *,
        project_id: str | None = None,
        phase_id: str | None = None,
        sprint_id: str | None = None,
    ) -> Job:
        """Create and dispatch a job; while one for the same target is live, return it."""
        await self._count_submission(user)
        now = utcnow()
        job = Job(
            id=str(uuid.uuid4()),
            user_id=user.id,
            kind=kind,
            project_id=project_id,
            phase_id=phase_id,
            sprint_id=sprint_id,
            params=params,
            created_at=now,
            updated_at=now,
        )
        lock: Item = {**_lock_key(job), "jobId": job.id, "ttl": int(time.time()) + LOCK_TTL_SECONDS}
        for _ in range(3):
            try:
                await self._store.transact(
                    [Put(JOBS.name, lock, NotExists()), Put(JOBS.name, _job_item(job), NotExists())]
                )
            except ConditionFailedError:
                existing = await self._live_job_for(job)
                if existing is not None:
                    return existing
                continue  # the lock was stale and is gone now: try again
            except StoreError as exc:
                raise ServiceUnavailableError("Could not queue the job; try again.") from exc
            break
        else:
            raise ServiceUnavailableError("Could not queue the job; try again.")
        if self._dispatcher is not None:
            await self._dispatcher.dispatch(job.id)
        return job

    async def _live_job_for(self, job: Job) -> Job | None:
        lock = await self._store.get(JOBS.name, _lock_key(job))
        if lock is None:
            return None
        holder = await self._load(str(lock.get("jobId", "")))
        if holder is not None and not holder.status.finished:
            return holder  # the same target: the same project (any editor may see it) or user's template
        # The holder finished or vanished without releasing: drop the stale lock.
        holder_id = lock.get("jobId", "")
        with contextlib.suppress(ConditionFailedError):
            await self._store.delete(JOBS.name, _lock_key(job), condition=AttrEquals("jobId", holder_id))
        return None

    # ------------------------------------------------------------ reads
    async def _load(self, job_id: str) -> Job | None:
        if not job_id or job_id.startswith("TARGET#"):
            return None
        item = await self._store.get(JOBS.name, {"id": job_id})
        return _job_from_item(item) if item else None

    def use_publisher(self, publish: Callable[[Job], Awaitable[None]]) -> None:
        """Who else hears of every change (API Gateway WebSocket subscribers); must not raise."""
        self._publisher = publish

    def use_access(self, check: Callable[[str, str], Awaitable[object]]) -> None:
        """How to tell whether a user may read a project (raises NotFoundError if not)."""
        self._project_access = check

    async def get(self, user: User, job_id: str) -> Job:
        """A template job for its creator; a project's job for any member of the project."""
        job = await self._load(job_id)
        if job is None:
            raise NotFoundError(_NOT_FOUND)
        if job.project_id is None or self._project_access is None:
            if job.user_id != user.id:
                raise NotFoundError(_NOT_FOUND)
            return job
        try:
            await self._project_access(user.id, job.project_id)
        except NotFoundError:
            raise NotFoundError(_NOT_FOUND) from None
        return job

    async def load(self, job_id: str) -> Job | None:
        """A job by id with no owner check: for workers only."""
        return await self._load(job_id)

    # ------------------------------------------------------------ running
    async def claim(self, job_id: str) -> Job | None:
        """Take a job to run: QUEUED, or RUNNING with a lapsed lease. None: not ours to run."""
        job = await self._load(job_id)
        if job is None or job.status.finished:
            return None
        if job.status == JobStatus.RUNNING and job.lease_until > time.time():
            return None
        message = f"Resuming after {job.steps_done} steps" if job.steps_done else "Starting"
        try:
            return await self._write(
                job, status=JobStatus.RUNNING, message=message, lease_until=time.time() + LEASE_SECONDS
            )
        except JobLostError:
            return None  # another delivery claimed it first

    async def requeue(self, job: Job, message: str) -> Job:
        """Hand the rest of a long job to a fresh run (a new SQS message or pool task)."""
        queued = await self._write(job, status=JobStatus.QUEUED, message=message, lease_until=0.0)
        if self._dispatcher is not None:
            await self._dispatcher.dispatch(job.id)
        return queued

    async def progress(self, job: Job, progress: float, message: str, **changes: object) -> Job:
        """Record a step; progress never goes down, whatever the caller passes."""
        return await self._write(
            job, progress=max(job.progress, min(progress, 1.0)), message=message, **changes
        )

    async def finish(self, job: Job, message: str, **changes: object) -> Job:
        done = await self._write(job, status=JobStatus.SUCCEEDED, progress=1.0, message=message, **changes)
        await self._release(done)
        return done

    async def fail(self, job: Job, error: str, message: str) -> Job:
        """Mark the job FAILED from whatever state it reached (the caller's copy may be old)."""
        current = await self._load(job.id) or job
        if current.status.finished:
            return current
        failed = await self._write(current, status=JobStatus.FAILED, error=error, message=message)
        await self._release(failed)
        return failed

    async def _write(self, job: Job, **changes: object) -> Job:
        updated = job.model_copy(update={**changes, "rev": job.rev + 1, "updated_at": utcnow()})
        try:
            await self._store.put(JOBS.name, _job_item(updated), condition=AttrEquals("rev", job.rev))
        except ConditionFailedError:
            raise JobLostError(job.id) from None
        self._notify(job.id)
        if self._publisher is not None:
            await self._publisher(updated)
        return updated

    async def _release(self, job: Job) -> None:
        with contextlib.suppress(ConditionFailedError):  # already released or taken over
            await self._store.delete(JOBS.name, _lock_key(job), condition=AttrEquals("jobId", job.id))

    # ------------------------------------------------------------ watching
    def _notify(self, job_id: str) -> None:
        """Wake this process's watchers (serve's sockets); `use_publisher` reaches the rest."""
        for event in self._watchers.get(job_id, ()):
            event.set()

    async def watch(self, user: User, job_id: str, poll_seconds: float = 1.0) -> AsyncIterator[Job]:
        """The job now, then on every change, until it finishes.

        Reads the record each time (any process may run the job); an in-process write
        wakes the watcher at once instead of waiting for the next poll.
        """
        job = await self.get(user, job_id)
        event = asyncio.Event()
        self._watchers[job_id].add(event)
        try:
            yield job
            last_rev = job.rev
            while not job.status.finished:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), poll_seconds)
                event.clear()
                latest = await self._load(job_id)  # access was checked once, at the start
                if latest is None:
                    raise NotFoundError(_NOT_FOUND)
                job = latest
                if job.rev != last_rev:
                    last_rev = job.rev
                    yield job
        finally:
            self._watchers[job_id].discard(event)
            if not self._watchers[job_id]:
                self._watchers.pop(job_id, None)
