"""DataLoaders for a project's parts, one per request: a page costs one batch.

Keys are the services' `PartKey`s (a phase's text, a project's latest risk assessment,
its AI usage); what a key maps to in storage is the services' business.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, TypeVar

from strawberry.dataloader import DataLoader

from graphql_api.services.models import AIUsage, PhaseText, Project, ProposalRef, RiskAssessment
from graphql_api.services.projects.items import Part, PartKey, proposals_from_parts
from graphql_api.services.proposals.records import Proposal

if TYPE_CHECKING:
    from graphql_api.services.projects.reads import ProjectQueries

P = TypeVar("P", PhaseText, RiskAssessment, AIUsage)


class ProjectPartByKeyLoader(DataLoader[PartKey, "Part | None"]):
    """PartKey -> the part (phase text, risk assessment or AI usage), batched per request.

    Phase content, task descriptions, risks and usage resolve at different depths of a
    query, which would make several batches; so every key a page may need is announced
    with `expect` when the page is shaped, and the first batch fetches them all. Keys
    of a batch still in flight are shared, not fetched again.
    """

    def __init__(self, projects: ProjectQueries) -> None:
        self._expected: set[PartKey] = set()
        self._inflight: dict[PartKey, asyncio.Future[Part | None]] = {}

        async def load(keys: Sequence[PartKey]) -> list[Part | None]:
            asked = set(keys)
            extra = [k for k in sorted(self._expected) if k not in asked]
            self._expected.clear()
            loop = asyncio.get_running_loop()
            for key in extra:
                self._inflight[key] = loop.create_future()
            try:
                found = await projects.parts([*keys, *extra])
            except BaseException as exc:
                for key in extra:
                    self._inflight.pop(key).set_exception(exc)
                raise
            for key in extra:
                self.prime(key, found[key])
                self._inflight.pop(key).set_result(found[key])
            return [found[key] for key in keys]

        super().__init__(load_fn=load)

    def load(self, key: PartKey) -> Awaitable[Part | None]:
        pending = self._inflight.get(key)
        return pending if pending is not None else super().load(key)

    def expect(self, key: PartKey | None) -> None:
        if key is not None:
            self._expected.add(key)

    async def _typed(self, key: PartKey | None, kind: type[P], default: P | None) -> P | None:
        part = await self.load(key) if key is not None else None
        return part if isinstance(part, kind) else default

    async def phase_text(self, project_id: str, phase_id: str) -> PhaseText:
        text = await self._typed(PartKey.phase_text(project_id, phase_id), PhaseText, PhaseText())
        return text or PhaseText()

    async def latest_risk(self, project: Project) -> RiskAssessment | None:
        return await self._typed(PartKey.latest_risk(project), RiskAssessment, None)

    async def usage(self, project_id: str) -> AIUsage:
        usage = await self._typed(PartKey.usage(project_id), AIUsage, AIUsage())
        return usage or AIUsage()

    async def proposals(self, project: Project, refs: Sequence[ProposalRef]) -> list[Proposal]:
        """The proposals of `refs`, their chunks in the same batch as every other part."""
        keys = [k for r in refs for k in PartKey.proposal_chunks(project.id, r.id, r.chunks)]
        parts = await self.load_many(keys) if keys else []
        return proposals_from_parts(project.id, refs, dict(zip(keys, parts, strict=True)))
