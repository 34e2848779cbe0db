"""The fault tests wait for every consumer group to commit to the end of what it consumes; this
proves the lag they ask for is the real one on either broker. Apache Kafka tells a consumer
without a subscription of no topic at all, so a lag read from such a consumer's metadata was
always zero there, and the service-kill test read the results while the services were still
catching up."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from lattice_devstack.testing.kafka import group_lag, partitions_of
from lattice_platform.contracts import topics as t
from lattice_platform.settings import ServiceSettings


async def test_the_lag_counts_every_partition_of_a_topic_the_group_consumes(
    topics: ServiceSettings,
) -> None:
    bootstrap, name = topics.kafka_bootstrap_servers, topics.kafka_topic_prefix + t.EMPLOYEES.name
    group = f"{topics.kafka_topic_prefix}lag-check"
    committer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await committer.start()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        parts = await partitions_of(committer, [name])
        assert len(parts) >= 2
        for tp in parts:
            for i in range(3):
                await producer.send_and_wait(name, f"r{i}".encode(), partition=tp.partition)
        assert await group_lag(bootstrap, group, [name]) == {}  # consumes nothing yet
        committer.assign(parts)
        await committer.commit({parts[0]: 1})
    finally:
        await producer.stop()
        await committer.stop()

    lag = await group_lag(bootstrap, group, [name])

    # one partition committed up to its second record, the others not at all
    assert lag == {parts[0]: 2, **{tp: 3 for tp in parts[1:]}}
