"""DataLoaders for a project's partition items, one per request: a page costs one batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from graphql_api.services.projects import ProjectService
    from graphql_api.store.base import Item

Key = tuple[str, str]


class ProjectItemByKeyLoader(DataLoader[Key, "Item | None"]):
    """(projectId, sk) -> the partition item (content, risk assessment, AI usage).

    Phase content, task descriptions, risks and usage resolve at different depths of a
    query, which would make several batches; so every key a page may need is announced
    with `expect` when the page is shaped, and the first batch fetches them all.
    """

    def __init__(self, projects: ProjectService) -> None:
        self._expected: set[Key] = set()

        async def load(keys: Sequence[Key]) -> list[Item | None]:
            wanted = list(dict.fromkeys([*keys, *sorted(self._expected)]))
            self._expected.clear()
            found = await projects.items_for(wanted)
            asked = set(keys)
            for key in wanted:
                if key not in asked:
                    self.prime(key, found[key])
            return [found[key] for key in keys]

        super().__init__(load_fn=load)

    def expect(self, key: Key) -> None:
        self._expected.add(key)
