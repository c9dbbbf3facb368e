"""Reading and writing project partitions (their keys and codecs: `items.py`): the version-checked write loop.

Every write bumps the outline's `version` under a condition on the old one, in the
same transaction as any content or entry it touches, so concurrent edits to different
parts of a project all persist (a conflicting writer re-reads and re-applies) and a
stale `expectedVersion` writes nothing.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ProjectRole
from graphql_api.core.errors import ConflictError, NotFoundError, ServiceUnavailableError
from graphql_api.services.activity.records import (
    EVENTS_PK,
    Activity,
    ProjectEvent,
    actor_name,
    event_item,
    event_key,
)
from graphql_api.services.models import PhaseText, Project, RiskAssessment
from graphql_api.services.projects import access
from graphql_api.services.projects.items import (
    CONTENT_PREFIX,
    MEMBER_PREFIX,
    MICRO,
    NOT_FOUND,
    OUTLINE_SK,
    USAGE_SK,
    Part,
    PartKey,
    content_item,
    entry_holders,
    member_entry,
    outline_item,
    part_from_item,
    risk_item,
)
from graphql_api.services.projects.results import ProjectView
from graphql_api.store.base import ConditionFailedError, Item, Key, Page, Store, StoreError
from graphql_api.store.codec import unpack_item
from graphql_api.store.ops import AttrEquals, Check, Delete, Exists, NotExists, Put, Update, WriteOp
from graphql_api.store.tables import PROJECTS

if TYPE_CHECKING:
    from graphql_api.ai.meta import Meta

T = TypeVar("T")
logger = logging.getLogger("graphql_api.projects")
_BACKOFF_FIRST, _BACKOFF_CAP = 0.005, 0.25  # seconds: full jitter, doubling per attempt


@dataclass(slots=True)
class Draft:
    """A mutation's working copy: the outline, the content items it touched, other writes."""

    project: Project
    load_texts: Callable[[Sequence[str]], Awaitable[dict[str, PhaseText]]]
    activity: Activity
    touched: dict[str, PhaseText] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    extra: list[WriteOp] = field(default_factory=list)

    def write_risk(self, assessment: RiskAssessment) -> str:
        """Write an assessment with this mutation's transaction; returns its reference."""
        item = risk_item(assessment)
        self.extra.append(Put(PROJECTS.name, item))
        return str(item["sk"])

    async def text(self, phase_id: str) -> PhaseText:
        return (await self.texts([phase_id]))[phase_id]

    async def texts(self, phase_ids: Sequence[str]) -> dict[str, PhaseText]:
        """Phases' content items, to change and write back; one read for all that exist.

        A phase the outline says has no content item starts empty without a read.
        """
        stored = {p.id for p in self.project.phases if p.has_text}
        wanted = [i for i in dict.fromkeys(phase_ids) if i not in self.touched]
        if reads := [i for i in wanted if i in stored]:
            self.touched |= await self.load_texts(reads)
        for phase_id in wanted:
            self.touched.setdefault(phase_id, PhaseText())
        return {i: self.touched[i] for i in phase_ids}

    def untouch(self, phase_id: str) -> None:
        """Nothing of this phase's text changed after all: no write for it."""
        self.touched.pop(phase_id, None)

    def drop_text(self, phase_id: str) -> None:
        """Delete a removed phase's content item in this mutation's write."""
        self.touched.pop(phase_id, None)
        self.dropped.add(phase_id)


class ProjectStorage:
    """Reads and writes of project partitions; every store failure becomes a retryable error."""

    def __init__(
        self,
        store: Store,
        check: Callable[[Project], None],
        retry_seconds: float = 5.0,
        *,
        activity_days: int = 90,
    ) -> None:
        self._store = store
        self._check = check
        self._activity_days = activity_days
        self._listeners: list[Callable[[ProjectEvent], Awaitable[None]]] = []
        self._retry_seconds = retry_seconds

    async def guard(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except ConditionFailedError:
            raise
        except StoreError as exc:
            raise ServiceUnavailableError("Storage is busy; try again shortly.") from exc

    async def write(self, ops: Sequence[WriteOp]) -> None:
        if len(ops) == 1 and isinstance(ops[0], Put):
            await self.guard(self._store.put(ops[0].table, ops[0].item, condition=ops[0].condition))
        else:
            await self.guard(self._store.transact(ops))

    def on_commit(self, listener: Callable[[ProjectEvent], Awaitable[None]]) -> None:
        """Call `listener` with each event once its write has committed (live subscriptions)."""
        self._listeners.append(listener)

    async def _published(self, event: ProjectEvent) -> None:
        for listener in self._listeners:
            try:
                await listener(event)
            except Exception:  # a subscriber's trouble never fails a committed write
                logger.exception("publishing event %s of project %s failed", event.version, event.project_id)

    def _event(self, project: Project, before: Project, user_id: str, activity: Activity) -> ProjectEvent:
        said = activity.said or f"made a change ({activity.action})"
        return ProjectEvent(
            id=f"{project.id}:{project.version}",
            project_id=project.id,
            version=project.version,
            kind=activity.kind,
            action=activity.action,
            ids=activity.ids,
            summary=f"{actor_name(before, user_id, project)} {said}"[:400],
            actor_id=user_id,
            at=project.updated_at,
        )

    async def insert(self, project: Project, activity: Activity, extra: Sequence[WriteOp] = ()) -> None:
        """A new project, its parts and its first event (version 1), in one write."""
        event = self._event(project, project, project.user_id, activity)
        item = event_item(event, self._activity_days)
        await self.write(
            [Put(PROJECTS.name, outline_item(project), NotExists()), *extra, Put(PROJECTS.name, item)]
        )
        await self._published(event)

    async def _event_keys(self, project_id: str) -> list[Key]:
        """Every event item of a project, page by page (a deleted project's whole history)."""
        keys: list[Key] = []
        start: Key | None = None
        while True:
            page = await self.guard(self._store.query(PROJECTS.name, project_id + EVENTS_PK, start=start))
            keys += [{"id": item["id"], "sk": item["sk"]} for item in page.items]
            if page.next_key is None:
                return keys
            start = page.next_key

    async def events(
        self, project_id: str, limit: int, start_version: int | None, since: int | None
    ) -> tuple[list[ProjectEvent], int | None]:
        """Newest first: up to `limit` events before `start_version` (None: the latest), newer than `since`.

        Returns the events and the version to continue from (None when there are no more).
        """
        start = event_key(project_id, start_version) if start_version else None
        page = await self.guard(
            self._store.query(PROJECTS.name, project_id + EVENTS_PK, limit=limit, start=start, forward=False)
        )
        found = [unpack_item(ProjectEvent, item) for item in page.items]
        newer = [e for e in found if since is None or e.version > since]
        more = page.next_key is not None and len(newer) == len(found) and bool(found)
        return newer, (found[-1].version if more else None)

    async def partition(self, project_id: str) -> list[Item]:
        page = await self.guard(self._store.query(PROJECTS.name, project_id))
        return list(page.items)

    async def by_user(self, user_id: str, limit: int, start: Key | None) -> tuple[list[Project], Key | None]:
        """A page of the user's owned and shared projects, newest first, and where the next starts.

        One Query finds both (owned outlines and membership entries share the index);
        the shared ones' outlines come in one batch, so a page costs at most two requests.
        """
        page: Page = await self.guard(
            self._store.query(
                PROJECTS.name, user_id, index="UserIdIndex", limit=limit, start=start, forward=False
            )
        )
        shared = [str(i["id"]) for i in page.items if str(i["sk"]).startswith(MEMBER_PREFIX)]
        fetched = await self.outlines(shared)
        projects: list[Project] = []
        for item in page.items:
            if str(item["sk"]) == OUTLINE_SK:
                projects.append(unpack_item(Project, item))
            elif (found := fetched.get(str(item["id"]))) is not None and access.role_of(found, user_id):
                projects.append(found)  # an entry whose membership ended in a race is skipped
        return projects, page.next_key

    async def parts(self, keys: Sequence[PartKey]) -> dict[PartKey, Part | None]:
        """Partition parts by key, in one batch (the DataLoader's call)."""
        items = await self.guard(
            self._store.batch_get(PROJECTS.name, [{"id": k.project_id, "sk": k.sk} for k in keys])
        )
        found = {PartKey(str(i["id"]), str(i["sk"])): i for i in items}
        return {k: part_from_item(k.sk, found[k]) if k in found else None for k in keys}

    async def latest_risk(self, project: Project) -> RiskAssessment | None:
        """The project's latest assessment (a mutation re-reads it on every attempt)."""
        if not project.latest_risk_sk:
            return None
        key: Key = {"id": project.id, "sk": project.latest_risk_sk}
        item = await self.guard(self._store.get(PROJECTS.name, key))
        return unpack_item(RiskAssessment, item) if item else None

    async def outline(
        self, user_id: str, project_id: str, need: ProjectRole | None = ProjectRole.VIEWER
    ) -> Project:
        """The outline, when `user_id` holds at least `need` on it (None: anyone, e.g. an invitee)."""
        item = await self.guard(self._store.get(PROJECTS.name, {"id": project_id, "sk": OUTLINE_SK}))
        project = unpack_item(Project, item) if item else None
        if project is None:
            raise NotFoundError(NOT_FOUND)
        if need is not None:
            access.require(project, user_id, need)
        return project

    async def outlines(self, project_ids: Sequence[str]) -> dict[str, Project]:
        """Outlines by id in one batch (a page's shared projects); missing ones are left out."""
        keys: list[Key] = [{"id": i, "sk": OUTLINE_SK} for i in project_ids]
        items = await self.guard(self._store.batch_get(PROJECTS.name, keys)) if keys else []
        return {str(i["id"]): unpack_item(Project, i) for i in items}

    async def remove(self, owner_id: str, project_id: str) -> None:
        """Remove the outline first (so no writer can resurrect it), then the rest (memberships too)."""
        project = await self.outline(owner_id, project_id, ProjectRole.OWNER)
        try:
            await self.guard(
                self._store.delete(
                    PROJECTS.name,
                    {"id": project_id, "sk": OUTLINE_SK},
                    condition=AttrEquals("userId", owner_id),
                )
            )
        except ConditionFailedError:
            raise NotFoundError(NOT_FOUND) from None
        keys: list[Key] = [{"id": item["id"], "sk": item["sk"]} for item in await self.partition(project_id)]
        keys += [
            {"id": k.project_id, "sk": k.sk}
            for ref in project.proposals
            for k in PartKey.proposal_chunks(project_id, ref.id, ref.chunks)
        ]
        keys += await self._event_keys(project_id)  # its history goes with it, not at the TTL
        if keys:
            await self.guard(self._store.delete_many(PROJECTS.name, keys))

    async def add_usage(self, project_id: str, meta: Meta) -> None:
        """Count one AI call, its repair turn too, in flat counters (atomic ADDs); none for a gone project."""
        calls = 1 + meta.repairs  # a repair turn is a request like any other
        increments: dict[str, int | float] = {
            "requests": calls,
            "cache_hits": int(meta.cached),
            "failovers": meta.failovers,
            "input_tokens": meta.input_tokens,
            "output_tokens": meta.output_tokens,
            "cost_usd": round(meta.cost_usd * MICRO),
            "saved_usd": round(meta.saved_usd * MICRO),
        }
        if not meta.cached:
            prefix = meta.engine.value
            increments |= {
                f"{prefix}.requests": calls,
                f"{prefix}.input_tokens": meta.input_tokens,
                f"{prefix}.output_tokens": meta.output_tokens,
                f"{prefix}.cost_usd": round(meta.cost_usd * MICRO),
            }
        try:
            await self.guard(
                self._store.transact(
                    [
                        Check(PROJECTS.name, {"id": project_id, "sk": OUTLINE_SK}, Exists()),
                        Update(PROJECTS.name, {"id": project_id, "sk": USAGE_SK}, increments=increments),
                    ]
                )
            )
        except ConditionFailedError:
            return

    async def mutate(
        self,
        user_id: str,
        project_id: str,
        change: Callable[[Draft], Awaitable[T]],
        *,
        activity: Activity,
        need: ProjectRole | None = ProjectRole.EDITOR,
        expected_version: int | None = None,
    ) -> tuple[ProjectView, T]:
        """Read, apply `change`, write under the version condition; retry on a race.

        Edits to different parts of one project must all persist, however many arrive at
        once: a writer that lost the race waits a jittered, doubling delay (AWS's "full
        jitter") and re-applies its change to the new version, until `retry_seconds` pass.
        The caller's role is checked on every attempt, against the version written to.
        """
        deadline = time.monotonic() + self._retry_seconds
        for attempt in itertools.count():
            if attempt:
                await asyncio.sleep(random.uniform(0, min(_BACKOFF_CAP, _BACKOFF_FIRST * 2**attempt)))  # noqa: S311 - jitter, not a secret
            current = await self.outline(user_id, project_id, need)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError(
                    f"The project changed (version {current.version}); reload and try again.",
                    field="expectedVersion",
                )

            async def load_texts(phase_ids: Sequence[str]) -> dict[str, PhaseText]:
                if len(phase_ids) == 1:
                    key: Key = {"id": project_id, "sk": CONTENT_PREFIX + phase_ids[0]}
                    item = await self.guard(self._store.get(PROJECTS.name, key))
                    return {phase_ids[0]: unpack_item(PhaseText, item) if item else PhaseText()}
                found = await self.parts([PartKey.phase_text(project_id, i) for i in phase_ids])
                texts = {k.sk.removeprefix(CONTENT_PREFIX): v for k, v in found.items()}
                return {i: t if isinstance(t := texts.get(i), PhaseText) else PhaseText() for i in phase_ids}

            said = Activity(activity.kind, activity.action, list(activity.ids), activity.said)
            draft = Draft(current.model_copy(deep=True), load_texts, said)
            result = await change(draft)
            project = draft.project
            self._check(project)
            for phase in project.phases:
                phase.has_text = phase.has_text or phase.id in draft.touched
            project.version = current.version + 1
            project.updated_at = utcnow()
            ops: list[WriteOp] = [
                Put(PROJECTS.name, outline_item(project), AttrEquals("version", current.version))
            ]
            ops += [
                Put(PROJECTS.name, content_item(project_id, phase_id, text))
                for phase_id, text in draft.touched.items()
            ]
            ops += [
                Delete(PROJECTS.name, {"id": project_id, "sk": CONTENT_PREFIX + phase_id})
                for phase_id in draft.dropped
            ]
            ops += draft.extra
            event = self._event(project, current, user_id, draft.activity)
            ops.append(Put(PROJECTS.name, event_item(event, self._activity_days)))  # no write without it
            before, after = entry_holders(current), entry_holders(project)
            ops += [Put(PROJECTS.name, member_entry(project, u)) for u in sorted(after - before)]
            ops += [
                Delete(PROJECTS.name, {"id": project_id, "sk": MEMBER_PREFIX + u})
                for u in sorted(before - after)
            ]
            try:
                await self.write(ops)
            except ConditionFailedError:
                if expected_version is not None:
                    raise ConflictError(
                        "The project changed while saving; reload and try again.",
                        field="expectedVersion",
                    ) from None
                if time.monotonic() > deadline:
                    break
                continue
            await self._published(event)
            return ProjectView(project, None), result
        raise ConflictError("The project is being changed by many requests at once; try again.")
