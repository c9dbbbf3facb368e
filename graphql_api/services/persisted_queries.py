"""Automatic persisted queries: documents by SHA-256, in process and shared between instances.

A client sends the hash of a document instead of the document; the first time, it is
told PERSISTED_QUERY_NOT_FOUND and sends both, and the document is kept. Kept twice: an
in-process LRU bounded in bytes (a hit costs a dict lookup), in front of the ephemeral
table ("APQ#<sha256>", expiring by TTL), so a cold Lambda instance finds what a warm one
learnt with one GetItem instead of a round trip to the client. A document is only kept
once it has passed validation, so the table holds what this schema accepts, nothing else;
what a document says is public (anyone who knows the hash knows the text), so no owner
is recorded. A document too large for one table item (LIMIT_PERSISTED_QUERY_DOCUMENT_BYTES,
under DynamoDB's 400 KB; an import written inline can be larger) stays in this process
only: the operation has run by then, and its answer must not turn into a storage error.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import OrderedDict
from typing import TYPE_CHECKING

from graphql_api.store.base import now_epoch
from graphql_api.store.tables import EPHEMERAL

if TYPE_CHECKING:
    from collections.abc import KeysView

    from graphql_api.store.base import Store

_PREFIX = "APQ#"
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def digest(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def matches(document: str, sha256_hash: str) -> bool:
    return hmac.compare_digest(digest(document), sha256_hash)


class PersistedQueries:
    def __init__(self, store: Store, *, cache_bytes: int, ttl_seconds: int, document_bytes: int) -> None:
        self._store = store
        self._document_bytes = document_bytes
        self._budget = cache_bytes
        self._ttl = ttl_seconds
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    @property
    def cached(self) -> KeysView[str]:
        """The hashes this process holds (the rest are in the table, if anywhere)."""
        return self._documents.keys()

    @property
    def cached_bytes(self) -> int:
        return self._bytes

    async def find(self, sha256_hash: str) -> str | None:
        """The document with this hash, from this process or the shared table; None if unknown."""
        document = self._documents.get(sha256_hash)
        if document is not None:
            self._documents.move_to_end(sha256_hash)
            return document
        item = await self._store.get(EPHEMERAL.name, {"id": _PREFIX + sha256_hash})
        found = item.get("document") if item else None
        if not isinstance(found, str) or not matches(found, sha256_hash):
            return None  # unknown, expired, or not what the hash says: the client sends it again
        self._keep(sha256_hash, found)
        return found

    async def remember(self, sha256_hash: str, document: str) -> None:
        """Keep a validated document (the caller checked the hash); a known one costs nothing."""
        if sha256_hash in self._documents:
            return
        self._keep(sha256_hash, document)
        if len(document.encode()) > self._document_bytes:
            return
        expires = now_epoch() + self._ttl
        await self._store.put(
            EPHEMERAL.name, {"id": _PREFIX + sha256_hash, "document": document, "ttl": expires}
        )

    def _keep(self, sha256_hash: str, document: str) -> None:
        size = len(document)
        if size > self._budget:
            return
        self._documents[sha256_hash] = document
        self._bytes += size
        while self._bytes > self._budget:
            _, dropped = self._documents.popitem(last=False)
            self._bytes -= len(dropped)
