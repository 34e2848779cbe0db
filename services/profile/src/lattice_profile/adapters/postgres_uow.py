from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from lattice_platform.db import Connection
from lattice_platform.messaging.consumer import Delivery
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork

from lattice_profile.adapters.repository import PostgresEmployeeRepository


class PostgresProfileUnitOfWork(PostgresUnitOfWork):
    def __init__(self, conn: Connection, outbox: Outbox) -> None:
        super().__init__(conn, outbox)
        self.employees = PostgresEmployeeRepository(conn)

    @classmethod
    @asynccontextmanager
    async def begin(
        cls, pool: asyncpg.Pool, outbox: Outbox
    ) -> AsyncIterator[PostgresProfileUnitOfWork]:
        async with pool.acquire() as conn, conn.transaction():
            yield cls(conn, outbox)

    @classmethod
    def within(cls, delivery: Delivery) -> PostgresProfileUnitOfWork:
        return cls(delivery.conn, delivery.outbox)
