"""A local stand-in for API Gateway's WebSocket API, its Management API and Lambda's SQS poller.

Real WebSocket clients connect to it; each handshake, frame and close becomes the
Lambda event API Gateway sends ($connect, a MESSAGE, $disconnect), handed to the real
handler. The handler answers through the Management API as deployed
(`POST /@connections/{id}`, `DELETE`, `GET`, with API Gateway's 410 GoneException for a
closed socket), which this server turns into frames on the sockets. A POST to /graphql
becomes an API Gateway REST proxy event, and messages on the jobs queue (moto's SQS)
become SQS events, so a whole plan runs as on AWS: one function, three event sources.

The handler runs on one worker thread at a time, like one warm Lambda instance.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class _Context:
    aws_request_id = "emulated"
    function_name = "graphql-api"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiGatewayEmulator:
    def __init__(self, handler: Handler, stage: str = "test") -> None:
        self._handler = handler
        self._stage = stage
        self._lambda = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lambda")
        self.sockets: dict[str, WebSocket] = {}
        self.events: list[dict[str, Any]] = []  # every event handed to the function, in order
        self.port = _free_port()
        app = Starlette(
            routes=[
                WebSocketRoute("/", self._socket),
                Route("/@connections/{connection_id}", self._manage, methods=["POST", "DELETE", "GET"]),
                Route("/graphql", self._rest, methods=["POST"]),
            ]
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", ws="websockets-sansio"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._poller: threading.Thread | None = None
        self._stop = threading.Event()

    # ------------------------------------------------------------------ life cycle
    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.02)

    def poll_queue(self, sqs: Any, queue_url: str, *, after_subscribe: bool = False) -> None:
        """Deliver the jobs queue to the function as Lambda's event source mapping would.

        `after_subscribe`: hold the queue until a client subscribed, so a test sees the
        job's progress stream rather than only its end.
        """

        def subscribed() -> bool:
            return any('"subscribe"' in str(e.get("body")) for e in list(self.events))

        def run() -> None:
            while after_subscribe and not subscribed() and not self._stop.is_set():
                time.sleep(0.05)
            while not self._stop.is_set():
                found = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=1)
                for message in found.get("Messages", []):
                    event = {"Records": [_sqs_record(message)]}
                    result = self._lambda.submit(self._invoke, event).result()
                    if not result.get("batchItemFailures"):
                        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

        self._poller = threading.Thread(target=run, daemon=True)
        self._poller.start()

    def stop(self) -> None:
        self._stop.set()
        if self._poller is not None:
            self._poller.join(timeout=5)
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._lambda.shutdown(wait=True)

    # ------------------------------------------------------------------ the function
    def _invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(event)
        return self._handler(event, _Context())

    async def _call(self, event: dict[str, Any]) -> dict[str, Any]:
        return await asyncio.get_running_loop().run_in_executor(self._lambda, self._invoke, event)

    def _socket_event(self, kind: str, connection_id: str, **extra: Any) -> dict[str, Any]:
        route = {"CONNECT": "$connect", "DISCONNECT": "$disconnect"}.get(kind, "$default")
        return {
            "requestContext": {
                "routeKey": route,
                "eventType": kind,
                "connectionId": connection_id,
                "domainName": f"127.0.0.1:{self.port}",
                "stage": self._stage,
                "requestId": uuid.uuid4().hex,
                "apiId": "emulated",
            },
            "isBase64Encoded": False,
            **extra,
        }

    # ------------------------------------------------------------------ API Gateway
    async def _socket(self, websocket: WebSocket) -> None:
        connection_id = secrets.token_urlsafe(9)
        headers = {key.title(): value for key, value in websocket.headers.items()}
        answer = await self._call(self._socket_event("CONNECT", connection_id, headers=headers))
        if answer.get("statusCode") != 200:
            await websocket.close(code=1008)  # refused during the handshake: HTTP 403 to the client
            return
        protocol = (answer.get("headers") or {}).get("Sec-WebSocket-Protocol")
        await websocket.accept(subprotocol=protocol)
        self.sockets[connection_id] = websocket
        try:
            while True:
                text = await websocket.receive_text()
                await self._call(self._socket_event("MESSAGE", connection_id, body=text))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            self.sockets.pop(connection_id, None)
            await self._call(self._socket_event("DISCONNECT", connection_id))

    async def _manage(self, request: Request) -> Response:
        connection_id = request.path_params["connection_id"]
        websocket = self.sockets.get(connection_id)
        if websocket is None:
            return JSONResponse(
                {"message": "Gone"}, status_code=410, headers={"x-amzn-ErrorType": "GoneException"}
            )
        if request.method == "POST":
            await websocket.send_text((await request.body()).decode())
            return Response(status_code=200)
        if request.method == "DELETE":
            self.sockets.pop(connection_id, None)
            await websocket.close(code=1000)
            return Response(status_code=204)
        return JSONResponse({"connectedAt": "emulated", "identity": {"sourceIp": "127.0.0.1"}})

    async def _rest(self, request: Request) -> Response:
        body = (await request.body()).decode()
        event = {
            "resource": "/graphql",
            "path": "/graphql",
            "httpMethod": "POST",
            "headers": dict(request.headers.items()),
            "multiValueHeaders": {k: [v] for k, v in request.headers.items()},
            "queryStringParameters": None,
            "multiValueQueryStringParameters": None,
            "requestContext": {
                "resourcePath": "/graphql",
                "httpMethod": "POST",
                "path": f"/{self._stage}/graphql",
                "stage": self._stage,
                "requestId": uuid.uuid4().hex,
                "identity": {"sourceIp": "127.0.0.1"},
            },
            "body": body,
            "isBase64Encoded": False,
        }
        answer = await self._call(event)
        content = answer.get("body") or ""
        data = base64.b64decode(content) if answer.get("isBase64Encoded") else content.encode()
        headers = {k: v for k, v in (answer.get("headers") or {}).items() if k.lower() != "content-length"}
        return Response(data, status_code=int(answer.get("statusCode", 500)), headers=headers)


def _sqs_record(message: dict[str, Any]) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(int(time.time() * 1000))},
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:jobs",
        "awsRegion": "us-east-1",
    }


def json_frames(frames: list[str]) -> list[dict[str, Any]]:
    return [json.loads(f) for f in frames]
