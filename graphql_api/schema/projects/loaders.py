"""DataLoaders for project content, one per request: a page of projects costs one batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from graphql_api.services.models import PhaseText
    from graphql_api.services.projects import ProjectService


class PhaseTextByIdLoader(DataLoader[tuple[str, str], "PhaseText"]):
    """(projectId, phaseId) -> the phase's content item, fetched by BatchGetItem."""

    def __init__(self, projects: ProjectService) -> None:
        async def load(keys: Sequence[tuple[str, str]]) -> list[PhaseText]:
            found = await projects.texts_for(keys)
            return [found[key] for key in keys]

        super().__init__(load_fn=load)
