"""A service's own background work starts and stops with its runtime, on the real broker and
PostgreSQL: start hooks once the database is open and before any consumer runs, stop hooks
before the consumers stop, while the database is still open."""

from __future__ import annotations

import asyncio

from lattice_platform.runtime import Hook, Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import Ledger, ledger_runtime


async def test_hooks_run_while_the_database_is_open_and_no_consumer_is_stopped(
    topics: ServiceSettings, ledger: Ledger
) -> None:
    seen: list[tuple[str, int, int]] = []

    def recorder(moment: str) -> Hook:
        async def record(runtime: Runtime) -> None:
            async with runtime.pool.acquire() as conn:
                answer = await conn.fetchval("SELECT 1")
            running = sum(
                t.get_name() == "consumer-employees" and not t.done() for t in asyncio.all_tasks()
            )
            seen.append((moment, answer, running))

        return record

    runtime = ledger_runtime(topics, ledger)
    runtime.on_started = [recorder("started")]
    runtime.on_stopping = [recorder("stopping"), recorder("stopping again")]
    async with runtime.running():
        assert seen == [("started", 1, 0)]
    assert seen == [("started", 1, 0), ("stopping", 1, 1), ("stopping again", 1, 1)]
