"""DataLoaders for a project's partition items, one per request: a page costs one batch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
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
    with `expect` when the page is shaped, and the first batch fetches them all. Keys
    of a batch still in flight are shared, not fetched again.
    """

    def __init__(self, projects: ProjectService) -> None:
        self._expected: set[Key] = set()
        self._inflight: dict[Key, asyncio.Future[Item | None]] = {}

        async def load(keys: Sequence[Key]) -> list[Item | None]:
            extra = [k for k in sorted(self._expected) if k not in set(keys)]
            self._expected.clear()
            loop = asyncio.get_running_loop()
            for key in extra:
                self._inflight[key] = loop.create_future()
            try:
                found = await projects.items_for([*keys, *extra])
            except BaseException as exc:
                for key in extra:
                    self._inflight.pop(key).set_exception(exc)
                raise
            for key in extra:
                self.prime(key, found[key])
                self._inflight.pop(key).set_result(found[key])
            return [found[key] for key in keys]

        super().__init__(load_fn=load)

    def load(self, key: Key) -> Awaitable[Item | None]:
        pending = self._inflight.get(key)
        return pending if pending is not None else super().load(key)

    def expect(self, key: Key) -> None:
        self._expected.add(key)
