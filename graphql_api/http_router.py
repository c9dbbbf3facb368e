"""GraphQL over HTTP as the spec says: JSON errors with codes, the right status and media type.

Strawberry's FastAPI router answers protocol problems with plain-text 400s and lets a
body that is JSON but not an object crash the request. This router:
- parses the body strictly (UTF-8, depth, number size, an object) and answers any
  request that fails before execution with a JSON error whose code is BAD_REQUEST;
- answers a mutation over GET with 405 (Allow: POST), and a subscription over HTTP with
  400 naming the WebSocket it belongs on, without logging an error;
- speaks `application/graphql-response+json` to clients that accept it: that media type,
  and 4xx for requests that fail before execution (no `data` key), while clients of
  `application/json` keep getting 200 with `data: null`, as before the spec;
- speaks Apollo's automatic persisted queries (`extensions.persistedQuery`, version 1):
  a known hash stands for its document, an unknown one is answered as Apollo Server
  does (200, `PersistedQueryNotFound`, code PERSISTED_QUERY_NOT_FOUND, not cacheable) so
  the client sends the document with its hash, which is kept once it has validated; a
  hash that is not its document's is 400 BAD_REQUEST. GET works too, under the CSRF rule.
"""

from __future__ import annotations

import contextvars
import json
from collections import Counter
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from fastapi import Request, Response, WebSocket, status
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET, UnsetType

from graphql_api.core.errors import AppError
from graphql_api.graphiql import graphiql_html
from graphql_api.realtime.origins import origin_allowed
from graphql_api.schema.context import Context
from graphql_api.services.persisted_queries import SHA256_HEX, PersistedQueries, matches
from graphql_api.ws_protocol import ContractTransportWSHandler

GRAPHQL_RESPONSE = "application/graphql-response+json"

_wants_graphql_response: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "graphql_response", default=False
)
SUBSCRIPTION_OVER_HTTP = (
    "Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not HTTP."
)


class PersistedQueryNotFoundError(Exception):
    """The hash is not known here: the client is to send the document with it."""


def _media_type() -> str:
    """This request's answer's media type: the spec's when the client accepts it."""
    return GRAPHQL_RESPONSE if _wants_graphql_response.get() else "application/json"


def wants_graphql_response(accept: str) -> bool:
    """True when the client lists application/graphql-response+json (the spec's media type)."""
    return any(part.split(";")[0].strip().lower() == GRAPHQL_RESPONSE for part in accept.split(","))


def error_body(message: str, code: str = "BAD_REQUEST") -> bytes:
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


class ProtocolRouter(GraphQLRouter[Context, None]):
    """Strawberry's router with GraphiQL's assets served from this origin and the spec's answers.

    WebSockets: a handshake from another origin is accepted from the configured origins
    (and, in development, any localhost port, as for CORS); an authenticated user holds
    at most `sockets_per_user` sockets at once in this process (4403 beyond).
    """

    graphql_transport_ws_handler_class = ContractTransportWSHandler

    def __init__(
        self,
        *args: Any,  # noqa: ANN401 - Strawberry's signature
        sockets_per_user: int,
        local_origins: bool,
        persisted_queries: PersistedQueries | None = None,
        **kwargs: Any,  # noqa: ANN401 - Strawberry's signature
    ) -> None:
        super().__init__(*args, **kwargs)
        self._persisted = persisted_queries
        self._sockets_per_user = sockets_per_user
        self._local_origins = local_origins
        self._sockets: Counter[str] = Counter()

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:  # noqa: ARG002 - Strawberry's signature
        return origin_allowed(origin, self.allowed_origins, local=self._local_origins)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Count the socket against its user at `connection_init`; an anonymous one is not counted."""
        acknowledged: UnsetType = UNSET
        try:
            user = await context.user()
        except AppError:
            return acknowledged  # its subscriptions will answer UNAUTHENTICATED
        if self._sockets[user.id] >= self._sockets_per_user:
            raise ConnectionRejectionError
        self._sockets[user.id] += 1
        context.socket_user = user.id
        return acknowledged

    def should_render_graphql_ide(self, request: Any) -> bool:  # noqa: ANN401 - Strawberry's request protocol
        """Not for a GET that carries a persisted query's hash instead of a `query`."""
        return super().should_render_graphql_ide(request) and not request.query_params.get("extensions")

    @property
    def graphql_ide_html(self) -> str:
        return graphiql_html()

    async def run(  # type: ignore[override]  # one body for both overloads
        self,
        request: Request | WebSocket,
        context: Context | Any = UNSET,  # noqa: ANN401 - Strawberry's signature
        root_value: Any = UNSET,  # noqa: ANN401 - Strawberry's signature
    ) -> Response | WebSocket:
        if isinstance(request, WebSocket):
            try:
                return await super().run(request, context=context, root_value=root_value)
            finally:  # the socket is closed: it no longer counts
                if isinstance(context, Context) and context.socket_user is not None:
                    self._sockets[context.socket_user] -= 1
                    if self._sockets[context.socket_user] <= 0:
                        del self._sockets[context.socket_user]
        _wants_graphql_response.set(wants_graphql_response(request.headers.get("accept", "")))
        try:
            return await super().run(request, context=context, root_value=root_value)
        except HTTPException as exc:
            return self._refusal(request, exc.status_code, exc.reason)
        except PersistedQueryNotFoundError:
            # As Apollo Server: 200, so every client retries with the document; never cached.
            body = error_body("PersistedQueryNotFound", code="PERSISTED_QUERY_NOT_FOUND")
            no_cache = {"cache-control": "private, no-cache, must-revalidate"}
            return Response(body, status.HTTP_200_OK, media_type=_media_type(), headers=no_cache)

    def _refusal(self, request: Request, code: int, reason: str) -> Response:
        headers: dict[str, str] = {}
        if request.method == "GET" and "mutations are not allowed" in reason:
            code, reason = status.HTTP_405_METHOD_NOT_ALLOWED, "Mutations must be sent with POST."
            headers["allow"] = "POST"
        elif code == status.HTTP_405_METHOD_NOT_ALLOWED:
            headers["allow"] = "GET, POST"
        return Response(error_body(reason), status_code=code, media_type=_media_type(), headers=headers)

    def encode_json(self, data: object) -> str:
        """orjson: a 6x4x8 project's answer in 0.04 ms instead of json.dumps's 0.5 ms (bench/read_cost.py).

        Text, not bytes: Strawberry sends bytes on a WebSocket as a binary frame, which
        graphql-ws clients refuse. Anything orjson refuses (an integer beyond 64 bits in a
        JSON scalar) goes to json.dumps.
        """
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return json.dumps(data, separators=(",", ":"))

    def parse_json(self, data: str | bytes) -> Any:  # noqa: ANN401 - JSON is any shape
        """Strict: UTF-8, nesting Python can hold, integers of sane size; else 400 BAD_REQUEST."""
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            return json.loads(text)
        except UnicodeDecodeError:
            raise HTTPException(400, "The request body is not valid UTF-8.") from None
        except (ValueError, RecursionError):
            # JSONDecodeError, a number beyond Python's digit limit, nesting too deep.
            raise HTTPException(400, "The request body is not valid JSON.") from None

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            content_type = (request.content_type or "").split(";")[0].strip().lower()
            if content_type == "application/json":
                data = self.parse_json(await request.get_body())
                if not isinstance(data, dict | list):
                    raise HTTPException(400, "The request body must be a JSON object with a `query`.")
                if isinstance(data, dict) and not isinstance(data.get("operationName"), str | None):
                    raise HTTPException(400, "`operationName` must be a string or null, if provided.")
        parsed = await super().parse_http_body(request)
        for one in parsed if isinstance(parsed, list) else [parsed]:
            await self._persisted_document(one)
        return parsed

    async def _persisted_document(self, data: GraphQLRequestData) -> None:
        """Put the document a persisted-query hash stands for in `data.query`; check a sent one."""
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None or self._persisted is None:
            return
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise HTTPException(
                400, "Unsupported persisted query version: extensions.persistedQuery.version is 1."
            )
        sha256_hash = persisted.get("sha256Hash")
        if not isinstance(sha256_hash, str) or not SHA256_HEX.fullmatch(sha256_hash):
            raise HTTPException(400, "extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits.")
        if data.query is not None:
            if not matches(data.query, sha256_hash):
                raise HTTPException(400, "The persisted query's sha256Hash does not match its query.")
            return
        found = await self._persisted.find(sha256_hash)
        if found is None:
            raise PersistedQueryNotFoundError
        data.query = found

    async def execute_single(
        self,
        request: Request,  # noqa: ARG002 - Strawberry's signature
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,  # noqa: ARG002 - Strawberry's signature
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """As Strawberry's, but a subscription over plain HTTP is a clear 400, not an error log."""
        allowed = OperationType.from_http(request_adapter.method) - {OperationType.SUBSCRIPTION}
        try:
            result = await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except MissingQueryError:
            raise HTTPException(400, "The request has no `query`.") from None
        except Exception as exc:
            reason = getattr(exc, "as_http_error_reason", None)
            if reason is None:
                raise
            if "subscriptions" in str(reason(request_adapter.method)):
                raise HTTPException(400, SUBSCRIPTION_OVER_HTTP) from None
            raise HTTPException(400, reason(request_adapter.method)) from None
        await self._keep_persisted(request_data, result)
        return result

    async def _keep_persisted(self, request_data: GraphQLRequestData, result: ExecutionResult) -> None:
        """A document sent with its hash is kept once it has passed parsing and validation."""
        persisted = (request_data.extensions or {}).get("persistedQuery")
        if self._persisted is None or not isinstance(persisted, dict) or request_data.query is None:
            return
        if any(not error.path for error in result.errors or []):
            return  # refused before execution: not a document of this schema worth keeping
        await self._persisted.remember(str(persisted["sha256Hash"]), request_data.query)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if not _wants_graphql_response.get() or isinstance(response_data, list):
            return response
        if response_data.get("data") is None and _request_error(response_data):
            # The spec: a request that fails before execution has no `data` and a 4xx.
            body = {k: v for k, v in response_data.items() if k != "data"}
            return Response(self.encode_json(body), status.HTTP_400_BAD_REQUEST, media_type=GRAPHQL_RESPONSE)
        response.headers["content-type"] = GRAPHQL_RESPONSE
        return response


def _request_error(response: GraphQLHTTPResponse) -> bool:
    """Errors before execution (parse, validation, variables) carry no `path`."""
    errors: list[Any] = list(response.get("errors") or [])
    return bool(errors) and all(isinstance(e, dict) and "path" not in e for e in errors)
