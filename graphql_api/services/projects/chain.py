"""How phase dependencies follow a change of the phase list (pure).

A phase whose `depends_on` is None follows the default chain: FINISH_TO_START, lag 0,
on the phase before it. The contract's rule for addPhase, movePhase and deletePhase:
while every phase's dependencies are exactly that chain, the project keeps the default
chain in its new order; once someone has shaped the network, reordering must not
rewire it, so the implicit links are written down first and order changes only order.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql_api.services.models import Phase, PhaseLink


def chain_link(phases: Sequence[Phase], index: int) -> list[PhaseLink]:
    """The default chain's dependencies of the phase at `index`."""
    return [PhaseLink(phase_id=phases[index - 1].id)] if index else []


def is_default_chain(phases: Sequence[Phase]) -> bool:
    """True when every phase depends on exactly the phase before it (FS, lag 0), implicitly or not."""
    return all(p.depends_on is None or p.depends_on == chain_link(phases, i) for i, p in enumerate(phases))


def follow_order(phases: Sequence[Phase]) -> None:
    """Back to the default chain, in whatever order the phases now stand."""
    for phase in phases:
        phase.depends_on = None


def pin_links(phases: Sequence[Phase]) -> None:
    """Write down each implicit default link, so a later reorder cannot change what a phase waits on."""
    for index, phase in enumerate(phases):
        if phase.depends_on is None:
            phase.depends_on = chain_link(phases, index)


def bypass(phases: Sequence[Phase], removed: Phase) -> None:
    """Phases that waited on `removed` wait on what it waited on instead (their own links win).

    Call after `pin_links`: every phase's links are then explicit. Taking over a
    predecessor's links cannot close a cycle, since they were already upstream.
    """
    inherited = removed.depends_on or []
    for phase in phases:
        links = phase.depends_on or []
        if phase is removed or not any(link.phase_id == removed.id for link in links):
            continue
        kept = [link for link in links if link.phase_id != removed.id]
        have = {link.phase_id for link in kept}
        kept += [link.model_copy() for link in inherited if link.phase_id not in have]
        phase.depends_on = kept
