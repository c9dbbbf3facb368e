"""A small closed-loop HTTP/1.1 load generator: N keep-alive connections for S seconds.

autocannon's model in Python: each connection sends a request, reads the whole
response, and sends the next, for a fixed time. Each connection is reopened every
`RECONNECT_EVERY` requests: uvicorn's workers share one listening socket, and ten
connections opened at once can land eight on one worker and two on the other for the
whole run; reopening lets an idle worker take its share, as behind a load balancer. Requests are pre-encoded bytes and
responses are framed by Content-Length on raw asyncio streams, so the client spends
tens of microseconds per request (httpx spends hundreds), which matters when it
shares two cores with the server it measures.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

RECONNECT_EVERY = 100


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50: float
    p99: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def encode(method: str, url: str, headers: dict[str, str] | None = None, body: object = None) -> bytes:
    parts = urlsplit(url)
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [
        f"{method} {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def run(url: str, request: bytes, *, connections: int, seconds: float, check: bytes = b"") -> Result:
    """Load `url`'s host with `request` over `connections` sockets; a non-200 or a body without `check` is an error."""
    parts = urlsplit(url)
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                writer.write(request)
                status, body = await _response(reader)
                latencies.append(time.perf_counter() - started)
                if status != 200 or check not in body:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    return Result(len(latencies), elapsed, statistics.median(latencies), p99, errors)
