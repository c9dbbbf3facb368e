"""The 24-hour response cache in the ai-cache table.

The key covers everything that shapes an answer (task, prompt version, output schema,
normalised input, generation parameters) and nothing that does not (the engine): a
Gemini answer serves a later request just as well. A store outage is a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from pydantic import BaseModel

from graphql_api.ai.prompts import PROMPT_VERSION
from graphql_api.ai.requests import Request
from graphql_api.core.enums import AITask
from graphql_api.store.base import Item, Store, StoreError
from graphql_api.store.codec import DATA, item_blob, pack, unpack_json
from graphql_api.store.tables import AI_CACHE

logger = logging.getLogger("graphql_api.ai.cache")
TTL_SECONDS = 86_400


def _normalise(value: Any) -> Any:  # noqa: ANN401 - JSON of any shape
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if v is not None}
    return value


def cache_key(task: AITask, request: Request, output: type[BaseModel], params: dict[str, Any]) -> str:
    canonical = json.dumps(
        {
            "task": task.value,
            "prompt": PROMPT_VERSION,
            "schema": output.model_json_schema(),
            "input": _normalise(request.model_dump(mode="json")),
            "params": params,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


class ResponseCache:
    def __init__(self, store: Store, ttl: int = TTL_SECONDS) -> None:
        self._store = store
        self._ttl = ttl

    async def get(self, key: str) -> dict[str, Any] | None:
        try:
            item = await self._store.get(AI_CACHE.name, {"cacheKey": key})
        except StoreError:
            logger.warning("ai cache read failed; treating as a miss")
            return None
        if item is None or not isinstance(item.get(DATA), bytes):
            return None
        entry: dict[str, Any] = unpack_json(item_blob(item))
        return entry

    async def put(self, key: str, entry: dict[str, Any]) -> None:
        item: Item = {"cacheKey": key, "ttl": int(time.time()) + self._ttl, "data": pack(entry)}
        try:
            await self._store.put(AI_CACHE.name, item)
        except StoreError:
            logger.warning("ai cache write failed; the answer is still returned")
