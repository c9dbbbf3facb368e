"""The production backend: DynamoDB through boto3's low-level client.

boto3 is synchronous; every call runs in a worker thread so the event loop keeps
serving other requests. botocore's `standard` retry mode handles throttling and 5xx
with bounded, jittered backoff; what survives it becomes a `StoreError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from graphql_api.aws import LazyClient
from graphql_api.store import base
from graphql_api.store.base import ConditionFailedError, Item, Key, Page, Range, Scalar, Store, StoreError
from graphql_api.store.dynamo_wire import Expr, from_item, table_definition, to_item
from graphql_api.store.ops import MAX_TRANSACTION_ITEMS, Check, Condition, Delete, Put, Update, WriteOp
from graphql_api.store.tables import ALL_TABLES, TABLES_BY_NAME, TableSpec

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

T = TypeVar("T")
_BATCH_GET_MAX = 100
_BATCH_WRITE_MAX = 25


_TRANSACT_ACTIONS = {Put: "Put", Delete: "Delete", Update: "Update", Check: "ConditionCheck"}


class DynamoStore(Store):
    """`Store` on DynamoDB (or any server that speaks its API, such as moto's)."""

    backend = "dynamodb"

    def __init__(self, client: DynamoDBClient | LazyClient[DynamoDBClient], prefix: str) -> None:
        self._client = client if isinstance(client, LazyClient) else LazyClient(lambda: client)
        self._prefix = prefix

    @property
    def client(self) -> DynamoDBClient:
        return self._client.get()

    def physical(self, table: str) -> str:
        return f"{self._prefix}-{table}"

    @staticmethod
    def _spec(table: str) -> TableSpec:
        return TABLES_BY_NAME[table]

    async def _run(self, fn: Callable[[], T]) -> T:
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415

        try:
            return await asyncio.to_thread(fn)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise ConditionFailedError(code) from exc
            if code == "TransactionCanceledException":
                reasons = exc.response.get("CancellationReasons", [])
                if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
                    raise ConditionFailedError(code) from exc
            raise StoreError(f"dynamodb: {code or 'error'}") from exc
        except BotoCoreError as exc:
            raise StoreError(f"dynamodb: {type(exc).__name__}") from exc

    # ------------------------------------------------------------ reads
    async def get(self, table: str, key: Key) -> Item | None:
        spec = self._spec(table)
        response = await self._run(
            lambda: self.client.get_item(
                TableName=self.physical(table), Key=to_item(key), ConsistentRead=True
            )
        )
        raw = response.get("Item")
        if raw is None:
            return None
        item = from_item(raw)
        return None if base.is_expired(item, spec.ttl) else item

    async def batch_get(self, table: str, keys: Sequence[Key]) -> list[Item]:
        spec = self._spec(table)
        name = self.physical(table)
        unique = list({tuple(sorted(k.items())): k for k in keys}.values())

        def run() -> list[Item]:
            found: list[Item] = []
            for start in range(0, len(unique), _BATCH_GET_MAX):
                pending: dict[str, Any] = {
                    name: {"Keys": [to_item(k) for k in unique[start : start + _BATCH_GET_MAX]]}
                }
                while pending:
                    response = self.client.batch_get_item(RequestItems=pending)
                    found.extend(from_item(raw) for raw in response["Responses"].get(name, []))
                    pending = dict(response.get("UnprocessedKeys") or {})
            now = base.now_epoch()
            return [item for item in found if not base.is_expired(item, spec.ttl, now)]

        return await self._run(run)

    async def _query(self, table: str, pk: Scalar, wanted: Range) -> Page:
        index, limit, start, forward = wanted.index, wanted.limit, wanted.start, wanted.forward
        spec = self._spec(table)
        pk_name = spec.index(index).pk if index else spec.pk
        expr = Expr()
        request: dict[str, Any] = {
            "TableName": self.physical(table),
            "KeyConditionExpression": f"{expr.name(pk_name)} = {expr.value(pk)}",
            "ScanIndexForward": forward,
        }
        if index:
            request["IndexName"] = index
        else:
            request["ConsistentRead"] = True
        expr.apply(request)

        def run() -> Page:
            # One item more than asked, so a full last page does not hand out a
            # token that leads to an empty page.
            items: list[Item] = []
            exclusive = to_item(start) if start else None
            now = base.now_epoch()
            want = None if limit is None else limit + 1
            while True:
                call = dict(request)
                if exclusive:
                    call["ExclusiveStartKey"] = exclusive
                if want is not None:
                    call["Limit"] = want - len(items)
                response = self.client.query(**call)
                for raw in response.get("Items", []):
                    item = from_item(raw)
                    if not base.is_expired(item, spec.ttl, now):
                        items.append(item)
                exclusive = response.get("LastEvaluatedKey")
                if not exclusive or (want is not None and len(items) >= want):
                    break
            if limit is not None and len(items) > limit:
                items = items[:limit]
                return Page(items, base.page_key(spec, index, items[-1]))
            return Page(items, None)

        return await self._run(run)

    # ------------------------------------------------------------ writes
    def _request(self, op: WriteOp) -> dict[str, Any]:
        """The request of one write, alone or in a transaction: its item or key, update and condition."""
        expr = Expr()
        request: dict[str, Any] = {"TableName": self.physical(op.table)}
        if isinstance(op, Put):
            request["Item"] = to_item(op.item)
        else:
            request["Key"] = to_item(op.key)
        if isinstance(op, Update):
            clauses: list[str] = []
            if op.values:
                clauses.append(
                    "SET " + ", ".join(f"{expr.name(k)} = {expr.value(v)}" for k, v in op.values.items())
                )
            if op.increments:
                clauses.append(
                    "ADD " + ", ".join(f"{expr.name(k)} {expr.value(v)}" for k, v in op.increments.items())
                )
            request["UpdateExpression"] = " ".join(clauses)
        if op.condition is not None:
            request["ConditionExpression"] = expr.condition(self._spec(op.table), op.condition)
        return expr.apply(request)

    async def put(self, table: str, item: Item, *, condition: Condition | None = None) -> None:
        request = self._request(Put(table, item, condition))
        await self._run(lambda: self.client.put_item(**request))

    async def update(self, op: Update) -> Item:
        request = self._request(op)
        request["ReturnValues"] = "ALL_NEW"
        response = await self._run(lambda: self.client.update_item(**request))
        return from_item(response.get("Attributes", {}))

    async def delete(self, table: str, key: Key, *, condition: Condition | None = None) -> None:
        request = self._request(Delete(table, key, condition))
        await self._run(lambda: self.client.delete_item(**request))

    async def delete_many(self, table: str, keys: Sequence[Key]) -> None:
        name = self.physical(table)

        def run() -> None:
            for start in range(0, len(keys), _BATCH_WRITE_MAX):
                chunk = keys[start : start + _BATCH_WRITE_MAX]
                pending: dict[str, Any] = {name: [{"DeleteRequest": {"Key": to_item(k)}} for k in chunk]}
                while pending:
                    response = self.client.batch_write_item(RequestItems=pending)
                    pending = dict(response.get("UnprocessedItems") or {})

        await self._run(run)

    async def transact(self, ops: Sequence[WriteOp]) -> None:
        if len(ops) > MAX_TRANSACTION_ITEMS:
            msg = f"a transaction holds at most {MAX_TRANSACTION_ITEMS} items"
            raise ValueError(msg)
        items: list[Any] = [{_TRANSACT_ACTIONS[type(op)]: self._request(op)} for op in ops]
        await self._run(lambda: self.client.transact_write_items(TransactItems=items))

    # ------------------------------------------------------------ admin
    async def health(self) -> dict[str, str]:
        table = self.physical("users")
        await self._run(lambda: self.client.describe_table(TableName=table))
        return {"backend": self.backend, "status": "ok"}

    async def create_tables(self) -> list[str]:
        return await self._run(self._create_tables_sync)

    def _create_tables_sync(self) -> list[str]:
        existing: set[str] = set()
        for page in self.client.get_paginator("list_tables").paginate():
            existing.update(page.get("TableNames", []))
        created: list[str] = []
        for spec in ALL_TABLES:
            name = self.physical(spec.name)
            if name not in existing:
                self.client.create_table(**table_definition(spec, name))
                created.append(name)
        for spec in ALL_TABLES:
            name = self.physical(spec.name)
            self.client.get_waiter("table_exists").wait(
                TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
            )
            if spec.ttl:
                ttl = self.client.describe_time_to_live(TableName=name)
                status = ttl.get("TimeToLiveDescription", {}).get("TimeToLiveStatus")
                if status not in {"ENABLED", "ENABLING"}:
                    self.client.update_time_to_live(
                        TableName=name,
                        TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl},
                    )
        return created

    def close(self) -> None:
        if self._client.created:
            self.client.close()
