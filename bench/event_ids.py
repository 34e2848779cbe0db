"""The inbox holding weeks of event ids: what a consumer's inbox insert costs with random event
ids (version 4 UUIDs, the baseline) and with time-ordered ones (version 7, what the platform
writes), side by side in one run on one server.

    .venv/bin/python -m bench.event_ids                     # 2M ids held, 200 batches of 500
    .venv/bin/python -m bench.event_ids --held 5000000 --batches 400

For each kind of id, a schema of its own with the platform's tables (the inbox's primary key is
``(consumer, event_id)``) holds ``--held`` ids of one consumer, as weeks of retention leave it
(``INBOX_RETENTION_DAYS``: 35), version 7 ones spread over those weeks; then a checkpoint, as
PostgreSQL makes every few minutes under load, and ``--batches`` batches of new ids, each with
the consumer's own statement in a transaction of its own. Printed per id: wall time, the WAL
written (full-page images included: the first change of a page after a checkpoint logs the
whole page) and the pages of the inbox's indexes read into shared buffers; and the size of the
primary key. PostgreSQL: DATABASE_URL when set, else an embedded server (shared buffers 128 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
from lattice_platform.contracts.envelope import new_event_ids
from lattice_platform.db import migrate, platform_migrations

from bench.setup import fresh_database

CONSUMER = "notifier.employees"
BATCH = 500
RETENTION = timedelta(days=35)


def random_ids(count: int) -> list[str]:
    """The baseline: version 4 UUIDs, as the platform wrote them before."""
    return [str(uuid.uuid4()) for _ in range(count)]


def ids_written_over_weeks(count: int, now: datetime) -> list[str]:
    """``count`` ids as the platform writes them, each stamped back to its moment in the
    retention window: evenly over its weeks."""
    start_ms = int((now - RETENTION).timestamp() * 1000)
    step_ms = RETENTION / timedelta(milliseconds=1) / count
    stamps = (f"{start_ms + int(i * step_ms):012x}" for i in range(count))
    # The first 48 bits, "xxxxxxxx-xxxx", are the milliseconds.
    return [f"{s[:8]}-{s[8:]}{i[13:]}" for s, i in zip(stamps, new_event_ids(count), strict=True)]


@dataclass
class Measured:
    kind: str
    wall_us: float  # per id
    wal_bytes: float  # per id
    pages_read: float  # per id, into shared buffers
    pages_hit: float  # per id, found there
    key_mb: float  # the primary key's size at the end


async def measure(
    conn: asyncpg.Connection,
    kind: str,
    held: list[str],
    new_ids: Callable[[int], list[str]],
    batches: int,
) -> Measured:
    schema = f"ids_{kind}"
    await migrate(conn, schema, platform_migrations())
    await conn.copy_records_to_table(
        "inbox",
        schema_name=schema,
        records=[(CONSUMER, i) for i in held],
        columns=["consumer", "event_id"],
    )
    await conn.execute(f"VACUUM ANALYZE {schema}.inbox")
    await conn.execute("CHECKPOINT")
    before = await _counters(conn, schema)
    started = time.perf_counter()
    for _ in range(batches):
        async with conn.transaction():
            await conn.fetch(
                f"INSERT INTO {schema}.inbox (consumer, event_id)"
                " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING event_id",
                CONSUMER,
                sorted(new_ids(BATCH)),  # the consumer sorts a batch's ids
            )
    wall = time.perf_counter() - started
    after = await _counters(conn, schema)
    count = batches * BATCH
    key_bytes = await conn.fetchval(f"SELECT pg_relation_size('{schema}.inbox_pkey')")
    return Measured(
        kind,
        wall / count * 1e6,
        (after[0] - before[0]) / count,
        (after[1] - before[1]) / count,
        (after[2] - before[2]) / count,
        key_bytes / 2**20,
    )


async def _counters(conn: asyncpg.Connection, schema: str) -> tuple[int, int, int]:
    """WAL position, and the inbox's index pages read and hit so far."""
    await conn.execute("SELECT pg_stat_force_next_flush()")
    row = await conn.fetchrow(
        "SELECT pg_current_wal_lsn() - '0/0' AS wal,"
        " sum(idx_blks_read) AS read, sum(idx_blks_hit) AS hit"
        " FROM pg_statio_all_indexes WHERE schemaname = $1 AND relname = 'inbox'",
        schema,
    )
    return int(row["wal"]), int(row["read"]), int(row["hit"])


async def main(args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    print(
        f"inbox: {args.held:,} ids held by one consumer, a checkpoint, then {args.batches} "
        f"batches of {BATCH} new ids (one transaction each)"
    )
    async with fresh_database() as url:
        conn = await asyncpg.connect(url)
        try:
            kinds = [
                ("v4", random_ids(args.held), random_ids),
                ("v7", ids_written_over_weeks(args.held, now), new_event_ids),
            ]
            results = [await measure(conn, k, h, n, args.batches) for k, h, n in kinds]
        finally:
            await conn.close()
    base = results[0]
    print(
        f"  {'ids':<24} {'µs/id':>8} {'WAL B/id':>9} {'pages read/id':>14} {'hit/id':>7} "
        f"{'key MB':>7}"
    )
    for r in results:
        label = "random (v4, baseline)" if r.kind == "v4" else "time-ordered (v7)"
        print(
            f"  {label:<24} {r.wall_us:8.1f} {r.wal_bytes:9.0f} {r.pages_read:14.3f} "
            f"{r.pages_hit:7.2f} {r.key_mb:7.0f}"
            + (
                ""
                if r is base
                else f"   {r.wall_us / base.wall_us:.2f}x the time, "
                f"{r.wal_bytes / base.wal_bytes:.2f}x the WAL"
            )
        )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held", type=int, default=2_000_000, help="ids in the inbox already")
    parser.add_argument("--batches", type=int, default=200, help="batches of 500 new ids")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
