"""Reads at the cost of serialisation: what a project read costs beyond the HTTP floor.

For each selection of a 6 x 4 x 8 project (content written on every phase):
  figure = (read - floor) / yardstick
- read: median POST of `project(id)` with that selection, in-process ASGI, SQLite;
- floor: median POST of `{ me { id } }` on the same app (HTTP, parse, auth, a tiny answer);
- yardstick: median json.loads + a pure-Python copy + json.dumps of that read's response
  body, in this process: what touching every value of the answer costs at the least.
A write (updateProject) comes before every round of reads, so no read can be served
from anything but the stored plan. Selections: full (every scalar of project, team,
phases, sprints, tasks, content and generation), no content (the same without content
and generation) and minimal (id name). Compiled path and graphql-core side by side.
Goal (issue 27): full <= 3.0 on the compiled path.

Then a load run of the same three reads on `serve` with 1 and 2 workers, side by side
(bench/loadgen.py, closed loop, keep-alive connections on loopback).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from bench.common import FULL_SELECTION, NO_CONTENT_SELECTION, container, seed, write_phase_content
from bench.loadgen import Result, encode
from bench.throughput import ROOT, SECONDS, measure, print_side_by_side, serve, start, wait_up
from graphql_api.app import create_app
from graphql_api.container import Container, build_container

RUNS = int(os.environ.get("BENCH_RUNS", "40"))
GOAL = 3.0

SELECTIONS = {"full": FULL_SELECTION, "no content": NO_CONTENT_SELECTION, "minimal": "id name"}
FLOOR = "{ me { id } }"
RENAME = "mutation($id: ID!, $n: String!) { updateProject(id: $id, input: {name: $n}) { version } }"


def _copy(value: Any) -> Any:
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item) for item in value]
    return value


def yardstick(body: bytes) -> float:
    """Median seconds of json.loads + a pure-Python copy + json.dumps of one response body."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        json.dumps(_copy(json.loads(body)))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _document(selection: str) -> str:
    return f"query($id: ID!) {{ project(id: $id) {{ {selection} }} }}"


async def figures(c: Container, token: str, project_id: str) -> dict[str, dict[str, float]]:
    """Per engine, per selection: (read - floor) / yardstick; and the parts, in ms."""
    headers = {"Authorization": f"Bearer {token}"}
    standard = build_container(c.settings.model_copy(update={"compiled_execution": False}), store=c.store)
    results: dict[str, dict[str, float]] = {}
    for engine, built in (("compiled", c), ("graphql-core", standard)):
        transport = httpx.ASGITransport(app=create_app(container=built, seed=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            def poster(payload: dict[str, Any]) -> Callable[[], Awaitable[bytes]]:
                async def post() -> bytes:
                    response = await http.post("/graphql", json=payload, headers=headers)
                    assert "errors" not in response.json(), response.text
                    return response.content

                return post

            calls = {"floor": poster({"query": FLOOR})}
            for name, selection in SELECTIONS.items():
                calls[name] = poster({"query": _document(selection), "variables": {"id": project_id}})
            bodies = {name: await call() for name, call in calls.items()}  # warm: parser, plans, imports
            timings: dict[str, list[float]] = {name: [] for name in calls}
            for run in range(RUNS):
                rename = {"query": RENAME, "variables": {"id": project_id, "n": f"Bench project {run}"}}
                assert "errors" not in (await http.post("/graphql", json=rename, headers=headers)).json()
                for name, call in calls.items():
                    started = time.perf_counter()
                    bodies[name] = await call()
                    timings[name].append(time.perf_counter() - started)
        medians = {name: statistics.median(values) for name, values in timings.items()}
        for name in SELECTIONS:
            stick = yardstick(bodies[name])
            results.setdefault(name, {})[engine] = (medians[name] - medians["floor"]) / stick
            results[name][f"{engine} ms"] = medians[name] * 1000
            results[name]["yardstick ms"] = stick * 1000
            results[name]["KB"] = len(bodies[name]) / 1024
        results.setdefault("floor", {})[f"{engine} ms"] = medians["floor"] * 1000
    standard.close()
    return results


async def load(
    env: dict[str, str], token: str, project_id: str
) -> dict[int, dict[str, tuple[Result, float]]]:
    auth = {"Authorization": f"Bearer {token}"}
    by_workers: dict[int, dict[str, tuple[Result, float]]] = {}
    for workers in (1, 2):
        port = 3490 + workers
        url = f"http://127.0.0.1:{port}/graphql"
        server = start(serve(port, workers), env)
        try:
            await wait_up(f"http://127.0.0.1:{port}/health")
            by_workers[workers] = {}
            for name, selection in {"floor": None, **SELECTIONS}.items():
                payload = {"query": FLOOR} if selection is None else {
                    "query": _document(selection), "variables": {"id": project_id}
                }  # fmt: skip
                request = encode("POST", url, auth, payload)
                result = await measure(url, request, b'"data"', server.pid, workers)
                assert result[0].errors == 0, f"{name}: {result[0].errors} failed responses"
                by_workers[workers][name] = result
        finally:
            server.terminate()
            server.wait(timeout=20)
    return by_workers


async def main() -> None:
    data = Path(tempfile.mkdtemp())
    c = container(data, jwt_secret="t" * 40)
    user, token, project_id = await seed(c, 6, 4, 8)
    await write_phase_content(c, user, project_id)
    print(f"Read cost, 6x4x8 project, median of {RUNS} rounds (a write before each), in-process ASGI, SQLite")
    print(
        "figure = (read - floor) / yardstick; floor = POST { me { id } }; yardstick = loads+copy+dumps of the body"
    )
    result = await figures(c, token, project_id)
    c.close()
    floor = result.pop("floor")
    print(f"floor: compiled {floor['compiled ms']:.2f} ms, graphql-core {floor['graphql-core ms']:.2f} ms")
    print(
        f"{'selection':<11} {'KB':>6} {'yardstick':>10} | {'compiled: ms, over floor, figure':>32} | {'graphql-core':>32}"
    )
    for name, row in result.items():
        cells = " | ".join(
            f"{row[f'{engine} ms']:>8.2f} {row[f'{engine} ms'] - floor[f'{engine} ms']:>+9.2f} ms {row[engine]:>8.2f}x"
            for engine in ("compiled", "graphql-core")
        )
        print(f"{name:<11} {row['KB']:>6.1f} {row['yardstick ms']:>7.2f} ms | {cells}")
    full = result["full"]["compiled"]
    verdict = "PASS" if full <= GOAL else "MISS"
    print(
        f"verdict: {verdict}: full selection {full:.2f} (goal <= {GOAL}); graphql-core {result['full']['graphql-core']:.2f}"
    )

    env = {**os.environ, "DATA_DIR": str(data), "JWT_SECRET": "t" * 40, "LOG_LEVEL": "WARNING"}
    env["PYTHONPATH"] = str(ROOT)
    by_workers = await load(env, token, project_id)
    print(f"\nload: POST per selection, {SECONDS:g} s each, keep-alive connections on loopback")
    print_side_by_side(by_workers, 11)


if __name__ == "__main__":
    asyncio.run(main())
