"""DataLoaders for project content, one per request: a page of projects costs one batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from graphql_api.services.models import PhaseText
    from graphql_api.services.projects import ProjectService


class PhaseTextByIdLoader(DataLoader[tuple[str, str], "PhaseText"]):
    """(projectId, phaseId) -> the phase's content item, fetched by BatchGetItem.

    Phase content and task descriptions resolve at different depths of a query, which
    would make two batches; so every key a page of projects may need is announced with
    `expect` when the page is shaped, and the first batch fetches them all.
    """

    def __init__(self, projects: ProjectService) -> None:
        self._expected: set[tuple[str, str]] = set()

        async def load(keys: Sequence[tuple[str, str]]) -> list[PhaseText]:
            wanted = list(dict.fromkeys([*keys, *sorted(self._expected)]))
            self._expected.clear()
            found = await projects.texts_for(wanted)
            for key in wanted[len(keys) :]:
                if key not in keys:
                    self.prime(key, found[key])
            return [found[key] for key in keys]

        super().__init__(load_fn=load)

    def expect(self, key: tuple[str, str]) -> None:
        self._expected.add(key)
