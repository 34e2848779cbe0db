"""A request head must arrive whole, within a size and a time, or the connection is closed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
import uvicorn
from fastapi import FastAPI
from lattice_devstack.infra import wait_until
from lattice_platform.server import MAX_HEAD_BYTES, server_options
from lattice_platform.settings import ServiceSettings

HEAD_TIMEOUT_S = 0.5
RESET = b"(reset)"


@pytest.fixture
async def port() -> AsyncIterator[int]:
    app = FastAPI()

    @app.get("/")
    async def root() -> dict[str, str]:
        return {"ok": "yes"}

    settings = ServiceSettings(
        http_host="127.0.0.1", http_port=0, http_head_timeout_s=HEAD_TIMEOUT_S
    )
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", **server_options(settings)))
    task = asyncio.create_task(server.serve())
    await wait_until(lambda: server.started)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await task


async def _closed_after(port: int, head: bytes, drip_s: float = 0.0) -> tuple[float, bytes]:
    """Send ``head`` (a byte every ``drip_s``), and time until the server closes."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    for i in range(len(head)) if drip_s else [0]:
        writer.write(head[i : i + 1] if drip_s else head)
        await writer.drain()
        await asyncio.sleep(drip_s)
        if reader.at_eof():
            break
    try:
        answer = await asyncio.wait_for(reader.read(), timeout=5)
    except ConnectionResetError:  # closed while our bytes were still arriving
        answer = RESET
    writer.close()
    return time.monotonic() - started, answer


async def test_a_whole_head_is_answered(port: int) -> None:
    _, answer = await _closed_after(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")


async def test_a_connection_that_never_finishes_its_head_is_closed(port: int) -> None:
    for head, drip_s in ((b"", 0.0), (b"GET / HTTP/1.1\r\nHost: x\r\n", 0.0)):
        waited, answer = await _closed_after(port, head, drip_s)
        assert answer == b""
        assert HEAD_TIMEOUT_S <= waited < HEAD_TIMEOUT_S + 2


async def test_a_head_sent_a_byte_at_a_time_is_cut_off_at_the_deadline(port: int) -> None:
    slow = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    waited, answer = await _closed_after(port, slow, drip_s=0.05)
    assert answer == b""
    assert waited < HEAD_TIMEOUT_S + 2


async def test_a_head_growing_past_the_size_limit_is_refused_at_once(port: int) -> None:
    endless = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (8 * MAX_HEAD_BYTES)
    waited, answer = await _closed_after(port, endless)
    assert answer.startswith(b"HTTP/1.1 400") or answer == RESET
    assert waited < HEAD_TIMEOUT_S
