"""``lattice_consumer_lag`` reports only the partitions a replica reads, on the real broker: a
partition taken away in a rebalance loses its series, so the sum over replicas is the group's
lag."""

from __future__ import annotations

from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.contracts import topics as t
from lattice_platform.messaging import kafka
from lattice_platform.settings import ServiceSettings
from lattice_platform.telemetry import metrics
from platform_testkit import Ledger, has_effects, ledger_runtime, left


def reported(consumer: str, topic: str) -> set[int]:
    """The partitions of ``topic`` whose lag ``consumer`` reports."""
    return {
        int(sample.labels["partition"])
        for family in metrics.consumer_lag.collect()
        for sample in family.samples
        if sample.labels["consumer"] == consumer and sample.labels["topic"] == topic
    }


async def test_a_replica_stops_reporting_the_lag_of_partitions_it_lost_in_a_rebalance(
    topics: ServiceSettings,
) -> None:
    topic = topics.kafka_topic_prefix + t.EMPLOYEES.name
    runtime = ledger_runtime(topics, Ledger())
    async with runtime.running():
        replica = runtime.consumers[0]
        await wait_until(replica.assigned.is_set, 30)
        async with RecordWriter(topics.kafka_bootstrap_servers) as writer:
            for i in range(30):
                await writer.event(topic, left(f"E{i}"))
        await wait_until(lambda: has_effects(runtime, 30), 30)
        await wait_until(lambda: reported(replica.name, topic) == set(range(3)), 10)

        other = kafka.consumer(topics, replica.group_id)
        other.subscribe([topic])
        await other.start()  # joins the group: the replica gives it some of its partitions
        try:
            await wait_until(lambda: bool(other.assignment()), 30)
            taken = {tp.partition for tp in other.assignment()}
            assert taken != set(range(3)), "the replica kept some partitions"
            await wait_until(lambda: reported(replica.name, topic) == set(range(3)) - taken, 15)
        finally:
            await other.stop()
    assert reported(replica.name, topic) == set(), "a stopped replica reports no lag"
