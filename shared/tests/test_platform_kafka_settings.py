from __future__ import annotations

import asyncio
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka.consumer.group_coordinator import GroupCoordinator
from aiokafka.protocol.group import JoinGroupRequest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader
from lattice_platform.contracts.topics import EMPLOYEES, LEARNING_TOPIC
from lattice_platform.messaging import kafka
from lattice_platform.settings import ServiceSettings


def scram() -> ServiceSettings:
    return ServiceSettings.model_validate(
        {
            "service_name": "notifier",
            "kafka_bootstrap_servers": "kafka:9093",
            "kafka_security_protocol": "SASL_SSL",
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": "lattice-notifier",
            "kafka_sasl_password": "s3cret",
        }
    )


async def test_every_kafka_client_connects_with_the_services_own_credentials() -> None:
    options = kafka.connection(scram())
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "lattice-notifier"
    assert options["sasl_plain_password"] == "s3cret"
    assert options["ssl_context"] is not None
    producer = kafka.producer(scram())
    consumer = kafka.consumer(scram(), "lattice.notifier.employees")
    assert producer.client._sasl_plain_username == "lattice-notifier"
    assert consumer._client._security_protocol == "SASL_SSL"


def _self_signed_ca(path: Path, name: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


async def test_over_tls_the_brokers_are_checked_against_the_configured_ca_alone(
    tmp_path: Path,
) -> None:
    cafile = tmp_path / "ca.crt"
    _self_signed_ca(cafile, "lattice-kafka cluster CA")
    settings = scram().model_copy(update={"kafka_ssl_cafile": str(cafile)})
    context = kafka.connection(settings)["ssl_context"]
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname, "the broker's name is checked against its certificate"
    [trusted] = context.get_ca_certs()
    assert trusted["subject"] == ((("commonName", "lattice-kafka cluster CA"),),)
    consumer = kafka.consumer(settings, "lattice.notifier.employees")
    for client in (consumer._client, kafka.producer(settings).client):
        assert client._ssl_context.get_ca_certs() == [trusted]


def test_the_password_never_shows_in_the_settings_representation() -> None:
    assert "s3cret" not in repr(scram())


def test_plaintext_by_default_without_credentials() -> None:
    options = kafka.connection(ServiceSettings())
    assert options["security_protocol"] == "PLAINTEXT"
    assert "sasl_mechanism" not in options
    assert "ssl_context" not in options


async def test_a_replica_owns_the_same_partitions_of_every_co_partitioned_topic(
    topics: ServiceSettings,
) -> None:
    names = kafka.TopicNames(topics.kafka_topic_prefix)
    employee_keyed = [names.of(t) for t in (EMPLOYEES, LEARNING_TOPIC)]
    group = f"{topics.kafka_topic_prefix}copartition"
    replicas = [kafka.consumer(topics, group) for _ in range(2)]
    for replica in replicas:
        replica.subscribe(employee_keyed)
    await asyncio.gather(*(replica.start() for replica in replicas))
    try:

        async def balanced() -> bool:
            await asyncio.gather(*(r.getmany(timeout_ms=100) for r in replicas))
            sizes = [len(r.assignment()) for r in replicas]
            return sum(sizes) == 2 * topics.kafka_partitions and min(sizes) > 0

        await wait_until(balanced, timeout_s=30)
        for replica in replicas:
            by_topic = {
                name: {tp.partition for tp in replica.assignment() if tp.topic == name}
                for name in employee_keyed
            }
            assert by_topic[employee_keyed[0]] == by_topic[employee_keyed[1]]
    finally:
        await asyncio.gather(*(r.stop() for r in replicas))


async def test_a_consumer_offers_range_and_round_robin_in_one_join_group_request(
    topics: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JoinGroup offering fewer protocols than the one before it is a metadata change to Apache
    Kafka, which then rebalances again: two members doing that to each other never settle."""
    offered: list[list[str]] = []
    send = GroupCoordinator._send_req

    async def recording(coordinator: GroupCoordinator, request: Any) -> Any:
        if isinstance(request, JoinGroupRequest):
            offered.append([name for name, _ in request._group_protocols])
        return await send(coordinator, request)

    monkeypatch.setattr(GroupCoordinator, "_send_req", recording)
    replica = kafka.consumer(topics, f"{topics.kafka_topic_prefix}join")
    replica.subscribe([kafka.TopicNames(topics.kafka_topic_prefix).of(EMPLOYEES)])
    await replica.start()
    try:
        assert replica.assignment(), "joined, and was given the partitions"
    finally:
        await replica.stop()
    assert offered, "the consumer joined its group"
    assert all(names == ["range", "roundrobin"] for names in offered), offered


async def test_the_producer_is_idempotent_and_waits_for_every_in_sync_replica_by_default() -> None:
    producer = kafka.producer(ServiceSettings())
    assert producer._txn_manager is not None, "idempotence on"
    assert producer._txn_manager.transactional_id is None, "no transactions"
    assert producer._sender._acks == -1, "acks=all"


async def test_clients_of_a_broker_without_the_idempotent_producer_can_turn_it_off() -> None:
    producer = kafka.producer(ServiceSettings(kafka_idempotence=False))
    assert producer._txn_manager is None
    assert producer._sender._acks == -1, "still acks=all"


@pytest.mark.apache_kafka
async def test_on_apache_kafka_the_producer_is_granted_a_producer_id_and_its_records_land(
    topics: ServiceSettings,
) -> None:
    assert topics.kafka_idempotence, "the harness leaves idempotence on for Apache Kafka"
    topic = kafka.TopicNames(topics.kafka_topic_prefix).of(EMPLOYEES)
    producer = kafka.producer(topics)
    await producer.start()
    try:
        assert producer._txn_manager.producer_id >= 0, "the broker granted a producer id"
        sent = [await producer.send_and_wait(topic, b"v", key=f"E{i}".encode()) for i in range(3)]
    finally:
        await producer.stop()
    assert all(metadata.offset >= 0 for metadata in sent)
    async with TopicReader(topics.kafka_bootstrap_servers, topic) as reader:
        assert len(await reader.read_at_least(3)) == 3


KEYS = (b"E1", b"E2", b"E3", b"E4", b"E5")


async def test_dead_letters_are_counted_over_every_partition_and_are_none_without_the_topic(
    platform_settings: ServiceSettings,
) -> None:
    assert await kafka.dead_letter_counts(platform_settings, [EMPLOYEES]) == {EMPLOYEES: 0}
    await kafka.ensure_topics(platform_settings, [EMPLOYEES, LEARNING_TOPIC])
    names = kafka.TopicNames(platform_settings.kafka_topic_prefix)
    async with RecordWriter(platform_settings.kafka_bootstrap_servers) as writer:
        for key in KEYS:
            await writer.raw(names.dead_letter(EMPLOYEES), b"failed", key=key, headers=[])

    counts = await kafka.dead_letter_counts(platform_settings, [EMPLOYEES, LEARNING_TOPIC])

    assert counts == {EMPLOYEES: 5, LEARNING_TOPIC: 0}
    spread = {kafka.partition_index(k, platform_settings.kafka_partitions) for k in KEYS}
    assert len(spread) > 1, "the five dead letters are on more than one partition"
