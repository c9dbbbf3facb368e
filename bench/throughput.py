"""Throughput: uvicorn (2 workers) on loopback, GraphQL vs a plain FastAPI JSON route.

A bounded asyncio client (fixed concurrency, fixed duration per scenario) measures
requests/s and p50/p99 latency for `{ me { id } }` and the 6 x 4 x 8 project with the
full selection, each beside the same read through a plain FastAPI route.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import FULL_SELECTION, container, seed

CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROOT = Path(__file__).resolve().parents[1]


def start(factory: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            factory,
            "--factory",
            "--workers",
            "2",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(100):
            try:
                await client.get(url)
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
            else:
                return
    raise RuntimeError(f"{url} did not start")


async def load(request: httpx.Request) -> tuple[float, float, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + SECONDS
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=CONCURRENCY)) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.send(request)
                response.raise_for_status()
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


async def main() -> None:
    data = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "DATA_DIR": str(data),
        "JWT_SECRET": "t" * 40,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    seeded = container(data, jwt_secret="t" * 40)
    _, token, project_id = await seed(seeded, 6, 4, 8)
    seeded.close()
    auth = {"Authorization": f"Bearer {token}"}
    graphql, plain = 3471, 3472
    servers = [
        start("graphql_api.app:create_app", graphql, env),
        start("bench.baseline_app:create_baseline_app", plain, env),
    ]
    try:
        await wait_up(f"http://127.0.0.1:{graphql}/health")
        await wait_up(f"http://127.0.0.1:{plain}/docs")
        project_query = {
            "query": f"query($id: ID!) {{ project(id: $id) {{ {FULL_SELECTION} }} }}",
            "variables": {"id": project_id},
        }
        scenarios = [
            (
                "{ me { id } }",
                httpx.Request(
                    "POST",
                    f"http://127.0.0.1:{graphql}/graphql",
                    json={"query": "{ me { id } }"},
                    headers=auth,
                ),
            ),
            ("plain GET /me", httpx.Request("GET", f"http://127.0.0.1:{plain}/me", headers=auth)),
            (
                "project 6x4x8 (GraphQL)",
                httpx.Request(
                    "POST", f"http://127.0.0.1:{graphql}/graphql", json=project_query, headers=auth
                ),
            ),
            (
                "plain GET /project/{id}",
                httpx.Request("GET", f"http://127.0.0.1:{plain}/project/{project_id}", headers=auth),
            ),
        ]
        print(
            f"throughput: uvicorn --workers 2, {CONCURRENCY} concurrent clients, {SECONDS:g} s each, loopback, SQLite"
        )
        print(f"{'scenario':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        results = {}
        for name, request in scenarios:
            rps, p50, p99 = await load(request)
            results[name] = rps
            print(f"{name:<28} {rps:>8.0f} {p50 * 1000:>8.1f} {p99 * 1000:>8.1f}")
        me = results["{ me { id } }"] / results["plain GET /me"]
        project = results["project 6x4x8 (GraphQL)"] / results["plain GET /project/{id}"]
        print(
            f"verdict: GraphQL serves {me:.0%} of the plain route's rate for me, {project:.0%} for the project"
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(main())
