"""PostgreSQL: the pool's lifecycle and plain-SQL, versioned migrations in the service's schema."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy

log = structlog.get_logger(__name__)

Connection = asyncpg.Connection | PoolConnectionProxy
"""A connection, whether opened directly or acquired from a pool."""

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_LOCK_NAMESPACE = 0x1A77  # advisory-lock namespace for migrations


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


MigrationState = Literal["applied", "pending", "edited", "unverified", "unknown"]
"""``edited``: applied, and its file has changed since. ``unverified``: applied before checksums
were kept (the next ``migrate`` records the file's). ``unknown``: applied, not in this release (a
newer release migrated the schema)."""


CURRENT: frozenset[MigrationState] = frozenset({"applied", "unknown"})
"""The states of a current schema: this release's migrations applied unedited, maybe newer ones."""


@dataclass(frozen=True)
class MigrationStatus:
    name: str
    state: MigrationState
    applied_at: datetime | None


class EditedMigrationError(RuntimeError):
    """An applied migration's file has changed: the schema is not what the files say."""

    def __init__(self, schema: str, names: list[str]) -> None:
        super().__init__(
            f"schema {schema}: applied migration(s) edited since: {', '.join(names)}; "
            "add a new migration instead of changing an applied one"
        )


class SchemaNotCurrentError(RuntimeError):
    """The service's schema lacks migrations this release needs (they run as their own step)."""


def platform_migrations() -> list[Migration]:
    """The tables every service has: outbox and inbox."""
    return load_migrations(resources.files("lattice_platform") / "migrations")


def load_migrations(folder: Traversable) -> list[Migration]:
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text()))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration versions in {folder}")
    return sorted(found, key=lambda m: m.version)


async def migrate(
    conn: Connection, schema: str, migrations: list[Migration], *, dry_run: bool = False
) -> list[str]:
    """Apply what is not applied yet, in order, each in its own transaction. Returns the names
    applied (with ``dry_run``: the names that would be, and nothing is written).

    ``{schema}`` in a migration's SQL is the service's schema. Concurrent migrators (several
    replicas starting at once) serialise on an advisory lock. An applied migration whose file has
    changed is refused before anything is applied (:class:`EditedMigrationError`); migrations
    applied before checksums were kept get their file's checksum recorded, once.
    """
    _check_identifier(schema)
    if dry_run:
        states = await status(conn, schema, migrations)
        _refuse_edited(schema, states)
        return [s.name for s in states if s.state == "pending"]
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1, hashtext($2))", _LOCK_NAMESPACE, schema)
    try:
        await _prepare(conn, schema, migrations)
        states = await status(conn, schema, migrations)
        _refuse_edited(schema, states)
        pending = {s.name for s in states if s.state == "pending"}
        for migration in migrations:
            if migration.name not in pending:
                continue
            async with conn.transaction():
                await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
                await conn.execute(migration.sql.replace("{schema}", schema))
                await conn.execute(
                    f'INSERT INTO "{schema}".schema_migrations (name, checksum) VALUES ($1, $2)',
                    migration.name,
                    migration.checksum,
                )
            applied.append(migration.name)
            log.info("migration.applied", schema=schema, migration=migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1, hashtext($2))", _LOCK_NAMESPACE, schema)
    return applied


async def status(
    conn: Connection, schema: str, migrations: list[Migration]
) -> list[MigrationStatus]:
    """Each migration of this release and each applied one, in order; reads only."""
    _check_identifier(schema)
    rows = {r["name"]: r for r in await _applied_rows(conn, schema)}
    states = [_state(m, rows.get(m.name)) for m in migrations]
    known = {m.name for m in migrations}
    states += [
        MigrationStatus(name, "unknown", row["applied_at"])
        for name, row in sorted(rows.items())
        if name not in known
    ]
    return states


async def require_current(conn: Connection, schema: str, migrations: list[Migration]) -> None:
    """Raise :class:`SchemaNotCurrentError` unless every migration of this release is applied
    unchanged (for a service whose database role may not run DDL)."""
    behind = [s for s in await status(conn, schema, migrations) if s.state not in CURRENT]
    if behind:
        listed = ", ".join(f"{s.name} ({s.state})" for s in behind)
        raise SchemaNotCurrentError(f"schema {schema} is not current: {listed}")


def _state(migration: Migration, row: asyncpg.Record | None) -> MigrationStatus:
    if row is None:
        return MigrationStatus(migration.name, "pending", None)
    if row["checksum"] is None:
        state: MigrationState = "unverified"
    elif row["checksum"] == migration.checksum:
        state = "applied"
    else:
        state = "edited"
    return MigrationStatus(migration.name, state, row["applied_at"])


async def _applied_rows(conn: Connection, schema: str) -> list[asyncpg.Record]:
    columns = {
        r["column_name"]
        for r in await conn.fetch(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = $1 AND table_name = 'schema_migrations'",
            schema,
        )
    }
    if not columns:
        return []
    checksum = "checksum" if "checksum" in columns else "NULL::text AS checksum"
    return list(
        await conn.fetch(f'SELECT name, applied_at, {checksum} FROM "{schema}".schema_migrations')
    )


async def _prepare(conn: Connection, schema: str, migrations: list[Migration]) -> None:
    """The schema and its ledger; a ledger from before checksums gets them (trusting the files
    of the first release that records them)."""
    exists = await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema)
    if not exists:  # CREATE SCHEMA IF NOT EXISTS would need CREATE on the database regardless
        await conn.execute(f'CREATE SCHEMA "{schema}"')
    await conn.execute(
        f'CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations ('
        " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text)"
    )
    await conn.execute(
        f'ALTER TABLE "{schema}".schema_migrations ADD COLUMN IF NOT EXISTS checksum text'
    )
    for migration in migrations:
        recorded = await conn.fetchval(
            f'UPDATE "{schema}".schema_migrations SET checksum = $2'
            " WHERE name = $1 AND checksum IS NULL RETURNING name",
            migration.name,
            migration.checksum,
        )
        if recorded:
            log.info("migration.checksum_recorded", schema=schema, migration=migration.name)


def _refuse_edited(schema: str, states: list[MigrationStatus]) -> None:
    edited = [s.name for s in states if s.state == "edited"]
    if edited:
        raise EditedMigrationError(schema, edited)


@asynccontextmanager
async def open_pool(
    dsn: str, schema: str, min_size: int, max_size: int
) -> AsyncIterator[asyncpg.Pool]:
    """A pool whose connections resolve unqualified names in the service's schema first."""
    _check_identifier(schema)
    pool = await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        server_settings={"search_path": f'"{schema}",public', "application_name": schema},
    )
    try:
        yield pool
    finally:
        await pool.close()


def _check_identifier(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a safe schema name: {name!r}")
