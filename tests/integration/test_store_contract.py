"""One contract for both storage backends: the same calls, the same outcomes."""

from __future__ import annotations

import asyncio
import time

import pytest

from graphql_api.container import Container
from graphql_api.store.base import ConditionFailedError
from graphql_api.store.ops import AttrEquals, Delete, Exists, NotExists, Put, Update


async def test_put_not_exists_refuses_a_second_write(container: Container) -> None:
    store = container.store
    await store.put("users", {"id": "u1", "email": "a@x.io"}, condition=NotExists())
    with pytest.raises(ConditionFailedError):
        await store.put("users", {"id": "u1", "email": "b@x.io"}, condition=NotExists())
    assert await store.get("users", {"id": "u1"}) == {"id": "u1", "email": "a@x.io"}


async def test_attr_equals_guards_versions(container: Container) -> None:
    store = container.store
    key = {"id": "p1", "sk": "P"}
    await store.put("projects", {**key, "version": 1, "data": b"\x00one"})
    await store.put("projects", {**key, "version": 2, "data": b"two"}, condition=AttrEquals("version", 1))
    with pytest.raises(ConditionFailedError):
        await store.put(
            "projects", {**key, "version": 2, "data": b"lost"}, condition=AttrEquals("version", 1)
        )
    with pytest.raises(ConditionFailedError):
        await store.put("projects", {"id": "nope", "sk": "P", "version": 1}, condition=Exists())
    item = await store.get("projects", key)
    assert item == {**key, "version": 2, "data": b"two"}


async def test_transaction_is_all_or_nothing(container: Container) -> None:
    store = container.store
    await store.put("users", {"id": "taken"})
    with pytest.raises(ConditionFailedError):
        await store.transact(
            [
                Put("users", {"id": "fresh"}, NotExists()),
                Update("templates", {"id": "t1"}, increments={"usage": 1}),
                Put("users", {"id": "taken"}, NotExists()),
            ]
        )
    assert await store.get("users", {"id": "fresh"}) is None
    assert await store.get("templates", {"id": "t1"}) is None
    await store.transact(
        [Put("users", {"id": "fresh"}, NotExists()), Delete("users", {"id": "taken"}, Exists())]
    )
    assert await store.get("users", {"id": "fresh"}) == {"id": "fresh"}
    assert await store.get("users", {"id": "taken"}) is None


async def test_update_sets_and_adds_atomically(container: Container) -> None:
    store = container.store
    key = {"id": "t1"}
    first = await store.update(Update("templates", key, values={"ownerId": "o"}, increments={"usage": 1}))
    assert first == {"id": "t1", "ownerId": "o", "usage": 1}
    await asyncio.gather(
        *(store.update(Update("templates", key, increments={"usage": 1})) for _ in range(10))
    )
    item = await store.get("templates", key)
    assert item is not None
    assert item["usage"] == 11
    assert item["ownerId"] == "o"


async def test_expired_items_are_absent(container: Container) -> None:
    store = container.store
    past, future = int(time.time()) - 5, int(time.time()) + 3600
    await store.put("ai-cache", {"cacheKey": "old", "ttl": past, "v": "stale"})
    await store.put("ai-cache", {"cacheKey": "new", "ttl": future, "v": "fresh"})
    assert await store.get("ai-cache", {"cacheKey": "old"}) is None
    assert await store.get("ai-cache", {"cacheKey": "new"}) is not None
    assert [
        i["cacheKey"] for i in await store.batch_get("ai-cache", [{"cacheKey": "old"}, {"cacheKey": "new"}])
    ] == ["new"]
    # An expired item does not block a conditional create, and does not satisfy Exists.
    await store.put("ai-cache", {"cacheKey": "old", "ttl": future, "v": "again"}, condition=NotExists())
    await store.put("ai-cache", {"cacheKey": "gone", "ttl": past})
    with pytest.raises(ConditionFailedError):
        await store.put("ai-cache", {"cacheKey": "gone", "ttl": future}, condition=Exists())


async def test_query_pages_newest_first_without_an_empty_last_page(container: Container) -> None:
    store = container.store
    for n in range(7):
        await store.put(
            "projects", {"id": f"p{n}", "sk": "P", "userId": "u", "createdAt": f"2026-01-0{n + 1}"}
        )
        await store.put("projects", {"id": f"p{n}", "sk": "C#x"})  # content items stay out of the index
    await store.put("projects", {"id": "other", "sk": "P", "userId": "someone", "createdAt": "2026-01-09"})
    seen: list[str] = []
    start = None
    pages = 0
    while True:
        page = await store.query("projects", "u", index="UserIdIndex", limit=3, start=start, forward=False)
        pages += 1
        seen += [str(i["id"]) for i in page.items]
        if page.next_key is None:
            break
        start = page.next_key
    assert seen == [f"p{n}" for n in range(6, -1, -1)]
    assert pages == 3
    exact = await store.query("projects", "u", index="UserIdIndex", limit=7, forward=False)
    assert len(exact.items) == 7
    assert exact.next_key is None


async def test_partition_query_returns_every_item_in_key_order(container: Container) -> None:
    store = container.store
    for sk in ("C#b", "P", "C#a"):
        await store.put("projects", {"id": "p", "sk": sk})
    page = await store.query("projects", "p")
    assert [i["sk"] for i in page.items] == ["C#a", "C#b", "P"]


async def test_batch_get_and_delete_many_handle_large_batches(container: Container) -> None:
    store = container.store
    keys = [{"id": "p", "sk": f"C#{n:03}"} for n in range(130)]
    await asyncio.gather(
        *(store.put("projects", {**k, "data": bytes([n % 256]) * 10}) for n, k in enumerate(keys))
    )
    found = await store.batch_get("projects", [*keys, {"id": "p", "sk": "missing"}])
    assert sorted(str(i["sk"]) for i in found) == [k["sk"] for k in keys]
    await store.delete_many("projects", keys)
    assert (await store.query("projects", "p")).items == []


async def test_values_round_trip_with_their_types(container: Container) -> None:
    item = {"id": "u9", "s": "text ✓", "i": 42, "f": 1.25, "b": True, "raw": b"\x00\xff"}
    await container.store.put("users", item)
    assert await container.store.get("users", {"id": "u9"}) == item


async def test_health_reports_the_backend(container: Container) -> None:
    health = await container.store.health()
    assert health["status"] == "ok"
    assert health["backend"] == container.store.backend
