"""What OpenTelemetry's asyncpg instrumentation costs a database call, in one run: simple
statements (``fetchval`` and ``execute`` of ``SELECT 1``) on one connection, in rounds that
alternate between

- **plain**: asyncpg as it is;
- **wrapped, not recorded**: instrumented while the process has no SDK tracer provider (what
  every service did before asyncpg was instrumented only when spans are recorded);
- **platform, tracing off**: what ``trace_database_calls`` leaves in place without a tracer
  provider (it must leave asyncpg plain; the run fails otherwise);
- **wrapped, recorded**: instrumented with an SDK tracer provider that records every span (and
  exports none), the price of tracing on.

For each, the median over the rounds of the wall time and of this process's CPU per call (the
client side, where the wrapper runs; PostgreSQL's own work is the same in every mode), and the
machine's load average before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable

import asyncpg
from lattice_devstack.infra import EmbeddedPostgres
from lattice_platform.telemetry.http import trace_database_calls
from opentelemetry import trace
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.sdk.trace import TracerProvider

Setup = Callable[[], None]


def _plain() -> None:
    pass


def _wrapped_not_recorded() -> None:
    AsyncPGInstrumentor().instrument()  # type: ignore[no-untyped-call]


def _platform_tracing_off() -> None:
    if trace_database_calls() or AsyncPGInstrumentor().is_instrumented_by_opentelemetry:  # type: ignore[no-untyped-call]
        raise SystemExit("asyncpg was instrumented without a tracer provider")


def _wrapped_recorded() -> None:
    AsyncPGInstrumentor().instrument(tracer_provider=TracerProvider())  # type: ignore[no-untyped-call]


MODES: dict[str, Setup] = {
    "plain asyncpg": _plain,
    "wrapped, not recorded (before)": _wrapped_not_recorded,
    "platform, tracing off (after)": _platform_tracing_off,
    "wrapped, recorded (tracing on)": _wrapped_recorded,
}


async def _timed(calls: int, call: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """Wall and CPU seconds per call of ``calls`` calls."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls


async def measure(url: str, calls: int, rounds: int) -> None:
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        raise SystemExit("a tracer provider is already set: the 'not recorded' modes need none")
    conn = await asyncpg.connect(url)
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    statements: dict[str, Callable[[], Awaitable[object]]] = {
        "fetchval": lambda: conn.fetchval("SELECT 1"),
        "execute": lambda: conn.execute("SELECT 1"),
    }
    try:
        for call in statements.values():  # warm the statement cache and the server
            await _timed(calls // 10 or 1, call)
        for number in range(rounds):
            for mode, setup in MODES.items():
                setup()
                try:
                    for statement, call in statements.items():
                        figures.setdefault((mode, statement), []).append(await _timed(calls, call))
                finally:
                    instrumentor = AsyncPGInstrumentor()  # type: ignore[no-untyped-call]
                    if instrumentor.is_instrumented_by_opentelemetry:
                        instrumentor.uninstrument()
            print(f"  round {number + 1}/{rounds} done, load {_load()}", flush=True)
    finally:
        await conn.close()
    _report(figures, calls, rounds)


def _report(
    figures: dict[tuple[str, str], list[tuple[float, float]]], calls: int, rounds: int
) -> None:
    print(f"\n{calls:,} calls per statement per round, {rounds} rounds, medians per call:")
    print(f"  {'mode':34} {'statement':9} {'wall µs':>8} {'CPU µs':>8} {'CPU vs plain':>13}")
    for (mode, statement), runs in figures.items():
        wall = statistics.median(w for w, _ in runs) * 1e6
        cpu = statistics.median(c for _, c in runs) * 1e6
        plain = statistics.median(c for _, c in figures[("plain asyncpg", statement)]) * 1e6
        print(f"  {mode:34} {statement:9} {wall:8.1f} {cpu:8.1f} {cpu - plain:+8.1f} µs")


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=20_000, help="calls per statement per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at the start: {_load()}")
    url = os.environ.get("DATABASE_URL")
    embedded = None
    if not url:
        embedded = EmbeddedPostgres().start()
        url = embedded.database_url
    try:
        asyncio.run(measure(url, args.calls, args.rounds))
    finally:
        if embedded is not None:
            embedded.stop()
    print(f"load average at the end: {_load()}")


if __name__ == "__main__":
    main()
