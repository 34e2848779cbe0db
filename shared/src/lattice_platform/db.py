"""PostgreSQL: the pool's lifecycle and plain-SQL, versioned migrations in the service's schema."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

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


async def migrate(conn: Connection, schema: str, migrations: list[Migration]) -> list[str]:
    """Apply what is not applied yet, in order, each in its own transaction. Returns names applied.

    ``{schema}`` in a migration's SQL is the service's schema. Concurrent migrators (several
    replicas starting at once) serialise on an advisory lock.
    """
    _check_identifier(schema)
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1, hashtext($2))", _LOCK_NAMESPACE, schema)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(
            f'CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations ('
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {
            r["name"] for r in await conn.fetch(f'SELECT name FROM "{schema}".schema_migrations')
        }
        for migration in migrations:
            if migration.name in done:
                continue
            async with conn.transaction():
                await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
                await conn.execute(migration.sql.replace("{schema}", schema))
                await conn.execute(
                    f'INSERT INTO "{schema}".schema_migrations (name) VALUES ($1)', migration.name
                )
            applied.append(migration.name)
            log.info("migration.applied", schema=schema, migration=migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1, hashtext($2))", _LOCK_NAMESPACE, schema)
    return applied


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
