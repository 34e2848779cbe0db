from __future__ import annotations

from lattice_platform.db import Connection
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork

from lattice_profile.adapters.repository import PostgresEmployeeRepository


class PostgresProfileUnitOfWork(PostgresUnitOfWork):
    def __init__(self, conn: Connection, outbox: Outbox) -> None:
        super().__init__(conn, outbox)
        self.employees = PostgresEmployeeRepository(conn)
