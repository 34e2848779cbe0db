"""docker-compose.yml: valid Compose, the six services from the one image with their own command
and port, started only after migrations and topics, unprivileged and read-only, on a KRaft Kafka."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from lattice_platform.contracts.topics import SERVICES

ROOT = Path(__file__).resolve().parents[1]
HTTP_PORTS = {
    "profile": 8001,
    "openings": 8002,
    "learning": 8003,
    "notifier": 8004,
    "insights": 8005,
    "webhooks": 8006,
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def lattice_containers(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in compose["services"].items() if n in (*SERVICES, "init")}


def test_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    schema = json.loads(vendored.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema).validate(compose)


@pytest.mark.parametrize("service", SERVICES)
def test_service_runs_from_the_shared_image_with_its_own_command_and_port(
    compose: dict[str, Any], service: str
) -> None:
    container = compose["services"][service]
    assert container["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}
    assert container["image"] == compose["services"]["init"]["image"]
    assert container["command"] == [f"lattice-{service}", "serve"]
    port = HTTP_PORTS[service]
    assert container["environment"]["HTTP_PORT"] == str(port)
    assert container["ports"] == [f"{port}:{port}"]
    healthcheck = " ".join(container["healthcheck"]["test"])
    assert "/health/ready" in healthcheck
    assert "HTTP_PORT" in healthcheck


@pytest.mark.parametrize("service", SERVICES)
def test_service_starts_only_after_migrations_and_topics(
    compose: dict[str, Any], service: str
) -> None:
    depends = compose["services"][service]["depends_on"]
    assert depends["init"] == {"condition": "service_completed_successfully"}
    init = compose["services"]["init"]
    script = init["command"][-1]
    assert f"lattice-{service} migrate" in script
    assert "ensure_topics" in script
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert init["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert init["restart"] == "no"


def test_lattice_containers_are_unprivileged_with_a_read_only_root(
    compose: dict[str, Any],
) -> None:
    for name, container in lattice_containers(compose).items():
        uid = int(container["user"].split(":")[0])
        assert uid >= 10000, name
        assert container["read_only"] is True, name
        writable = [mount.split(":")[0] for mount in container["tmpfs"]]
        assert writable == ["/tmp"], name  # noqa: S108  # an in-memory tmpfs, nothing else
        assert container["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in container["security_opt"], name


def test_containers_get_longer_to_stop_than_the_shutdown_drain(compose: dict[str, Any]) -> None:
    for name, container in lattice_containers(compose).items():
        drain_s = float(container["environment"]["SHUTDOWN_GRACE_S"])
        stop_s = int(container["stop_grace_period"].removesuffix("s"))
        assert stop_s > 2 * drain_s + 5, name  # HTTP drain, consumer drain, outbox flush


def test_services_create_no_topics_of_their_own_and_export_traces(
    compose: dict[str, Any],
) -> None:
    for name, container in lattice_containers(compose).items():
        environment = container["environment"]
        assert environment["KAFKA_CREATE_TOPICS"] == "false", name
        assert environment["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092", name
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318", name


def test_kafka_is_a_single_kraft_node_that_creates_no_topics_by_itself(
    compose: dict[str, Any],
) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    environment = kafka["environment"]
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert not any(name.startswith("zookeeper") for name in compose["services"])


def test_traces_flow_from_the_collector_to_the_trace_viewer(compose: dict[str, Any]) -> None:
    collector = compose["services"]["otel-collector"]
    (mount,) = collector["volumes"]
    config = yaml.safe_load((ROOT / mount.split(":")[0]).read_text())
    assert set(config["receivers"]["otlp"]["protocols"]) == {"grpc", "http"}
    (exporter,) = config["service"]["pipelines"]["traces"]["exporters"]
    assert config["exporters"][exporter]["endpoint"] == "jaeger:4317"
    assert compose["services"]["jaeger"]["environment"]["COLLECTOR_OTLP_ENABLED"] == "true"
