"""PostgreSQL repositories, hung on the unit of work's connection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date

import asyncpg
from lattice_platform.db import Connection
from lattice_platform.messaging.outbox import Outbox
from lattice_platform.uow import PostgresUnitOfWork
from pydantic import TypeAdapter

from lattice_openings.adapters import mobility
from lattice_openings.domain.openings import Opening, OpeningSpec, Status
from lattice_openings.domain.roles import Role

SPEC = TypeAdapter(OpeningSpec)
ROLE = TypeAdapter(Role)


class PostgresOpeningRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def next_id(self) -> str:
        number = await self._conn.fetchval("SELECT nextval('opening_number')")
        return f"OP-{number}"

    async def get(self, opening_id: str) -> Opening | None:
        row = await self._conn.fetchrow(
            "SELECT status, spec FROM openings WHERE opening_id = $1 FOR UPDATE", opening_id
        )
        if row is None:
            return None
        return Opening(opening_id, SPEC.validate_json(row["spec"]), Status(row["status"]))

    async def add(self, opening: Opening) -> None:
        await self._conn.execute(
            "INSERT INTO openings (opening_id, status, hiring_manager_id, spec)"
            " VALUES ($1, $2, $3, $4)",
            opening.opening_id,
            opening.status.value,
            opening.spec.hiring_manager_id,
            SPEC.dump_json(opening.spec).decode(),
        )

    async def save(self, opening: Opening) -> None:
        await self._conn.execute(
            "UPDATE openings SET status = $2, hiring_manager_id = $3, spec = $4, updated_at = now()"
            " WHERE opening_id = $1",
            opening.opening_id,
            opening.status.value,
            opening.spec.hiring_manager_id,
            SPEC.dump_json(opening.spec).decode(),
        )


class PostgresRoleRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get_many(self, role_ids: Iterable[str]) -> dict[str, Role]:
        rows = await self._conn.fetch(
            "SELECT definition FROM roles WHERE role_id = ANY($1::text[])", list(role_ids)
        )
        roles = [ROLE.validate_json(row["definition"]) for row in rows]
        return {role.role_id: role for role in roles}

    async def leading_to(self, role_ids: Iterable[str]) -> dict[str, Role]:
        rows = await self._conn.fetch(
            "SELECT definition FROM roles WHERE EXISTS ("
            " SELECT 1 FROM jsonb_array_elements(definition -> 'paths') AS path"
            " WHERE path ->> 'to_role_id' = ANY($1::text[]))",
            list(role_ids),
        )
        roles = [ROLE.validate_json(row["definition"]) for row in rows]
        return {role.role_id: role for role in roles}

    async def upsert(self, role: Role) -> None:
        await self._conn.execute(
            "INSERT INTO roles (role_id, definition) VALUES ($1, $2) ON CONFLICT (role_id)"
            " DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()",
            role.role_id,
            ROLE.dump_json(role).decode(),
        )


class PostgresOpeningsUnitOfWork(PostgresUnitOfWork):
    def __init__(self, conn: Connection, outbox: Outbox) -> None:
        super().__init__(conn, outbox)
        self.openings = PostgresOpeningRepository(conn)
        self.roles = PostgresRoleRepository(conn)
        self.people = mobility.PostgresPeople(conn)
        self.applications = mobility.PostgresApplications(conn)
        self.releases = mobility.PostgresReleases(conn)
        self.placements = mobility.PostgresPlacements(conn)

    async def expired_openings(self, today: date) -> list[str]:
        return await mobility.expired_openings(self.conn, today)


@asynccontextmanager
async def unit_of_work(
    pool: asyncpg.Pool, outbox: Outbox
) -> AsyncIterator[PostgresOpeningsUnitOfWork]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    async with pool.acquire() as conn, conn.transaction():
        yield PostgresOpeningsUnitOfWork(conn, outbox)
