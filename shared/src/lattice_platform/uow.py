"""Unit of work: one PostgreSQL transaction for a use case's state and the events it publishes.

Service-layer handlers depend on the :class:`UnitOfWork` protocol, so unit tests run them with
:class:`lattice_devstack.testing.fakes.RecordingUnitOfWork` (dev side) and production runs them on
:class:`PostgresUnitOfWork`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol, Self

import asyncpg
from opentelemetry.context import Context

from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic
from lattice_platform.db import Connection
from lattice_platform.messaging.consumer import Delivery
from lattice_platform.messaging.outbox import Outbox


class UnitOfWork(Protocol):
    async def publish(self, topic: Topic, event: Event) -> None: ...

    async def publish_all(self, events: Sequence[tuple[Topic, Event]]) -> None: ...


TraceOf = Callable[[Event], Context | None]
"""The trace an event published by a batched handler continues: that of the event it answers."""


class PostgresUnitOfWork:
    """Repositories of a service subclass this and build themselves on :attr:`conn`."""

    def __init__(self, conn: Connection, outbox: Outbox, trace_of: TraceOf | None = None) -> None:
        self.conn = conn
        self._outbox = outbox
        self._trace_of = trace_of

    async def publish(self, topic: Topic, event: Event) -> None:
        await self.publish_all([(topic, event)])

    async def publish_all(self, events: Sequence[tuple[Topic, Event]]) -> None:
        """Publish ``events`` in order, with one statement."""
        trace_of = self._trace_of
        await self._outbox.put_all(
            self.conn,
            [(topic, event, trace_of(event) if trace_of else None) for topic, event in events],
        )

    @classmethod
    @asynccontextmanager
    async def begin(cls, pool: asyncpg.Pool, outbox: Outbox) -> AsyncIterator[Self]:
        """A new transaction; committed when the block ends, rolled back if it raises."""
        async with pool.acquire() as conn, conn.transaction():
            yield cls(conn, outbox)

    @classmethod
    def within(cls, delivery: Delivery) -> Self:
        """The transaction a consumed event is being handled in (inbox included)."""
        return cls(delivery.conn, delivery.outbox)
