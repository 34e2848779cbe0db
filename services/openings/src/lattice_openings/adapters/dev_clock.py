"""The dev stack's clock offset in the openings database (``dev_clock``), so that every replica
and a restarted one tell the same time once HR has moved it (``POST /v1/dev/clock``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from lattice_platform.clock import Clock, MovableClock
from lattice_platform.db import Connection


async def move_on(conn: Connection, by: timedelta) -> timedelta:
    """Add ``by`` to the stored offset (one atomic statement: concurrent moves add up)."""
    seconds: float = await conn.fetchval(
        "INSERT INTO dev_clock (offset_s) VALUES ($1) ON CONFLICT (id)"
        " DO UPDATE SET offset_s = dev_clock.offset_s + EXCLUDED.offset_s RETURNING offset_s",
        by.total_seconds(),
    )
    return timedelta(seconds=seconds)


async def caught_up(conn: Connection, clock: Clock) -> datetime:
    """Now, by ``clock`` once it has caught up with the stored offset (a clock that does not
    move reads nothing)."""
    if isinstance(clock, MovableClock) and clock.movable:
        seconds = await conn.fetchval("SELECT offset_s FROM dev_clock")
        if seconds is not None:
            return clock.catch_up(timedelta(seconds=seconds))
    return clock()
