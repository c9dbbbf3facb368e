"""Heavy work runs in its own bounded pool, never more at once than the pool's size."""

from __future__ import annotations

import asyncio
import threading
import time

from graphql_api.services.cpu import CpuPool


async def test_a_pool_runs_at_most_its_size_at_once_in_its_own_threads() -> None:
    pool = CpuPool("render", 2)
    running = 0
    peak = 0
    names: set[str] = set()
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
            names.add(threading.current_thread().name)
        time.sleep(0.02)
        with lock:
            running -= 1

    try:
        await asyncio.gather(*(pool.run(work) for _ in range(8)))
    finally:
        pool.close()
    assert peak == 2
    assert names
    assert all(name.startswith("render") for name in names)


async def test_the_event_loop_keeps_serving_while_the_pool_is_busy() -> None:
    pool = CpuPool("render", 1)
    gate = threading.Event()
    busy = asyncio.ensure_future(pool.run(gate.wait, 5))
    try:
        # Other work (here: a default-executor call, as storage makes) is not queued behind it.
        assert await asyncio.to_thread(lambda: "storage") == "storage"
        assert not busy.done()
    finally:
        gate.set()
        await busy
        pool.close()
