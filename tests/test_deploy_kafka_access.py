"""The Strimzi resources follow the contracts: every topic and dead-letter topic of
``lattice_platform.contracts.topics`` exists, and each Kafka user may do exactly what its service
produces and consumes, no more."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest
from lattice_platform.contracts.topics import (
    ALL_TOPICS,
    CATALOGUE,
    HRIS,
    HRIS_INBOUND,
    INSIGHTS,
    LMS,
    LMS_INBOUND,
    OPENINGS_TOPIC,
    ROLES,
    SERVICES,
)
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
OVERLAYS = ("dev", "prod")
CHANGELOGS = {ROLES.name, OPENINGS_TOPIC.name, CATALOGUE.name}
CONNECTORS = {f"lattice-{HRIS}-connector": HRIS_INBOUND, f"lattice-{LMS}-connector": LMS_INBOUND}

Manifest = dict[str, Any]
Grant = tuple[str, str, str, str]  # resource type, name, pattern type, operation


def _render(overlay: str) -> list[Manifest]:
    spec = importlib.util.spec_from_file_location(
        "lattice_deploy_render_overlay", ROOT / "deploy" / "kubernetes" / "render_overlay.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.render(ROOT / "deploy" / "kubernetes" / "overlays" / overlay))


@pytest.fixture(scope="module", params=OVERLAYS)
def manifests(request: pytest.FixtureRequest) -> list[Manifest]:
    return _render(str(request.param))


def kafka_topics(manifests: list[Manifest]) -> dict[str, Manifest]:
    found = [m for m in manifests if m["kind"] == "KafkaTopic"]
    by_name = {m["spec"].get("topicName", m["metadata"]["name"]): m for m in found}
    assert len(by_name) == len(found), "two KafkaTopics for one topic"
    return by_name


def grants(manifests: list[Manifest], user: str) -> set[Grant]:
    (kafka_user,) = [
        m for m in manifests if m["kind"] == "KafkaUser" and m["metadata"]["name"] == user
    ]
    rules = kafka_user["spec"]["authorization"]["acls"]
    assert all(rule.get("type", "allow") == "allow" for rule in rules)
    assert all(rule.get("host", "*") == "*" for rule in rules)
    return {
        (
            rule["resource"]["type"],
            rule["resource"]["name"],
            rule["resource"].get("patternType", "literal"),
            operation,
        )
        for rule in rules
        for operation in rule["operations"]
    }


def expected_grants(service: str) -> set[Grant]:
    expected: set[Grant] = {("group", f"lattice.{service}.", "prefix", "Read")}
    for topic in ALL_TOPICS:
        if service in topic.producers:
            expected |= {("topic", topic.name, "literal", op) for op in ("Write", "Describe")}
        if service in topic.consumers:
            expected |= {("topic", topic.name, "literal", op) for op in ("Read", "Describe")}
            expected |= {
                ("topic", topic.dead_letter, "literal", op) for op in ("Write", "Describe")
            }
        if service == INSIGHTS:  # it counts every topic's dead letters (GET /v1/dead-letters)
            expected.add(("topic", topic.dead_letter, "literal", "Describe"))
    return expected


def test_every_contract_topic_and_its_dead_letter_topic_has_exactly_one_kafka_topic(
    manifests: list[Manifest],
) -> None:
    wanted = {name for t in ALL_TOPICS for name in (t.name, t.dead_letter)}
    assert set(kafka_topics(manifests)) == wanted


def test_kafka_topics_belong_to_the_lattice_cluster_and_are_replicated_as_configured(
    manifests: list[Manifest],
) -> None:
    for topic in kafka_topics(manifests).values():
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == "lattice-kafka"
        spec = topic["spec"]
        assert spec["partitions"] >= 1
        assert 1 <= spec["config"]["min.insync.replicas"] <= spec["replicas"]
        assert spec["replicas"] == 1 or spec["config"]["min.insync.replicas"] < spec["replicas"], (
            "one broker down must not stop producers (acks=all)"
        )


def test_only_changelog_topics_are_compacted_and_the_rest_expire(
    manifests: list[Manifest],
) -> None:
    for name, topic in kafka_topics(manifests).items():
        settings = topic["spec"]["config"]
        if name in CHANGELOGS:
            assert settings["cleanup.policy"] == "compact", name
        else:
            assert settings["cleanup.policy"] == "delete", name
            assert settings["retention.ms"] > 0, name


def test_kafka_topics_keep_records_exactly_as_long_as_the_contracts_say(
    manifests: list[Manifest],
) -> None:
    by_name = kafka_topics(manifests)
    for topic in ALL_TOPICS:
        assert (topic.retention is None) == (topic.name in CHANGELOGS), topic.name
        for name, configs in (
            (topic.name, topic.configs()),
            (topic.dead_letter, topic.dead_letter_configs()),
        ):
            settings = by_name[name]["spec"]["config"]
            for key, value in configs.items():
                assert str(settings[key]) == value, (name, key)


def test_personal_data_leaves_the_hris_topic_and_its_dead_letters_within_seven_days(
    manifests: list[Manifest],
) -> None:
    by_name = kafka_topics(manifests)
    for name in (HRIS_INBOUND.name, HRIS_INBOUND.dead_letter):
        assert by_name[name]["spec"]["config"]["retention.ms"] <= 7 * 24 * 3600 * 1000, name


def test_employee_keyed_topics_have_as_many_partitions_as_the_notifier_may_have_replicas(
    manifests: list[Manifest],
) -> None:
    topics = kafka_topics(manifests)
    (scaled,) = [m for m in manifests if m["kind"] == "ScaledObject"]
    for topic in ALL_TOPICS:
        if topic.employee_keyed and "notifier" in topic.consumers:
            assert topics[topic.name]["spec"]["partitions"] == scaled["spec"]["maxReplicaCount"]


@pytest.mark.parametrize("service", SERVICES)
def test_service_user_may_touch_exactly_the_topics_it_produces_and_consumes(
    manifests: list[Manifest], service: str
) -> None:
    assert grants(manifests, f"lattice-{service}") == expected_grants(service)


@pytest.mark.parametrize(("user", "topic"), CONNECTORS.items())
def test_external_connector_may_only_write_its_inbound_topic(
    manifests: list[Manifest], user: str, topic: Any
) -> None:
    assert grants(manifests, user) == {
        ("topic", topic.name, "literal", "Write"),
        ("topic", topic.name, "literal", "Describe"),
    }


def test_there_is_one_kafka_user_per_service_and_connector_and_no_other(
    manifests: list[Manifest],
) -> None:
    users = {m["metadata"]["name"] for m in manifests if m["kind"] == "KafkaUser"}
    assert users == {f"lattice-{s}" for s in SERVICES} | set(CONNECTORS)


def test_consumer_groups_the_runtime_names_fall_under_the_group_grant() -> None:
    for service in SERVICES:
        for broadcast in (False, True):
            runtime = Runtime(ServiceSettings(service_name=service), [])
            runtime._pool = object()  # type: ignore[assignment]  # naming needs no connection
            spec = ConsumerSpec("any", [], broadcast=broadcast)
            consumer = runtime._consumer(spec, slot=3 if broadcast else None)
            assert consumer.group_id.startswith(f"lattice.{service}.")


@pytest.mark.parametrize("service", SERVICES)
def test_what_the_service_subscribes_to_is_what_the_contracts_say_it_consumes(
    service: str,
) -> None:
    try:
        bootstrap = importlib.import_module(f"lattice_{service}.bootstrap")
        settings_module = importlib.import_module(f"lattice_{service}.settings")
    except ModuleNotFoundError as missing:
        pytest.skip(f"lattice-{service} is not built yet: {missing}")
    settings_class = getattr(settings_module, f"{service.capitalize()}Settings")
    runtime, _ = bootstrap.build(settings_class())
    subscribed = {s.topic.name for spec in runtime.consumer_specs for s in spec.subscriptions}
    assert subscribed == {t.name for t in ALL_TOPICS if service in t.consumers}
