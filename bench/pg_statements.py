"""PostgreSQL's own time per statement while a benchmark runs: an embedded server with
``pg_stat_statements`` loaded, which a benchmark uses through ``DATABASE_URL``, then its
statements by total execution time.

    .venv/bin/python -m bench.pg_statements serve /tmp/pg-statements   # prints the URL; stays up
    export DATABASE_URL=...                                             # the URL it printed
    .venv/bin/python -m bench.notifier --kafka apache --rates 1000 --seconds 30 --burst 50000 \
        --statements                      # a report after the fixed rate, another after the burst
    .venv/bin/python -m bench.pg_statements reset    # or by hand: reset, run, report
    .venv/bin/python -m bench.pg_statements report

Execution time is the time a statement spent in PostgreSQL's executor (its triggers included),
not CPU: on a busy machine it includes waiting for a core. Statements run inside another (a
foreign key's check) are counted on a line of their own as well as in the statement that ran
them. Utility statements (the benchmark's ``COPY``, ``VACUUM``, ``CREATE``...) are summed on one
line of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path

import asyncpg
from lattice_devstack.infra import EmbeddedPostgres

# PostgreSQL's regular expressions: \y is a word's edge (\b is a backspace there).
_UTILITY = r"^\s*(COPY|VACUUM|ANALYZE|CREATE|DROP|ALTER|SET|SHOW|BEGIN|COMMIT|ROLLBACK|RESET)\y"


_RESET = "SELECT pg_stat_statements_reset()"


async def _execute(url: str, *statements: str) -> None:
    """``statements`` in one session on the server at ``url``."""
    conn = await asyncpg.connect(url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def serve(data_dir: Path) -> None:
    """Start the server (restarted once, to load the library) and keep it up until stopped."""
    server = EmbeddedPostgres(data_dir=data_dir / "data").start()
    asyncio.run(
        _execute(
            server.database_url,
            "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'",
            "ALTER SYSTEM SET pg_stat_statements.track = 'all'",
        )
    )
    server.stop()
    server = EmbeddedPostgres(data_dir=data_dir / "data").start()
    try:
        asyncio.run(
            _execute(server.database_url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        )
        stopping = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stopping)  # for sigwait to take them
        print(server.database_url, flush=True)
        signal.sigwait(stopping)
    finally:
        server.stop()


async def report(url: str, top: int, width: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        print_report(await counted(conn), top, width)
    finally:
        await conn.close()


async def enable(conn: asyncpg.Connection | asyncpg.Pool) -> bool:
    """Whether the server counts statements (its library loaded): the extension made in this
    database and the counts reset if so."""
    loaded = await conn.fetchval("SELECT current_setting('shared_preload_libraries')")
    if "pg_stat_statements" not in loaded:
        return False
    await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    await conn.execute(_RESET)
    return True


async def phase_report(pool: asyncpg.Pool, phase: str, *, then_reset: bool = False) -> None:
    """What this database's statements took in ``phase`` (since the last reset), as
    :func:`print_report` gives it; the counts reset after if asked."""
    print(f"  PostgreSQL's statements {phase} (this database):")
    print_report(await counted(pool, this_database=True), 12, 90, "    ")
    if then_reset:
        await pool.execute(_RESET)


async def counted(
    conn: asyncpg.Connection | asyncpg.Pool, *, this_database: bool = False
) -> list[asyncpg.Record]:
    """The statements counted since the last reset (of this database only, if so asked)."""
    return await conn.fetch(  # type: ignore[no-any-return]
        "SELECT query ~* $1 AS utility, calls, rows, total_exec_time AS ms, wal_bytes, query"
        " FROM pg_stat_statements"
        " WHERE NOT $2 OR dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " ORDER BY total_exec_time DESC",
        _UTILITY,
        this_database,
    )


def print_report(rows: list[asyncpg.Record], top: int, width: int, indent: str = "") -> None:
    statements = [r for r in rows if not r["utility"]]
    total = sum(r["ms"] for r in statements) or 1.0
    print(f"{indent}statements other than utility ones: {total:,.0f} ms of execution in all")
    print(f"{indent}  share    ms       calls      rows  µs a call  µs a row  WAL a row  statement")
    for r in statements[:top]:
        calls, count = r["calls"], r["rows"]
        text = " ".join(r["query"].split())
        per_row = (
            f"{r['ms'] * 1000 / count:9,.1f} {float(r['wal_bytes']) / count:8,.0f} B"
            if count
            else f"{'-':>9} {'-':>10}"
        )
        print(
            f"{indent}  {r['ms'] / total:5.1%} {r['ms']:7,.0f} {calls:9,} {count:9,}"
            f" {r['ms'] * 1000 / calls:10,.0f} {per_row}  {text[:width]}"
        )
    utility = [r for r in rows if r["utility"]]
    print(f"{indent}utility statements: {sum(r['ms'] for r in utility):,.0f} ms in {len(utility)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="start the server; print its URL")
    serving.add_argument("data_dir", type=Path)
    commands.add_parser("reset", help="forget the statements counted so far")
    reporting = commands.add_parser("report", help="the statements by execution time")
    reporting.add_argument("--top", type=int, default=15)
    reporting.add_argument("--width", type=int, default=100, help="characters of each statement")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.data_dir)
        return
    url = os.environ.get("DATABASE_URL")
    if not url:
        parser.error("DATABASE_URL names the server (the URL serve printed)")
    if args.command == "reset":
        asyncio.run(_execute(url, _RESET))
    else:
        asyncio.run(report(url, args.top, args.width))


if __name__ == "__main__":
    main()
