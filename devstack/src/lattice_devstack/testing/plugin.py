"""pytest plugin (loaded from the root configuration): real infrastructure for tests.

Kafka: ``KAFKA_BOOTSTRAP_SERVERS`` when set; else Apache Kafka on loopback (Maven's jars, no
Docker) when ``LATTICE_KAFKA=apache``; else Tansu when ``LATTICE_KAFKA=tansu``; with neither, an
``apache/kafka`` testcontainer when a Docker daemon answers, else an embedded Tansu broker.
PostgreSQL: ``DATABASE_URL`` when set; else a ``postgres`` testcontainer when Docker answers; else
embedded PostgreSQL. Each test gets its own database and its own topic prefix, so tests never see
each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from lattice_platform.auth import Role, SigningKey
from lattice_platform.messaging.kafka import ensure_topics
from lattice_platform.settings import ServiceSettings

from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.infra import EmbeddedBroker, EmbeddedPostgres, docker_available

Settings = TypeVar("Settings", bound=ServiceSettings)


BROKER_KINDS = ("apache", "tansu")


def broker_kind() -> str | None:
    """The broker ``LATTICE_KAFKA`` asks for, if any."""
    kind = os.environ.get("LATTICE_KAFKA", "").strip().lower() or None
    if kind is not None and kind not in BROKER_KINDS:
        raise pytest.UsageError(f"LATTICE_KAFKA={kind!r}: expected one of {BROKER_KINDS}")
    return kind


@dataclass
class Infrastructure:
    bootstrap_servers: str
    database_url: str
    broker: EmbeddedBroker | ApacheKafka | None = None

    @property
    def tansu(self) -> bool:
        """Whether the broker is Tansu (no idempotent producer; its own fetch timing)."""
        return isinstance(self.broker, EmbeddedBroker)

    @property
    def kafka_environment(self) -> dict[str, str]:
        """How a client reaches this broker and what suits it: Tansu, or else Apache Kafka
        (on loopback, a container, or the one configured)."""
        kind = EmbeddedBroker if self.tansu else ApacheKafka
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "KAFKA_FETCH_MAX_WAIT_MS": str(kind.FETCH_MAX_WAIT_MS),
            "KAFKA_IDEMPOTENCE": str(kind.IDEMPOTENT_PRODUCER).lower(),
        }


@pytest.fixture(scope="session")
def infrastructure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infrastructure]:
    cleanups: list[Any] = []
    use_docker = None

    def docker() -> bool:
        nonlocal use_docker
        if use_docker is None:
            use_docker = docker_available()
        return use_docker

    broker: EmbeddedBroker | ApacheKafka | None = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    kind = broker_kind()
    if not bootstrap and kind == "apache":
        broker = ApacheKafka(directory=tmp_path_factory.mktemp("kafka")).start()
        cleanups.append(broker.stop)
        bootstrap = broker.bootstrap_servers
    if not bootstrap and kind is None and docker():
        from testcontainers.kafka import KafkaContainer  # noqa: PLC0415

        container = KafkaContainer("apache/kafka:3.9.1").with_kraft()
        container.start()
        cleanups.append(container.stop)
        bootstrap = container.get_bootstrap_server()
    if not bootstrap:
        broker = EmbeddedBroker(log_path=tmp_path_factory.mktemp("tansu") / "broker.log").start()
        cleanups.append(broker.stop)
        bootstrap = broker.bootstrap_servers
    database_url = os.environ.get("DATABASE_URL")
    if not database_url and docker():
        from testcontainers.postgres import PostgresContainer  # noqa: PLC0415

        pg_container = PostgresContainer("postgres:17-alpine", driver=None)
        pg_container.start()
        cleanups.append(pg_container.stop)
        database_url = pg_container.get_connection_url()
    if not database_url:
        # Not under pytest's temporary root: each pytest session that starts makes that root
        # private to its own user again, which locks PostgreSQL's user out of a running one.
        embedded = EmbeddedPostgres().start()
        cleanups.append(embedded.stop)
        database_url = embedded.database_url
    try:
        yield Infrastructure(bootstrap, database_url, broker)
    finally:
        for cleanup in reversed(cleanups):
            cleanup()


@pytest.fixture(autouse=True)
def _apache_kafka_only(request: pytest.FixtureRequest) -> None:
    """Skip a test marked ``apache_kafka`` when the session's broker is Tansu."""
    if request.node.get_closest_marker("apache_kafka") is None:
        return
    if request.getfixturevalue("infrastructure").tansu:
        pytest.skip("needs Apache Kafka (Tansu lacks the feature): run with LATTICE_KAFKA=apache")


def database_named(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@asynccontextmanager
async def fresh_database(infrastructure: Infrastructure) -> AsyncIterator[str]:
    """A fresh, empty database, dropped afterwards (for fixtures of a wider scope too)."""
    name = f"lattice_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(infrastructure.database_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield database_named(infrastructure.database_url, name)
    admin = await asyncpg.connect(infrastructure.database_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def database_url(infrastructure: Infrastructure) -> AsyncIterator[str]:
    """A fresh, empty database for this test."""
    async with fresh_database(infrastructure) as url:
        yield url


@pytest.fixture
def topic_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def service_environment(
    infrastructure: Infrastructure, database_url: str, topic_prefix: str, signing_key: SigningKey
) -> dict[str, str]:
    """The environment a service process of this test runs with."""
    return {
        "DATABASE_URL": database_url,
        **infrastructure.kafka_environment,
        "KAFKA_TOPIC_PREFIX": topic_prefix,
        "KAFKA_PARTITIONS": "3",
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "300",
        "OUTBOX_POLL_INTERVAL_S": "0.2",
        "HANDLER_ATTEMPTS": "3",
        "JWT_PUBLIC_KEY": signing_key.public_pem,
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        "SHUTDOWN_GRACE_S": "5",
    }


@pytest.fixture
def spare_broker(
    infrastructure: Infrastructure, tmp_path: Path
) -> Iterator[EmbeddedBroker | ApacheKafka]:
    """A broker of the session's kind, not started: a test of its own starts and stops it."""
    broker = EmbeddedBroker() if infrastructure.tansu else ApacheKafka(directory=tmp_path / "kafka")
    yield broker
    broker.stop()


@pytest.fixture
def platform_settings(service_environment: dict[str, str]) -> ServiceSettings:
    return settings_for(ServiceSettings, service_environment, service_name="testsvc")


def settings_for(cls: type[Settings], environment: dict[str, str], **overrides: Any) -> Settings:
    """Build a settings object from an environment mapping, as the service would from os.environ."""
    return cls.model_validate({**{k.lower(): v for k, v in environment.items()}, **overrides})


@pytest.fixture
async def topics(platform_settings: ServiceSettings) -> ServiceSettings:
    """Create every topic of the catalogue under this test's prefix."""
    await ensure_topics(platform_settings)
    return platform_settings


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run a service in this process (lifespan included: migrations, relay, consumers) and give
    an HTTP client for it."""
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://service"
        ) as client,
    ):
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in(key: SigningKey, *roles: Role, employee_id: str | None = None) -> dict[str, str]:
    """Headers of a caller holding ``roles``: a person when ``employee_id`` is given, else a
    client named after its roles."""
    subject = employee_id or "svc-" + "-".join(r.value for r in roles)
    return bearer(key.mint(subject, list(roles), employee_id=employee_id))
