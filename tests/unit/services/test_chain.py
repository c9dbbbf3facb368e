"""How phase links follow add, move and delete (the contract's default-chain rule), pure."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from graphql_api.core.enums import DependencyType
from graphql_api.services.models import Phase, PhaseLink, Project
from graphql_api.services.projects import chain
from graphql_api.services.schedule.plan import dependencies, plan_dates

SS = DependencyType.START_TO_START


def _phases(*names: str) -> list[Phase]:
    return [Phase(id=n, name=n) for n in names]


def _project(phases: list[Phase]) -> Project:
    stamp = datetime(2027, 1, 1, tzinfo=UTC)
    start = date(2027, 1, 4)
    return Project(
        id="p",
        user_id="u",
        name="p",
        requirements="r",
        start_date=start,
        phases=phases,
        created_at=stamp,
        updated_at=stamp,
    )


def _links(phases: list[Phase]) -> dict[str, list[tuple[str, str, int]]]:
    project = _project(phases)
    return {
        k: [(d.predecessor, d.link.value, d.lag_days) for d in v] for k, v in dependencies(project).items()
    }


def test_implicit_and_written_out_default_links_are_both_the_default_chain() -> None:
    phases = _phases("a", "b", "c")
    assert chain.is_default_chain(phases)
    phases[1].depends_on = [PhaseLink(phase_id="a")]
    phases[0].depends_on = []
    assert chain.is_default_chain(phases)
    phases[2].depends_on = [PhaseLink(phase_id="b", lag_days=1)]
    assert not chain.is_default_chain(phases)
    phases[2].depends_on = [PhaseLink(phase_id="a")]
    assert not chain.is_default_chain(phases)


def test_pinned_links_survive_a_reorder_unchanged() -> None:
    phases = _phases("a", "b", "c")
    phases[2].depends_on = [PhaseLink(phase_id="a", type=SS, lag_days=3)]
    before = _links(phases)
    chain.pin_links(phases)
    phases.reverse()
    assert _links(phases) == before


def test_dependents_take_over_a_deleted_phases_links_and_keep_their_own() -> None:
    a, b, c, d = _phases("a", "b", "c", "d")
    b.depends_on = [PhaseLink(phase_id="a", type=SS, lag_days=5)]
    c.depends_on = [PhaseLink(phase_id="b", lag_days=2)]
    d.depends_on = [PhaseLink(phase_id="b"), PhaseLink(phase_id="a", lag_days=-1)]
    phases = [a, b, c, d]
    chain.bypass(phases, b)
    phases.remove(b)
    assert _links(phases) == {
        "a": [],
        "c": [("a", "START_TO_START", 5)],
        "d": [("a", "FINISH_TO_START", -1)],  # its own link to a wins over the inherited one
    }


@given(
    st.lists(st.lists(st.integers(0, 30), max_size=3), min_size=2, max_size=8),
    st.data(),
)
def test_deleting_any_phase_of_any_network_leaves_a_schedulable_network(
    raw: list[list[int]], data: st.DataObject
) -> None:
    """Links only point back (a DAG); after pin + bypass + remove, every link names a phase and dates exist."""
    phases = _phases(*(f"p{i}" for i in range(len(raw))))
    for index, picks in enumerate(raw):
        if index and picks:
            phases[index].depends_on = [PhaseLink(phase_id=f"p{p % index}") for p in dict.fromkeys(picks)]
    removed = phases[data.draw(st.integers(0, len(phases) - 1))]
    chain.pin_links(phases)
    chain.bypass(phases, removed)
    phases.remove(removed)
    ids = {p.id for p in phases}
    assert all(link.phase_id in ids for p in phases for link in p.depends_on or [])
    assert set(plan_dates(_project(phases)).phases) == ids
