"""Notifier end to end: trigger events through the broker into running notifier replicas.

The broker alone first (the baseline of the two hops of the path), then event->feed latency at
fixed rates, then the throughput of a burst with the CPU each part used.

    .venv/bin/python -m bench.notifier            # 100k employees, 5k openings, 10 s runs
    .venv/bin/python -m bench.notifier --quick    # 10k / 500, shorter runs
    .venv/bin/python -m bench.notifier --kafka apache --employees 60000 --rates 1000 --seconds 60
    .venv/bin/python -m bench.notifier --quick --burst-profile /tmp/burst.txt   # py-spy, burst only
    DATABASE_URL=... .venv/bin/python -m bench.notifier --quick --statements  # bench.pg_statements
    .venv/bin/python -m bench.notifier --kafka apache --rates 1000 --seconds 300 --settle 600
                                  # five minutes once PostgreSQL has checkpointed under the load

The replicas run the matching domain compiled by mypyc, as the image installs it
(``lattice_devstack.compiled``); ``--domain sources`` runs its sources instead, as an editable
install does. PostgreSQL: DATABASE_URL when set, else an embedded server. Kafka: an embedded
Tansu broker, or one Apache Kafka node with ``--kafka apache`` (or LATTICE_KAFKA=apache; Java
17+ and Maven).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import aclosing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from lattice_devstack.infra import EmbeddedBroker
from lattice_notifier.bootstrap import policy_of
from lattice_notifier.domain.model import Employee
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import Record, encode
from lattice_platform.heap import LongLivedHeap

from bench import pg_statements, reference
from bench.broker import WATCHER_FETCH_WAIT_MS, broker_hop, create_topic, load_producer, paced
from bench.organisation import Organisation, Zipf, trigger
from bench.replicas import NotifierMetrics, running, wait_shared
from bench.setup import PARTITIONS, Bench, generated, organisation_arguments, seeded
from bench.stats import WINDOW_S, CpuMeter, by_window, percentile

SURFACED = ev.OpportunitySurfaced.event_type.encode()


@dataclass(frozen=True)
class Arrival:
    """When an employee's first surfacing reached the feed, and the times it carries: when the
    notifier wrote it into its outbox (``ce_time``) and when the relay handed it to the producer
    (the record's timestamp). All wall-clock seconds: they come from several processes."""

    at: float
    written: float
    relayed: float


class FeedWatcher:
    """Reads the opportunities topic; notes when each surfacing arrives, by employee."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            auto_offset_reset="latest",
            group_id=f"bench-{uuid.uuid4().hex[:6]}",
            fetch_max_wait_ms=WATCHER_FETCH_WAIT_MS,
            enable_auto_commit=False,
        )
        self.surfaced: dict[str, list[Arrival]] = {}  # by employee, in arrival order
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.consumer.start()
        while not self.consumer.assignment():
            await self.consumer.getmany(timeout_ms=200)
        self.task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            batch = await self.consumer.getmany(timeout_ms=50)
            now = time.time()
            for records in batch.values():
                for record in records:
                    headers = dict(record.headers)
                    if headers.get("ce_type") == SURFACED:
                        self.surfaced.setdefault(record.key.decode(), []).append(
                            Arrival(
                                now,
                                datetime.fromisoformat(headers["ce_time"].decode()).timestamp(),
                                record.timestamp / 1000,
                            )
                        )

    def first_between(self, employee_id: str, sent: float, until: float) -> Arrival | None:
        """The first surfacing to ``employee_id`` the notifier wrote after ``sent`` and before
        ``until`` (when the employee's next trigger was sent): the effect of the trigger sent
        then, if it surfaced anything."""
        arrivals = self.surfaced.get(employee_id, ())
        return next((a for a in arrivals if sent <= a.written < until), None)

    async def stop(self) -> None:
        """Idempotent: stopped before the burst, which it has no part in."""
        if self.task:
            self.task.cancel()
            self.task = None
        await self.consumer.stop()


async def database_now(pool: asyncpg.Pool) -> datetime:
    """PostgreSQL's clock, which stamps each inbox row (``processed_at``: its transaction's
    start)."""
    async with pool.acquire() as conn:
        return cast(datetime, await conn.fetchval("SELECT clock_timestamp()"))


async def processed(pool: asyncpg.Pool, since: datetime) -> int:
    """The events the notifier has handled in transactions begun since ``since``: counted on
    the inbox's ``processed_at`` index, so a count costs what was handled since, not the whole
    inbox (after five minutes at 1,000/s, counting all of it every 20 ms had PostgreSQL scanning
    hundreds of thousands of rows beside the burst)."""
    async with pool.acquire() as conn:
        query = "SELECT count(*) FROM notifier.inbox WHERE processed_at >= $1"
        return int(await conn.fetchval(query, since))


async def wait_processed(
    pool: asyncpg.Pool, since: datetime, target: int, timeout_s: float
) -> float:
    """When the notifier had handled ``target`` events since ``since``. A count is an index scan
    of them, so it is made every 0.2 s, and every 20 ms only for the last twentieth."""
    deadline = time.perf_counter() + timeout_s
    done = await processed(pool, since)
    close = target - (target - done) // 20
    while done < target:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {done} of {target} events processed")
        await asyncio.sleep(0.02 if done >= close else 0.2)
        done = await processed(pool, since)
    return time.perf_counter()


@dataclass
class Stream:
    """What a fixed-rate run needs: where to send, who watches the feed, what to send."""

    pool: asyncpg.Pool
    producer: AIOKafkaProducer
    topic: str
    watcher: FeedWatcher
    rng: random.Random
    zipf: Zipf
    metrics: NotifierMetrics
    meter: CpuMeter
    sent: list[ev.SkillAcquired]  # every trigger of the run, in the order sent

    async def send(self, event: ev.SkillAcquired) -> None:
        self.sent.append(event)
        await self.send_record(encode(event, source="/bench"))

    async def send_record(self, record: Record) -> None:
        await self.producer.send(self.topic, record.value, key=record.key, headers=record.headers)


async def fixed_rate(stream: Stream, people: list[Employee], rate: int) -> list[float]:
    since = await database_now(stream.pool)
    collections = await stream.metrics.full_collections()
    sent_at: list[tuple[str, float]] = []  # wall clock, as the arrivals
    cpu = stream.meter.snapshot()
    start, epoch = time.perf_counter(), time.time()
    async for i in paced(len(people), rate):
        person = people[i]
        event = trigger(stream.rng, stream.zipf, person.employee_id)
        sent_at.append((person.employee_id, time.time()))
        await stream.send(event)
    await stream.producer.flush()
    offered = len(people) / (time.perf_counter() - start)
    handled = await wait_processed(stream.pool, since, len(people), 300)
    # At a fixed rate a batch holds a few events: what each batch costs, whatever its size,
    # shows here more than in the burst's figure.
    rate_cpu = CpuMeter.report(cpu, stream.meter.snapshot(), len(people), handled - start)
    await asyncio.sleep(2.0)  # let the last surfacings reach the topic
    next_sent: dict[tuple[str, float], float] = {}
    last: dict[str, float] = {}
    for e, s in reversed(sent_at):
        next_sent[e, s] = last.get(e, float("inf"))
        last[e] = s
    found = ((s, stream.watcher.first_between(e, s, next_sent[e, s])) for e, s in sent_at)
    arrived = [(s, a) for s, a in found if a is not None]
    latencies = [(a.at - sent) * 1000 for sent, a in arrived]
    print(
        f"  {rate:,}/s for {len(people) / rate:.0f}s ({offered:,.0f}/s offered): "
        f"{len(latencies):,} of {len(people):,} events surfaced something"
    )
    if latencies:
        print(
            f"    event -> OpportunitySurfaced on the feed topic: "
            f"p50 {percentile(latencies, 50):.1f} ms  p95 {percentile(latencies, 95):.1f} ms  "
            f"p99 {percentile(latencies, 99):.1f} ms  max {max(latencies):.1f} ms"
        )
        stages = {
            "sent -> written to the outbox": [(a.written - sent) * 1000 for sent, a in arrived],
            "written -> relayed": [(a.relayed - a.written) * 1000 for _, a in arrived],
            "relayed -> on the feed": [(a.at - a.relayed) * 1000 for _, a in arrived],
        }
        for stage, values in stages.items():
            print(
                f"      {stage:<30} p50 {percentile(values, 50):5.1f} ms  "
                f"p99 {percentile(values, 99):5.1f} ms"
            )
        if len(people) / rate > 2 * WINDOW_S:
            sent_s = [sent - epoch for sent, _ in arrived]
            print(f"    {by_window(list(zip(sent_s, latencies, strict=True)))}")
    print(f"    {rate_cpu}")
    print(f"    {(await stream.metrics.full_collections()).since(collections)}")
    return latencies


async def checkpoints_done(pool: asyncpg.Pool) -> int:
    """The checkpoints PostgreSQL has completed (its statistics since their reset; 18 or later)."""
    async with pool.acquire() as conn:
        return int(await conn.fetchval("SELECT num_done FROM pg_stat_checkpointer"))


async def settle(stream: Stream, people: list[Employee], rate: int, limit_s: float) -> int:
    """Events at ``rate``, not measured, until PostgreSQL has completed a checkpoint begun under
    them, for at most ``limit_s``: the runs after it then meet a server in steady use, not one
    just loaded. A server has no WAL segment to recycle until its first checkpoint after the
    load, so it makes each new one by writing 16 MB of zeros while every commit waits (60-570 ms
    of WAL writing every five seconds or so on the 2-core machine, bench/README.md). A
    checkpoint first, so that none begun before the events counts. Returns the events sent, each
    to the next of ``people`` in turn."""
    async with stream.pool.acquire() as conn:
        await conn.execute("CHECKPOINT")  # the role needs pg_checkpoint (or to be a superuser)
    before = await checkpoints_done(stream.pool)
    since = await database_now(stream.pool)
    start = time.perf_counter()
    sent, done = 0, False
    async with aclosing(paced(int(rate * limit_s), rate)) as turns:
        async for i in turns:
            person = people[i % len(people)]
            await stream.send(trigger(stream.rng, stream.zipf, person.employee_id))
            sent += 1
            if i % rate == rate - 1 and await checkpoints_done(stream.pool) > before:
                done = True
                break
    await stream.producer.flush()
    await wait_processed(stream.pool, since, sent, 60)
    until = "PostgreSQL completed a checkpoint" if done else "the limit, with no checkpoint done"
    print(
        f"  settling, not measured: {sent:,} events at {rate:,}/s for "
        f"{time.perf_counter() - start:.0f}s, until {until}"
    )
    return sent


@contextmanager
def sampled(pid: int, to: str | None) -> Iterator[None]:
    """Sample ``pid``'s stacks with py-spy while the block runs, into ``to`` (nothing if None):
    the burst alone, without the start-up and the latency runs a cProfile would also hold."""
    if to is None:
        yield
        return
    command = ["py-spy", "record", "--pid", str(pid), "--format", "raw", "--rate", "200"]
    spy = subprocess.Popen([*command, "--output", to, "--nonblocking"])  # noqa: S603
    time.sleep(1.0)  # py-spy attaches before the burst begins
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        spy.wait(60)
        print(f"    py-spy samples of the notifier during the burst in {to}")


async def end_to_end(
    org: Organisation,
    bootstrap: str,
    pool: asyncpg.Pool,
    prefix: str,
    *,
    rates: list[int],
    seconds: float,
    burst: int,
    meter: CpuMeter,
    metrics: NotifierMetrics,
    fetch_wait_ms: int,
    sample_pid: int,
    sample_to: str | None,
    sent: list[ev.SkillAcquired],
    statements: bool = False,
    settle_s: float = 0,
) -> dict[str, float]:
    rng = random.Random(11)
    zipf = Zipf(org.skills, 1.0, rng)
    producer = load_producer(bootstrap)
    await producer.start()
    watcher = FeedWatcher(bootstrap, prefix + t.OPPORTUNITIES.name)
    await watcher.start()
    learning = prefix + t.LEARNING_TOPIC.name
    try:
        # (a) the baseline: the two broker hops of the path (into the notifier, out to the
        # feed watcher) with nothing else, at the target rate
        hop = prefix + "bench-hop"
        await create_topic(bootstrap, hop)
        print(f"  the broker alone, one hop at {rates[0]:,}/s for 3s (baseline):")
        waits = ((fetch_wait_ms, "the notifier's"), (WATCHER_FETCH_WAIT_MS, "the feed watcher's"))
        for wait, whose in waits:
            alone = await broker_hop(bootstrap, hop, rates[0], 3, wait)
            print(
                f"    fetch wait {wait} ms ({whose}): p50 {percentile(alone, 50):.1f} ms  "
                f"p99 {percentile(alone, 99):.1f} ms"
            )

        # (b) latency at fixed rates: every employee once before any twice, so that an
        # employee's triggers are far apart (the whole organisation's time at the rate)
        stream = Stream(pool, producer, learning, watcher, rng, zipf, metrics, meter, sent)
        order = rng.sample(org.employees, len(org.employees))
        taken = await settle(stream, order, rates[0], settle_s) if settle_s else 0
        if statements and not await pg_statements.enable(pool):  # counts from here on
            print("  (no statements counted: the server has not loaded pg_stat_statements)")
            statements = False
        latency: dict[int, list[float]] = {}
        for per_second in rates:
            count = int(per_second * seconds)
            people = [order[(taken + i) % len(order)] for i in range(count)]
            taken += count
            latency[per_second] = await fixed_rate(stream, people, per_second)
        if statements:
            await pg_statements.phase_report(pool, "at the fixed rates", then_reset=True)

        # (c) throughput: a burst as fast as the producer goes, until the notifier has handled all;
        # the feed watcher's polling would take CPU from the notifier on a small machine
        await watcher.stop()
        since = await database_now(pool)
        events = [trigger(rng, zipf, rng.choice(org.employees).employee_id) for _ in range(burst)]
        sent.extend(events)
        records = [encode(e, source="/bench") for e in events]  # the HRIS's cost, beforehand
        cpu = meter.snapshot()
        with sampled(sample_pid, sample_to):
            start = time.perf_counter()
            for record in records:
                await stream.send_record(record)
            await producer.flush()
            produced = time.perf_counter()
            finished = await wait_processed(pool, since, burst, 600)
        throughput = burst / (finished - start)
        print(
            f"  burst: {burst:,} events produced in {produced - start:.1f}s, all handled after "
            f"{finished - start:.1f}s -> {throughput:,.0f} events/s end to end"
        )
        print("    " + CpuMeter.report(cpu, meter.snapshot(), burst, finished - start))
        if statements:
            await pg_statements.phase_report(pool, "in the burst")
        first = latency[rates[0]]
        return {
            "p99": percentile(first, 99) if first else float("nan"),
            "throughput": throughput,
        }
    finally:
        await watcher.stop()
        await producer.stop()


async def main(args: argparse.Namespace) -> None:
    if args.quick:
        args.employees, args.openings, args.seconds, args.burst = 10_000, 500, 3, 5_000
    load = os.getloadavg()[0]
    # This process keeps its heap as the notifier does: the organisation out of full
    # collections, and what the runs accumulate (every event sent, every arrival) frozen after
    # any slow one. Else its full collections, of all it had sent, stalled the feed watcher
    # for up to 444 ms a few times a run, and the latency it measured with them.
    heap = LongLivedHeap()
    org = generated(args, heap)
    heap.watch()
    async with seeded(org, args.fetch_wait_ms, args.kafka, args.domain) as bench:
        print(
            f"\nend to end through the broker into {args.instances} running notifier"
            f" replica(s), fetch wait {args.fetch_wait_ms} ms"
        )
        t0 = time.perf_counter()
        async with running(bench.env, bench.port, args.instances, args.profile) as replicas:
            print(
                f"  notifier up (index loaded from the read model) in "
                f"{time.perf_counter() - t0:.1f}s"
            )
            sent = [await warm_up(org, bench)]
            metrics = NotifierMetrics([r.metrics_port for r in replicas])
            if args.instances > 1:
                await wait_shared(metrics, PARTITIONS, 120)
            rates = [int(r) for r in args.rates.split(",")]
            e2e = await end_to_end(
                org,
                bench.broker.bootstrap_servers,
                bench.pool,
                bench.prefix,
                rates=rates,
                seconds=args.seconds,
                burst=args.burst,
                meter=CpuMeter([r.process.pid for r in replicas], bench.broker.pid),
                metrics=metrics,
                fetch_wait_ms=args.fetch_wait_ms,
                sample_pid=replicas[0].process.pid,
                sample_to=args.burst_profile,
                sent=sent,
                statements=args.statements,
                settle_s=args.settle,
            )
            same = args.check == 0 or await reference.check(
                bench.pool,
                org,
                sent,
                args.check,
                policy=policy_of(bench.settings),
                today=datetime.now(UTC).date(),
            )
            print("\nsummary (targets in brackets)")
            print(f"  end-to-end throughput      {e2e['throughput']:>9,.0f} events/s   [>= 10,000]")
            print(f"  event->feed p99 @ {rates[0]}/s  {e2e['p99']:>9.1f} ms         [<= 50]")
            end_load = os.getloadavg()[0]
            print(f"  load average (1 min) at the start {load:.1f}, at the end {end_load:.1f}")
    if not same:
        raise SystemExit("the notifier surfaced a different set than the rules give")


async def warm_up(org: Organisation, bench: Bench) -> ev.SkillAcquired:
    """One event through, so that the replicas' consumers have joined and are handling."""
    warm = random.Random(3)
    zipf = Zipf(org.skills, 1.0, warm)
    producer = AIOKafkaProducer(bootstrap_servers=bench.broker.bootstrap_servers)
    await producer.start()
    since = await database_now(bench.pool)
    event = trigger(warm, zipf, org.employees[0].employee_id)
    record = encode(event, source="/bench")
    await producer.send_and_wait(
        bench.prefix + t.LEARNING_TOPIC.name, record.value, key=record.key, headers=record.headers
    )
    await producer.stop()
    await wait_processed(bench.pool, since, 1, 60)
    return event


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="10k employees, 500 openings, short runs"
    )
    organisation_arguments(parser)
    parser.add_argument(
        "--rates", default="1000,500", help="events/s of the latency runs, first is the target"
    )
    parser.add_argument("--seconds", type=float, default=10, help="length of the latency run")
    parser.add_argument("--burst", type=int, default=20_000, help="events of the throughput run")
    parser.add_argument("--profile", help="write a cProfile of the notifier process to this file")
    parser.add_argument(
        "--check",
        type=int,
        default=2_000,
        help="employees (of those triggered) whose surfaced pairs are checked against the rules"
        " at the end (0: none)",
    )
    parser.add_argument(
        "--burst-profile",
        help="sample the (first) notifier with py-spy during the burst only, into this file"
        " (collapsed stacks; py-spy on PATH, e.g. `uv tool install py-spy`)",
    )
    parser.add_argument(
        "--statements",
        action="store_true",
        help="PostgreSQL's time per statement at the fixed rates and in the burst (a server with"
        " pg_stat_statements loaded on DATABASE_URL: `python -m bench.pg_statements serve`)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0,
        help="before the latency runs, events at the first rate, not measured, until PostgreSQL"
        " has completed a checkpoint begun under them, for at most this many seconds (0: none)",
    )
    parser.add_argument(
        "--instances", type=int, default=1, help="notifier replicas sharing the employees"
    )
    parser.add_argument(
        "--domain",
        choices=("compiled", "sources"),
        default="compiled",
        help="the replicas' matching domain: compiled by mypyc, as the image installs it"
        " (default), or its sources, as an editable install runs it",
    )
    parser.add_argument(
        "--fetch-wait-ms",
        type=int,
        default=100,
        help="the notifier's KAFKA_FETCH_MAX_WAIT_MS (default: the production default; "
        f"the embedded stack uses {EmbeddedBroker.FETCH_MAX_WAIT_MS})",
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
