"""A replica taking over partitions (another replica gone, or the group scaled in): the employees
of the partitions newly assigned to it read from the read model, indexed and caught up against
every open opening (``handlers.take_partitions``, what the rebalance listener runs), beside the
restart's load of the same partitions (``handlers.load_index``: read and indexed, nothing
matched) as the baseline, in the same run.

    .venv/bin/python -m bench.takeover                  # 100k employees, 5k openings, 1 of 6
    .venv/bin/python -m bench.takeover --take 3         # half of them
    PYTHONPATH=/tmp/older/services/notifier/src .venv/bin/python -m bench.takeover
                                                        # another version's handlers

The instance holds the other partitions. The first take finds nothing surfaced to the taken
employees (the read model is seeded without history) and surfaces everything they match; the
takes after it find those pairs active and surface nothing new, as after an ordinary failover.
As in the listener, a take reads through one connection (one snapshot) and catches each batch
up in a transaction of its own on another; the partitions are dropped from the index between
runs. PostgreSQL: DATABASE_URL when set, else an embedded server.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import MatchPolicy
from lattice_notifier.service_layer import handlers
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox

from bench.setup import PARTITIONS, generated, seeded_connections
from bench.stats import CpuMeter

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
_BENCH_BACKENDS = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    " AND backend_type = 'client backend'"
)


async def timed(
    conn: asyncpg.Connection,
    m: handlers.Matching,
    step: Callable[[], Awaitable[object]],
    label: str,
) -> None:
    """Run ``step`` (its statements on ``conn``, and perhaps on others of the bench's backends
    too) and print what it took."""
    backends = [r[0] for r in await conn.fetch(_BENCH_BACKENDS)]
    outbox0 = await conn.fetchval("SELECT count(*) FROM outbox")
    held0 = len(m.index.employees)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    backend0 = sum(CpuMeter._cpu(b) for b in backends)
    await step()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    backend_cpu = sum(CpuMeter._cpu(b) for b in backends) - backend0
    published = await conn.fetchval("SELECT count(*) FROM outbox") - outbox0
    employees = len(m.index.employees) - held0
    print(
        f"  {label:<34} {wall:6.2f} s  this process {cpu:6.2f} s, PostgreSQL {backend_cpu:5.2f} s"
        f"  ({employees:,} employees, {published:,} events published)"
    )


async def outcome(conn: asyncpg.Connection) -> str:
    """What the takes left, to compare versions: the active surfacings with their rank and the
    near misses recorded, as a digest."""
    return str(
        await conn.fetchval(
            "SELECT md5(coalesce((SELECT string_agg(employee_id || ' ' || opening_id || ' '"
            "  || rank::text, ',' ORDER BY employee_id, opening_id) FROM opportunities"
            "  WHERE status = 'active'), '') || '|' || coalesce((SELECT string_agg(employee_id"
            "  || ' ' || opening_id, ',' ORDER BY employee_id, opening_id) FROM near_misses), ''))"
        )
    )


async def main(args: argparse.Namespace) -> None:
    org = generated(args)
    async with seeded_connections(org, NOW - timedelta(days=30), count=2) as conns:
        await measure(*conns, args=args)


async def measure(
    conn: asyncpg.Connection, writing: asyncpg.Connection, *, args: argparse.Namespace
) -> None:
    """Load the index with the partitions kept from the seeded read model, then time the
    baseline load and the takes of the others (read through ``conn``, caught up on
    ``writing``)."""
    m = handlers.Matching(MatchIndex(MatchPolicy()), partitions=PARTITIONS, clock=lambda: NOW)
    taken = list(range(PARTITIONS - args.take, PARTITIONS))
    kept = [p for p in range(PARTITIONS) if p not in taken]
    outbox = Outbox("notifier", TopicNames())
    reader = PostgresNotifierUnitOfWork(conn, outbox)
    await handlers.load_index(reader, m, kept)
    print(
        f"holding partitions {kept} ({len(m.index.employees):,} employees,"
        f" {len(m.index.openings):,} openings); taking {taken}"
    )

    transactions: list[float] = []  # how long each of a take's transactions held its locks

    @asynccontextmanager
    async def each_batch() -> AsyncIterator[PostgresNotifierUnitOfWork]:
        began = time.perf_counter()
        async with PostgresNotifierUnitOfWork.committed(writing, outbox) as uow:
            yield uow
        transactions.append(time.perf_counter() - began)

    async def load() -> None:
        await handlers.load_index(reader, m, taken)

    async def take() -> None:
        await handlers.take_partitions(reader, each_batch, m, taken)

    await timed(conn, m, load, "load (a restart's; baseline)")
    for run in range(args.runs):
        m.index.drop_partitions(set(taken))
        label = "take, nothing surfaced before" if run == 0 else "take, all surfaced before"
        transactions.clear()
        await timed(conn, m, take, label)
        print(f"    in {len(transactions)} transactions, the longest {max(transactions):.2f} s")
    active = await conn.fetchval("SELECT count(*) FROM opportunities WHERE status = 'active'")
    near = await conn.fetchval("SELECT count(*) FROM near_misses")
    print(
        f"  left {active:,} active surfacings, {near:,} near misses: digest {await outcome(conn)}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument("--take", type=int, default=1, help=f"partitions taken, of {PARTITIONS}")
    parser.add_argument("--runs", type=int, default=3, help="takes (the first finds nothing)")
    asyncio.run(main(parser.parse_args()))
