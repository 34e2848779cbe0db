"""The notifier's ``SkillAcquired`` handler alone, in this process: no broker, no consumer,
the read model in a fresh database (on ``DATABASE_URL`` when set, else embedded PostgreSQL)
seeded with the organisation, the index loaded from it as the notifier loads it. Each batch of
triggers is handled in its own transaction, as the consumer's swift path does, and committed.
Printed: the handler's CPU per event in this process (where the notifier spends most of its time
in a burst), beside the CPU per event of the inbox statement alone on the same batches (the
platform's part, the baseline), and the wall time.

    .venv/bin/python -m bench.handler --employees 100000 --events 20000 [--profile FILE]

``--profile`` writes a cProfile of the handled batches (``python -m pstats FILE``); py-spy
on this process gives the shares without the profiler's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import random
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import asyncpg
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.bootstrap import policy_of
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching, SkillGained
from lattice_notifier.settings import NotifierSettings
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox

from bench.organisation import Organisation, Zipf
from bench.setup import PARTITIONS, fresh_database, generated, seed


def triggers(org: Organisation, count: int) -> list[SkillGained]:
    """``count`` skills gained by distinct employees (as the bench's burst sends them)."""
    rng = random.Random(7)
    zipf = Zipf(org.skills, 1.0, rng)
    people = rng.sample(org.employees, min(count, len(org.employees)))
    today = datetime.now(UTC).date()
    return [
        SkillGained(person.employee_id, zipf.draw(), rng.randint(3, 5), today) for person in people
    ]


async def handled(
    pool: asyncpg.Pool,
    m: Matching,
    outbox: Outbox,
    batches: Sequence[Sequence[SkillGained]],
) -> tuple[float, float]:
    """CPU and wall seconds to handle ``batches``, one committed transaction each."""
    cpu, wall = time.process_time(), time.perf_counter()
    for batch in batches:
        callbacks: list[Callable[[], None]] = []
        async with pool.acquire() as conn, conn.transaction():
            uow = PostgresNotifierUnitOfWork(conn, outbox, callbacks.append)
            await handlers.skills_acquired(uow, m, batch)
        for callback in callbacks:
            callback()
    return time.process_time() - cpu, time.perf_counter() - wall


async def inbox_only(pool: asyncpg.Pool, batches: Sequence[Sequence[SkillGained]]) -> float:
    """CPU seconds of the platform's part of the same batches: one inbox statement each."""
    cpu = time.process_time()
    for batch in batches:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO bench_inbox SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
                [uuid.uuid4().hex for _ in batch],
            )
    return time.process_time() - cpu


async def main(args: argparse.Namespace) -> None:
    org = generated(args)
    async with fresh_database() as url:
        settings = NotifierSettings(
            database_url=url, kafka_bootstrap_servers="127.0.0.1:1", kafka_partitions=PARTITIONS
        )
        t0 = time.perf_counter()
        await seed(settings, org)
        print(f"  read model seeded (COPY) in {time.perf_counter() - t0:.1f}s")
        pool = await asyncpg.create_pool(
            url, min_size=1, max_size=2, server_settings={"search_path": "notifier"}
        )
        async with pool.acquire() as conn:
            await conn.execute("CREATE UNLOGGED TABLE bench_inbox (id text PRIMARY KEY)")
        m = Matching(MatchIndex(policy_of(settings)), partitions=PARTITIONS)
        async with pool.acquire() as conn:
            await handlers.load_index(
                PostgresNotifierUnitOfWork(conn, Outbox("bench", TopicNames(""))),
                m,
                range(PARTITIONS),
            )
        gc.collect()
        gc.freeze()  # as the notifier does once its index is loaded (LongLivedHeap)
        outbox = Outbox("bench", TopicNames(""))
        gained = triggers(org, args.events + args.warm_up)
        size = args.batch
        batches = [gained[i : i + size] for i in range(0, len(gained), size)]
        warm = args.warm_up // size
        await handled(pool, m, outbox, batches[:warm])
        measured = batches[warm:]
        events = sum(len(b) for b in measured)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        cpu, wall = await handled(pool, m, outbox, measured)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        base = await inbox_only(pool, measured)
        async with pool.acquire() as conn:
            surfaced = await conn.fetchval("SELECT count(*) FROM opportunities")
            written = await conn.fetchval("SELECT count(*) FROM outbox")
        print(
            f"{events:,} SkillAcquired in batches of {size}: "
            f"handler CPU {cpu / events * 1e6:.1f} µs/event here, "
            f"wall {wall / events * 1e6:.1f} µs/event ({events / wall:,.0f}/s); "
            f"baseline, the inbox statement alone: {base / events * 1e6:.1f} µs/event "
            f"({cpu / base:.1f}x); opportunities {surfaced:,}, outbox rows {written:,}"
        )
        await pool.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--warm-up", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=125)
    parser.add_argument("--profile", default=None)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
