"""Workload: weekdays x 8 h x allocation against assigned estimates, computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from graphql_api.core.enums import ProjectRole
from graphql_api.services.models import Member, Phase, Project, Sprint, Task
from graphql_api.services.schedule.plan import plan_dates
from graphql_api.services.workload import weekdays, workload

STAMP = datetime(2027, 1, 1, tzinfo=UTC)


def test_weekdays_skip_saturdays_and_sundays() -> None:
    assert weekdays(date(2027, 3, 1), date(2027, 3, 7)) == 5  # Monday to Sunday
    assert weekdays(date(2027, 3, 6), date(2027, 3, 7)) == 0  # a weekend
    assert weekdays(date(2027, 3, 5), date(2027, 3, 8)) == 2  # Friday to Monday
    assert weekdays(date(2027, 3, 8), date(2027, 3, 7)) == 0


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 60))
def test_weekdays_agree_with_counting_day_by_day(start: date, length: int) -> None:
    end = date.fromordinal(start.toordinal() + length)
    by_hand = sum(1 for n in range(length + 1) if date.fromordinal(start.toordinal() + n).weekday() < 5)
    assert weekdays(start, end) == by_hand


def test_rows_per_member_and_sprint_with_hours_in_plan_order() -> None:
    # Monday 2027-03-01; a 2-week phase of two sprints: 7 days each, 5 weekdays each.
    first = Sprint(
        id="s1",
        name="S1",
        tasks=[
            Task(id="a", title="a", estimate_hours=30, assignee_id="half"),
            Task(id="b", title="b", estimate_hours=12, assignee_id="half", status="DONE"),
            Task(id="c", title="c", estimate_hours=8, assignee_id="full"),
            Task(id="d", title="d", estimate_hours=50),
        ],
    )
    second = Sprint(
        id="s2", name="S2", tasks=[Task(id="e", title="e", estimate_hours=41, assignee_id="full")]
    )
    members = [
        Member(id="m1", user_id="full", name="Full", email="f@x.io", role=ProjectRole.OWNER, added_at=STAMP),
        Member(
            id="m2",
            user_id="half",
            name="Half",
            email="h@x.io",
            role=ProjectRole.EDITOR,
            allocation=0.5,
            added_at=STAMP,
        ),
    ]
    project = Project(
        id="p", user_id="full", name="p", requirements="r", start_date=date(2027, 3, 1), created_at=STAMP,
        updated_at=STAMP, members=members,
        phases=[Phase(id="ph", name="Design", duration_weeks=2, sprints=[first, second])],
    )  # fmt: skip
    rows = [
        (r.user_id, r.sprint_id, r.assigned_hours, r.capacity_hours, r.over_allocated)
        for r in workload(project, plan_dates(project))
    ]
    assert rows == [
        ("full", "s1", 8.0, 40.0, False),
        ("half", "s1", 42.0, 20.0, True),  # DONE work still counts: it was assigned in that sprint
        ("full", "s2", 41.0, 40.0, True),
    ]
