"""Every GraphQL enum, registered once: the domain's own enums under the contract's names.

Types import enums from here, so no module depends on another type module merely to get
an enum registered first.
"""

from __future__ import annotations

import strawberry

from graphql_api.ai.breaker import CircuitState
from graphql_api.core.enums import (
    AIEngine,
    JobKind,
    JobStatus,
    ProjectStatus,
    RiskLevel,
    RiskStatus,
    WorkStatus,
)
from graphql_api.services.interchange.service import ExportFormat

for _enum in (
    AIEngine,
    CircuitState,
    ExportFormat,
    JobKind,
    JobStatus,
    ProjectStatus,
    RiskLevel,
    RiskStatus,
    WorkStatus,
):
    strawberry.enum(_enum)

__all__ = [
    "AIEngine",
    "CircuitState",
    "ExportFormat",
    "JobKind",
    "JobStatus",
    "ProjectStatus",
    "RiskLevel",
    "RiskStatus",
    "WorkStatus",
]
