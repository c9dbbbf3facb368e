"""Fake Bedrock, Gemini and OpenAI-compatible servers on 127.0.0.1 that speak the real wire formats.

boto3, google-genai and openai point at them (BEDROCK_ENDPOINT_URL, GEMINI_BASE_URL, OPENAI_BASE_URL),
so the real SDKs build real requests and parse real responses and real errors. A test
queues behaviours (`server.script(...)`); with an empty queue the server answers `ok`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeModelServer:
    """Shared machinery; `ok` and `error` come from the Bedrock or Gemini flavour."""

    payload: dict[str, Any] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    _queue: deque[str | Callable[[], Reply]] = field(default_factory=deque)
    _server: ThreadingHTTPServer | None = None
    _stop_hanging: threading.Event = field(default_factory=threading.Event)

    # flavour hooks ------------------------------------------------------
    def ok(self, payload: dict[str, Any]) -> Reply:
        raise NotImplementedError

    def behaviour(self, name: str) -> Reply:
        raise NotImplementedError

    # machinery -----------------------------------------------------------
    def script(self, *behaviours: str | Callable[[], Reply]) -> None:
        self._queue.extend(behaviours)

    def hang(self, seconds: float = 30) -> Reply:
        self._stop_hanging.wait(seconds)
        return self.ok(self.payload)

    def reply(self) -> Reply:
        step = self._queue.popleft() if self._queue else "ok"
        if callable(step):
            return step()
        if step == "ok":
            return self.ok(self.payload)
        if step == "hang":
            return self.hang()
        return self.behaviour(step)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeModelServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length) if length else b"{}"
                fake.calls.append(Call(self.path, dict(self.headers), json.loads(raw or b"{}")))
                status, headers, body = fake.reply()
                try:
                    self.send_response(status)
                    for name, value in {"content-type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop_hanging.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def reset(self) -> None:
        self.calls.clear()
        self._queue.clear()


# ---------------------------------------------------------------- Bedrock
BEDROCK_ERRORS = {
    "ThrottlingException": 429,
    "ServiceUnavailableException": 503,
    "InternalServerException": 500,
    "ModelTimeoutException": 408,
    "ModelNotReadyException": 429,
    "ModelErrorException": 424,
    "ServiceQuotaExceededException": 400,
    "ValidationException": 400,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
}


class FakeBedrock(FakeModelServer):
    """POST /model/{modelId}/converse, as bedrock-runtime answers it."""

    def converse_body(self, content: list[dict[str, Any]], stop: str = "tool_use") -> Reply:
        body = {
            "output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop,
            "usage": {"inputTokens": 1200, "outputTokens": 800, "totalTokens": 2000},
            "metrics": {"latencyMs": 42},
        }
        return 200, {"x-amzn-requestid": "fake-request"}, json.dumps(body).encode()

    def ok(self, payload: dict[str, Any]) -> Reply:
        return self.converse_body(
            [{"toolUse": {"toolUseId": "tooluse_1", "name": "submit_result", "input": payload}}]
        )

    def error(self, code: str, headers: dict[str, str] | None = None) -> Reply:
        status = BEDROCK_ERRORS[code]
        body = json.dumps({"message": f"fake {code}"}).encode()
        return (
            status,
            {
                "x-amzn-ErrorType": f"{code}:http://internal.amazon.com/coral/com.amazon.bedrock/",
                **(headers or {}),
            },
            body,
        )

    def behaviour(self, name: str) -> Reply:
        if name in BEDROCK_ERRORS:
            return self.error(name)
        if name == "throttle-retry-after":
            return self.error("ThrottlingException", {"Retry-After": "120"})
        if name == "empty":
            return self.converse_body([{"text": ""}], stop="end_turn")
        if name == "invalid":
            return self.converse_body(
                [{"toolUse": {"toolUseId": "t", "name": "submit_result", "input": {"summary": 3}}}]
            )
        if name.startswith("stop:"):
            return self.converse_body(
                [{"toolUse": {"toolUseId": "t", "name": "submit_result", "input": self.payload}}],
                stop=name[5:],
            )
        if name == "http500":
            return 500, {}, b"<html>gateway exploded</html>"
        raise ValueError(name)


# ---------------------------------------------------------------- Gemini
GEMINI_STATUS = {
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
}


class FakeGemini(FakeModelServer):
    """POST /{version}/models/{model}:generateContent, as the Gemini API answers it."""

    def generate_body(
        self, text: str | None, finish: str = "STOP", extra: dict[str, Any] | None = None
    ) -> Reply:
        body: dict[str, Any] = {
            "usageMetadata": {"promptTokenCount": 900, "candidatesTokenCount": 700, "totalTokenCount": 1600},
            "modelVersion": "gemini-2.0-flash",
        }
        if text is not None:
            body["candidates"] = [
                {"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": finish, "index": 0}
            ]
        body.update(extra or {})
        return 200, {}, json.dumps(body).encode()

    def ok(self, payload: dict[str, Any]) -> Reply:
        return self.generate_body(json.dumps(payload))

    def behaviour(self, name: str) -> Reply:
        if name.startswith("status:"):
            code = int(name[7:])
            status = GEMINI_STATUS[code]
            body = json.dumps(
                {"error": {"code": code, "message": f"fake {status}", "status": status}}
            ).encode()
            return code, {"retry-after": "60"} if code == 429 else {}, body
        if name == "empty":
            return self.generate_body("")
        if name == "invalid":
            return self.generate_body('{"summary": ')
        if name.startswith("finish:"):
            return self.generate_body(json.dumps(self.payload), finish=name[7:])
        if name.startswith("block:"):
            return self.generate_body(None, extra={"promptFeedback": {"blockReason": name[6:]}})
        raise ValueError(name)


# ---------------------------------------------------------------- OpenAI-compatible
OPENAI_ERRORS = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
    500: ("server_error", None),
    503: ("server_error", None),
}


class FakeOpenAI(FakeModelServer):
    """POST /v1/chat/completions, as OpenAI (and Ollama, vLLM, LM Studio) answer it."""

    def completion_body(self, content: str | None, finish: str = "stop", refusal: str | None = None) -> Reply:
        body = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "finish_reason": finish,
                }
            ],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500},
        }
        return 200, {}, json.dumps(body).encode()

    def ok(self, payload: dict[str, Any]) -> Reply:
        return self.completion_body(json.dumps(payload))

    def error(self, status: int, headers: dict[str, str] | None = None) -> Reply:
        kind, code = OPENAI_ERRORS[status]
        body = {"error": {"message": f"fake {status}", "type": kind, "param": None, "code": code}}
        return status, headers or {}, json.dumps(body).encode()

    def behaviour(self, name: str) -> Reply:
        if name.startswith("status:"):
            status = int(name[7:])
            return self.error(status, {"retry-after": "30"} if status == 429 else None)
        if name == "no-json-schema":  # a local server that knows JSON mode but not JSON schemas
            wanted = self.calls[-1].body.get("response_format", {}).get("type")
            if wanted == "json_schema":
                return self.error(400)
            return self.ok(self.payload)
        if name.startswith("finish:"):
            return self.completion_body(json.dumps(self.payload), finish=name[7:])
        if name == "refusal":
            return self.completion_body(None, refusal="I can't help with that.")
        if name == "invalid":
            return self.completion_body('{"summary": ')
        raise ValueError(name)


def wait_for_calls(server: FakeModelServer, count: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while len(server.calls) < count and time.monotonic() < deadline:
        time.sleep(0.01)
