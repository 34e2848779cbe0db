"""Kafka clients with safe defaults, and explicit topic creation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context
from aiokafka.partitioner import murmur2

from lattice_platform.contracts.topics import ALL_TOPICS, Topic
from lattice_platform.messaging import group_join
from lattice_platform.settings import ServiceSettings

log = structlog.get_logger(__name__)

_TOPIC_EXISTS = TopicAlreadyExistsError.errno


@lru_cache(maxsize=1 << 16)
def partition_index(key: bytes, partitions: int) -> int:
    """Where Kafka's default partitioner puts a record with ``key`` among ``partitions``
    (murmur2 of the key, as every Kafka client does). Keys are entity ids and recur, so the
    answers are cached: the hash is pure Python."""
    return int((murmur2(key) & 0x7FFFFFFF) % partitions)


class TopicNames:
    """Physical topic names: the catalogue's names behind an optional prefix (tests, tenants)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._by_physical = {prefix + t.name: t for t in ALL_TOPICS}

    def of(self, topic: Topic) -> str:
        return self.prefix + topic.name

    def dead_letter(self, topic: Topic) -> str:
        return self.prefix + topic.dead_letter

    def topic(self, physical: str) -> Topic:
        return self._by_physical[physical]


def connection(settings: ServiceSettings) -> dict[str, Any]:
    """How every client of the service reaches the cluster: address, TLS and SASL credentials."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "client_id": settings.service_name,
        "security_protocol": settings.kafka_security_protocol,
    }
    if "SSL" in settings.kafka_security_protocol:
        options["ssl_context"] = create_ssl_context(cafile=settings.kafka_ssl_cafile)
    if settings.kafka_sasl_mechanism:
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        if settings.kafka_sasl_password is not None:
            options["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return options


def producer(settings: ServiceSettings) -> AIOKafkaProducer:
    """acks=all: a record is confirmed only when every in-sync replica has it. Idempotent: the
    broker keeps a sequence number per partition and drops a batch it already has, so a retry
    after a lost answer neither duplicates nor reorders. aiokafka keeps one request in flight
    per broker, so retries cannot overtake each other either."""
    return AIOKafkaProducer(
        **connection(settings),
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        linger_ms=5,
        request_timeout_ms=15_000,
    )


def consumer(settings: ServiceSettings, group_id: str) -> AIOKafkaConsumer:
    """Offsets are committed by the consumer loop only after a record's effect is durable."""
    group_join.install()  # one JoinGroup offering both assignors, not one per assignor
    return AIOKafkaConsumer(
        **connection(settings),
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
        rebalance_timeout_ms=settings.kafka_session_timeout_ms,
        max_poll_records=500,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        isolation_level="read_committed",
        # Range assignment gives one consumer the same partition numbers of every topic it reads,
        # so co-partitioned, employee-keyed topics land on the same replica. Round robin stays
        # listed so a rolling upgrade can join a group whose older members know only that.
        partition_assignment_strategy=(RangePartitionAssignor, RoundRobinPartitionAssignor),
    )


async def ensure_topics(
    settings: ServiceSettings, topics: Iterable[Topic] = ALL_TOPICS
) -> list[str]:
    """Create each missing topic and dead-letter topic; return the names created."""
    wanted = new_topics(settings, topics)
    admin = AIOKafkaAdminClient(**connection(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t.name not in existing]
        if not missing:
            return []
        response = await admin.create_topics(missing)
        failed = [
            f"{topic}: {message or code}"
            for topic, code, message in response.topic_errors
            if code not in (0, _TOPIC_EXISTS)
        ]
        if failed:
            raise RuntimeError(f"could not create topics: {'; '.join(failed)}")
        created = [t.name for t in missing]
        log.info("kafka.topics_created", topics=created)
        return created
    finally:
        await admin.close()


def new_topics(settings: ServiceSettings, topics: Iterable[Topic] = ALL_TOPICS) -> list[NewTopic]:
    """Each topic and its dead-letter topic as created, with its retention (on Tansu, which
    enforces no retention, only the request carries it)."""
    names = TopicNames(settings.kafka_topic_prefix)
    size = (settings.kafka_partitions, settings.kafka_replication_factor)
    return [
        new
        for t in topics
        for new in (
            NewTopic(names.of(t), *size, topic_configs=t.configs()),
            NewTopic(names.dead_letter(t), *size, topic_configs=t.dead_letter_configs()),
        )
    ]


async def dead_letter_counts(
    settings: ServiceSettings, topics: Iterable[Topic] = ALL_TOPICS
) -> dict[Topic, int]:
    """How many dead letters each topic's dead-letter topic holds: its end offsets less its
    beginning offsets, summed over its partitions (dead letters are sent outside transactions,
    so one offset is one record). A dead-letter topic that does not exist holds none."""
    names = TopicNames(settings.kafka_topic_prefix)
    partitions = await _partitions(settings)
    held = {t: partitions.get(names.dead_letter(t), []) for t in topics}
    everything = [tp for tps in held.values() for tp in tps]
    if not everything:
        return dict.fromkeys(held, 0)
    reader = AIOKafkaConsumer(**connection(settings), enable_auto_commit=False)
    await reader.start()
    try:
        ends = await reader.end_offsets(everything)
        starts = await reader.beginning_offsets(everything)
    finally:
        await reader.stop()
    return {topic: sum(ends[tp] - starts[tp] for tp in tps) for topic, tps in held.items()}


async def _partitions(settings: ServiceSettings) -> dict[str, list[TopicPartition]]:
    """Every topic the service may describe, with its partitions. All topics are asked for, not
    some by name: a broker that creates topics on demand would create a missing one."""
    admin = AIOKafkaAdminClient(**connection(settings))
    await admin.start()
    try:
        described = await admin.describe_topics()
    finally:
        await admin.close()
    return {
        d["topic"]: [TopicPartition(d["topic"], p["partition"]) for p in d["partitions"]]
        for d in described
        if d["error_code"] == 0
    }


async def wait_for_broker(settings: ServiceSettings, timeout_s: float = 30.0) -> None:
    """Return once the broker answers metadata requests."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        admin = AIOKafkaAdminClient(**connection(settings))
        try:
            await admin.start()
            await admin.list_topics()
            return
        except Exception:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)
        finally:
            await admin.close()
