"""Which pages may open a WebSocket: one rule for `serve` and for API Gateway's `$connect`."""

from __future__ import annotations

from collections.abc import Collection

from strawberry.http.websocket_origin import normalize_origin

from graphql_api.config import LOCALHOST_ORIGIN


def origin_allowed(origin: str, allowed: Collection[str], *, local: bool) -> bool:
    """A configured origin (as browsers spell it), any with "*", and in development any localhost port."""
    if "*" in allowed:
        return True
    normal = normalize_origin(origin)
    if normal is not None and normal in allowed:
        return True
    return local and LOCALHOST_ORIGIN.fullmatch(origin) is not None
