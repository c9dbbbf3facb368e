"""The API's camelCase keys and the models' snake_case keys, at every depth of a JSON value.

One home for the conversion: the JSON export writes camelCase, its import reads it back,
and a proposal's before/after items read like the API's own objects.
"""

from __future__ import annotations

from typing import Any


def _walk(value: Any, convert: Any) -> Any:  # noqa: ANN401 - JSON is any shape
    if isinstance(value, dict):
        return {convert(str(k)): _walk(v, convert) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, convert) for v in value]
    return value


def _to_camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _to_snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def camel_keys(data: Any) -> Any:  # noqa: ANN401 - JSON is any shape
    return _walk(data, _to_camel)


def snake_keys(data: Any) -> Any:  # noqa: ANN401 - JSON is any shape
    return _walk(data, _to_snake)
