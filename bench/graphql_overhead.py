"""GraphQL overhead: one project through the ASGI app vs the same store read + json.dumps.

Both sides read the same project from the same SQLite store; the baseline serialises the
stored outline with json.dumps, the GraphQL side runs the full selection through
Strawberry and FastAPI in-process. Goal: under 3x at 6 x 4 x 8; reported at 12 x 8 x 10.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import httpx

from bench.common import FULL_SELECTION, container, seed
from graphql_api.app import create_app

RUNS = 30


async def measure(phases: int, sprints: int, tasks: int) -> tuple[float, float, int]:
    c = container()
    user, token, project_id = await seed(c, phases, sprints, tasks)
    app = create_app(container=c, seed=False)
    query = {
        "query": f"query($id: ID!) {{ project(id: $id) {{ {FULL_SELECTION} }} }}",
        "variables": {"id": project_id},
    }
    headers = {"Authorization": f"Bearer {token}"}

    async def baseline() -> int:
        found = await c.auth.authenticate(f"Bearer {token}")  # the same auth read
        view = await c.projects.get(found, project_id)
        body = {
            "project": view.project.model_dump(mode="json"),
            "texts": {k: v.model_dump(mode="json") for k, v in (view.texts or {}).items()},
        }
        return len(json.dumps(body))

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:

        async def graphql() -> int:
            response = await http.post("/graphql", json=query, headers=headers)
            assert "errors" not in response.json()
            return len(response.content)

        for fn in (baseline, graphql):  # warm caches (parser, validation, imports)
            await fn()
        timings: dict[str, list[float]] = {"baseline": [], "graphql": []}
        size = 0
        for _ in range(RUNS):
            for name, fn in (("baseline", baseline), ("graphql", graphql)):
                started = time.perf_counter()
                size = await fn() if name == "graphql" else (await fn()) or size
                timings[name].append(time.perf_counter() - started)
    c.close()
    del user
    return statistics.median(timings["baseline"]), statistics.median(timings["graphql"]), size


async def main() -> None:
    print(f"GraphQL overhead, median of {RUNS} runs, in-process ASGI, SQLite store")
    print(
        f"{'project':<12} {'tasks':>6} {'store+json ms':>14} {'graphql ms':>11} {'ratio':>6} {'response KB':>12}"
    )
    ratios = {}
    for shape in ((6, 4, 8), (12, 8, 10)):
        base, gql, size = await measure(*shape)
        ratios[shape] = gql / base
        label = "x".join(map(str, shape))
        print(
            f"{label:<12} {shape[0] * shape[1] * shape[2]:>6} {base * 1000:>14.2f} {gql * 1000:>11.2f} {gql / base:>6.2f} {size / 1024:>12.1f}"
        )
    verdict = "PASS" if ratios[(6, 4, 8)] < 3 else "MISS"
    print(
        f"verdict: {verdict}: {ratios[(6, 4, 8)]:.2f}x at 6x4x8 (goal < 3x); {ratios[(12, 8, 10)]:.2f}x at 12x8x10"
    )


if __name__ == "__main__":
    asyncio.run(main())
