"""A project's partition in the `projects` table: its sort keys and item codecs.

One partition per project holds the outline `P`, one content item `C#<phaseId>` per
phase with long text, risk assessments `R#<createdAt>#<id>`, the usage counters `U`
and one index entry `M#<userId>` per member other than the owner. Proposals live beside
the partition, under `<projectId>#Q` (`Q#<proposalId>#<chunk>`), so reading a project
never pays for them; the outline lists them (`Project.proposals`). The outline and
the entries carry `userId` and the project's `createdAt`, so one UserIdIndex Query
lists a user's owned and shared projects, newest first; the members themselves (and
their roles) live in the outline, the entries only make them findable. Only this
module and `storage.py` (which writes them) know these keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graphql_api.core.clock import iso
from graphql_api.core.enums import AIEngine
from graphql_api.services.models import AIUsage, EngineUsage, PhaseText, Project, ProposalRef, RiskAssessment
from graphql_api.services.projects import access
from graphql_api.services.projects.results import ProjectView
from graphql_api.services.proposals.records import Proposal
from graphql_api.store.base import Item
from graphql_api.store.codec import pack, unpack_item

OUTLINE_SK = "P"
CONTENT_PREFIX = "C#"
RISK_PREFIX = "R#"
USAGE_SK = "U"
MEMBER_PREFIX = "M#"
PROPOSALS_PK = "#Q"  # appended to a project's id: the partition of its proposals
PROPOSAL_PREFIX = "Q#"
CHUNK_BYTES = 300_000  # a proposal's packed changes per item, under DynamoDB's 400 KB
MICRO = 1_000_000  # costs are counted in micro-USD so atomic ADDs stay exact
NOT_FOUND = access.NOT_FOUND

Part = PhaseText | RiskAssessment | AIUsage | Proposal


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

    @classmethod
    def proposal_chunks(cls, project_id: str, proposal_id: str, chunks: int) -> list[PartKey]:
        return [
            cls(project_id + PROPOSALS_PK, f"{PROPOSAL_PREFIX}{proposal_id}#{n:03d}") for n in range(chunks)
        ]


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


def member_entry(project: Project, user_id: str) -> Item:
    """A shared project's entry in the member's slice of UserIdIndex."""
    return {
        "id": project.id,
        "sk": MEMBER_PREFIX + user_id,
        "userId": user_id,
        "createdAt": iso(project.created_at),
    }


def entry_holders(project: Project) -> set[str]:
    return {m.user_id for m in project.members if m.user_id != project.user_id}


def content_item(project_id: str, phase_id: str, text: PhaseText) -> Item:
    return {"id": project_id, "sk": CONTENT_PREFIX + phase_id, "data": pack(text)}


def risk_item(assessment: RiskAssessment) -> Item:
    sk = f"{RISK_PREFIX}{iso(assessment.created_at)}#{assessment.id}"
    return {"id": assessment.project_id, "sk": sk, "data": pack(assessment)}


def proposal_items(proposal: Proposal) -> list[Item]:
    """A proposal as one item, or several when its packed changes outgrow one (a whole-plan proposal)."""
    parts = 1
    while True:
        size = -(-len(proposal.changes) // parts) if proposal.changes else 0
        groups = (
            [proposal.changes[i : i + size] for i in range(0, len(proposal.changes), size)] if size else [[]]
        )
        blobs = [pack(proposal.model_copy(update={"changes": g})) for g in groups]
        if max(len(b) for b in blobs) <= CHUNK_BYTES or size <= 1:
            break
        parts *= 2
    keys = PartKey.proposal_chunks(proposal.project_id, proposal.id, len(blobs))
    return [{"id": k.project_id, "sk": k.sk, "data": blob} for k, blob in zip(keys, blobs, strict=True)]


def proposals_from_parts(
    project_id: str, refs: Sequence[ProposalRef], found: Mapping[PartKey, Part | None]
) -> list[Proposal]:
    """Proposals joined from their chunks, each with the status the outline gives it."""
    result = []
    for ref in refs:
        chunks = [found.get(k) for k in PartKey.proposal_chunks(project_id, ref.id, ref.chunks)]
        bodies = [c for c in chunks if isinstance(c, Proposal)]
        if bodies and len(bodies) == len(chunks):
            changes = [c for chunk in bodies for c in chunk.changes]
            result.append(bodies[0].model_copy(update={"changes": changes, "status": ref.status}))
    return result


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
    if sk.startswith(PROPOSAL_PREFIX):
        return unpack_item(Proposal, item)
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
