"""`serve`'s HTTP protocol: uvicorn's h11, with the request head due in time.

uvicorn closes a connection that idles after a response (`timeout_keep_alive`), but not
one that never finishes sending a request head, so a slow client could hold a socket
forever. Here a connection must deliver each request head within
HEAD_TIMEOUT_SECONDS of connecting or of its previous response, or it is closed.

The timer belongs to the HTTP phase of a connection only. A WebSocket upgrade hands the
transport to another protocol without starting a request cycle, so the timer is
cancelled at the hand-over, and a timer that fires anyway never closes a transport this
protocol no longer owns (a subscription would otherwise be cut, without a close frame,
HEAD_TIMEOUT_SECONDS after it connected).
Only `serve` imports this (uvicorn is not in the Lambda package).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from uvicorn.protocols.http.h11_impl import H11Protocol

if TYPE_CHECKING:
    import h11

HEAD_TIMEOUT_ENV = "HEAD_TIMEOUT_SECONDS"


class BoundedH11Protocol(H11Protocol):
    _head_timer: asyncio.TimerHandle | None = None

    @staticmethod
    def _timeout() -> float:
        # Read from the environment: uvicorn's worker processes import this class anew.
        return float(os.environ.get(HEAD_TIMEOUT_ENV, "10"))

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self._timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self.transport.get_protocol() is not self:  # upgraded: no longer an HTTP connection
            return
        if self.cycle is None and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None:  # a whole request head arrived
            self._disarm()

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._disarm()
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()
