"""GenerationInfo: what the AI call that wrote a phase, sprint or assessment was.

Derived from the domain record, so its fields are declared once (in services/models).
"""

from __future__ import annotations

import strawberry

from graphql_api.ai.meta import GenerationInfo
from graphql_api.schema.records import served


@strawberry.experimental.pydantic.type(model=GenerationInfo, all_fields=True, name="GenerationInfo")
class GenerationInfoType:
    pass


def generation_type(info: GenerationInfo | None) -> GenerationInfoType | None:
    return None if info is None else served(GenerationInfoType, info)
