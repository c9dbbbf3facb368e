"""The contract's roll-up rule, case by case."""

from __future__ import annotations

import pytest

from graphql_api.core.enums import WorkStatus
from graphql_api.services.projects.rollup import rolled_up

D, B, P, N = WorkStatus.DONE, WorkStatus.BLOCKED, WorkStatus.IN_PROGRESS, WorkStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([D, D], D),
        ([D, B, P], B),
        ([B, N], B),
        ([D, N], P),
        ([P, N], P),
        ([N, N], N),
        ([], None),
    ],
)
def test_rolled_up(statuses: list[WorkStatus], expected: WorkStatus | None) -> None:
    assert rolled_up(statuses) == expected
