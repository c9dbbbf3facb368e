"""The in-process runner of `serve`: a bounded pool of asyncio tasks."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphql_api.services.generation.worker import GenerationWorker

logger = logging.getLogger("graphql_api.jobs")


class LocalRunner:
    """Runs each dispatched job as a task; at most `concurrency` at a time.

    A job that raises is logged and forgotten; the pool keeps serving the others.
    """

    def __init__(self, generation: GenerationWorker, concurrency: int) -> None:
        self._generation = generation
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    async def dispatch(self, job_id: str) -> None:
        task = asyncio.get_running_loop().create_task(self._run(job_id), name=f"job-{job_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job_id: str) -> None:
        async with self._slots:
            try:
                await self._generation.run(job_id)
            except Exception:
                logger.exception("job %s crashed its runner task", job_id)

    async def drain(self) -> None:
        """Wait for every dispatched job (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
