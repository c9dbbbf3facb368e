"""The storage interface every backend implements, with DynamoDB's semantics.

Items are flat dicts of str, int, float, bool and bytes values; structured data
travels as one compressed `bytes` attribute (see `codec`). Keeping the attribute
types this small is what lets SQLite and DynamoDB behave the same.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphql_api.store.ops import Condition, Update, WriteOp
    from graphql_api.store.tables import TableSpec

Scalar = str | int | float | bool | bytes
Item = dict[str, Scalar]
Key = dict[str, Scalar]


class StoreError(RuntimeError):
    """A storage failure that is not the caller's fault (outage, throttling)."""


class ConditionFailedError(StoreError):
    """A conditional write's condition did not hold; nothing was written."""


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Item]
    next_key: Key | None


@dataclass(frozen=True, slots=True)
class Range:
    """Which items of a partition a query wants: an index, a page size, where to resume, the order."""

    index: str | None = None
    limit: int | None = None
    start: Key | None = None
    forward: bool = True


class Store(ABC):
    """What services need from persistence; both backends pass one contract suite."""

    backend: str

    @abstractmethod
    async def get(self, table: str, key: Key) -> Item | None: ...

    @abstractmethod
    async def batch_get(self, table: str, keys: Sequence[Key]) -> list[Item]: ...

    async def query(
        self,
        table: str,
        pk: Scalar,
        *,
        index: str | None = None,
        limit: int | None = None,
        start: Key | None = None,
        forward: bool = True,
    ) -> Page:
        """A page of one partition (of the table or an index), without expired items.

        A page never ends on a token that leads to an empty page.
        """
        return await self._query(table, pk, Range(index, limit, start, forward))

    @abstractmethod
    async def _query(self, table: str, pk: Scalar, wanted: Range) -> Page: ...

    @abstractmethod
    async def put(self, table: str, item: Item, *, condition: Condition | None = None) -> None: ...

    @abstractmethod
    async def update(self, op: Update) -> Item: ...

    @abstractmethod
    async def delete(self, table: str, key: Key, *, condition: Condition | None = None) -> None: ...

    @abstractmethod
    async def delete_many(self, table: str, keys: Sequence[Key]) -> None: ...

    @abstractmethod
    async def transact(self, ops: Sequence[WriteOp]) -> None: ...

    @abstractmethod
    async def health(self) -> dict[str, str]: ...

    @abstractmethod
    async def create_tables(self) -> list[str]: ...

    @abstractmethod
    def close(self) -> None: ...


def now_epoch() -> int:
    return int(time.time())


def is_expired(item: Mapping[str, Scalar], ttl_attr: str | None, now: int | None = None) -> bool:
    """DynamoDB deletes expired items lazily (up to days later): reads must hide them."""
    if ttl_attr is None:
        return False
    value = item.get(ttl_attr)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return value <= (now if now is not None else now_epoch())


def page_key(spec: TableSpec, index: str | None, item: Item) -> Key:
    """The key DynamoDB returns as LastEvaluatedKey when `item` ends a page."""
    names = list(spec.key_names())
    if index:
        ispec = spec.index(index)
        names += [n for n in (ispec.pk, ispec.sk) if n]
    return {name: item[name] for name in dict.fromkeys(names) if name in item}
