"""The embedded PostgreSQL that ``lattice up``, the tests and the benchmarks run on."""

from __future__ import annotations

import asyncio

import asyncpg
from lattice_devstack.infra import EmbeddedPostgres


def test_the_embedded_server_runs_with_the_settings_operations_advises() -> None:
    server = EmbeddedPostgres().start()
    try:

        async def settings() -> dict[str, str]:
            conn = await asyncpg.connect(server.database_url)
            try:
                rows = await conn.fetch(
                    "SELECT name, setting FROM pg_settings WHERE name = ANY($1::text[])",
                    [name for name, _ in EmbeddedPostgres.SETTINGS],
                )
            finally:
                await conn.close()
            return {r["name"]: r["setting"] for r in rows}

        assert asyncio.run(settings()) == dict(EmbeddedPostgres.SETTINGS)
        assert dict(EmbeddedPostgres.SETTINGS)["wal_init_zero"] == "off"
    finally:
        server.stop()
