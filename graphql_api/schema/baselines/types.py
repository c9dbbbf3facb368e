"""Baseline and BaselinePhase: snapshots of the plan, read as they were stored."""

from __future__ import annotations

import strawberry

from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.BaselinePhase, all_fields=True, name="BaselinePhase")
class BaselinePhaseType:
    phase_id: strawberry.ID


@strawberry.experimental.pydantic.type(model=models.Baseline, all_fields=True, name="Baseline")
class BaselineType:
    id: strawberry.ID
    phases: list[BaselinePhaseType]
