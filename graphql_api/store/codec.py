"""Compressed JSON blobs for structured data inside an item.

AI-written plans are verbose text that compresses 3-5x; storing them compressed keeps
a fully generated project's partition well under DynamoDB's 1 MB-per-Query page, so a
whole project still loads in one request.
"""

from __future__ import annotations

import json
import zlib
from typing import Any, TypeVar

from pydantic import BaseModel

_LEVEL = 6

M = TypeVar("M", bound=BaseModel)


def pack(value: BaseModel | dict[str, Any] | list[Any]) -> bytes:
    if isinstance(value, BaseModel):
        raw = value.model_dump_json(by_alias=False, exclude_none=True).encode()
    else:
        raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    return zlib.compress(raw, _LEVEL)


def unpack_json(blob: bytes) -> Any:  # noqa: ANN401 - JSON is any shape
    return json.loads(zlib.decompress(blob))


def unpack(model: type[M], blob: bytes) -> M:
    return model.model_validate_json(zlib.decompress(blob))
