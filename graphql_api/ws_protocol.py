"""graphql-transport-ws on `serve`, answering as the contract says (and as the API Gateway path does).

Strawberry answers a subscribe whose resolver refuses (NOT_FOUND, UNAUTHENTICATED) with a
`next` carrying the errors, then `complete`, and runs queries and mutations sent over the
socket. The contract asks for the protocol's `error` message in both cases, with the same
`extensions.code` as over HTTP; this handler does that and leaves everything else to
Strawberry.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, OperationType, get_operation_ast
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.types.execution import ExecutionResult

from graphql_api.realtime.shaping import NOT_A_SUBSCRIPTION, parsed


class ContractTransportWSHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    async def handle_subscribe(self, message: Any) -> None:  # noqa: ANN401 - Strawberry's SubscribeMessage
        payload = message.get("payload") or {}
        if self.connection_acknowledged and message.get("id") not in self.operations:
            try:
                operation = get_operation_ast(
                    parsed(payload.get("query") or ""), payload.get("operationName")
                )
            except GraphQLError:
                operation = None  # Strawberry reports the syntax error itself
            if operation is not None and operation.operation != OperationType.SUBSCRIPTION:
                error = GraphQLError(NOT_A_SUBSCRIPTION, extensions={"code": "GRAPHQL_VALIDATION_FAILED"})
                await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
                return
        await super().handle_subscribe(message)

    async def _send_result_stream(self, operation: Any, result_source: Any) -> None:  # noqa: ANN401
        """A refusal before the first state is the operation's `error`, not a `next` with errors."""
        async for result in result_source:
            if isinstance(result, ExecutionResult) and result.errors and result.data is None:
                await operation.send_initial_errors(result.errors)
                return
            stream: Any = _Prepend(result, result_source)
            await super()._send_result_stream(operation, stream)
            return


class _Prepend:
    """The first result, then the rest of the stream: hands Strawberry the stream it would have had."""

    def __init__(self, head: object, rest: Any) -> None:  # noqa: ANN401
        self._head: object | None = head
        self._rest = rest

    def __aiter__(self) -> _Prepend:
        return self

    async def __anext__(self) -> object:
        if self._head is not None:
            head, self._head = self._head, None
            return head
        return await self._rest.__anext__()

    async def aclose(self) -> None:
        closer = getattr(self._rest, "aclose", None)
        if closer is not None:
            await closer()
