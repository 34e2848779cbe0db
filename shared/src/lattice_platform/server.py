"""How a service is served: uvicorn over h11, with the request head bounded in size and in time.

uvicorn's default parser (httptools) accepts a request head of any size, and no uvicorn parser
times a head out: a client that sends one byte a second holds a connection for ever. h11 bounds
the head's size (``h11_max_incomplete_event_size``); :func:`guarded_h11` adds the deadline.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from lattice_platform.settings import ServiceSettings

MAX_HEAD_BYTES = 16 * 1024
KEEP_ALIVE_S = 5


def guarded_h11(head_timeout_s: float) -> type[H11Protocol]:
    """h11 that closes a connection whose request head has not arrived within the timeout."""

    class HeadTimeoutProtocol(H11Protocol):
        _head_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._await_head()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:  # a head begun but not finished
                self._await_head()
            else:
                self._stop_waiting()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_waiting()
            super().connection_lost(exc)

        def _await_head(self) -> None:
            if self._head_deadline is None:
                self._head_deadline = self.loop.call_later(head_timeout_s, self._too_slow)

        def _stop_waiting(self) -> None:
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _too_slow(self) -> None:
            self._head_deadline = None
            if self.conn.their_state is h11.IDLE:
                self.transport.close()

    return HeadTimeoutProtocol


def server_options(settings: ServiceSettings) -> dict[str, Any]:
    """uvicorn options every service runs with (``uvicorn.run(app, **server_options(...))``)."""
    return {
        "host": settings.http_host,
        "port": settings.http_port,
        "http": guarded_h11(settings.http_head_timeout_s),
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "timeout_keep_alive": KEEP_ALIVE_S,
        "log_config": None,
        "timeout_graceful_shutdown": int(settings.shutdown_grace_s),
    }
