"""Connecting a container to API Gateway's WebSocket API (when APIGW_MANAGEMENT_ENDPOINT_URL is set)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from graphql_api.realtime.gateway import SocketGateway
from graphql_api.realtime.management import SocketPoster
from graphql_api.realtime.publisher import SocketParts, SocketPublisher
from graphql_api.schema.build import ApiSchema, configured_schema
from graphql_api.services.sockets.registry import ConnectionRegistry

if TYPE_CHECKING:
    from graphql_api.container import Container


def connect_sockets(container: Container, endpoint_url: str) -> SocketGateway:
    """The gateway for socket events; job writes and project events are published from now on."""
    settings = container.settings

    @cache
    def schema() -> ApiSchema:  # built at the first socket message or publish, not at cold start
        return configured_schema(settings)

    parts = SocketParts(
        container=container,
        schema=schema,
        registry=ConnectionRegistry(container.store),
        poster=SocketPoster(endpoint_url, settings.aws_region),
        concurrency=settings.socket_post_concurrency,
    )
    publisher = SocketPublisher(parts)
    container.jobs.use_publisher(publisher.publish)
    container.activity.on_commit(publisher.publish_event)  # every committed project write, too
    return SocketGateway(parts, publisher)
