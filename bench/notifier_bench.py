"""Notifier benchmark: a synthetic organisation, the real broker and PostgreSQL.

1. Matching micro-benchmark: one opening against every employee with the in-memory index, and
   the same question asked of PostgreSQL by a naive SQL matcher over the same read model (same
   rules, checked to give the same answer), in the same run, printed as a ratio.
2. End to end: trigger events published through the broker into a running notifier (a separate
   process): event->feed latency at a fixed rate, then throughput of a burst.

    .venv/bin/python bench/notifier_bench.py            # 100k employees, 5k openings, 2k skills
    .venv/bin/python bench/notifier_bench.py --quick    # 10k / 500, shorter runs

PostgreSQL: DATABASE_URL when set, else an embedded server. Kafka: an embedded Tansu broker, or
one Apache Kafka node with ``--kafka apache`` (or LATTICE_KAFKA=apache; Java 17+ and Maven).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import gc
import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.adapters.repository import EmployeeRepository, OpeningRepository
from lattice_notifier.bootstrap import build, policy_of
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Verdict, assess
from lattice_notifier.domain.model import (
    CareerGoal,
    Employee,
    HeldSkill,
    MatchPolicy,
    Opening,
    Profile,
)
from lattice_notifier.settings import NotifierSettings
from lattice_platform.apache_kafka import ApacheKafka
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import (
    EmployeeStatus,
    MoveKind,
    OpeningKind,
    SkillSource,
    TemporaryKind,
    Track,
)
from lattice_platform.contracts.envelope import Record, encode
from lattice_platform.infra import EmbeddedBroker, EmbeddedPostgres, free_port

TODAY = datetime.now(UTC).date()
LOCATIONS = [f"site-{i}" for i in range(12)]
DEPARTMENTS = [f"dept-{i}" for i in range(25)]
ROLES = [f"role-{i}" for i in range(200)]
SURFACED = ev.OpportunitySurfaced.event_type.encode()
PARTITIONS_METRIC = 'lattice_consumer_partitions{consumer="notifier.employees"}'
GC_METRIC = "lattice_gc_full_collection_seconds"


# --------------------------------------------------------------------------- the organisation


@dataclass
class Organisation:
    skills: list[str]
    employees: list[Employee]
    openings: list[ev.OpeningDetails]

    @property
    def domain_openings(self) -> list[Opening]:
        from lattice_notifier.adapters.wire import opening_of  # noqa: PLC0415

        return [opening_of(d) for d in self.openings]


class Zipf:
    """Skill ranks drawn with probability proportional to 1 / rank^s."""

    def __init__(self, items: list[str], s: float, rng: random.Random) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** s for r in range(len(items))))
        self.rng = rng

    def draw(self) -> str:
        x = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]

    def distinct(self, k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < k:
            skill = self.draw()
            if skill not in chosen:
                chosen.append(skill)
        return chosen


def organisation(
    employees: int, openings: int, skills: int, partitions: int, seed: int
) -> Organisation:
    rng = random.Random(seed)
    names = [f"sk{i:04d}" for i in range(skills)]
    zipf = Zipf(names, 1.0, rng)
    people = [_employee(f"E{i:06d}", rng, zipf, partitions) for i in range(employees)]
    jobs = [_opening(f"OP{i:05d}", rng, zipf, employees) for i in range(openings)]
    return Organisation(names, people, jobs)


def _employee(employee_id: str, rng: random.Random, zipf: Zipf, partitions: int) -> Employee:
    held = {
        s: HeldSkill(rng.randint(1, 5), TODAY - timedelta(days=rng.randint(0, 1200)))
        for s in zipf.distinct(rng.randint(4, 12))
    }
    kinds = (
        frozenset(rng.sample(list(MoveKind), rng.randint(1, 3)))
        if rng.random() < 0.3
        else frozenset()
    )
    return Employee(
        employee_id=employee_id,
        partition=partition_of(employee_id, partitions),
        profile=Profile(
            grade=rng.randint(3, 9),
            track=rng.choice(list(Track)),
            department=rng.choice(DEPARTMENTS),
            location=rng.choice(LOCATIONS),
            role_start_date=TODAY - timedelta(days=rng.randint(30, 2000)),
            changed_at=datetime(2026, 1, 1, tzinfo=UTC),
            status=EmployeeStatus.ACTIVE if rng.random() < 0.97 else EmployeeStatus.ON_LEAVE,
            discoverable=rng.random() < 0.9,
            role_id=rng.choice(ROLES),
            manager_id=None,
        ),
        skills=held,
        goal=CareerGoal(
            target_role_ids=frozenset(rng.sample(ROLES, 2)) if rng.random() < 0.4 else frozenset(),
            move_kinds=kinds,
            willing_to_relocate=rng.random() < 0.15,
            acceptable_locations=frozenset(rng.sample(LOCATIONS, rng.randint(0, 2))),
            set_at=None,
        ),
    )


def _opening(opening_id: str, rng: random.Random, zipf: Zipf, employees: int) -> ev.OpeningDetails:
    skills = zipf.distinct(rng.randint(2, 6) + rng.randint(0, 3))
    n_required = max(2, len(skills) - rng.randint(0, 3))
    must = rng.choice([0, 1, 1, 2])
    temporary = rng.random() < 0.25
    return ev.OpeningDetails(
        opening_id=opening_id,
        title=f"Opening {opening_id}",
        kind=OpeningKind.TEMPORARY if temporary else OpeningKind.ROLE,
        temporary_kind=rng.choice(list(TemporaryKind)) if temporary else None,
        time_share_percent=100,
        starts_on=None,
        ends_on=None,
        role_id=rng.choice(ROLES),
        grade=rng.randint(3, 9),
        track=rng.choice(list(Track)),
        department=rng.choice(DEPARTMENTS),
        required_skills=tuple(
            ev.RequiredSkill(skill_id=s, level=rng.randint(2, 4), must_have=i < must)
            for i, s in enumerate(skills[:n_required])
        ),
        optional_skills=tuple(
            ev.SkillLevel(skill_id=s, level=rng.randint(1, 3)) for s in skills[n_required:]
        ),
        locations=tuple(rng.sample(LOCATIONS, rng.randint(1, 3))),
        remote=rng.random() < 0.2,
        min_tenure_months=rng.choice([0, 0, 6, 12]),
        grade_min=None,
        grade_max=None,
        departments_included=(),
        departments_excluded=tuple(rng.sample(DEPARTMENTS, 1)) if rng.random() < 0.2 else (),
        hiring_manager_id=f"E{rng.randrange(employees):06d}",
        incumbent_ids=(),
        match_threshold=None,
    )


# --------------------------------------------------------------------------- the naive SQL matcher

NAIVE_SQL = """
WITH req AS (SELECT * FROM unnest($1::text[], $2::int[], $3::bool[])
             AS r(skill_id, level, must_have)),
opt AS (SELECT * FROM unnest($4::text[], $5::int[]) AS o(skill_id, level)),
eligible AS (
  SELECT e.employee_id FROM employees e
  WHERE e.changed_at IS NOT NULL AND e.status = 'active' AND e.discoverable
    AND e.employee_id <> $6 AND NOT (e.employee_id = ANY($7::text[]))
    AND e.grade <= $8
    AND (cardinality(e.move_kinds) = 0 OR (CASE
          WHEN $9 = 'temporary' THEN 'temporary'
          WHEN $8 > e.grade THEN 'promotion'
          WHEN $10 = e.track THEN 'lateral' ELSE 'track_switch' END) = ANY(e.move_kinds))
    AND e.grade BETWEEN $11 AND $12
    AND ((extract(year FROM $13::date) - extract(year FROM e.role_start_date)) * 12
         + extract(month FROM $13::date) - extract(month FROM e.role_start_date)
         - CASE WHEN extract(day FROM $13::date) < extract(day FROM e.role_start_date)
                THEN 1 ELSE 0 END) >= $14
    AND ($15 OR cardinality($16::text[]) = 0 OR e.willing_to_relocate
         OR e.location = ANY($16::text[]) OR e.acceptable_locations && $16::text[])
    AND (cardinality($17::text[]) = 0 OR e.department = ANY($17::text[]))
    AND NOT (e.department = ANY($18::text[]))
),
levels AS (
  SELECT s.employee_id, s.skill_id,
    s.level - CASE WHEN ((extract(year FROM $13::date) - extract(year FROM s.last_used_on)) * 12
         + extract(month FROM $13::date) - extract(month FROM s.last_used_on)
         - CASE WHEN extract(day FROM $13::date) < extract(day FROM s.last_used_on)
                THEN 1 ELSE 0 END)
         > $19 THEN 1 ELSE 0 END AS effective
  FROM employee_skills s JOIN eligible USING (employee_id)
),
fits AS (
  SELECT el.employee_id, r.level, r.must_have, coalesce(l.effective, 0) AS effective
  FROM eligible el CROSS JOIN req r
  LEFT JOIN levels l ON l.employee_id = el.employee_id AND l.skill_id = r.skill_id
),
scored AS (
  SELECT employee_id, avg(least(effective::float8 / level, 1)) AS base,
         count(*) FILTER (WHERE must_have AND effective < level) AS short
  FROM fits GROUP BY employee_id
),
bonus AS (
  SELECT l.employee_id, count(*) AS n FROM levels l JOIN opt o USING (skill_id)
  WHERE l.effective >= o.level GROUP BY l.employee_id
)
SELECT s.employee_id FROM scored s LEFT JOIN bonus b USING (employee_id)
WHERE s.short = 0
  AND round(least(s.base + $20::float8 * coalesce(b.n, 0), 1)::numeric, 4) >= $21
"""


async def naive_sql_match(conn: asyncpg.Connection, o: Opening, policy: MatchPolicy) -> set[str]:
    low = o.grade - 1 if o.grade_min is None else o.grade_min
    high = o.grade if o.grade_max is None else o.grade_max
    rows = await conn.fetch(
        NAIVE_SQL,
        [r.skill_id for r in o.required],
        [r.level for r in o.required],
        [r.must_have for r in o.required],
        [r.skill_id for r in o.optional],
        [r.level for r in o.optional],
        o.hiring_manager_id,
        sorted(o.incumbent_ids),
        o.grade,
        o.kind.value,
        o.track.value,
        low,
        high,
        TODAY,
        o.min_tenure_months,
        o.remote,
        sorted(o.locations),
        sorted(o.departments_included),
        sorted(o.departments_excluded),
        policy.decay_months,
        policy.optional_bonus,
        policy.threshold_for(o),
    )
    return {r["employee_id"] for r in rows}


def index_match(index: MatchIndex, o: Opening, policy: MatchPolicy) -> set[str]:
    return {
        e.employee_id
        for e in index.candidates_for_opening(o, TODAY)
        if assess(e, o, policy, TODAY).verdict is Verdict.SURFACE
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def micro_benchmark(
    org: Organisation, pool: asyncpg.Pool, policy: MatchPolicy, samples: int
) -> dict[str, float]:
    index = MatchIndex(policy)
    started = time.perf_counter()
    for e in org.employees:
        index.put_employee(e)
    openings = org.domain_openings
    for o in openings:
        index.put_opening(o)
    print(f"  index built in {time.perf_counter() - started:.1f}s")
    gc.collect()
    gc.freeze()  # as the notifier does once its index is loaded
    rng = random.Random(7)
    sample = rng.sample(openings, samples)
    in_memory: list[float] = []
    in_sql: list[float] = []
    agree = 0
    surfaced = 0
    async with pool.acquire() as conn:
        await naive_sql_match(conn, sample[0], policy)  # warm the plan and the cache
        for o in sample:
            t0 = time.perf_counter()
            fast = index_match(index, o, policy)
            in_memory.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            slow = await naive_sql_match(conn, o, policy)
            in_sql.append((time.perf_counter() - t0) * 1000)
            agree += fast == slow
            surfaced += len(fast)
    mem_mean, sql_mean = statistics.mean(in_memory), statistics.mean(in_sql)
    print(
        f"  {samples} openings, each against {len(org.employees):,} employees; "
        f"{surfaced / samples:.1f} surfaced per opening on average"
    )
    print(
        f"  in-memory index : mean {mem_mean:7.2f} ms  p50 {percentile(in_memory, 50):7.2f}  "
        f"p95 {percentile(in_memory, 95):7.2f}  max {max(in_memory):7.2f}"
    )
    print(
        f"  naive SQL       : mean {sql_mean:7.2f} ms  p50 {percentile(in_sql, 50):7.2f}  "
        f"p95 {percentile(in_sql, 95):7.2f}  max {max(in_sql):7.2f}"
    )
    print(
        f"  speed-up (mean) : {sql_mean / mem_mean:.0f}x    same answer: {agree}/{samples} openings"
    )
    return {"mem_mean": mem_mean, "sql_mean": sql_mean, "ratio": sql_mean / mem_mean}


# --------------------------------------------------------------------------- end to end


class CpuMeter:
    """CPU seconds used by each part of the run (Linux ``/proc``): where a burst's time goes."""

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, notifiers: list[int], broker: int | None) -> None:
        self.parts = {
            "notifier": lambda: notifiers,
            "PostgreSQL": lambda: self._named("postgres"),
            "broker": lambda: [broker] if broker else [],
            "load generator": lambda: [os.getpid()],
        }

    def snapshot(self) -> dict[str, float]:
        seconds = {name: sum(map(self._cpu, pids())) for name, pids in self.parts.items()}
        with open("/proc/stat") as stat:
            fields = [int(f) for f in stat.readline().split()[1:]]
        seconds["machine busy"] = (sum(fields) - fields[3] - fields[4]) / self.TICK
        return seconds

    @classmethod
    def _cpu(cls, pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / cls.TICK  # utime + stime

    @staticmethod
    def _named(name: str) -> list[int]:
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/comm") as comm:
                        if comm.read().strip() == name:
                            pids.append(int(entry))
                except OSError:
                    continue
        return pids

    @staticmethod
    def report(before: dict[str, float], after: dict[str, float], events: int, wall: float) -> str:
        used = {name: after[name] - before[name] for name in before}
        parts = ", ".join(
            f"{name} {used[name] / events * 1e6:.0f} µs"
            for name in before
            if name != "machine busy"
        )
        busy = used["machine busy"] / wall / (os.cpu_count() or 1) * 100
        return f"CPU per event: {parts}; machine {busy:.0f}% busy ({os.cpu_count()} cores)"


def trigger(rng: random.Random, zipf: Zipf, employee_id: str) -> ev.SkillAcquired:
    return ev.SkillAcquired(
        employee_id=employee_id,
        skill_id=zipf.draw(),
        level=rng.randint(3, 5),
        previous_level=None,
        source=SkillSource.LEARNING,
        evidence="bench",
        acquired_at=datetime.now(UTC),
    )


WATCHER_FETCH_WAIT_MS = 10


def load_producer(bootstrap: str) -> AIOKafkaProducer:
    """How the bench sends, as an HRIS or LMS would."""
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)


async def paced(count: int, rate: int) -> AsyncIterator[int]:
    """0 to ``count`` - 1, each at its turn at ``rate`` per second."""
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        yield i


@dataclass(frozen=True)
class Arrival:
    """When an employee's first surfacing reached the feed, and the times it carries: when the
    notifier wrote it into its outbox (``ce_time``) and when the relay handed it to the producer
    (the record's timestamp). All wall-clock seconds: they come from several processes."""

    at: float
    written: float
    relayed: float


class FeedWatcher:
    """Reads the opportunities topic; notes when each employee's first surfacing arrives."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap,
            auto_offset_reset="latest",
            group_id=f"bench-{uuid.uuid4().hex[:6]}",
            fetch_max_wait_ms=WATCHER_FETCH_WAIT_MS,
            enable_auto_commit=False,
        )
        self.first_surfaced: dict[str, Arrival] = {}
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
                        self.first_surfaced.setdefault(
                            record.key.decode(),
                            Arrival(
                                now,
                                datetime.fromisoformat(headers["ce_time"].decode()).timestamp(),
                                record.timestamp / 1000,
                            ),
                        )

    async def stop(self) -> None:
        """Idempotent: stopped before the burst, which it has no part in."""
        if self.task:
            self.task.cancel()
            self.task = None
        await self.consumer.stop()


async def create_topic(bootstrap: str, topic: str) -> None:
    """A topic of 6 partitions, as the notifier's (the broker creates none by itself)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, 6, 1)])
    finally:
        await admin.close()


async def broker_hop(
    bootstrap: str, topic: str, rate: int, seconds: float, fetch_wait_ms: int
) -> list[float]:
    """The broker alone, as a baseline for the event->feed latency: records sent at ``rate``
    by a producer like the bench's, read by a consumer with ``fetch_wait_ms``; one latency (ms)
    per record."""
    producer = load_producer(bootstrap)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-hop-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="latest",
        fetch_max_wait_ms=fetch_wait_ms,
        enable_auto_commit=False,
    )
    await producer.start()
    await consumer.start()
    latencies: list[float] = []

    async def read() -> None:
        while True:
            batch = await consumer.getmany(timeout_ms=50)
            now = time.perf_counter()
            latencies.extend(
                (now - float(record.value)) * 1000 for rs in batch.values() for record in rs
            )

    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=200)
        reader = asyncio.create_task(read())
        async for i in paced(int(rate * seconds), rate):
            await producer.send(topic, str(time.perf_counter()).encode(), key=str(i).encode())
        await asyncio.sleep(1.0)
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
    finally:
        await consumer.stop()
        await producer.stop()
    return latencies


async def processed(pool: asyncpg.Pool) -> int:
    async with pool.acquire() as conn:
        return int(await conn.fetchval("SELECT count(*) FROM notifier.inbox"))


async def wait_processed(pool: asyncpg.Pool, target: int, timeout_s: float) -> float:
    """When the inbox first held ``target`` events. Counting the inbox costs PostgreSQL a scan,
    so it is counted every 0.2 s, and every 20 ms only for the last twentieth of the wait."""
    deadline = time.perf_counter() + timeout_s
    done = await processed(pool)
    close = target - (target - done) // 20
    while done < target:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {done} of {target} events processed")
        await asyncio.sleep(0.02 if done >= close else 0.2)
        done = await processed(pool)
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

    async def send(self, event: ev.Event) -> None:
        await self.send_record(encode(event, source="/bench"))

    async def send_record(self, record: Record) -> None:
        await self.producer.send(self.topic, record.value, key=record.key, headers=record.headers)


async def fixed_rate(stream: Stream, people: list[Employee], rate: int) -> list[float]:
    base = await processed(stream.pool)
    collections = await stream.metrics.full_collections()
    sent_at: dict[str, float] = {}  # wall clock, as the arrivals
    start, epoch = time.perf_counter(), time.time()
    async for i in paced(len(people), rate):
        person = people[i]
        event = trigger(stream.rng, stream.zipf, person.employee_id)
        sent_at[person.employee_id] = time.time()
        await stream.send(event)
    await stream.producer.flush()
    offered = len(people) / (time.perf_counter() - start)
    await wait_processed(stream.pool, base + len(people), 300)
    await asyncio.sleep(2.0)  # let the last surfacings reach the topic
    first = stream.watcher.first_surfaced
    arrived = [(s, first[e]) for e, s in sent_at.items() if e in first]
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
    print(f"    {(await stream.metrics.full_collections()).since(collections)}")
    return latencies


WINDOW_S = 10


def by_window(latencies: list[tuple[float, float]]) -> str:
    """p50/p99 of each ``WINDOW_S`` of a long run, by the second of the run each event was sent
    in: whether a run holds its pace or falls behind as it goes."""
    windows: dict[int, list[float]] = {}
    for sent_s, ms in latencies:
        windows.setdefault(int(sent_s // WINDOW_S), []).append(ms)
    return f"p50/p99 by {WINDOW_S} s sent: " + ", ".join(
        f"{percentile(values, 50):.0f}/{percentile(values, 99):.0f}"
        for _, values in sorted(windows.items())
    )


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

        # (b) latency at fixed rates: distinct employees, so an employee's first surfacing is
        # the effect of its one trigger event
        stream = Stream(pool, producer, learning, watcher, rng, zipf, metrics)
        latency: dict[int, list[float]] = {}
        unused = rng.sample(org.employees, len(org.employees))
        for per_second in rates:
            count = int(per_second * seconds)
            people, unused = unused[:count], unused[count:]
            latency[per_second] = await fixed_rate(stream, people, per_second)

        # (c) throughput: a burst as fast as the producer goes, until the notifier has handled all;
        # the feed watcher's polling would take CPU from the notifier on a small machine
        await watcher.stop()
        base = await processed(pool)
        records = [  # encoded beforehand: the HRIS's cost, not the notifier's
            encode(trigger(rng, zipf, rng.choice(org.employees).employee_id), source="/bench")
            for _ in range(burst)
        ]
        cpu = meter.snapshot()
        start = time.perf_counter()
        for record in records:
            await stream.send_record(record)
        await producer.flush()
        produced = time.perf_counter()
        finished = await wait_processed(pool, base + burst, 600)
        throughput = burst / (finished - start)
        print(
            f"  burst: {burst:,} events produced in {produced - start:.1f}s, all handled after "
            f"{finished - start:.1f}s -> {throughput:,.0f} events/s end to end"
        )
        print("    " + CpuMeter.report(cpu, meter.snapshot(), burst, finished - start))
        first = latency[rates[0]]
        return {
            "p99": percentile(first, 99) if first else float("nan"),
            "throughput": throughput,
        }
    finally:
        await watcher.stop()
        await producer.stop()


# --------------------------------------------------------------------------- orchestration


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def seed(settings: NotifierSettings, org: Organisation) -> None:
    runtime, _ = build(settings)
    await runtime.migrate()
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        await conn.execute("SET search_path TO notifier")
        async with conn.transaction():
            await EmployeeRepository(conn).copy_in(org.employees)
            await OpeningRepository(conn).copy_in(
                (d, datetime(2026, 1, 1, tzinfo=UTC)) for d in org.openings
            )
        # Vacuumed now, not by autovacuum in the middle of a measurement: a table just loaded
        # by COPY is due for a vacuum (of every page) within the minute.
        await conn.execute("VACUUM (ANALYZE) employees, employee_skills, openings")
    finally:
        await conn.close()


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
    """The replicas' ``/metrics``, read with a service account's token."""

    def __init__(self, ports: list[int], keys: SigningKey) -> None:
        self.ports = ports
        self._headers = {"Authorization": f"Bearer {keys.mint('bench', [Role.SERVICE])}"}

    async def of_each(self) -> list[list[str]]:
        async with httpx.AsyncClient(headers=self._headers) as client:
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


def start_broker(kind: str) -> EmbeddedBroker | ApacheKafka:
    if kind == "apache":
        return ApacheKafka().start()  # its data in a temporary directory, removed on stop
    return EmbeddedBroker(log_path=Path(tempfile.gettempdir()) / "notifier-bench-tansu.log").start()


async def main(args: argparse.Namespace) -> None:
    if args.quick:
        args.employees, args.openings, args.seconds, args.burst, args.samples = (
            10_000,
            500,
            3,
            5_000,
            30,
        )
    partitions = 6
    print(
        f"organisation: {args.employees:,} employees, {args.openings:,} openings, "
        f"{args.skills:,} skills (Zipf s=1)"
    )
    t0 = time.perf_counter()
    org = organisation(args.employees, args.openings, args.skills, partitions, seed=42)
    print(f"  generated in {time.perf_counter() - t0:.1f}s")
    gc.collect()
    gc.freeze()  # keep full collections off the organisation's objects (timings, feed watcher)

    broker = start_broker(args.kafka)
    print(f"broker: {args.kafka} at {broker.bootstrap_servers}")
    embedded = None
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        embedded = EmbeddedPostgres().start()
        admin_url = embedded.database_url
    name = f"lattice_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    database_url = with_database(admin_url, name)
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    keys = SigningKey.generate()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_PARTITIONS": str(partitions),
        "HTTP_PORT": str(port),
        "HTTP_HOST": "127.0.0.1",
        "JWT_PUBLIC_KEY": keys.public_pem,
        "LOG_LEVEL": "WARNING",
        "LOG_JSON": "false",
        "OUTBOX_POLL_INTERVAL_S": "0.5",
        "DB_POOL_MAX": "10",
        "KAFKA_FETCH_MAX_WAIT_MS": str(args.fetch_wait_ms),
        "KAFKA_IDEMPOTENCE": str(broker.IDEMPOTENT_PRODUCER).lower(),
    }
    settings = NotifierSettings(
        **{
            k.lower(): v
            for k, v in env.items()
            if k.isupper()
            and k
            in {
                "DATABASE_URL",
                "KAFKA_BOOTSTRAP_SERVERS",
                "KAFKA_TOPIC_PREFIX",
                "KAFKA_PARTITIONS",
                "JWT_PUBLIC_KEY",
            }
        }
    )
    policy = policy_of(settings)
    replicas: list[subprocess.Popen[bytes]] = []
    pool = None
    try:
        t0 = time.perf_counter()
        await seed(settings, org)
        print(f"  read model seeded (COPY) in {time.perf_counter() - t0:.1f}s")
        pool = await asyncpg.create_pool(
            database_url, min_size=1, max_size=2, server_settings={"search_path": "notifier"}
        )

        print("\n(1) matching micro-benchmark: one opening against every employee")
        micro = await micro_benchmark(org, pool, policy, args.samples)

        if args.matching_only:
            print("\nsummary (targets in brackets)")
            print(f"  one opening vs employees   {micro['mem_mean']:>9.2f} ms         [<= 10]")
            print(f"  index vs naive SQL         {micro['ratio']:>9.0f}x           [>= 50x]")
            return

        print(
            f"\n(2) end to end through the broker into {args.instances} running notifier"
            f" replica(s), fetch wait {args.fetch_wait_ms} ms"
        )
        t0 = time.perf_counter()
        # More replicas share the employees by partition, as in production; the first one is
        # the one profiled.
        profile = ["-m", "cProfile", "-o", args.profile] if args.profile else []
        ports = [port] + [free_port() for _ in range(args.instances - 1)]
        for i, replica_port in enumerate(ports):
            command = [sys.executable, *(profile if i == 0 else []), "-m", "lattice_notifier"]
            replicas.append(
                subprocess.Popen(  # noqa: S603, ASYNC220
                    [*command, "serve"], env={**env, "HTTP_PORT": str(replica_port)}
                )
            )
        for replica_port, replica in zip(ports, replicas, strict=True):
            await wait_ready(replica_port, replica, 300)
        print(
            f"  notifier up (index loaded from the read model) in {time.perf_counter() - t0:.1f}s"
        )
        warm = random.Random(3)
        zipf = Zipf(org.skills, 1.0, warm)
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers)
        await producer.start()
        record = encode(trigger(warm, zipf, org.employees[0].employee_id), source="/bench")
        await producer.send_and_wait(
            prefix + t.LEARNING_TOPIC.name, record.value, key=record.key, headers=record.headers
        )
        await producer.stop()
        await wait_processed(pool, 1, 60)  # consumers joined and handling
        metrics = NotifierMetrics(ports, keys)
        if args.instances > 1:
            await wait_shared(metrics, partitions, 120)
        rates = [int(r) for r in args.rates.split(",")]
        e2e = await end_to_end(
            org,
            broker.bootstrap_servers,
            pool,
            prefix,
            rates=rates,
            seconds=args.seconds,
            burst=args.burst,
            meter=CpuMeter([r.pid for r in replicas], broker.pid),
            metrics=metrics,
            fetch_wait_ms=args.fetch_wait_ms,
        )

        print("\nsummary (targets in brackets)")
        print(f"  end-to-end throughput      {e2e['throughput']:>9,.0f} events/s   [>= 5,000]")
        print(f"  event->feed p99 @ {rates[0]}/s  {e2e['p99']:>9.1f} ms         [<= 100]")
        print(f"  one opening vs employees   {micro['mem_mean']:>9.2f} ms         [<= 10]")
        print(f"  index vs naive SQL         {micro['ratio']:>9.0f}x           [>= 50x]")
    finally:
        for replica in replicas:
            replica.send_signal(signal.SIGINT)  # graceful; lets cProfile write its file
        for replica in replicas:
            replica.wait(60)
        if pool is not None:
            await pool.close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
        broker.stop()
        if embedded is not None:
            embedded.stop()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="10k employees, 500 openings, short runs"
    )
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument(
        "--rates", default="1000,500", help="events/s of the latency runs, first is the target"
    )
    parser.add_argument("--seconds", type=float, default=10, help="length of the latency run")
    parser.add_argument("--burst", type=int, default=20_000, help="events of the throughput run")
    parser.add_argument("--profile", help="write a cProfile of the notifier process to this file")
    parser.add_argument(
        "--instances", type=int, default=1, help="notifier replicas sharing the employees"
    )
    parser.add_argument(
        "--fetch-wait-ms",
        type=int,
        default=100,
        help="the notifier's KAFKA_FETCH_MAX_WAIT_MS (default: the production default; "
        f"the embedded stack uses {EmbeddedBroker.FETCH_MAX_WAIT_MS})",
    )
    parser.add_argument("--samples", type=int, default=100, help="openings in the micro-benchmark")
    parser.add_argument(
        "--kafka",
        choices=("tansu", "apache"),
        default=os.environ.get("LATTICE_KAFKA") or "tansu",
        help="the broker: embedded Tansu, or one Apache Kafka node (default: LATTICE_KAFKA)",
    )
    parser.add_argument(
        "--matching-only", action="store_true", help="run the matching micro-benchmark only"
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
