"""A project's partition in the `projects` table: keys, item codecs and the version-checked write loop.

One partition per project holds the outline `P`, one content item `C#<phaseId>` per
phase with long text, risk assessments `R#<createdAt>#<id>` and the usage counters
`U`. Every write bumps the outline's `version` under a condition on the old one, in the
same transaction as any content it touches, so concurrent edits to different parts of
a project all persist (a conflicting writer re-reads and re-applies) and a stale
`expectedVersion` writes nothing. Only this module knows these keys.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from graphql_api.core.clock import iso, utcnow
from graphql_api.core.enums import AIEngine
from graphql_api.core.errors import ConflictError, NotFoundError, ServiceUnavailableError
from graphql_api.services.models import AIUsage, EngineUsage, PhaseText, Project, RiskAssessment
from graphql_api.services.projects.results import ProjectView
from graphql_api.store.base import ConditionFailedError, Item, Key, Page, Store, StoreError
from graphql_api.store.codec import pack, unpack_item
from graphql_api.store.ops import AttrEquals, Check, Delete, Exists, NotExists, Put, Update, WriteOp
from graphql_api.store.tables import PROJECTS

if TYPE_CHECKING:
    from graphql_api.ai.meta import Meta

T = TypeVar("T")
OUTLINE_SK = "P"
CONTENT_PREFIX = "C#"
RISK_PREFIX = "R#"
USAGE_SK = "U"
MICRO = 1_000_000  # costs are counted in micro-USD so atomic ADDs stay exact
_BACKOFF_FIRST, _BACKOFF_CAP = 0.005, 0.25  # seconds: full jitter, doubling per attempt
NOT_FOUND = "Project not found."

Part = PhaseText | RiskAssessment | AIUsage


@dataclass(frozen=True, slots=True, order=True)
class PartKey:
    """One part of a project's partition, named by domain ids; its storage key stays here."""

    project_id: str
    sk: str

    @classmethod
    def phase_text(cls, project_id: str, phase_id: str) -> PartKey:
        return cls(project_id, CONTENT_PREFIX + phase_id)

    @classmethod
    def latest_risk(cls, project: Project) -> PartKey | None:
        return cls(project.id, project.latest_risk_sk) if project.latest_risk_sk else None

    @classmethod
    def usage(cls, project_id: str) -> PartKey:
        return cls(project_id, USAGE_SK)


# ---------------------------------------------------------------- codecs
def outline_item(project: Project) -> Item:
    return {
        "id": project.id,
        "sk": OUTLINE_SK,
        "userId": project.user_id,
        "createdAt": iso(project.created_at),
        "version": project.version,
        "data": pack(project),
    }


def content_item(project_id: str, phase_id: str, text: PhaseText) -> Item:
    return {"id": project_id, "sk": CONTENT_PREFIX + phase_id, "data": pack(text)}


def risk_item(assessment: RiskAssessment) -> Item:
    sk = f"{RISK_PREFIX}{iso(assessment.created_at)}#{assessment.id}"
    return {"id": assessment.project_id, "sk": sk, "data": pack(assessment)}


def usage_from_item(item: Mapping[str, object]) -> AIUsage:
    """The usage item holds flat counters (atomic ADDs); fold them into the model."""
    usage = AIUsage()
    for name, value in item.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        engine, _, counter = name.partition(".")
        if counter:
            slot = usage.by_engine.setdefault(AIEngine(engine), EngineUsage())
            setattr(slot, counter, value / MICRO if counter == "cost_usd" else value)
        elif name in AIUsage.model_fields:
            setattr(usage, name, value / MICRO if name in {"cost_usd", "saved_usd"} else value)
    return usage


def part_from_item(sk: str, item: Item) -> Part:
    if sk.startswith(CONTENT_PREFIX):
        return unpack_item(PhaseText, item)
    if sk.startswith(RISK_PREFIX):
        return unpack_item(RiskAssessment, item)
    return usage_from_item(item)


def assemble(items: Sequence[Item]) -> ProjectView | None:
    """A whole partition as one view; None when it has no outline."""
    outline: Project | None = None
    texts: dict[str, PhaseText] = {}
    risks: dict[str, Item] = {}
    usage = AIUsage()
    for item in items:
        sk = str(item["sk"])
        if sk == OUTLINE_SK:
            outline = unpack_item(Project, item)
        elif sk.startswith(CONTENT_PREFIX):
            texts[sk.removeprefix(CONTENT_PREFIX)] = unpack_item(PhaseText, item)
        elif sk.startswith(RISK_PREFIX):
            risks[sk] = item
        elif sk == USAGE_SK:
            usage = usage_from_item(item)
    if outline is None:
        return None
    latest = risks.get(outline.latest_risk_sk or "")
    risk = unpack_item(RiskAssessment, latest) if latest else None
    return ProjectView(outline, texts, risk, usage, loaded=True)


def risk_history(items: Sequence[Item]) -> list[RiskAssessment]:
    """Every assessment in a partition, oldest first (the sort key starts with its time)."""
    return [unpack_item(RiskAssessment, i) for i in items if str(i["sk"]).startswith(RISK_PREFIX)]


@dataclass(slots=True)
class Draft:
    """A mutation's working copy: the outline, the content items it touched, other writes."""

    project: Project
    load_texts: Callable[[Sequence[str]], Awaitable[dict[str, PhaseText]]]
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

    def __init__(self, store: Store, check: Callable[[Project], None], retry_seconds: float = 5.0) -> None:
        self._store = store
        self._check = check
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

    async def insert(self, project: Project, extra: Sequence[WriteOp] = ()) -> None:
        await self.write([Put(PROJECTS.name, outline_item(project), NotExists()), *extra])

    async def partition(self, project_id: str) -> list[Item]:
        page = await self.guard(self._store.query(PROJECTS.name, project_id))
        return list(page.items)

    async def by_user(self, user_id: str, limit: int, start: Key | None) -> Page:
        """A page of the user's outlines, newest first."""
        return await self.guard(
            self._store.query(
                PROJECTS.name, user_id, index="UserIdIndex", limit=limit, start=start, forward=False
            )
        )

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

    async def outline(self, owner_id: str, project_id: str) -> Project:
        item = await self.guard(self._store.get(PROJECTS.name, {"id": project_id, "sk": OUTLINE_SK}))
        project = unpack_item(Project, item) if item else None
        if project is None or project.user_id != owner_id:
            raise NotFoundError(NOT_FOUND)
        return project

    async def remove(self, owner_id: str, project_id: str) -> None:
        """Remove the outline first (so no writer can resurrect it), then the rest."""
        await self.outline(owner_id, project_id)
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
        keys = [{"id": item["id"], "sk": item["sk"]} for item in await self.partition(project_id)]
        if keys:
            await self.guard(self._store.delete_many(PROJECTS.name, keys))

    async def add_usage(self, project_id: str, meta: Meta) -> None:
        """Count one AI call in flat counters (atomic ADDs); nothing for a project that is gone."""
        increments: dict[str, int | float] = {
            "requests": 1,
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
                f"{prefix}.requests": 1,
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
        owner_id: str,
        project_id: str,
        change: Callable[[Draft], Awaitable[T]],
        *,
        expected_version: int | None = None,
    ) -> tuple[ProjectView, T]:
        """Read, apply `change`, write under the version condition; retry on a race.

        Edits to different parts of one project must all persist, however many arrive at
        once: a writer that lost the race waits a jittered, doubling delay (AWS's "full
        jitter") and re-applies its change to the new version, until `retry_seconds` pass.
        """
        deadline = time.monotonic() + self._retry_seconds
        for attempt in itertools.count():
            if attempt:
                await asyncio.sleep(random.uniform(0, min(_BACKOFF_CAP, _BACKOFF_FIRST * 2**attempt)))  # noqa: S311 - jitter, not a secret
            current = await self.outline(owner_id, project_id)
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

            draft = Draft(current.model_copy(deep=True), load_texts)
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
            return ProjectView(project, None), result
        raise ConflictError("The project is being changed by many requests at once; try again.")
