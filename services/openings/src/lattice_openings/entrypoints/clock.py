"""The dev stack's clock reaches routes the same on every replica: a dependency of the routers
that read the time catches the clock up with the offset stored in the database."""

from __future__ import annotations

from fastapi import Request
from lattice_platform.clock import MovableClock
from lattice_platform.context import context_of

from lattice_openings.adapters import dev_clock


async def synced_clock(request: Request) -> None:
    context = context_of(request)
    if isinstance(context.clock, MovableClock) and context.clock.movable:
        async with context.connection() as conn:
            await dev_clock.caught_up(conn, context.clock)
