"""ASGI middleware in front of GraphQL: request size and Apollo's CSRF rule.

Both answer before a body is parsed: a 413 for a body over LIMIT_BODY_BYTES, and a 400
for a request a browser could send cross-site without a preflight (no Content-Type or
a "simple" one, GET included) unless it carries `x-apollo-operation-name` or
`apollo-require-preflight`. The GraphiQL page itself (GET, Accept: text/html) passes.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SIMPLE_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
CSRF_MESSAGE = (
    "This request has been blocked as a potential Cross-Site Request Forgery (CSRF): "
    "send Content-Type: application/json, or an 'x-apollo-operation-name' or "
    "'apollo-require-preflight' header."
)


async def _reject(send: Send, status: int, message: str, code: str, **extra: object) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code, **extra}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _TooLargeError(Exception):
    pass


class GraphQLGuard:
    def __init__(self, app: ASGIApp, *, path: str, max_body: int) -> None:
        self.app = app
        self.path = path.rstrip("/")
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self._csrf_suspect(scope["method"], headers, scope.get("query_string", b"")):
            await _reject(send, 400, CSRF_MESSAGE, "BAD_USER_INPUT", reason="CSRF")
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._too_large(send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLargeError:
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        message = f"The request body is larger than {self.max_body} bytes (limit LIMIT_BODY_BYTES)."
        await _reject(send, 413, message, "BAD_USER_INPUT", limit="body_bytes")

    @staticmethod
    def _csrf_suspect(method: str, headers: dict[str, str], query_string: bytes) -> bool:
        if method == "OPTIONS":
            return False
        if "x-apollo-operation-name" in headers or "apollo-require-preflight" in headers:
            return False
        if method == "GET":
            # The GraphiQL page is not an operation; a GET operation needs the header. The
            # parameters are judged as the router will read them: decoded (`%71uery` is `query`).
            params = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
            return "query" in params or "extensions" in params
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        return not content_type or content_type in SIMPLE_TYPES
