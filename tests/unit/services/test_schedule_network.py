"""The schedule engine: hand-checked examples, and properties that hold for any DAG."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphql_api.core.enums import DependencyType
from graphql_api.services.schedule.network import (
    Activity,
    Dependency,
    NetworkError,
    critical_path,
    default_chain,
    schedule,
)
from graphql_api.services.schedule.spans import phase_spans

START = date(2027, 1, 4)


def test_the_default_chain_reproduces_back_to_back_phases() -> None:
    weeks = [2, 6, 4, 8]
    ids = ["feasibility", "design", "procurement", "construction"]
    chain = default_chain(ids)
    scheduled = schedule(START, [Activity(i, 7 * w, chain[i]) for i, w in zip(ids, weeks, strict=True)])
    spans = phase_spans(START, list(weeks))
    assert [(scheduled[i].start, scheduled[i].end) for i in ids] == [(s.start, s.end) for s in spans]
    assert critical_path(scheduled, ids) == ids  # a chain is critical end to end


def test_a_bridge_with_procurement_overlapping_detailed_design() -> None:
    """Procurement starts 14 days into detailed design (SS +14); curing needs 28 days' lag."""
    activities = [
        Activity("design", 42),
        Activity("procurement", 28, (Dependency("design", DependencyType.START_TO_START, 14),)),
        Activity("foundations", 21, (Dependency("design"), Dependency("procurement"))),
        Activity("deck", 14, (Dependency("foundations", DependencyType.FINISH_TO_START, 28),)),
    ]
    s = schedule(START, activities)
    assert s["procurement"].start == START + timedelta(days=14)
    assert s["procurement"].end == START + timedelta(days=41)  # ends with design: both feed foundations
    assert s["foundations"].start == START + timedelta(days=42)
    assert s["deck"].start == s["foundations"].end + timedelta(days=1 + 28)
    assert [i for i in ("design", "procurement", "foundations", "deck") if s[i].critical] == [
        "design",
        "procurement",
        "foundations",
        "deck",
    ]
    shorter = schedule(
        START, [activities[0], Activity("procurement", 20, activities[1].dependencies), *activities[2:]]
    )
    assert shorter["procurement"].total_float_days == 8  # it can slip 8 days before it delays foundations


def test_a_negative_lag_is_a_lead_but_never_before_the_project_start() -> None:
    s = schedule(
        START, [Activity("a", 7), Activity("b", 7, (Dependency("a", DependencyType.FINISH_TO_START, -3),))]
    )
    assert s["b"].start == START + timedelta(days=4)
    early = schedule(
        START, [Activity("a", 7), Activity("b", 7, (Dependency("a", DependencyType.START_TO_START, -30),))]
    )
    assert early["b"].start == START


@pytest.mark.parametrize(
    ("activities", "phases"),
    [
        ([Activity("a", 7, (Dependency("a"),))], ["a"]),
        ([Activity("a", 7, (Dependency("ghost"),))], ["a"]),
        (
            [
                Activity("a", 7, (Dependency("c"),)),
                Activity("b", 7, (Dependency("a"),)),
                Activity("c", 7, (Dependency("b"),)),
            ],
            ["a", "b", "c"],
        ),
    ],
    ids=["itself", "unknown", "cycle"],
)
def test_refused_networks_name_their_phases(activities: list[Activity], phases: list[str]) -> None:
    with pytest.raises(NetworkError) as refused:
        schedule(START, activities)
    assert refused.value.phases == phases


@st.composite
def networks(draw: st.DrawFn) -> list[Activity]:
    """Random DAGs: each activity may depend on any earlier one, FS or SS, with any lag."""
    count = draw(st.integers(min_value=1, max_value=12))
    activities: list[Activity] = []
    for index in range(count):
        predecessors = (
            draw(st.sets(st.integers(min_value=0, max_value=max(0, index - 1)), max_size=3))
            if index
            else set()
        )
        dependencies = tuple(
            Dependency(
                f"p{p}",
                draw(st.sampled_from(list(DependencyType))),
                draw(st.integers(min_value=-30, max_value=60)),
            )
            for p in sorted(predecessors)
        )
        activities.append(
            Activity(f"p{index}", 7 * draw(st.integers(min_value=1, max_value=12)), dependencies)
        )
    return draw(st.permutations(activities))


@settings(max_examples=300, deadline=None)
@given(networks())
def test_properties_of_any_network(activities: list[Activity]) -> None:
    s = schedule(START, activities)
    finish = max(x.end for x in s.values())
    for activity in activities:
        mine = s[activity.id]
        assert mine.start >= START
        assert (mine.end - mine.start).days + 1 == activity.days
        assert mine.total_float_days >= 0  # float is never negative
        assert mine.end + timedelta(days=mine.total_float_days) <= finish
        for dependency in activity.dependencies:
            theirs = s[dependency.predecessor]
            if dependency.link == DependencyType.FINISH_TO_START:
                assert mine.start >= theirs.end + timedelta(days=1 + dependency.lag_days)
            else:
                assert mine.start >= theirs.start + timedelta(days=dependency.lag_days)
    # The project ends with its latest phase, and that phase has no float.
    last = [x for x in s.values() if x.end == finish]
    assert all(x.critical for x in last)
    order = [a.id for a in activities]
    path = critical_path(s, order)
    assert path
    assert all(s[i].total_float_days == 0 for i in path)
    assert [s[i].start for i in path] == sorted(s[i].start for i in path)
