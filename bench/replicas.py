"""Notifier replicas run as separate processes (`python -m lattice_notifier serve`), as in
production: started, waited for, and read through their `/metrics`."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from lattice_devstack.infra import free_port

PARTITIONS_METRIC = 'lattice_consumer_partitions{consumer="notifier.employees"}'
GC_METRIC = "lattice_gc_full_collection_seconds"


@dataclass(frozen=True)
class FullCollections:
    """The notifier replicas' full garbage collections so far, from their metrics."""

    count: float
    seconds: float
    under: dict[float, float]  # bucket bound (s) -> collections that took at most that long

    def since(self, before: FullCollections) -> str:
        count = self.count - before.count
        if not count:
            return "no full collection in the notifier"
        longest = min(
            (bound for bound, n in self.under.items() if n - before.under.get(bound, 0) == count),
            default=float("inf"),
        )
        return (
            f"{count:.0f} full collection(s) in the notifier, "
            f"{(self.seconds - before.seconds) * 1000:.0f} ms in all, each within "
            f"{longest * 1000:.0f} ms"
        )


class NotifierMetrics:
    """The replicas' ``/metrics``, on the scrape listener of each (``METRICS_PORT``: no token)."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports

    async def of_each(self) -> list[list[str]]:
        async with httpx.AsyncClient() as client:
            return [
                (await client.get(f"http://127.0.0.1:{port}/metrics")).text.splitlines()
                for port in self.ports
            ]

    async def partitions(self) -> list[int]:
        held = []
        for lines in await self.of_each():
            line = next((x for x in lines if x.startswith(PARTITIONS_METRIC)), "")
            held.append(int(float(line.split()[-1])) if line else 0)
        return held

    async def full_collections(self) -> FullCollections:
        count = seconds = 0.0
        under: dict[float, float] = {}
        for lines in await self.of_each():
            for line in lines:
                name, _, value = line.rpartition(" ")
                if name == f"{GC_METRIC}_count":
                    count += float(value)
                elif name == f"{GC_METRIC}_sum":
                    seconds += float(value)
                elif name.startswith(f'{GC_METRIC}_bucket{{le="'):
                    bound = float(name.split('"')[1])
                    under[bound] = under.get(bound, 0) + float(value)
        return FullCollections(count, seconds, under)


async def wait_ready(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    async with httpx.AsyncClient() as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"notifier exited with {process.returncode}")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/health/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise TimeoutError("notifier not ready")
            await asyncio.sleep(0.5)


async def wait_shared(metrics: NotifierMetrics, partitions: int, timeout_s: float) -> None:
    """Wait until the replicas' employee consumers share every partition of their two topics and
    the sharing has held for 3 s: no rebalance (nor the catch-up it starts) during the runs."""
    wanted = 2 * partitions  # employees and learning, co-partitioned
    deadline = time.perf_counter() + timeout_s
    settled: tuple[int, ...] | None = None
    since = 0.0
    while True:
        shares = tuple(await metrics.partitions())
        if sum(shares) == wanted and all(shares):
            if shares != settled:
                settled, since = shares, time.perf_counter()
            elif time.perf_counter() - since >= 3:
                print(f"  {len(shares)} replicas share the partitions: {list(shares)}")
                return
        else:
            settled = None
        if time.perf_counter() > deadline:
            raise TimeoutError(f"replicas did not share the partitions: {list(shares)}")
        await asyncio.sleep(0.5)


@dataclass(frozen=True)
class Replica:
    port: int
    metrics_port: int
    process: subprocess.Popen[bytes]


@asynccontextmanager
async def running(
    env: dict[str, str],
    first_port: int,
    instances: int,
    profile: str | None,
    ready_timeout_s: float = 300,
) -> AsyncIterator[list[Replica]]:
    """``instances`` notifier replicas sharing the employees by partition, as in production, all
    ready; the first one is profiled into ``profile`` when given. Stopped gracefully (SIGINT)
    afterwards, so that cProfile writes its file."""
    profiling = ["-m", "cProfile", "-o", profile] if profile else []
    ports = [first_port] + [free_port() for _ in range(instances - 1)]
    replicas: list[Replica] = []
    try:
        for i, port in enumerate(ports):
            command = [sys.executable, *(profiling if i == 0 else []), "-m", "lattice_notifier"]
            metrics_port = free_port()
            process = subprocess.Popen(  # noqa: S603, ASYNC220
                [*command, "serve"],
                env={**env, "HTTP_PORT": str(port), "METRICS_PORT": str(metrics_port)},
            )
            replicas.append(Replica(port, metrics_port, process))
        for replica in replicas:
            await wait_ready(replica.port, replica.process, ready_timeout_s)
        yield replicas
    finally:
        for replica in replicas:
            replica.process.send_signal(signal.SIGINT)
        for replica in replicas:
            replica.process.wait(60)
