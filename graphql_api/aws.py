"""boto3 clients created at first use, once per process.

Creating a client loads its service model (about 90 ms for DynamoDB on a Lambda-sized
CPU); a request that never touches a service should never pay for its client.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

C = TypeVar("C")


class LazyClient(Generic[C]):
    def __init__(self, factory: Callable[[], C]) -> None:
        self._factory = factory
        self._client: C | None = None
        self._lock = threading.Lock()

    def get(self) -> C:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._factory()
        return self._client

    @property
    def created(self) -> bool:
        return self._client is not None
