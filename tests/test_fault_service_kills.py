"""Nothing lost, nothing stuck: the six services as separate processes, a few thousand events
flowing through them, once undisturbed (the reference) and once while every service is killed
with SIGKILL again and again and restarted. Both runs must surface exactly the pairs the
workload's end state makes eligible (computed here from what was sent, which no arrival order
changes), none twice, withdraw exactly the leavers' pairs, and dead-letter nothing. Run with
``./lattice test -n 0 -m slow -k service_kills -s`` to see the figures;
``LATTICE_FAULT_EVENTS=100000`` makes it the full run: 100k events, every service killed at least
ten times while they flow."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.load import catalogue_body, hired, opening_body
from lattice_devstack.demo.organisation import Opening, Organisation, generate
from lattice_devstack.stack import SERVICES, Stack
from lattice_devstack.testing.kafka import TopicReader, decoded, group_lag
from lattice_devstack.testing.plugin import Infrastructure, database_named
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, OpeningKind, Track

# The size: by default about 2,200 events at 50/s, a few kills of each service. With
# LATTICE_FAULT_EVENTS the employees are as many as give that many events (a hire and two to
# seven completions each), sent in about 200 s, long enough for some 15 kills of each service.
EVENTS = int(os.environ.get("LATTICE_FAULT_EVENTS", "0"))
EVENTS_PER_EMPLOYEE = 5.5
EMPLOYEES = (
    round(EVENTS / EVENTS_PER_EMPLOYEE) if EVENTS else int(os.environ.get("FAULT_EMPLOYEES", "400"))
)
RATE_PER_S = float(os.environ.get("FAULT_RATE", max(50.0, EVENTS / 200)))
KILLS_AT_LEAST = 10 if EVENTS >= 100_000 else 3
KILL_EVERY_S = (1.5, 3.0)
OPENINGS = 24
# one leaver in sixty (30 at the default size): at 18,000 employees, 30 leavers often include
# none of the few hundred employees the openings surface, and then no withdrawal is checked
TERMINATIONS = max(30, EMPLOYEES // 60)
TERMINATING_S = 9.0  # the terminations are spread over this long
THRESHOLD = 0.75  # the organisation's default match threshold; the openings set none
SETTLE_AT_MOST_S = float(os.environ.get("FAULT_SETTLE_S", max(240.0, EVENTS / 100)))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900 + EVENTS // 10)]
HR_SOURCE = "/hris/fault-test"
LMS_SOURCE = "/lms/fault-test"
TRANSIENT = ("deadlock", "connection", "serializ", "timeout", "too many clients")


# --------------------------------------------------------------------------- the workload


@dataclass(frozen=True)
class Workload:
    org: Organisation
    stream: list[Event]  # hires and completions, in sending order
    openings: list[Opening]  # opened at even points of the stream
    terminations: list[ev.HrisEmployeeTerminated]

    @property
    def events(self) -> int:
        return len(self.stream) + len(self.openings) + len(self.terminations)

    def expected(self) -> set[tuple[str, str]]:
        """The (employee, opening title) pairs the matching rules surface once everything sent
        has been handled, whatever the order (docs/matching.md): each skill at the highest level
        a completed item builds, never stale (completed today); no must-haves, so the score is
        the mean of min(held / required, 1) against the default threshold of 0.75; the opening's
        grade is 9, so anyone above it is excluded (below their grade); the hiring manager is
        never matched; every other filter passes (remote, grades 0-30, no goals, discoverable)."""
        built = {item.item_id: item.skills for item in self.org.catalogue}
        held: dict[str, dict[str, int]] = {}
        for event in self.stream:
            if isinstance(event, ev.LmsCompletionReported):
                levels = held.setdefault(event.employee_id, {})
                for skill, level in built[event.item_id].items():
                    levels[skill] = max(level, levels.get(skill, 0))
        pairs = set()
        for person in self.org.people:
            levels = held.get(person.employee_id, {})
            for opening in self.openings:
                if person.employee_id == opening.hiring_manager_id or person.grade > opening.grade:
                    continue
                parts = [min(levels.get(s, 0) / level, 1.0) for s, level, _ in opening.required]
                if round(sum(parts) / len(parts), 4) >= THRESHOLD:
                    pairs.add((person.employee_id, opening.title))
        return pairs

    def leavers_pairs(self, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
        leavers = {termination.hris_id for termination in self.terminations}
        return {pair for pair in pairs if pair[0] in leavers}


def workload(seed: int, employees: int) -> Workload:
    """Hires, LMS completions and openings chosen so the final matches depend only on what was
    sent, never on the order it was processed in: skills only grow, openings never change, the
    daily cap is out of reach, and terminations come after everything else has settled."""
    rng = random.Random(seed)
    org = generate(seed, employees)
    at = datetime.combine(org.today, time(8), tzinfo=UTC)
    people = org.people
    completions: list[ev.LmsCompletionReported] = []
    for person in people:
        for item in rng.sample(org.catalogue, rng.randint(2, 7)):
            completions.append(
                ev.LmsCompletionReported(
                    completion_id=f"{person.employee_id}-{item.item_id}",
                    employee_id=person.employee_id,
                    item_id=item.item_id,
                    completed_at=at + timedelta(minutes=rng.randint(1, 600)),
                )
            )
    rng.shuffle(completions)
    # Each hire goes out before that employee's first completion (the HRIS knows them first).
    stream: list[Event] = []
    hires = {p.employee_id: hired(p, at) for p in people}
    for completion in completions:
        hire = hires.pop(completion.employee_id, None)
        if hire is not None:
            stream.append(hire)
        stream.append(completion)
    stream.extend(hires.values())
    levels: dict[str, int] = {}
    for item in org.catalogue:
        for skill, level in item.skills.items():
            levels[skill] = max(level, levels.get(skill, 0))
    built = sorted(levels.items())
    openings = [
        Opening(
            key=f"fault-{i:02d}",
            title=f"Fault drill opening {i:02d}",
            kind=OpeningKind.ROLE,
            department="engineering",
            hiring_manager_id=people[0].employee_id,
            grade=9,
            track=Track.INDIVIDUAL_CONTRIBUTOR,
            required=tuple((s, min(lvl, 3), False) for s, lvl in rng.sample(built, 2)),
            locations=org.sites,
            remote=True,
            grade_min=0,
            grade_max=30,
        )
        for i in range(OPENINGS)
    ]
    leavers = rng.sample(people[1:], TERMINATIONS)
    terminations = [
        ev.HrisEmployeeTerminated(
            hris_id=p.employee_id, left_on=org.today, effective_at=at + timedelta(hours=12)
        )
        for p in leavers
    ]
    return Workload(org, stream, openings, terminations)


# --------------------------------------------------------------------------- one run


@dataclass
class Outcome:
    surfaced: Counter[tuple[str, str]] = field(default_factory=Counter)  # distinct event ids
    withdrawn: set[tuple[str, str]] = field(default_factory=set)
    feed_records: int = 0
    redelivered: int = 0  # records of one event id seen again (at-least-once relay)
    dead_letters: list[tuple[str, str]] = field(default_factory=list)  # (topic, reason)
    kills: Counter[str] = field(default_factory=Counter)
    stream_s: float = 0.0  # sending the hires, completions and openings
    total_s: float = 0.0  # the whole run: start, stream, settle, terminations, settle

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return set(self.surfaced)

    @property
    def twice(self) -> list[tuple[str, str]]:
        return [pair for pair, n in self.surfaced.items() if n > 1]


class Killer:
    """SIGKILLs a random service every few seconds and starts it again, each service in turn
    of a shuffled round so all four are hit about as often."""

    def __init__(self, stack: Stack, rng: random.Random, kills: Counter[str]) -> None:
        self.stack, self.rng, self.kills = stack, rng, kills
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for name, service in self.stack.services.items():
            if service.process is None or service.process.poll() is not None:
                self.stack.respawn(name)
        await self.stack.wait_ready(120)

    async def _loop(self) -> None:
        while True:
            names = list(SERVICES)
            self.rng.shuffle(names)
            for name in names:
                await asyncio.sleep(self.rng.uniform(*KILL_EVERY_S))
                self.stack.kill(name)
                self.kills[name] += 1
                await asyncio.sleep(self.rng.uniform(0.2, 1.5))
                self.stack.respawn(name)


async def retrying(call: Callable[[], Awaitable[httpx.Response]], done: set[int]) -> None:
    """Call until a status in ``done`` comes back; a dead service is being restarted."""
    for _ in range(240):
        with contextlib.suppress(httpx.TransportError):
            response = await call()
            if response.status_code in done:
                return
            if response.status_code < 500 and response.status_code != 409:
                raise AssertionError(f"{response.status_code}: {response.text[:300]}")
        await asyncio.sleep(0.5)
    raise TimeoutError("the service never answered")


async def run(
    infrastructure: Infrastructure, state: Path, work: Workload, *, faults: bool
) -> Outcome:
    name = f"lattice_faults_{'on' if faults else 'off'}_{os.getpid()}"
    prefix = f"f{os.getpid()}{'k' if faults else 'r'}."
    await _admin(infrastructure, f'CREATE DATABASE "{name}"')
    database_url = database_named(infrastructure.database_url, name)
    stack = Stack(
        state,
        environment={
            "DATABASE_URL": database_url,
            **infrastructure.kafka_environment,
            "LOG_JSON": "true",
            "LOG_LEVEL": "WARNING",
        },
        free_ports=True,
        extra_env={
            "KAFKA_TOPIC_PREFIX": prefix,
            "LATTICE_PROFILE_DEFAULT_DISCOVERABLE": "true",
            "LATTICE_NOTIFIER_DAILY_CAP": "100000",
            "HANDLER_ATTEMPTS": "5",
            "SHUTDOWN_GRACE_S": "5",
        },
    )
    outcome = Outcome()
    killer = Killer(stack, random.Random(11), outcome.kills)
    loop = asyncio.get_running_loop()
    began = loop.time()
    try:
        await stack.start(timeout_s=180)
        async with Lattice(stack, work.org, prefix) as lattice:
            drafts = await _set_up(lattice, work)
            if faults:
                killer.start()
            streaming = loop.time()
            await _stream(lattice, work, drafts)
            outcome.stream_s = loop.time() - streaming
            if faults:
                await killer.stop()
            await _settled(stack, database_url, prefix)
            if faults:
                killer.start()
            for termination in work.terminations:
                await lattice.publish(t.HRIS_INBOUND, termination, HR_SOURCE)
                await asyncio.sleep(TERMINATING_S / len(work.terminations))
            if faults:
                await asyncio.sleep(6)
                await killer.stop()
            await _settled(stack, database_url, prefix)
        outcome.total_s = loop.time() - began
        await _read(stack.bootstrap_servers, prefix, outcome)
    finally:
        with contextlib.suppress(Exception):
            await killer.stop()
        stack.stop(grace_s=10)
        await _admin(infrastructure, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return outcome


async def _admin(infrastructure: Infrastructure, statement: str) -> None:
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _set_up(lattice: Lattice, work: Workload) -> list[tuple[Opening, str]]:
    """The catalogue and the opening drafts, before any fault."""
    for item in work.org.catalogue:
        await lattice.call("POST", "learning", "/v1/catalogue", json=catalogue_body(item))
    drafts = []
    for opening in work.openings:
        created = await lattice.call("POST", "openings", "/v1/openings", json=opening_body(opening))
        drafts.append((opening, str(created["opening_id"])))
    return drafts


async def _stream(lattice: Lattice, work: Workload, drafts: list[tuple[Opening, str]]) -> None:
    """Every event at a steady rate; an opening is opened (over HTTP, retried while the openings
    service is down) at even points of the stream."""
    every = max(1, len(work.stream) // (len(drafts) + 1))
    loop = asyncio.get_running_loop()
    start = loop.time()
    opened = 0
    for i, event in enumerate(work.stream):
        topic = t.HRIS_INBOUND if isinstance(event, ev.HrisEmployeeRecord) else t.LMS_INBOUND
        source = HR_SOURCE if topic is t.HRIS_INBOUND else LMS_SOURCE
        await lattice.publish(topic, event, source)
        if i % every == every - 1 and opened < len(drafts):
            await _open(lattice, drafts[opened][1])
            opened += 1
        await asyncio.sleep(max(0.0, start + (i + 1) / RATE_PER_S - loop.time()))
    for _, opening_id in drafts[opened:]:
        await _open(lattice, opening_id)


async def _open(lattice: Lattice, opening_id: str) -> None:
    """Open a draft, again until it is open: a 409 after a lost answer means it already is."""
    url = f"{lattice.stack.url('openings')}/v1/openings/{opening_id}"
    headers = {"Authorization": f"Bearer {lattice.hr}"}

    async def opening() -> httpx.Response:
        response = await lattice.http.post(f"{url}/open", headers=headers)
        if response.status_code == 409:
            response = await lattice.http.get(url, headers=headers)
            if response.json().get("status") == "open":
                return httpx.Response(200)
        return response

    await retrying(opening, {200})


async def _settled(stack: Stack, database_url: str, prefix: str) -> None:
    """Wait until every consumer group has read to the end, every outbox is empty and nothing is
    parked, three checks in a row (a bounded wait)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_AT_MOST_S
    calm = busy = 0
    behind: list[str] = []
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.bootstrap_servers)
    await admin.start()
    conn = await asyncpg.connect(database_url)
    try:
        while calm < 3:
            if loop.time() > deadline:
                raise TimeoutError(f"not settled after {SETTLE_AT_MOST_S}s: {busy} to do, {behind}")
            await asyncio.sleep(2)
            behind: list[str] = []
            busy = await _backlog(conn) + await _lag(admin, stack.bootstrap_servers, prefix, behind)
            calm = calm + 1 if busy == 0 else 0
    finally:
        await conn.close()
        await admin.close()


async def _backlog(conn: asyncpg.Connection) -> int:
    total = 0
    for service in SERVICES:
        total += await conn.fetchval(f"SELECT count(*) FROM {service}.outbox")
        total += await conn.fetchval(f"SELECT count(*) FROM {service}.parked")
    return int(total)


async def _lag(admin: AIOKafkaAdminClient, bootstrap: str, prefix: str, behind: list[str]) -> int:
    """Records the suite's consumer groups have not yet committed, on every partition of each
    topic the group consumes (:func:`group_lag`; Kafka tells a reader of no topic none)."""
    groups = [g[0] for g in await admin.list_consumer_groups() if g[0].startswith(prefix)]
    lag = 0
    for group in groups:
        service = group.removeprefix(f"{prefix}lattice.").split(".")[0]
        topics = [prefix + topic.name for topic in t.ALL_TOPICS if service in topic.consumers]
        for tp, records in (await group_lag(bootstrap, group, topics)).items():
            lag += records
            behind.append(f"{group} {tp.topic}[{tp.partition}] {records} behind")
    return lag


async def _read(bootstrap: str, prefix: str, outcome: Outcome) -> None:
    titles: dict[str, str] = {}
    seen: set[str] = set()
    async with TopicReader(bootstrap, prefix + t.OPPORTUNITIES.name) as reader:
        records = await reader.read_to_end()
    outcome.feed_records = len(records)
    for envelope in decoded(t.OPPORTUNITIES, records):
        event = envelope.event
        if envelope.id in seen:
            outcome.redelivered += 1
            continue
        seen.add(envelope.id)
        if isinstance(event, ev.OpportunitySurfaced):
            titles[event.opening_id] = event.title
            outcome.surfaced[(event.employee_id, event.title)] += 1
        elif isinstance(event, ev.OpportunityWithdrawn):
            outcome.withdrawn.add((event.employee_id, event.opening_id))
    outcome.withdrawn = {(e, titles.get(o, o)) for e, o in outcome.withdrawn}
    for topic in t.ALL_TOPICS:
        async with TopicReader(bootstrap, prefix + topic.dead_letter) as reader:
            for record in await reader.read_to_end():
                reason = dict(record.headers).get("dlq_reason", b"").decode()
                outcome.dead_letters.append((topic.dead_letter, reason))


# --------------------------------------------------------------------------- the test


async def test_no_surfacing_is_lost_duplicated_or_extra_while_services_are_killed(
    infrastructure: Infrastructure, tmp_path: Path
) -> None:
    work = workload(seed=5, employees=EMPLOYEES)
    reference = await run(infrastructure, tmp_path / "reference", work, faults=False)
    faulty = await run(infrastructure, tmp_path / "faults", work, faults=True)

    expected = work.expected()
    withdrawals = work.leavers_pairs(expected)
    lost = expected - faulty.pairs
    extra = faulty.pairs - expected
    transient = [
        (topic, reason)
        for topic, reason in faulty.dead_letters
        if any(word in reason.lower() for word in TRANSIENT)
    ]
    print(
        f"\nevents sent: {work.events} ({len(work.stream)} HRIS hires and LMS completions,"
        f" {len(work.openings)} openings opened, {len(work.terminations)} terminations)"
        f"\nemployees: {EMPLOYEES}, sent at {RATE_PER_S:.0f}/s: in {reference.stream_s:.0f} s"
        f" without faults, {faulty.stream_s:.0f} s with"
        f"\nwhole run (start, stream, settle, terminations, settle): {reference.total_s:.0f} s"
        f" without faults, {faulty.total_s:.0f} s with"
        f"\nkills: {dict(sorted(faulty.kills.items()))}"
        f"\nrecords on the opportunities topic: reference {reference.feed_records},"
        f" with faults {faulty.feed_records}"
        f"\nsurfaced pairs: expected {len(expected)}, reference {len(reference.pairs)},"
        f" with faults {len(faulty.pairs)} (lost {len(lost)}, extra {len(extra)})"
        f"\nwithdrawn pairs (leavers'): expected {len(withdrawals)},"
        f" reference {len(reference.withdrawn)}, with faults {len(faulty.withdrawn)}"
        f"\nsurfaced twice: reference {len(reference.twice)}, with faults {len(faulty.twice)}"
        f"\nrecords relayed again (same event id): reference {reference.redelivered},"
        f" with faults {faulty.redelivered}"
        f"\ndead letters: reference {len(reference.dead_letters)},"
        f" with faults {len(faulty.dead_letters)} ({len(transient)} transient)"
    )
    for topic, reason in faulty.dead_letters[:10]:
        print(f"  dead letter on {topic}: {reason[:200]}")
    for label, pairs in (("lost", lost), ("extra", extra)):
        if pairs:
            by_opening = Counter(title for _, title in pairs)
            print(f"  {label} by opening: {dict(sorted(by_opening.items()))}")
    assert len(expected) > 100, "the workload surfaces too little to prove anything"
    assert withdrawals, "the terminations would withdraw nothing"
    assert min(faulty.kills[s] for s in SERVICES) >= KILLS_AT_LEAST, faulty.kills
    assert reference.pairs == expected, sorted(reference.pairs ^ expected)[:20]
    assert not lost, sorted(lost)[:20]
    assert not extra, sorted(extra)[:20]
    assert reference.withdrawn == withdrawals, sorted(reference.withdrawn ^ withdrawals)[:20]
    assert faulty.withdrawn == withdrawals, sorted(faulty.withdrawn ^ withdrawals)[:20]
    assert not reference.twice, reference.twice[:20]
    assert not faulty.twice, faulty.twice[:20]
    assert not transient, transient[:10]
    assert not reference.dead_letters, reference.dead_letters[:10]
    assert not faulty.dead_letters, faulty.dead_letters[:10]
