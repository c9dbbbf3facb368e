"""API Gateway WebSocket connections and their subscriptions, kept in the `connections` table.

API Gateway holds the sockets; each message reaches whichever Lambda instance runs,
so everything a later message or a publish needs is stored: the connection (who it
is once `connection_init` succeeded) and each subscription twice, under its
connection (to clean up on `$disconnect`) and under its topic (so one publish is one
Query). Every item expires by TTL a little after API Gateway's 2-hour connection limit,
so a connection whose `$disconnect` never arrived cleans itself up.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from graphql_api.store.base import ConditionFailedError, Item, Key, Store
from graphql_api.store.ops import AttrEquals, Delete, NotExists, Put, Update
from graphql_api.store.tables import CONNECTIONS

CONNECTION_LIFETIME_SECONDS = 2 * 3600 + 600  # API Gateway closes a socket after 2 hours


@dataclass(frozen=True, slots=True)
class Connection:
    id: str
    user_id: str | None  # set by a successful connection_init
    initialised: bool


@dataclass(frozen=True, slots=True)
class Subscription:
    connection_id: str
    operation_id: str
    user_id: str
    document: str
    variables: dict[str, Any]
    rev: int  # the job revision the subscriber was last sent when it subscribed


def _connection_key(connection_id: str) -> Key:
    return {"id": f"C#{connection_id}", "sk": "C"}


class ConnectionRegistry:
    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def _ttl() -> int:
        return int(time.time()) + CONNECTION_LIFETIME_SECONDS

    async def connect(self, connection_id: str) -> None:
        item: Item = {**_connection_key(connection_id), "initialised": False, "ttl": self._ttl()}
        await self._store.put(CONNECTIONS.name, item)

    async def get(self, connection_id: str) -> Connection | None:
        item = await self._store.get(CONNECTIONS.name, _connection_key(connection_id))
        if item is None:
            return None
        user = item.get("userId")
        return Connection(connection_id, str(user) if user else None, bool(item.get("initialised")))

    async def initialise(self, connection_id: str, user_id: str | None) -> bool:
        """Mark the one `connection_init`; False when the connection had one already (or is gone)."""
        values: dict[str, str | int | float | bool | bytes] = {"initialised": True}
        if user_id is not None:
            values["userId"] = user_id
        try:
            await self._store.update(
                Update(
                    CONNECTIONS.name,
                    _connection_key(connection_id),
                    values=values,
                    condition=AttrEquals("initialised", False),  # noqa: FBT003 - a stored flag
                )
            )
        except ConditionFailedError:
            return False
        return True

    async def subscribe(self, connection_id: str, operation_id: str, topic: str, entry: Subscription) -> bool:
        """Store a subscription under its connection and its topic; False if the id is taken."""
        ttl = self._ttl()
        own: Item = {"id": f"C#{connection_id}", "sk": f"S#{operation_id}", "topic": topic, "ttl": ttl}
        listed: Item = {
            "id": f"T#{topic}",
            "sk": f"{connection_id}#{operation_id}",
            "connectionId": connection_id,
            "operationId": operation_id,
            "userId": entry.user_id,
            "document": entry.document,
            "variables": json.dumps(entry.variables),
            "rev": entry.rev,
            "ttl": ttl,
        }
        try:
            await self._store.transact(
                [
                    Put(CONNECTIONS.name, own, NotExists()),
                    Put(CONNECTIONS.name, listed),
                ]
            )
        except ConditionFailedError:
            return False
        return True

    async def count(self, connection_id: str) -> int:
        """Subscriptions live on a connection."""
        page = await self._store.query(CONNECTIONS.name, f"C#{connection_id}")
        return sum(1 for i in page.items if str(i["sk"]).startswith("S#"))

    async def unsubscribe(self, connection_id: str, operation_id: str) -> None:
        key: Key = {"id": f"C#{connection_id}", "sk": f"S#{operation_id}"}
        own = await self._store.get(CONNECTIONS.name, key)
        if own is None:
            return
        listed: Key = {"id": f"T#{own['topic']!s}", "sk": f"{connection_id}#{operation_id}"}
        await self._store.transact([Delete(CONNECTIONS.name, key), Delete(CONNECTIONS.name, listed)])

    async def subscribers(self, topic: str) -> list[Subscription]:
        """Everyone subscribed to a topic: one Query."""
        page = await self._store.query(CONNECTIONS.name, f"T#{topic}")
        return [
            Subscription(
                connection_id=str(i["connectionId"]),
                operation_id=str(i["operationId"]),
                user_id=str(i["userId"]),
                document=str(i["document"]),
                variables=json.loads(str(i["variables"])),
                rev=int(str(i.get("rev", 0))),
            )
            for i in page.items
        ]

    async def disconnect(self, connection_id: str) -> None:
        """Forget a connection and every subscription it held."""
        page = await self._store.query(CONNECTIONS.name, f"C#{connection_id}")
        keys: list[Key] = []
        for item in page.items:
            keys.append({"id": item["id"], "sk": item["sk"]})
            if str(item["sk"]).startswith("S#"):
                operation = str(item["sk"]).removeprefix("S#")
                keys.append({"id": f"T#{item['topic']!s}", "sk": f"{connection_id}#{operation}"})
        if keys:
            await self._store.delete_many(CONNECTIONS.name, keys)
