"""Proposals stored with their project, accepted in whole or part, or rejected.

Saving one writes the outline (its list of proposals, where a newer proposal for a
target supersedes the older OPEN one) and the proposal's items in one transaction;
accepting writes the plan, the decision and, for risks, a new register in one too.
The outline's list is the truth of each proposal's status; the stored body keeps the
changes and the decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql_api.core.clock import utcnow
from graphql_api.core.enums import ActivityKind, ChangeTarget, ProjectRole, ProposalStatus
from graphql_api.core.errors import BadInputError, ChangesConflictError, NotFoundError
from graphql_api.services.activity.records import Activity
from graphql_api.services.models import ProposalRef
from graphql_api.services.projects.items import PartKey, proposal_items, proposals_from_parts
from graphql_api.services.proposals.apply import Plan, apply_changes, conflicts
from graphql_api.services.proposals.records import PlanChange, Proposal
from graphql_api.store.ops import Delete, Put, WriteOp
from graphql_api.store.tables import PROJECTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from graphql_api.config import Limits
    from graphql_api.services.models import Project, User
    from graphql_api.services.projects.results import ProjectView
    from graphql_api.services.projects.storage import Draft, ProjectStorage

NOT_FOUND = "Proposal not found."


def _open_ref(project: Project, proposal_id: str, decision: str) -> ProposalRef:
    """The proposal to decide: of this project, and still OPEN."""
    ref = next((r for r in project.proposals if r.id == proposal_id), None)
    if ref is None:
        raise NotFoundError(NOT_FOUND)
    if ref.status != ProposalStatus.OPEN:
        message = f"The proposal is {ref.status.value}; only an OPEN proposal can be {decision}."
        raise BadInputError(message, field="proposalId")
    return ref


class ProposalService:
    def __init__(self, storage: ProjectStorage, limits: Limits) -> None:
        self._storage = storage
        self._limits = limits

    async def bodies(self, project: Project, refs: Sequence[ProposalRef]) -> list[Proposal]:
        """The proposals of `refs` in one batch, each with the status the outline gives it."""
        keys = [k for r in refs for k in PartKey.proposal_chunks(project.id, r.id, r.chunks)]
        found = await self._storage.parts(keys) if keys else {}
        return proposals_from_parts(project.id, refs, found)

    async def _body(self, project: Project, ref: ProposalRef) -> Proposal:
        found = await self.bodies(project, [ref])
        if not found:
            raise NotFoundError(NOT_FOUND)
        return found[0]

    async def save(self, user_id: str, project_id: str, proposal: Proposal) -> Proposal:
        """Store a new proposal, or add a whole-plan job's further changes to its own one."""

        async def write(draft: Draft) -> Proposal:
            project, ops = draft.project, draft.extra
            stored, chunks_before = proposal, 0
            if (mine := next((r for r in project.proposals if r.id == proposal.id), None)) is not None:
                earlier = await self._body(project, mine)
                first = len(earlier.changes)  # ids stay unique within the proposal: c1, c2, ...
                more = [
                    c.model_copy(update={"id": f"c{first + n}"}) for n, c in enumerate(proposal.changes, 1)
                ]
                stored = earlier.model_copy(update={"changes": [*earlier.changes, *more]})
                chunks_before = mine.chunks
                project.proposals.remove(mine)
            targets = stored.targets()
            for ref in project.proposals:
                if ref.status == ProposalStatus.OPEN and set(ref.targets) & set(targets):
                    ref.status = ProposalStatus.SUPERSEDED
            ref = ProposalRef(id=stored.id, targets=targets, created_at=stored.created_at)
            ops += _replace(project.id, ref, stored, chunks_before)
            project.proposals.append(ref)
            ops += self._drop_beyond_limit(project)
            draft.activity.say(f"got a proposal to review ({len(stored.changes)} changes)", stored.id)
            return stored

        activity = Activity(ActivityKind.PROPOSAL, proposal.kind.value.lower())
        _, saved = await self._storage.mutate(
            user_id, project_id, write, activity=activity, need=ProjectRole.EDITOR
        )
        return saved

    def _keys(self, project: Project, ref: ProposalRef) -> list[PartKey]:
        return PartKey.proposal_chunks(project.id, ref.id, ref.chunks)

    def _drop_beyond_limit(self, project: Project) -> list[WriteOp]:
        """Beyond the limit the oldest decided proposals go first, then the oldest open ones."""
        ops: list[WriteOp] = []
        while len(project.proposals) > self._limits.proposals_per_project:
            decided = [r for r in project.proposals if r.status != ProposalStatus.OPEN]
            oldest = (decided or project.proposals)[0]
            project.proposals.remove(oldest)
            ops += [
                Delete(PROJECTS.name, {"id": k.project_id, "sk": k.sk}) for k in self._keys(project, oldest)
            ]
        return ops

    async def accept(
        self, user: User, project_id: str, proposal_id: str, change_ids: Sequence[str] | None
    ) -> ProjectView:
        async def decide(draft: Draft) -> None:
            project = draft.project
            ref = _open_ref(project, proposal_id, "accepted")
            proposal = await self._body(project, ref)
            chosen = self._chosen(proposal, change_ids)
            # A target whose phase is gone is a conflict before its text is looked at.
            phase_ids = sorted({c.phase_id for c in chosen if c.phase_id and project.find_phase(c.phase_id)})
            texts = await draft.texts(phase_ids)
            risky = any(c.target == ChangeTarget.RISK for c in chosen)
            register = await self._storage.latest_risk(project) if risky else None
            plan = Plan(project, texts, register)
            if clashing := conflicts(plan, chosen):
                raise ChangesConflictError(
                    f"{len(clashing)} of the chosen changes target what was edited since the proposal "
                    "was made; nothing was written. Reload, then accept the others or generate again.",
                    change_ids=clashing,
                )
            assessment = apply_changes(plan, proposal, chosen, self._limits.tasks_per_sprint)
            if assessment is not None:
                project.latest_risk_sk = draft.write_risk(assessment)
            picked = {c.id for c in chosen}
            for change in proposal.changes:
                change.accepted = change.id in picked
            everything = len(picked) == len(proposal.changes)
            ref.status = ProposalStatus.ACCEPTED if everything else ProposalStatus.PARTLY_ACCEPTED
            self._record_decision(draft, proposal, ref, user.id)
            touched = [i for c in chosen for i in (c.task_id, c.sprint_id, c.phase_id, c.risk_id) if i]
            said = f"accepted {len(chosen)} of {len(proposal.changes)} proposed changes"
            draft.activity.say(said, proposal.id, *dict.fromkeys(touched))

        activity = Activity(ActivityKind.PROPOSAL, "acceptProposal")
        view, _ = await self._storage.mutate(
            user.id, project_id, decide, activity=activity, need=ProjectRole.EDITOR
        )
        return view

    async def reject(self, user: User, project_id: str, proposal_id: str) -> Proposal:
        async def decide(draft: Draft) -> Proposal:
            ref = _open_ref(draft.project, proposal_id, "rejected")
            proposal = await self._body(draft.project, ref)
            for change in proposal.changes:
                change.accepted = False
            ref.status = ProposalStatus.REJECTED
            draft.activity.say(f"rejected a proposal of {len(proposal.changes)} changes", proposal.id)
            return self._record_decision(draft, proposal, ref, user.id)

        activity = Activity(ActivityKind.PROPOSAL, "rejectProposal")
        _, rejected = await self._storage.mutate(
            user.id, project_id, decide, activity=activity, need=ProjectRole.EDITOR
        )
        return rejected

    @staticmethod
    def _record_decision(draft: Draft, proposal: Proposal, ref: ProposalRef, user_id: str) -> Proposal:
        decided = proposal.model_copy(
            update={"status": ref.status, "decided_at": utcnow(), "decided_by": user_id}
        )
        draft.extra += _replace(draft.project.id, ref, decided, ref.chunks)
        return decided

    @staticmethod
    def _chosen(proposal: Proposal, change_ids: Sequence[str] | None) -> list[PlanChange]:
        if change_ids is None:
            return list(proposal.changes)
        wanted = list(dict.fromkeys(change_ids))
        known = {c.id for c in proposal.changes}
        if not wanted:
            raise BadInputError("Choose at least one change, or reject the proposal.", field="changeIds")
        if unknown := [i for i in wanted if i not in known]:
            raise BadInputError(
                f"No such change in this proposal: {', '.join(unknown[:10])}.", field="changeIds"
            )
        return [c for c in proposal.changes if c.id in set(wanted)]


def _replace(project_id: str, ref: ProposalRef, body: Proposal, chunks_before: int) -> list[WriteOp]:
    """Put the body's items; delete only the old chunks beyond them (one op per item in a transaction)."""
    items = proposal_items(body)
    ref.chunks = len(items)
    stale = PartKey.proposal_chunks(project_id, ref.id, chunks_before)[len(items) :]
    return [
        *(Put(PROJECTS.name, item) for item in items),
        *(Delete(PROJECTS.name, {"id": k.project_id, "sk": k.sk}) for k in stale),
    ]
