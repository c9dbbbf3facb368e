"""FastAPI app factory: the GraphQL router (HTTP and WebSocket), /health and CORS."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.requests import HTTPConnection
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from graphql_api import observability
from graphql_api.config import LOCALHOST_ORIGIN
from graphql_api.container import Container, build_container
from graphql_api.graphiql import STATIC_PATH, asset_response
from graphql_api.guards import GraphQLGuard
from graphql_api.http_router import ProtocolRouter
from graphql_api.schema.build import configured_schema
from graphql_api.schema.context import Context

if TYPE_CHECKING:
    from graphql_api.config import Settings

logger = logging.getLogger("graphql_api")


def create_app(
    settings: Settings | None = None, container: Container | None = None, *, seed: bool = True
) -> FastAPI:
    """Build the ASGI app. Tests pass a container; `serve` and Lambda pass settings."""
    if container is None:
        from graphql_api.config import load_settings  # noqa: PLC0415

        container = build_container(settings or load_settings())
    settings = container.settings
    observability.configure_logging(settings.log_level)
    limits = settings.limits
    schema = configured_schema(settings)

    async def get_context(connection: HTTPConnection) -> Context:
        client = connection.client.host if connection.client else None
        return Context(
            container=container, authorization=connection.headers.get("authorization"), client_address=client
        )

    router: GraphQLRouter[Context, None] = ProtocolRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql else None,
        allow_queries_via_get=True,
        allowed_origins=settings.allowed_origins,
        local_origins=not settings.is_production,
        sockets_per_user=limits.sockets_per_user,
        persisted_queries=container.persisted_queries,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if seed:
            await container.templates.seed_builtins()
        # What exists now (schema, caches, modules) lives as long as the process: frozen out of
        # the collector's reach, full collections stop walking it (serve's p99 for
        # `{ me { id } }` under load: 53 -> 22 ms). Lambda runs no lifespan.
        gc.collect()
        gc.freeze()
        yield

    app = FastAPI(
        title="Intelligent Engineering Platform API",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.container = container
    app.include_router(router, prefix="/graphql")
    if settings.graphiql:
        app.add_api_route(STATIC_PATH + "/{name}", asset_response, methods=["GET", "HEAD"])

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins if settings.is_production else [],
        # In development any localhost port may call the API (a frontend dev server).
        allow_origin_regex=None if settings.is_production else LOCALHOST_ORIGIN.pattern,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=[
            "authorization",
            "content-type",
            "apollo-require-preflight",
            "x-apollo-operation-name",
        ],
    )
    app.add_middleware(GraphQLGuard, path="/graphql", max_body=limits.body_bytes)

    @app.get("/health")
    async def health() -> JSONResponse:
        try:
            status = await container.store.health()
        except Exception:
            logger.warning("health check: storage unavailable", exc_info=True)
            return JSONResponse(
                {"status": "unavailable", "storage": {"backend": container.store.backend}}, status_code=503
            )
        if settings.is_production:
            status = {k: v for k, v in status.items() if k != "path"}  # no file paths for strangers
        return JSONResponse({"status": "ok", "storage": status})

    return app
