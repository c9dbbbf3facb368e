"""The API Gateway Management API: push a message to a socket, or close it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from graphql_api.aws import LazyClient


class GoneError(Exception):
    """The socket is closed: forget the connection."""


def _client(endpoint_url: str, region: str) -> Any:  # noqa: ANN401 - boto3 client
    import boto3  # noqa: PLC0415 - at first push, not at import (cold start)
    from botocore.config import Config  # noqa: PLC0415

    config = Config(region_name=region, retries={"mode": "standard", "total_max_attempts": 3})
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint_url, config=config)


class SocketPoster:
    def __init__(self, endpoint_url: str, region: str) -> None:
        self._client: LazyClient[Any] = LazyClient(lambda: _client(endpoint_url, region))

    async def post(self, connection_id: str, message: dict[str, Any]) -> None:
        data = json.dumps(message, separators=(",", ":")).encode()
        try:
            await asyncio.to_thread(
                self._client.get().post_to_connection, ConnectionId=connection_id, Data=data
            )
        except Exception as exc:
            if _is_gone(exc):
                raise GoneError(connection_id) from None
            raise

    async def close(self, connection_id: str) -> None:
        try:
            await asyncio.to_thread(self._client.get().delete_connection, ConnectionId=connection_id)
        except Exception as exc:
            if not _is_gone(exc):
                raise


def _is_gone(exc: Exception) -> bool:
    response = getattr(exc, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in {"GoneException", "410"}
