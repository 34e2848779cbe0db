"""Restarts of the notifier on the real broker and PostgreSQL: the openings consumer (every
replica reads every partition) resumes where the instance stopped, even as a new process on a
new pod, and leaves no consumer group or inbox name behind."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_notifier.bootstrap import assemble
from lattice_notifier.service_layer.handlers import Matching
from lattice_notifier.settings import NotifierSettings
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import encode
from lattice_platform.runtime import BroadcastSlot, Runtime
from notifier_builders import NOW, posted

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def settings(service_environment: dict[str, str]) -> NotifierSettings:
    notifier: NotifierSettings = settings_for(NotifierSettings, service_environment)
    return notifier


@asynccontextmanager
async def notifier_process(
    settings: NotifierSettings, monkeypatch: pytest.MonkeyPatch, pod: str
) -> AsyncIterator[tuple[Runtime, Matching]]:
    """A notifier as a new process on pod ``pod`` (its hostname), consuming."""
    monkeypatch.setattr(socket, "gethostname", lambda: pod)
    notifier = assemble(settings, clock=lambda: NOW + timedelta(hours=1))
    runtime = notifier.runtime
    async with serving(notifier.app):
        await wait_until(lambda: all(c.assigned.is_set() for c in runtime.consumers), 30)
        yield runtime, notifier.matching


async def post_openings(settings: NotifierSettings, count: int) -> list[str]:
    ids = [f"OP-{uuid.uuid4().hex[:6]}" for _ in range(count)]
    async with RecordWriter(settings.kafka_bootstrap_servers) as writer:
        for opening_id in ids:
            await writer.event(
                settings.kafka_topic_prefix + t.OPENINGS_TOPIC.name, posted(opening_id)
            )
    return ids


async def indexed(matching: Matching, ids: list[str]) -> None:
    await wait_until(lambda: all(i in matching.index.openings for i in ids), 30)


async def inbox_names(runtime: Runtime) -> set[str]:
    async with runtime.pool.acquire() as conn:
        return {r["consumer"] for r in await conn.fetch("SELECT DISTINCT consumer FROM inbox")}


async def openings_handled(runtime: Runtime) -> int:
    """How many times the openings consumer had an effect, over every inbox name."""
    async with runtime.pool.acquire() as conn:
        handled: int = await conn.fetchval(
            "SELECT count(*) FROM inbox WHERE consumer LIKE 'notifier.openings%'"
        )
        return handled


async def consumer_groups(settings: NotifierSettings) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        listed = await admin.list_consumer_groups()
    finally:
        await admin.close()
    return {group for group, *_ in listed if group.startswith(settings.kafka_topic_prefix)}


async def test_a_restarted_notifier_resumes_the_openings_topic_and_leaves_nothing_behind(
    settings: NotifierSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with notifier_process(settings, monkeypatch, "notifier-7d9f-a1") as (runtime, matching):
        first = await post_openings(settings, 3)
        await indexed(matching, first)
        handled = await openings_handled(runtime)
        assert handled == 3

    for pod in ("notifier-7d9f-b2", "notifier-5c4e-c3"):  # rescheduled, then rolled out
        async with notifier_process(settings, monkeypatch, pod) as (runtime, matching):
            assert all(i in matching.index.openings for i in first)  # loaded from the database
            later = await post_openings(settings, 1)
            await indexed(matching, later)
            handled += 1
            assert await openings_handled(runtime) == handled  # nothing read a second time
            names = await inbox_names(runtime)

    groups = await consumer_groups(settings)
    assert {g for g in groups if "openings" in g} == {
        f"{settings.kafka_topic_prefix}lattice.notifier.openings.0"
    }
    assert {n for n in names if n.startswith("notifier.openings")} == {"notifier.openings.0"}


async def test_a_poison_record_on_the_openings_topic_is_dead_lettered_once_across_restarts(
    settings: NotifierSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = settings.kafka_topic_prefix + t.OPENINGS_TOPIC.name
    async with notifier_process(settings, monkeypatch, "notifier-1") as (_, matching):
        async with RecordWriter(settings.kafka_bootstrap_servers) as writer:
            record = encode(posted("OP-POISON"), source="/test")
            await writer.raw(topic, b"{not json", record.key, record.headers)
        valid = await post_openings(settings, 1)
        await indexed(matching, valid)
    async with notifier_process(settings, monkeypatch, "notifier-2") as (runtime, matching):
        later = await post_openings(settings, 1)
        await indexed(matching, later)
        assert not runtime.crashed()

    async with TopicReader(settings.kafka_bootstrap_servers, f"{topic}.dlq") as reader:
        await reader.read_at_least(1)
        dead = await reader.settle(2.0)
    assert [r.value for r in dead] == [b"{not json"]


async def test_replicas_running_together_each_read_every_opening(
    settings: NotifierSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with (
        notifier_process(settings, monkeypatch, "notifier-1") as (one, one_matching),
        notifier_process(settings, monkeypatch, "notifier-1") as (two, two_matching),
    ):
        ids = await post_openings(settings, 4)
        await indexed(one_matching, ids)
        await indexed(two_matching, ids)
        slots = {c.name for c in (*one.consumers, *two.consumers) if "openings" in c.name}
    assert slots == {"notifier.openings.0", "notifier.openings.1"}


async def test_an_instance_that_loses_its_slot_stops_reading_as_it_and_asks_for_a_restart(
    settings: NotifierSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with notifier_process(settings, monkeypatch, "notifier-1") as (runtime, _):
        async with runtime.pool.acquire() as conn:
            ended = await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                " AND classid = $1 AND database = (SELECT oid FROM pg_database"
                " WHERE datname = current_database())",
                BroadcastSlot.LOCK_NAMESPACE,
            )
        assert ended == 1

        await wait_until(lambda: "slot-openings" in runtime.crashed(), 15)
        await wait_until(lambda: openings_task_done(runtime), 15)


def openings_task_done(runtime: Runtime) -> bool:
    return all(t.done() for t in runtime._tasks if t.get_name() == "consumer-openings")
