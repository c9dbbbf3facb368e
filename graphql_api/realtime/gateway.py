"""graphql-transport-ws over API Gateway's WebSocket API: one Lambda event at a time.

API Gateway owns the socket and invokes the function for `$connect`, each message
(`$default`) and `$disconnect`; replies go back through the Management API. The
protocol's rules as a stateless function must keep them: the subprotocol and the
Origin are checked at `$connect`; one `connection_init` with a valid token, then
`connection_ack`; nothing before the ack (the connection is closed, as 4401 would);
only subscriptions, validated, limited and authorised exactly as over HTTP, each
answered at once with the current state (and `complete` if it already ended).
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from graphql import GraphQLError

from graphql_api.core.errors import AppError
from graphql_api.realtime import shaping
from graphql_api.realtime.management import GoneError
from graphql_api.realtime.origins import origin_allowed
from graphql_api.realtime.publisher import SocketParts, SocketPublisher, job_topic, project_topic, subscriber
from graphql_api.schema.jobs.types import GenerationJobType
from graphql_api.services.sockets.registry import Subscription

logger = logging.getLogger("graphql_api.realtime")
PROTOCOL = "graphql-transport-ws"
OK: dict[str, Any] = {"statusCode": 200}


def _headers(event: dict[str, Any]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}


class SocketGateway:
    def __init__(self, parts: SocketParts, publisher: SocketPublisher) -> None:
        self._container = parts.container
        self._schema = parts.schema
        self._registry = parts.registry
        self._poster = parts.poster
        self._publisher = publisher

    async def handle(self, event: dict[str, Any]) -> dict[str, Any]:
        context = event["requestContext"]
        connection_id = str(context["connectionId"])
        kind = context["eventType"]
        if kind == "CONNECT":
            return await self._connect(connection_id, _headers(event))
        if kind == "DISCONNECT":
            await self._registry.disconnect(connection_id)
            return OK
        body = event.get("body") or ""
        try:
            await self._message(connection_id, body)
        except GoneError:
            await self._registry.disconnect(connection_id)
        return OK

    async def _connect(self, connection_id: str, headers: dict[str, str]) -> dict[str, Any]:
        offered = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",")]
        if PROTOCOL not in offered:
            return {"statusCode": 400, "body": f"Use the {PROTOCOL} subprotocol."}
        origin = headers.get("origin")  # browsers send one; other clients need none
        settings = self._container.settings
        if origin is not None and not origin_allowed(
            origin, settings.allowed_origins, local=not settings.is_production
        ):
            return {"statusCode": 403, "body": "Origin not allowed."}
        await self._registry.connect(connection_id)
        return {**OK, "headers": {"Sec-WebSocket-Protocol": PROTOCOL}}

    async def _close(self, connection_id: str, reason: str) -> None:
        logger.warning("closing socket: %s", reason)
        await self._poster.close(connection_id)
        await self._registry.disconnect(connection_id)

    async def _message(self, connection_id: str, body: str) -> None:  # noqa: PLR0911 - one branch per message type
        if len(body.encode()) > self._container.settings.limits.ws_message_bytes:
            return await self._close(connection_id, "message too large")
        try:
            message = json.loads(body)
        except ValueError:
            return await self._close(connection_id, "not JSON")
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "ping":
            return await self._poster.post(connection_id, {"type": "pong"})
        if kind == "pong":
            return None
        connection = await self._registry.get(connection_id)
        if connection is None:
            return await self._close(connection_id, "unknown connection")
        if kind == "connection_init":
            return await self._init(connection_id, message.get("payload"), again=connection.initialised)
        if kind == "subscribe":
            if connection.user_id is None:
                return await self._close(connection_id, "subscribe before connection_ack (4401)")
            return await self._subscribe(connection_id, connection.user_id, message)
        if kind == "complete":
            return await self._registry.unsubscribe(connection_id, str(message.get("id")))
        return await self._close(connection_id, f"unexpected message type {kind!r}")

    async def _refuse(self, connection_id: str, message: str) -> None:
        """The protocol closes with a code; API Gateway cannot, so say why, then close."""
        await self._poster.post(connection_id, {"type": "error", "payload": [{"message": message}]})
        await self._close(connection_id, message)

    async def _init(self, connection_id: str, payload: object, *, again: bool) -> None:
        if again:
            return await self._refuse(connection_id, "Too many initialisation requests (4429).")
        token = (
            payload.get("Authorization") or payload.get("authorization")
            if isinstance(payload, dict)
            else None
        )
        try:
            user = await self._container.auth.authenticate(token if isinstance(token, str) else None)
        except AppError as exc:
            return await self._refuse(connection_id, f"Forbidden (4403): {exc.message}")
        if not await self._registry.initialise(connection_id, user.id):
            return await self._refuse(connection_id, "Too many initialisation requests (4429).")
        return await self._poster.post(connection_id, {"type": "connection_ack"})

    async def _follow(self, entry: Subscription, arguments: dict[str, Any]) -> None:
        """projectChanged: members only; events come as the writers publish them, none at once."""
        project_id = str(arguments.get("projectId"))
        try:
            await self._container.activity.check_follower(subscriber(entry.user_id), project_id)
        except AppError as exc:
            return await self._app_error(entry, exc)
        await self._store(entry, project_topic(project_id))
        return None

    async def _app_error(self, entry: Subscription, exc: AppError) -> None:
        error = GraphQLError(exc.message, extensions=exc.extensions())
        return await self._error(entry.connection_id, entry.operation_id, [dict(error.formatted)])

    async def _store(self, entry: Subscription, topic: str) -> bool:
        """Keep the subscription under its topic; a taken operation id closes the socket (4409)."""
        if not await self._registry.subscribe(entry.connection_id, entry.operation_id, topic, entry):
            message = f"Subscriber for {entry.operation_id} already exists (4409)."
            await self._refuse(entry.connection_id, message)
            return False
        return True

    async def _error(self, connection_id: str, operation_id: str, errors: list[dict[str, Any]]) -> None:
        await self._poster.post(connection_id, {"id": operation_id, "type": "error", "payload": errors})

    async def _subscribe(self, connection_id: str, user_id: str, message: dict[str, Any]) -> None:
        operation_id = str(message.get("id") or "")
        given = message.get("payload")
        payload: dict[str, Any] = given if isinstance(given, dict) else {}
        schema = self._schema()
        document, errors = shaping.checked(schema, self._container, payload)
        if document is None:
            return await self._error(connection_id, operation_id, errors)
        limit = self._container.settings.limits.subscriptions_per_socket
        if await self._registry.count(connection_id) >= limit:
            return await self._error(
                connection_id, operation_id, [{"message": f"At most {limit} subscriptions per socket.",
                                               "extensions": {"code": "RATE_LIMITED"}}]
            )  # fmt: skip
        stated = payload.get("variables")
        variables: dict[str, Any] = stated if isinstance(stated, dict) else {}
        field, arguments = shaping.root_field(document, payload)
        entry = Subscription(connection_id, operation_id, user_id, str(payload["query"]), variables, 0)
        if field == "projectChanged":
            return await self._follow(entry, arguments)
        return await self._watch_job(entry, arguments)

    async def _watch_job(self, asked: Subscription, arguments: dict[str, Any]) -> None:
        """generationProgress: the job's state at once, then as its writer publishes it."""
        try:
            job = await self._container.jobs.get(subscriber(asked.user_id), str(arguments.get("jobId")))
        except AppError as exc:
            return await self._app_error(asked, exc)
        entry = replace(asked, rev=job.rev)
        if job.status.finished:  # nothing will change: the state, then complete, nothing stored
            return await self._publisher.send(entry, GenerationJobType.from_domain(job), finished=True)
        if not await self._store(entry, job_topic(job.id)):
            return None
        await self._publisher.send(entry, GenerationJobType.from_domain(job), finished=False)
        # A change written between the read above and the subscription's storing was
        # published to nobody: catch up once, so no event (the last one least) is lost.
        latest = await self._container.jobs.load(job.id)
        if latest is not None and latest.rev > job.rev:
            await self._publisher.send(
                entry, GenerationJobType.from_domain(latest), finished=latest.status.finished
            )
        return None
