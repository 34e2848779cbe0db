"""The load side of the broker: a producer like an HRIS's, paced sending, and one hop through the
broker alone (the baseline of every event -> feed latency)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncGenerator

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

WATCHER_FETCH_WAIT_MS = 10


def load_producer(bootstrap: str) -> AIOKafkaProducer:
    """How the bench sends, as an HRIS or LMS would."""
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)


async def paced(count: int, rate: int) -> AsyncGenerator[int, None]:
    """0 to ``count`` - 1, each at its turn at ``rate`` per second."""
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        yield i


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
