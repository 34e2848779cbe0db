"""The Kubernetes overlays render, validate against the Kubernetes and CRD schemas, and keep the
promises the services rely on: probes on their endpoints, graceful shutdown, hardening, lag
autoscaling capped at the partition count. The examples under deploy/examples validate the same
way and grant or route no more than they say."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml
from lattice_platform.contracts.topics import OPPORTUNITIES, SERVICES

ROOT = Path(__file__).resolve().parents[1]
KUBERNETES = ROOT / "deploy" / "kubernetes"
CRD_SCHEMAS = ROOT / "deploy" / "vendor" / "crds"
OVERLAYS = ("dev", "prod")
KUBERNETES_VERSION = "1.31"
HTTP_PORTS = {
    "profile": 8001,
    "openings": 8002,
    "learning": 8003,
    "notifier": 8004,
    "insights": 8005,
    "webhooks": 8006,
}
METRICS_PORT = 9464
HTTP_DRAIN_AND_RELAY_FLUSH_S = 5

Manifest = dict[str, Any]


def _renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "lattice_deploy_render_overlay", KUBERNETES / "render_overlay.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render_overlay = _renderer()


def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> JSON Schema, from a schema file or a full upstream CRD."""
    schemas: dict[tuple[str, str], dict[str, Any]] = {}
    for path in CRD_SCHEMAS.glob("*.yaml"):
        document = yaml.safe_load(path.read_text())
        if document.get("kind") == "CustomResourceDefinition":
            group, kind = document["spec"]["group"], document["spec"]["names"]["kind"]
            for version in document["spec"]["versions"]:
                schema = version["schema"]["openAPIV3Schema"]
                schemas[(f"{group}/{version['name']}", kind)] = schema
        else:
            schemas[(document["apiVersion"], document["kind"])] = document["schema"]
    return schemas


CRDS = crd_schemas()


def is_custom(manifest: Manifest) -> bool:
    return (manifest["apiVersion"], manifest["kind"]) in CRDS


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def manifests(overlay: str) -> list[Manifest]:
    return list(render_overlay.render(KUBERNETES / "overlays" / overlay))


def one(manifests: list[Manifest], kind: str, name: str) -> Manifest:
    found = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def main_container(deployment: Manifest) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return dict(container)


def config(manifests: list[Manifest]) -> dict[str, str]:
    return dict(one(manifests, "ConfigMap", "lattice-config")["data"])


# ------------------------------------------------------------------------------ rendering


KUBECTL = shutil.which("kubectl")


@pytest.mark.skipif(KUBECTL is None, reason="kubectl (which embeds kustomize) is not installed")
def test_overlay_renders_exactly_as_kubectl_kustomize_does(
    overlay: str, manifests: list[Manifest]
) -> None:
    assert KUBECTL is not None
    result = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        [KUBECTL, "kustomize", str(KUBERNETES / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    theirs = {render_overlay.identity(m): m for m in yaml.safe_load_all(result.stdout) if m}
    ours = {render_overlay.identity(m): m for m in manifests}
    assert ours == theirs


def test_renderer_refuses_kustomize_features_it_does_not_implement(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "resources: []\nconfigMapGenerator:\n  - name: x\n    literals: [A=1]\n"
    )
    with pytest.raises(render_overlay.UnsupportedKustomizationError, match="configMapGenerator"):
        render_overlay.render(tmp_path)


def test_renderer_refuses_a_patch_that_matches_nothing(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    (tmp_path / "patch.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n"
    )
    with pytest.raises(ValueError, match="matches no resource"):
        render_overlay.render(tmp_path)


def test_overlay_names_are_unique(manifests: list[Manifest]) -> None:
    identities = [render_overlay.identity(m) for m in manifests]
    assert len(identities) == len(set(identities))


# ------------------------------------------------------------------------------ schemas


def test_every_builtin_manifest_is_valid_for_kubernetes(manifests: list[Manifest]) -> None:
    builtin = [m for m in manifests if not is_custom(m)]
    assert builtin
    for manifest in builtin:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_every_custom_resource_is_valid_against_its_crd_schema(manifests: list[Manifest]) -> None:
    custom = [m for m in manifests if is_custom(m)]
    assert {m["kind"] for m in custom} == {
        "KafkaTopic",
        "KafkaUser",
        "ScaledObject",
        "TriggerAuthentication",
        "ServiceMonitor",
        "PrometheusRule",
    }
    for manifest in custom:
        schema = CRDS[(manifest["apiVersion"], manifest["kind"])]
        jsonschema.validate(manifest, schema, cls=jsonschema.Draft202012Validator)


def test_every_custom_resource_schema_is_itself_a_valid_json_schema() -> None:
    for schema in CRDS.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_validation_rejects_misspelt_or_mistyped_fields(manifests: list[Manifest]) -> None:
    deployment = one(manifests, "Deployment", "lattice-profile")
    broken_deployment = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken_deployment, KUBERNETES_VERSION, strict=True)

    user = one(manifests, "KafkaUser", "lattice-profile")
    acls = user["spec"]["authorization"]["acls"]
    broken_user = {
        **user,
        "spec": {
            **user["spec"],
            "authorization": {"type": "simple", "acls": [{**acls[0], "operations": ["Writ"]}]},
        },
    }
    scaled = one(manifests, "ScaledObject", "lattice-notifier")
    broken_scaled = {**scaled, "spec": {**scaled["spec"], "maxReplicas": 3}}
    rule = one(manifests, "PrometheusRule", "lattice-alerts")
    group = rule["spec"]["groups"][0]
    misspelt = {**group["rules"][1], "fore": "10m"}
    broken_rule = {**rule, "spec": {"groups": [{**group, "rules": [misspelt]}]}}
    for broken in (broken_user, broken_scaled, broken_rule):
        schema = CRDS[(broken["apiVersion"], broken["kind"])]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


# ------------------------------------------------------------------------------ workloads


@pytest.mark.parametrize("service", SERVICES)
def test_service_probes_its_health_endpoints_on_its_own_port(
    manifests: list[Manifest], service: str
) -> None:
    container = main_container(one(manifests, "Deployment", f"lattice-{service}"))
    port = HTTP_PORTS[service]
    assert container["command"] == [f"lattice-{service}", "serve"]
    assert container["ports"] == [
        {"name": "http", "containerPort": port},
        {"name": "metrics", "containerPort": METRICS_PORT},
    ]
    assert {"name": "HTTP_PORT", "value": str(port)} in container["env"]
    assert {"name": "METRICS_PORT", "value": str(METRICS_PORT)} in container["env"]
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert container["startupProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    service_ports = one(manifests, "Service", f"lattice-{service}")["spec"]["ports"]
    assert [(p["port"], p["targetPort"]) for p in service_ports] == [
        (port, "http"),
        (METRICS_PORT, "metrics"),
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_service_runs_unprivileged_on_a_read_only_root_filesystem(
    manifests: list[Manifest], service: str
) -> None:
    workloads = [
        one(manifests, "Deployment", f"lattice-{service}"),
        one(manifests, "Job", f"lattice-{service}-migrate"),
    ]
    for workload in workloads:
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        assert pod["automountServiceAccountToken"] is False
        assert len(pod["containers"]) == 1
        for container in pod.get("initContainers", []) + pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
            volumes = {v["name"]: v for v in pod["volumes"]}
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            writable = volumes[mounts["/tmp"]]  # noqa: S108  # the only writable path of the pod
            assert "emptyDir" in writable
            assert container["resources"]["requests"]["memory"]
            assert container["resources"]["limits"]["memory"]


def containers(manifests: list[Manifest]) -> list[tuple[str, dict[str, Any]]]:
    """(workload/container, container) for every container of every workload, init ones too."""
    found = []
    for manifest in manifests:
        if manifest["kind"] not in ("Deployment", "Job"):
            continue
        pod = manifest["spec"]["template"]["spec"]
        for container in pod.get("initContainers", []) + pod["containers"]:
            found.append((f"{manifest['metadata']['name']}/{container['name']}", container))
    return found


def test_every_container_requests_cpu_memory_and_ephemeral_storage_and_has_no_cpu_limit(
    manifests: list[Manifest],
) -> None:
    found = containers(manifests)
    # init, main and migration of each service; the collector; the console
    assert len(found) == 3 * len(SERVICES) + 2
    for name, container in found:
        resources = container["resources"]
        assert {"cpu", "memory", "ephemeral-storage"} <= set(resources["requests"]), name
        assert set(resources["limits"]) == {"memory", "ephemeral-storage"}, name


def test_production_pulls_every_image_by_digest() -> None:
    prod = list(render_overlay.render(KUBERNETES / "overlays" / "prod"))
    for name, container in containers(prod):
        assert re.fullmatch(r"[^@:]+(:\d+/[^@:]+)?@sha256:[0-9a-f]{64}", container["image"]), name


def test_the_collector_has_a_disruption_budget(manifests: list[Manifest]) -> None:
    collector = one(manifests, "Deployment", "lattice-otel-collector")
    budget = one(manifests, "PodDisruptionBudget", "lattice-otel-collector")
    assert budget["spec"]["selector"]["matchLabels"] == collector["spec"]["selector"]["matchLabels"]
    assert budget["spec"]["maxUnavailable"] == 1


@pytest.mark.parametrize("service", SERVICES)
def test_termination_grace_outlasts_the_shutdown_drain(
    manifests: list[Manifest], service: str
) -> None:
    pod = one(manifests, "Deployment", f"lattice-{service}")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    drain_s = float(config(manifests)["SHUTDOWN_GRACE_S"])
    # uvicorn drains HTTP for up to SHUTDOWN_GRACE_S, then the runtime gives the consumers as
    # long again, then flushes the outbox once (5 s).
    worst_case = int(pre_stop[1]) + 2 * drain_s + HTTP_DRAIN_AND_RELAY_FLUSH_S
    assert pod["terminationGracePeriodSeconds"] > worst_case


@pytest.mark.parametrize("service", SERVICES)
def test_service_has_a_disruption_budget_and_a_migration_job(
    manifests: list[Manifest], service: str
) -> None:
    deployment = one(manifests, "Deployment", f"lattice-{service}")
    selector = deployment["spec"]["selector"]["matchLabels"]
    budget = one(manifests, "PodDisruptionBudget", f"lattice-{service}")
    assert budget["spec"]["selector"]["matchLabels"] == selector
    assert budget["spec"]["maxUnavailable"] == 1
    job = one(manifests, "Job", f"lattice-{service}-migrate")
    pod = job["spec"]["template"]["spec"]
    (migrate,) = pod["containers"]
    assert migrate["command"] == [f"lattice-{service}", "migrate"]
    assert migrate["image"] == main_container(deployment)["image"]
    job_labels = job["spec"]["template"]["metadata"]["labels"]
    assert not selector.items() <= job_labels.items(), "the job's pod must not join the Service"
    assert database_secret(migrate) == f"lattice-{service}-database-migrator"
    assert database_secret(main_container(deployment)) == f"lattice-{service}-database"


@pytest.mark.parametrize("service", SERVICES)
def test_a_rollout_waits_for_its_migration_and_serving_never_migrates(
    manifests: list[Manifest], service: str
) -> None:
    pod = one(manifests, "Deployment", f"lattice-{service}")["spec"]["template"]["spec"]
    (wait,) = pod["initContainers"]
    assert wait["command"][:3] == [f"lattice-{service}", "migrate", "wait"]
    assert wait["image"] == main_container({"spec": {"template": {"spec": pod}}})["image"]
    assert database_secret(wait) == f"lattice-{service}-database", "no DDL role in a service pod"
    assert {"configMapRef": {"name": "lattice-config"}} in wait["envFrom"]
    assert config(manifests)["DB_MIGRATE_ON_START"] == "false"


def database_secret(container: dict[str, Any]) -> str:
    (url,) = [e for e in container["env"] if e["name"] == "DATABASE_URL"]
    assert url["valueFrom"]["secretKeyRef"]["key"] == "url"
    return str(url["valueFrom"]["secretKeyRef"]["name"])


@pytest.mark.parametrize("service", SERVICES)
def test_service_reads_kafka_credentials_of_its_own_kafka_user(
    manifests: list[Manifest], service: str
) -> None:
    env = {
        e["name"]: e
        for e in main_container(one(manifests, "Deployment", f"lattice-{service}"))["env"]
    }
    user = one(manifests, "KafkaUser", f"lattice-{service}")
    assert env["KAFKA_SASL_USERNAME"]["value"] == user["metadata"]["name"]
    assert env["KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": user["metadata"]["name"],
        "key": "password",
    }
    assert config(manifests)["KAFKA_CREATE_TOPICS"] == "false", "topics belong to Strimzi"


KAFKA_PROTOCOLS = {"dev": "SASL_PLAINTEXT", "prod": "SASL_SSL"}
KAFKA_CA_SECRET = {"name": "lattice-kafka-cluster-ca-cert", "key": "ca.crt"}


def kafka_clients(manifests: list[Manifest]) -> list[Manifest]:
    return [
        m
        for m in manifests
        if m["kind"] == "Deployment"
        and m["spec"]["template"]["metadata"]["labels"].get("lattice.io/kafka-client") == "true"
    ]


def test_kafka_is_reached_over_tls_everywhere_but_dev_and_only_on_its_port(
    overlay: str, manifests: list[Manifest]
) -> None:
    settings = config(manifests)
    assert settings["KAFKA_SECURITY_PROTOCOL"] == KAFKA_PROTOCOLS[overlay]
    assert settings["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    port = int(settings["KAFKA_BOOTSTRAP_SERVERS"].rsplit(":", 1)[1])
    egress = one(manifests, "NetworkPolicy", "lattice-kafka-egress")["spec"]["egress"]
    assert [p["port"] for rule in egress for p in rule["ports"]] == [port]
    assert len(kafka_clients(manifests)) == len(SERVICES)


def test_in_prod_every_kafka_client_checks_the_brokers_against_the_cluster_ca() -> None:
    manifests = list(render_overlay.render(KUBERNETES / "overlays" / "prod"))
    cafile = Path(config(manifests)["KAFKA_SSL_CAFILE"])
    for deployment in kafka_clients(manifests):
        pod = deployment["spec"]["template"]["spec"]
        [mount] = [
            m
            for m in main_container(deployment)["volumeMounts"]
            if m["mountPath"] == str(cafile.parent)
        ]
        assert mount["readOnly"] is True
        [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
        assert volume["secret"] == {
            "secretName": KAFKA_CA_SECRET["name"],
            "items": [{"key": KAFKA_CA_SECRET["key"], "path": cafile.name}],
        }, deployment["metadata"]["name"]


def test_keda_reads_the_notifiers_lag_as_the_notifier_connects(
    overlay: str, manifests: list[Manifest]
) -> None:
    """Over TLS in prod, with the pods' CA; KEDA refuses `sasl` or `tls` set both in a trigger's
    metadata and in its TriggerAuthentication, so each is set in one place."""
    auth = one(manifests, "TriggerAuthentication", "lattice-notifier-kafka")["spec"]
    from_secrets = {ref["parameter"]: ref for ref in auth["secretTargetRef"]}
    assert from_secrets["password"] == {
        "parameter": "password",
        "name": one(manifests, "KafkaUser", "lattice-notifier")["metadata"]["name"],
        "key": "password",
    }
    assert auth["env"] == [
        {"parameter": "username", "name": "KAFKA_SASL_USERNAME", "containerName": "lattice"}
    ]

    def value(parameter: str, metadata: dict[str, str]) -> str:
        if parameter not in from_secrets:
            return metadata[parameter]
        assert parameter not in metadata, f"{parameter} set twice"
        ref = from_secrets[parameter]
        return str(one(manifests, "Secret", ref["name"])["stringData"][ref["key"]])

    tls = overlay != "dev"
    for trigger in one(manifests, "ScaledObject", "lattice-notifier")["spec"]["triggers"]:
        metadata = trigger["metadata"]
        assert trigger["authenticationRef"] == {"name": "lattice-notifier-kafka"}
        assert value("sasl", metadata) == "scram_sha512"
        assert value("tls", metadata) == ("enable" if tls else "disable")
    if tls:
        ca = from_secrets["ca"]
        assert {"name": ca["name"], "key": ca["key"]} == KAFKA_CA_SECRET, "the pods' CA"
    else:
        assert "ca" not in from_secrets


def test_every_lattice_pod_starts_from_deny_all_network_policy(manifests: list[Manifest]) -> None:
    deny = one(manifests, "NetworkPolicy", "lattice-default-deny")["spec"]
    assert deny["podSelector"] == {}
    assert sorted(deny["policyTypes"]) == ["Egress", "Ingress"]
    assert "ingress" not in deny
    assert "egress" not in deny


def test_no_network_policy_lets_one_service_call_another(manifests: list[Manifest]) -> None:
    for policy in (m for m in manifests if m["kind"] == "NetworkPolicy"):
        for rule in policy["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                labels = peer.get("podSelector", {}).get("matchLabels", {})
                assert labels.get("app.kubernetes.io/component") != "service", policy["metadata"]


def test_the_console_runs_unprivileged_without_kafka_or_the_database(
    manifests: list[Manifest],
) -> None:
    deployment = one(manifests, "Deployment", "lattice-console")
    pod = deployment["spec"]["template"]["spec"]
    container = main_container(deployment)
    assert container["command"] == ["lattice-console", "serve"]
    assert re.search(r"(^|/)lattice-console[:@]", container["image"]), container["image"]
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["automountServiceAccountToken"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert "lattice.io/kafka-client" not in labels
    assert "lattice.io/database-client" not in labels
    assert deployment["spec"]["replicas"] == 1, "sessions live in one process's memory"
    settings = one(manifests, "ConfigMap", "lattice-console-settings")["data"]
    for service, port in HTTP_PORTS.items():  # the console calls every service's API
        assert settings[f"LATTICE_{service.upper()}_URL"] == f"http://lattice-{service}:{port}"
    assert not any(name.startswith("CONSOLE_DEV") for name in settings)


def test_the_console_reaches_only_the_services_and_the_identity_provider(
    manifests: list[Manifest],
) -> None:
    policy = one(manifests, "NetworkPolicy", "lattice-console")["spec"]
    assert policy["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "lattice-console"}}
    (to_services, to_provider) = policy["egress"]
    assert to_services["to"] == [
        {"podSelector": {"matchLabels": {
            "app.kubernetes.io/part-of": "lattice", "app.kubernetes.io/component": "service"}}}
    ]  # fmt: skip
    assert to_provider["ports"] == [{"protocol": "TCP", "port": 443}]
    admitted = one(manifests, "NetworkPolicy", "lattice-services-from-console")["spec"]
    (rule,) = admitted["ingress"]
    assert rule["from"] == [
        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "lattice-console"}}}
    ]


def test_prometheus_scrapes_the_metrics_port_with_no_token(manifests: list[Manifest]) -> None:
    (endpoint,) = one(manifests, "ServiceMonitor", "lattice-services")["spec"]["endpoints"]
    assert endpoint["port"] == "metrics"
    assert endpoint["path"] == "/metrics"
    assert not {"authorization", "bearerTokenSecret", "bearerTokenFile"} & set(endpoint)
    assert not [m for m in manifests if "metrics-token" in m["metadata"]["name"]]


def test_only_the_monitoring_namespace_reaches_the_metrics_port(manifests: list[Manifest]) -> None:
    """The metrics port needs no token, so the network is its only guard."""
    reaching = [
        (peer, policy["metadata"]["name"])
        for policy in manifests
        if policy["kind"] == "NetworkPolicy"
        for rule in policy["spec"].get("ingress", [])
        if any(p.get("port") in ("metrics", METRICS_PORT) for p in rule.get("ports", []))
        or not rule.get("ports")
        for peer in rule.get("from", [{}])
    ]
    monitoring = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}
    }
    assert reaching == [(monitoring, "lattice-services-metrics")]


# ------------------------------------------------------------------------------ autoscaling


def partitions(manifests: list[Manifest], topic: str) -> int:
    (kafka_topic,) = [
        m for m in manifests if m["kind"] == "KafkaTopic" and m["spec"]["topicName"] == topic
    ]
    return int(kafka_topic["spec"]["partitions"])


def test_notifier_scales_on_lag_up_to_the_partition_count(manifests: list[Manifest]) -> None:
    scaled = one(manifests, "ScaledObject", "lattice-notifier")["spec"]
    assert scaled["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "lattice-notifier",
    }
    triggers = scaled["triggers"]
    assert triggers
    assert {t["type"] for t in triggers} == {"kafka"}
    for trigger in triggers:
        metadata = trigger["metadata"]
        assert metadata["allowIdleConsumers"] == "false"
        assert metadata["bootstrapServers"] == config(manifests)["KAFKA_BOOTSTRAP_SERVERS"]
        assert scaled["maxReplicaCount"] == partitions(manifests, metadata["topic"])
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"]
    assert "replicas" not in one(manifests, "Deployment", "lattice-notifier")["spec"], (
        "KEDA owns the notifier's replica count"
    )


def test_notifier_lag_triggers_watch_a_consumer_group_the_notifier_runs(
    manifests: list[Manifest],
) -> None:
    try:
        bootstrap = importlib.import_module("lattice_notifier.bootstrap")
        settings_module = importlib.import_module("lattice_notifier.settings")
    except ModuleNotFoundError as missing:
        pytest.skip(f"the notifier service is not built yet: {missing}")
    runtime, _ = bootstrap.build(settings_module.NotifierSettings())
    shared_groups = {
        f"lattice.notifier.{spec.name}": {s.topic.name for s in spec.subscriptions}
        for spec in runtime.consumer_specs
        if not spec.broadcast
    }
    for trigger in one(manifests, "ScaledObject", "lattice-notifier")["spec"]["triggers"]:
        group, topic = trigger["metadata"]["consumerGroup"], trigger["metadata"]["topic"]
        assert group in shared_groups, f"{group} is not one of {sorted(shared_groups)}"
        assert topic in shared_groups[group]


# ------------------------------------------------------------------------------ examples

EXAMPLES = ROOT / "deploy" / "examples"
OPENAPI = ROOT / "docs" / "openapi"


def examples() -> list[Manifest]:
    return [
        m for path in sorted(EXAMPLES.glob("*.yaml")) for m in yaml.safe_load_all(path.read_text())
    ]


def test_every_example_is_valid_for_kubernetes_or_against_its_crd_schema() -> None:
    found = examples()
    assert {m["kind"] for m in found} == {"KafkaUser", "HTTPRoute", "NetworkPolicy"}
    for manifest in found:
        if is_custom(manifest):
            schema = CRDS[(manifest["apiVersion"], manifest["kind"])]
            jsonschema.validate(manifest, schema, cls=jsonschema.Draft202012Validator)
        else:
            kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
    route = next(m for m in found if m["kind"] == "HTTPRoute")
    rule = route["spec"]["rules"][0]
    misspelt = {**route, "spec": {**route["spec"], "rules": [{**rule, "backendRef": []}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(misspelt, CRDS[("gateway.networking.k8s.io/v1", "HTTPRoute")])


def test_the_feed_consumer_may_only_read_the_feed_in_a_consumer_group_of_its_own() -> None:
    [user] = [m for m in examples() if m["kind"] == "KafkaUser"]
    assert user["spec"]["authentication"]["type"] in ("scram-sha-512", "tls")
    granted = {
        (rule["resource"]["type"], rule["resource"]["name"], rule["resource"]["patternType"], op)
        for rule in user["spec"]["authorization"]["acls"]
        for op in rule["operations"]
    }
    groups = {name for kind, name, _, _ in granted if kind == "group"}
    assert granted == {
        ("topic", OPPORTUNITIES.name, "literal", "Read"),
        ("topic", OPPORTUNITIES.name, "literal", "Describe"),
        *{("group", group, "literal", "Read") for group in groups},
    }
    [group] = groups
    assert not group.startswith("lattice."), "a Lattice service's group: offsets would be shared"


def _routed(route: Manifest, path: str) -> bool:
    for rule in route["spec"]["rules"]:
        for match in rule["matches"]:
            kind, value = match["path"]["type"], match["path"]["value"]
            prefix = kind == "PathPrefix" and path.startswith(value.rstrip("/") + "/")
            if path == value or prefix:
                return True
    return False


@pytest.mark.parametrize("service", SERVICES)
def test_the_gateway_routes_every_api_path_of_a_service_to_it_and_no_health_path(
    service: str,
) -> None:
    base = render_overlay.render(KUBERNETES / "overlays" / "prod")
    served = one(base, "Service", f"lattice-{service}")
    [route] = [
        m
        for m in examples()
        if m["kind"] == "HTTPRoute" and m["metadata"]["name"] == served["metadata"]["name"]
    ]
    backends = [ref for rule in route["spec"]["rules"] for ref in rule["backendRefs"]]
    assert backends == [{"name": served["metadata"]["name"], "port": HTTP_PORTS[service]}]
    assert HTTP_PORTS[service] in {port["port"] for port in served["spec"]["ports"]}
    paths = json.loads((OPENAPI / f"{service}.json").read_text())["paths"]
    for path in [*paths, "/openapi.json"]:
        assert _routed(route, path) != path.startswith("/health/"), path
    [policy] = [m for m in examples() if m["kind"] == "NetworkPolicy"]
    selected = policy["spec"]["podSelector"]["matchLabels"]
    pod_labels = one(base, "Deployment", f"lattice-{service}")["spec"]["template"]["metadata"]
    assert selected.items() <= pod_labels["labels"].items()
