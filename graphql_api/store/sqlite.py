"""The embedded backend: one SQLite file, DynamoDB's semantics.

Each logical table is a SQLite table with its key and index attributes as columns and
the whole item as JSON. Writes run in `BEGIN IMMEDIATE` transactions, so conditional
writes and transactions are atomic across threads and processes (uvicorn workers).
"""

from __future__ import annotations

import asyncio
import base64
import json
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from graphql_api.store import base
from graphql_api.store.base import ConditionFailedError, Item, Key, Page, Range, Scalar, Store, StoreError
from graphql_api.store.ops import (
    AttrEquals,
    Check,
    Condition,
    Delete,
    Exists,
    NotExists,
    Put,
    Update,
    WriteOp,
)
from graphql_api.store.tables import TABLES_BY_NAME, TableSpec

T = TypeVar("T")
_BYTES_TAG = "__b64"


def _encode(item: Mapping[str, Scalar]) -> str:
    def default(value: object) -> object:
        if isinstance(value, bytes):
            return {_BYTES_TAG: base64.b64encode(value).decode()}
        raise TypeError(type(value).__name__)

    return json.dumps(item, default=default, separators=(",", ":"), ensure_ascii=False)


def _decode(text: str) -> Item:
    def hook(obj: dict[str, Any]) -> object:
        if len(obj) == 1 and _BYTES_TAG in obj:
            return base64.b64decode(obj[_BYTES_TAG])
        return obj

    result: Item = json.loads(text, object_hook=hook)
    return result


def _col(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table(name: str) -> str:
    return _col("t_" + name)


def _index_columns(spec: TableSpec) -> list[str]:
    cols: list[str] = []
    for index in spec.indexes:
        cols.append(f"{index.name}_pk")
        if index.sk:
            cols.append(f"{index.name}_sk")
    return cols


class SqliteStore(Store):
    """`Store` on a SQLite file; safe for threads and for several processes."""

    backend = "sqlite"

    def __init__(self, path: Path, prefix: str = "") -> None:
        self._path = path
        self._prefix = prefix
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Calls in flight: close() waits for them, since closing a connection another
        # thread is using crashes the interpreter instead of raising.
        self._idle = threading.Condition()
        self._active = 0
        self._closed = False
        path.parent.mkdir(parents=True, exist_ok=True)
        self._create_tables_sync()

    # ------------------------------------------------------------ plumbing
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _guarded(self, fn: Callable[[], T]) -> T:
        with self._idle:
            if self._closed:
                raise StoreError("sqlite: the store is closed")
            self._active += 1
        try:
            return fn()
        finally:
            with self._idle:
                self._active -= 1
                self._idle.notify_all()

    async def _run(self, fn: Callable[[], T]) -> T:
        try:
            return await asyncio.to_thread(self._guarded, fn)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: {exc}") from exc

    @staticmethod
    def _spec(table: str) -> TableSpec:
        return TABLES_BY_NAME[table]

    def _key_values(self, spec: TableSpec, key: Mapping[str, Scalar]) -> tuple[Scalar, Scalar]:
        try:
            pk = key[spec.pk]
            sk = key[spec.sk] if spec.sk else ""
        except KeyError as exc:
            msg = f"key for {spec.name!r} lacks {exc.args[0]!r}"
            raise ValueError(msg) from None
        return pk, sk

    def _read(self, conn: sqlite3.Connection, spec: TableSpec, key: Mapping[str, Scalar]) -> Item | None:
        pk, sk = self._key_values(spec, key)
        row = conn.execute(
            f"SELECT item FROM {_table(spec.name)} WHERE pk = ? AND sk = ?", (pk, sk)
        ).fetchone()
        if row is None:
            return None
        item = _decode(row[0])
        return None if base.is_expired(item, spec.ttl) else item

    @staticmethod
    def _check(item: Item | None, condition: Condition | None) -> None:
        if condition is None:
            return
        ok: bool
        if isinstance(condition, NotExists):
            ok = item is None
        elif isinstance(condition, Exists):
            ok = item is not None
        else:
            assert isinstance(condition, AttrEquals)  # noqa: S101 - exhaustive union
            ok = item is not None and item.get(condition.name) == condition.value
        if not ok:
            raise ConditionFailedError("condition failed")

    def _write(self, conn: sqlite3.Connection, spec: TableSpec, item: Item) -> None:
        pk, sk = self._key_values(spec, item)
        cols = ["pk", "sk", "item"]
        values: list[object] = [pk, sk, _encode(item)]
        for index in spec.indexes:
            cols.append(f"{index.name}_pk")
            values.append(item.get(index.pk))
            if index.sk:
                cols.append(f"{index.name}_sk")
                values.append(item.get(index.sk))
        placeholders = ",".join("?" for _ in cols)
        conn.execute(
            f"INSERT OR REPLACE INTO {_table(spec.name)} ({','.join(_col(c) for c in cols)}) "
            f"VALUES ({placeholders})",
            values,
        )

    def _remove(self, conn: sqlite3.Connection, spec: TableSpec, key: Mapping[str, Scalar]) -> None:
        pk, sk = self._key_values(spec, key)
        conn.execute(f"DELETE FROM {_table(spec.name)} WHERE pk = ? AND sk = ?", (pk, sk))

    def _apply(self, conn: sqlite3.Connection, op: WriteOp) -> Item | None:
        spec = self._spec(op.table)
        if isinstance(op, Put):
            self._check(self._read(conn, spec, op.item), op.condition)
            self._write(conn, spec, dict(op.item))
            return None
        if isinstance(op, Delete):
            self._check(self._read(conn, spec, op.key), op.condition)
            self._remove(conn, spec, op.key)
            return None
        if isinstance(op, Check):
            self._check(self._read(conn, spec, op.key), op.condition)
            return None
        current = self._read(conn, spec, op.key)
        self._check(current, op.condition)
        item: Item = dict(current) if current else dict(op.key)
        item.update(op.values)
        for name, amount in op.increments.items():
            base = item.get(name, 0)
            if not isinstance(base, int | float) or isinstance(base, bool):
                msg = f"cannot add to non-numeric attribute {name!r}"
                raise TypeError(msg)
            item[name] = base + amount
        self._write(conn, spec, item)
        return item

    def _in_transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    # ------------------------------------------------------------ interface
    async def get(self, table: str, key: Key) -> Item | None:
        spec = self._spec(table)
        return await self._run(lambda: self._read(self._conn(), spec, key))

    async def batch_get(self, table: str, keys: Sequence[Key]) -> list[Item]:
        spec = self._spec(table)

        def run() -> list[Item]:
            conn = self._conn()
            found = (self._read(conn, spec, key) for key in keys)
            return [item for item in found if item is not None]

        return await self._run(run)

    async def _query(self, table: str, pk: Scalar, wanted: Range) -> Page:
        index, limit, start, forward = wanted.index, wanted.limit, wanted.start, wanted.forward
        spec = self._spec(table)
        if index:
            ispec = spec.index(index)
            pk_col, sk_col = f"{ispec.name}_pk", (f"{ispec.name}_sk" if ispec.sk else None)
            sk_attr: str | None = ispec.sk
        else:
            pk_col, sk_col, sk_attr = "pk", "sk", spec.sk
        # Order by the index's sort key, then the table key, as DynamoDB does.
        if index:
            order_cols = [c for c in (sk_col, "pk", "sk") if c]
            start_attrs = [sk_attr, spec.pk, spec.sk] if sk_col else [spec.pk, spec.sk]
        else:
            order_cols, start_attrs = ["sk"], [spec.sk]
        direction = "ASC" if forward else "DESC"
        where = [f"{_col(pk_col)} = ?"]
        params: list[object] = [pk]
        if start is not None:
            start_values = [start.get(a, "") if a else "" for a in start_attrs]
            cmp = ">" if forward else "<"
            cols = ",".join(_col(c) for c in order_cols)
            marks = ",".join("?" for _ in order_cols)
            where.append(f"({cols}) {cmp} ({marks})")
            params.extend(start_values)
        sql = (
            f"SELECT item FROM {_table(table)} WHERE {' AND '.join(where)} "
            f"ORDER BY {', '.join(f'{_col(c)} {direction}' for c in order_cols)}"
        )

        def run() -> Page:
            now = base.now_epoch()
            items: list[Item] = []
            has_more = False
            for (text,) in self._conn().execute(sql, params):
                item = _decode(text)
                if base.is_expired(item, spec.ttl, now):
                    continue
                if limit is not None and len(items) == limit:
                    has_more = True
                    break
                items.append(item)
            next_key = base.page_key(spec, index, items[-1]) if has_more and items else None
            return Page(items, next_key)

        return await self._run(run)

    async def put(self, table: str, item: Item, *, condition: Condition | None = None) -> None:
        op = Put(table, item, condition)
        await self._run(lambda: self._in_transaction(lambda conn: self._apply(conn, op)))

    async def update(self, op: Update) -> Item:
        def run(conn: sqlite3.Connection) -> Item:
            result = self._apply(conn, op)
            assert result is not None  # noqa: S101 - updates always return the item
            return result

        return await self._run(lambda: self._in_transaction(run))

    async def delete(self, table: str, key: Key, *, condition: Condition | None = None) -> None:
        op = Delete(table, key, condition)
        await self._run(lambda: self._in_transaction(lambda conn: self._apply(conn, op)))

    async def delete_many(self, table: str, keys: Sequence[Key]) -> None:
        spec = self._spec(table)

        def run(conn: sqlite3.Connection) -> None:
            for key in keys:
                self._remove(conn, spec, key)

        await self._run(lambda: self._in_transaction(run))

    async def transact(self, ops: Sequence[WriteOp]) -> None:
        def run(conn: sqlite3.Connection) -> None:
            for op in ops:
                self._apply(conn, op)

        await self._run(lambda: self._in_transaction(run))

    async def health(self) -> dict[str, str]:
        await self._run(lambda: self._conn().execute("SELECT 1").fetchone())
        return {"backend": self.backend, "status": "ok", "path": str(self._path)}

    async def create_tables(self) -> list[str]:
        return await self._run(self._create_tables_sync)

    def _create_tables_sync(self) -> list[str]:
        conn = self._conn()
        created: list[str] = []
        for spec in TABLES_BY_NAME.values():
            extra = "".join(f", {_col(c)}" for c in _index_columns(spec))
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {_table(spec.name)} "
                f"(pk NOT NULL, sk NOT NULL, item TEXT NOT NULL{extra}, PRIMARY KEY (pk, sk))"
            )
            for index in spec.indexes:
                cols = [f"{index.name}_pk"] + ([f"{index.name}_sk"] if index.sk else [])
                conn.execute(
                    f"CREATE INDEX IF NOT EXISTS {_col(f'ix_{spec.name}_{index.name}')} "
                    f"ON {_table(spec.name)} ({','.join(_col(c) for c in cols)}, pk, sk)"
                )
            created.append(spec.name)
        return created

    def close(self) -> None:
        """Refuse new calls, wait (bounded) for those in flight, then close."""
        with self._idle:
            self._closed = True
            self._idle.wait_for(lambda: self._active == 0, timeout=30)
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
