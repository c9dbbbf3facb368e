"""GenerationInfo: what the AI call that wrote a phase, sprint or assessment was.

Derived from the domain record, so its fields are declared once (in services/models).
"""

from __future__ import annotations

import strawberry

from graphql_api.schema.enums import AIEngine  # noqa: F401 - registers the enum the model's field uses
from graphql_api.services import models


@strawberry.experimental.pydantic.type(model=models.GenerationInfo, all_fields=True, name="GenerationInfo")
class GenerationInfoType:
    pass


def generation_type(info: models.GenerationInfo | None) -> GenerationInfoType | None:
    return None if info is None else GenerationInfoType.from_pydantic(info)
