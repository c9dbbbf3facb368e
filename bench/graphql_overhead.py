"""GraphQL overhead: one project through the ASGI app vs the same store read + json.dumps.

Both sides read the same project from the same SQLite store; the baseline serialises the
stored outline with json.dumps, the GraphQL side runs the full selection through
Strawberry and FastAPI in-process: with the compiled path (the default) and, in the same
run, with COMPILED_EXECUTION=false (graphql-core field by field). Goal: 2.5x or less at
6 x 4 x 8 and 12 x 8 x 10. Then an APQ hit (the hash instead of the document) beside a
POST of the same document.
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

from bench.common import FULL_SELECTION, container, plain_json, seed
from graphql_api.app import create_app
from graphql_api.container import Container, build_container

RUNS = 30
GOAL = 2.5


async def timed(calls: dict[str, Callable[[], Awaitable[int]]]) -> tuple[dict[str, float], int]:
    """Median seconds per call, the calls interleaved run by run; and the last response size."""
    for call in calls.values():  # warm caches (parser, validation, imports, APQ)
        await call()
    timings: dict[str, list[float]] = {name: [] for name in calls}
    size = 0
    for _ in range(RUNS):
        for name, call in calls.items():
            started = time.perf_counter()
            size = await call()
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}, size


async def measure(phases: int, sprints: int, tasks: int) -> tuple[dict[str, float], int]:
    c = container()
    _, token, project_id = await seed(c, phases, sprints, tasks)
    standard = build_container(c.settings.model_copy(update={"compiled_execution": False}), store=c.store)
    document = f"query($id: ID!) {{ project(id: $id) {{ {FULL_SELECTION} }} }}"
    body = {"query": document, "variables": {"id": project_id}}
    apq = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(document.encode()).hexdigest()}}
    hashed = {"extensions": apq, "variables": {"id": project_id}}
    headers = {"Authorization": f"Bearer {token}"}

    async def baseline() -> int:
        found = await c.auth.authenticate(f"Bearer {token}")  # the same auth read
        return len(plain_json(await c.projects.get(found, project_id)))

    def client(built: Container) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=create_app(container=built, seed=False))
        return httpx.AsyncClient(transport=transport, base_url="http://bench")

    async with client(c) as http, client(standard) as slow:

        def poster(target: httpx.AsyncClient, payload: dict[str, object]) -> Callable[[], Awaitable[int]]:
            async def post() -> int:
                response = await target.post("/graphql", json=payload, headers=headers)
                assert "errors" not in response.json(), response.text
                return len(response.content)

            return post

        await http.post("/graphql", json={**body, "extensions": apq}, headers=headers)  # registers the hash
        medians, size = await timed(
            {
                "baseline": baseline,
                "graphql-core": poster(slow, body),
                "compiled": poster(http, body),
                "apq": poster(http, hashed),
            }
        )
    c.close()
    return medians, size


async def main() -> None:
    print(f"GraphQL overhead, median of {RUNS} runs, in-process ASGI, SQLite store")
    print(
        f"{'project':<9} {'tasks':>5} {'store+json':>10} {'graphql-core':>17} {'compiled':>17} "
        f"{'APQ hit':>17} {'KB':>6}"
    )
    ratios = {}
    for shape in ((6, 4, 8), (12, 8, 10)):
        t, size = await measure(*shape)
        ratios[shape] = (t["compiled"] / t["baseline"], t["apq"] / t["compiled"])
        cells = " ".join(
            f"{t[name] * 1000:>7.2f} ms {t[name] / t['baseline']:>5.2f}x"
            for name in ("graphql-core", "compiled", "apq")
        )
        label = "x".join(map(str, shape))
        print(
            f"{label:<9} {shape[0] * shape[1] * shape[2]:>5} {t['baseline'] * 1000:>7.2f} ms {cells} {size / 1024:>6.1f}"
        )
    worst = max(ratio for ratio, _ in ratios.values())
    verdict = "PASS" if worst <= GOAL else "MISS"
    print(
        f"verdict: {verdict}: the compiled full read costs {ratios[(6, 4, 8)][0]:.2f}x store+json at 6x4x8 and "
        f"{ratios[(12, 8, 10)][0]:.2f}x at 12x8x10 (goal <= {GOAL}x); an APQ hit takes "
        f"{ratios[(6, 4, 8)][1]:.2f}x and {ratios[(12, 8, 10)][1]:.2f}x the time of a POST with the document"
    )


if __name__ == "__main__":
    asyncio.run(main())
