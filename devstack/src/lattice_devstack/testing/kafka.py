"""Reading and writing topics directly in tests, without consumer-group joins."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import Envelope, Headers, decode, encode
from lattice_platform.contracts.topics import Topic


class TopicReader:
    """Reads every partition of one topic from the start, by manual assignment (no group)."""

    def __init__(self, bootstrap_servers: str, topic: str) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap_servers,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        self._topic = topic
        self.records: list[ConsumerRecord] = []

    async def __aenter__(self) -> TopicReader:
        await self._consumer.start()
        parts = await partitions_of(self._consumer, [self._topic])
        self._consumer.assign(parts)
        await self._consumer.seek_to_beginning(*parts)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()

    async def read_until(
        self, done: Callable[[list[ConsumerRecord]], bool], timeout_s: float = 15.0
    ) -> list[ConsumerRecord]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while not done(self.records):
            if loop.time() > deadline:
                raise TimeoutError(
                    f"{self._topic}: condition not met; read {len(self.records)} records"
                )
            batch = await self._consumer.getmany(timeout_ms=100)
            for records in batch.values():
                self.records.extend(records)
        return self.records

    async def read_to_end(self, timeout_s: float = 120.0) -> list[ConsumerRecord]:
        """Read up to the end each partition had when called: all of a topic nothing writes to
        any more, however long the broker takes to serve it (a pause no longer ends the read,
        as it ends :meth:`settle`)."""
        parts = list(self._consumer.assignment())
        ends = await self._consumer.end_offsets(parts)

        async def behind() -> bool:
            positions = [await self._consumer.position(tp) for tp in parts]
            return any(at < ends[tp] for at, tp in zip(positions, parts, strict=True))

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while await behind():
            if loop.time() > deadline:
                raise TimeoutError(f"{self._topic}: not read to its end after {timeout_s}s")
            batch = await self._consumer.getmany(timeout_ms=500)
            for records in batch.values():
                self.records.extend(records)
        return self.records

    async def read_at_least(self, count: int, timeout_s: float = 15.0) -> list[ConsumerRecord]:
        return await self.read_until(lambda records: len(records) >= count, timeout_s)

    async def settle(self, quiet_s: float = 1.0) -> list[ConsumerRecord]:
        """Read until nothing new arrives for ``quiet_s``."""
        while True:
            batch = await self._consumer.getmany(timeout_ms=int(quiet_s * 1000))
            if not batch:
                return self.records
            for records in batch.values():
                self.records.extend(records)


async def partitions_of(
    consumer: AIOKafkaConsumer, topics: Sequence[str], timeout_s: float = 30.0
) -> list[TopicPartition]:
    """Every partition of ``topics``, for a consumer to assign itself, once each topic exists.
    A consumer without a subscription tracks no topic's metadata (Kafka, unlike Tansu, answers
    its first metadata request with none), so it is told of these first."""
    client = consumer._client
    client.set_topics([*client._topics, *topics])
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not all(consumer.partitions_for_topic(topic) for topic in topics):
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no partitions known for {list(topics)} after {timeout_s}s")
        await client.force_metadata_update()
        await asyncio.sleep(0.1)
    return [
        TopicPartition(topic, p)
        for topic in topics
        for p in sorted(consumer.partitions_for_topic(topic) or ())
    ]


async def group_lag(
    bootstrap_servers: str, group: str, topics: Sequence[str]
) -> dict[TopicPartition, int]:
    """Records ``group`` has not committed yet, per partition, on each of ``topics`` it has
    committed on at all (asked as the group, which joins nothing). A partition of such a topic
    with no commit yet owes everything on it: the group consumes the topic."""
    reader = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False
    )
    await reader.start()
    try:
        parts = await partitions_of(reader, topics)
        starts = await reader.beginning_offsets(parts)
        ends = await reader.end_offsets(parts)
        committed = {tp: await reader.committed(tp) for tp in parts}
    finally:
        await reader.stop()
    consumed = {tp.topic for tp, at in committed.items() if at is not None}
    lag = {}
    for tp in parts:
        at = committed[tp]
        behind = ends[tp] - (starts[tp] if at is None else at)
        if tp.topic in consumed and behind > 0:
            lag[tp] = behind
    return lag


def decoded(topic: Topic, records: list[ConsumerRecord]) -> list[Envelope]:
    return [decode(topic, r.key, r.value, list(r.headers)) for r in records]


class RecordWriter:
    """Produces raw records or contract events (as an integration partner would)."""

    def __init__(self, bootstrap_servers: str) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")

    async def __aenter__(self) -> RecordWriter:
        await self._producer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._producer.stop()

    async def event(
        self, topic: str, event: Event, *, event_id: str | None = None, source: str = "/test"
    ) -> str:
        record = encode(event, source=source, event_id=event_id)
        await self._producer.send_and_wait(
            topic, record.value, key=record.key, headers=record.headers
        )
        return next(v.decode() for k, v in record.headers if k == "ce_id")

    async def events(self, topic: str, events: Sequence[Event], *, source: str = "/test") -> None:
        """Send ``events`` together: one produce request per partition (the producer lingers
        until all are queued), so a consumer fetches each partition's share at once."""
        producer = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers, acks="all", linger_ms=1000
        )
        await producer.start()
        try:
            sent = []
            for event in events:
                record = encode(event, source=source)
                sent.append(
                    await producer.send(topic, record.value, key=record.key, headers=record.headers)
                )
            await producer.flush()
            await asyncio.gather(*sent)
        finally:
            await producer.stop()

    async def raw(self, topic: str, value: bytes | None, key: bytes, headers: Headers) -> None:
        await self._producer.send_and_wait(topic, value, key=key, headers=headers)
