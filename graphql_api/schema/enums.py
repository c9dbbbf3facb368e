"""Every GraphQL enum, registered once, before any type uses it (the package imports this first).

The domain's own enums are the GraphQL enums, under the contract's names; modules
import them from where they are defined.
"""

from __future__ import annotations

from enum import StrEnum

import strawberry

from graphql_api.ai.breaker import CircuitState
from graphql_api.core.enums import CONTRACT_ENUMS

_ALL: tuple[type[StrEnum], ...] = (*CONTRACT_ENUMS, CircuitState)
for _enum in _ALL:
    strawberry.enum(_enum)
