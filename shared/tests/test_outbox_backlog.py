"""What the outbox-backlog alerts read: the rows waiting and the age of the oldest."""

from __future__ import annotations

import asyncpg
from lattice_platform import db
from lattice_platform.messaging.outbox import backlog_state


async def test_the_backlog_reports_its_rows_and_how_long_the_oldest_has_waited(
    database_url: str,
) -> None:
    conn = await asyncpg.connect(database_url, server_settings={"search_path": "relay"})
    try:
        await db.migrate(conn, "relay", db.platform_migrations())
        assert await backlog_state(conn) == (0, 0.0)
        await conn.execute(
            "INSERT INTO outbox (topic, key, value, headers, event_id, created_at) VALUES"
            " ('t', 'k', 'v', '{}', 'old', now() - interval '90 seconds'),"
            " ('t', 'k', 'v', '{}', 'new', now())"
        )

        rows, oldest_s = await backlog_state(conn)
    finally:
        await conn.close()
    assert rows == 2
    assert 90 <= oldest_s < 120
