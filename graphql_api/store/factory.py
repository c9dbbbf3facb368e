"""Builds the configured backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphql_api.config import Settings
    from graphql_api.store.base import Store


def make_store(settings: Settings) -> Store:
    if settings.storage == "dynamodb":
        from graphql_api.aws import LazyClient  # noqa: PLC0415
        from graphql_api.store.dynamo_wire import make_client  # noqa: PLC0415
        from graphql_api.store.dynamodb import DynamoStore  # noqa: PLC0415

        client = LazyClient(
            lambda: make_client(region=settings.aws_region, endpoint_url=settings.endpoint_url)
        )
        return DynamoStore(client, settings.dynamodb_table_prefix)
    from graphql_api.store.sqlite import SqliteStore  # noqa: PLC0415

    return SqliteStore(settings.resolved_sqlite_path)
