"""The notifier's employee handlers alone on a burst of ``EmployeeUpserted`` (a nightly HRIS
sync): CPU per event of the handlers (this process) and of their PostgreSQL backend, in batches
of the consumer's size, one transaction each, without the broker or the consumer path.

    .venv/bin/python -m bench.upserts                      # 100k employees, 5k openings
    .venv/bin/python -m bench.upserts --one-at-a-time      # each event its own handler call
    .venv/bin/python -m bench.upserts --runs 1 --profile /tmp/upserts.prof
    PYTHONPATH=/tmp/older/services/notifier/src .venv/bin/python -m bench.upserts
                                                           # another version's handlers

Each event is a newer record of a different employee (a new department and one skill a level
up), handled as the consumer's swift path would: a batch's events in one transaction, with one
call of the batched handler (``handlers.employee_changes``), or, with ``--one-at-a-time`` or on
a version without it, one call per event. PostgreSQL: DATABASE_URL when set, else an embedded
server.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import asyncpg
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import Employee, HeldSkill, MatchPolicy
from lattice_notifier.service_layer import handlers
from lattice_platform.messaging.kafka import TopicNames
from lattice_platform.messaging.outbox import Outbox

from bench.organisation import DEPARTMENTS, Organisation
from bench.setup import PARTITIONS, generated, seeded_connections
from bench.stats import CpuMeter

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def newer(employee: Employee, rng: random.Random, at: datetime) -> Employee:
    """What an HRIS sync says of ``employee``: another department, one skill a level up."""
    assert employee.profile is not None
    skills = dict(employee.skills)
    skill_id = rng.choice(sorted(skills))
    held = skills[skill_id]
    skills[skill_id] = HeldSkill(min(held.level + 1, 5), held.last_used_on, held.acquired_on)
    profile = replace(employee.profile, department=rng.choice(DEPARTMENTS), changed_at=at)
    return replace(employee, profile=profile, skills=skills)


async def burst(
    conn: asyncpg.Connection,
    m: handlers.Matching,
    changed: list[Employee],
    batch: int,
    one_at_a_time: bool,
) -> tuple[float, float, float]:
    """Handle ``changed`` in batches; the wall, handler and backend CPU seconds it took."""
    backend = await conn.fetchval("SELECT pg_backend_pid()")
    outbox = Outbox("notifier", TopicNames())
    batched = hasattr(handlers, "employee_changes") and not one_at_a_time
    cpu0, backend0, wall0 = time.process_time(), CpuMeter._cpu(backend), time.perf_counter()
    for start in range(0, len(changed), batch):
        part = changed[start : start + batch]
        callbacks: list[Callable[[], None]] = []
        async with conn.transaction():
            uow = PostgresNotifierUnitOfWork(conn, outbox, callbacks.append)
            if batched:
                records = [(e.employee_id, e.profile, e.skills) for e in part]
                await handlers.employee_changes(
                    uow, m, [handlers.RecordChanged(*record) for record in records]
                )
            else:
                for e in part:
                    assert e.profile is not None
                    await handlers.employee_record_changed(
                        uow, m, e.employee_id, e.profile, dict(e.skills)
                    )
        for callback in callbacks:
            callback()
    return (
        time.perf_counter() - wall0,
        time.process_time() - cpu0,
        CpuMeter._cpu(backend) - backend0,
    )


async def main(args: argparse.Namespace) -> None:
    org = generated(args)
    async with seeded_connections(org, NOW - timedelta(days=30)) as [conn]:
        await measure(conn, org, args)


async def measure(conn: asyncpg.Connection, org: Organisation, args: argparse.Namespace) -> None:
    """Load the index from the read model seeded with ``org``, then time the bursts."""
    m = handlers.Matching(MatchIndex(MatchPolicy()), partitions=PARTITIONS, clock=lambda: NOW)
    async with conn.transaction():
        uow = PostgresNotifierUnitOfWork(conn, Outbox("notifier", TopicNames()))
        await handlers.load_index(uow, m, range(PARTITIONS))
    rng = random.Random(7)
    mode = "one call per event" if args.one_at_a_time else "batched where the code has it"
    print(f"{args.events:,} EmployeeUpserted in batches of {args.batch} ({mode})")
    for run in range(args.runs):
        at = NOW + timedelta(minutes=run + 1)
        chosen = rng.sample(org.employees, args.events)
        changed = [newer(m.index.employees[e.employee_id], rng, at) for e in chosen]
        profiler = cProfile.Profile() if args.profile else None
        if profiler is not None:
            profiler.enable()
        wall, cpu, backend = await burst(conn, m, changed, args.batch, args.one_at_a_time)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(f"{args.profile}.{run + 1}")
        surfaced = await conn.fetchval("SELECT count(*) FROM outbox")
        print(
            f"  run {run + 1}: {args.events / wall:,.0f} events/s, per event: handlers"
            f" {cpu / args.events * 1e6:,.0f} µs, PostgreSQL backend"
            f" {backend / args.events * 1e6:,.0f} µs ({surfaced:,} events in the outbox)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--batch", type=int, default=500, help="the consumer's max batch")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-at-a-time", action="store_true")
    parser.add_argument("--profile", help="cProfile each run's burst into PROFILE.<run>")
    asyncio.run(main(parser.parse_args()))
