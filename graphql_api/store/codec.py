"""Compressed JSON blobs for structured data inside an item.

AI-written plans are verbose text that compresses 3-5x; storing them compressed keeps
a fully generated project's partition well under DynamoDB's 1 MB-per-Query page, so a
whole project still loads in one request.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
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


DATA = "data"  # the attribute that holds an item's packed record


def item_blob(item: Mapping[str, object]) -> bytes:
    """An item's packed record; every item the services write carries one."""
    blob = item[DATA]
    if not isinstance(blob, bytes):
        msg = f"item attribute {DATA!r} is {type(blob).__name__}, not bytes"
        raise TypeError(msg)
    return blob


def unpack_item(model: type[M], item: Mapping[str, object]) -> M:
    return unpack(model, item_blob(item))
