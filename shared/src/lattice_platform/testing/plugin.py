"""pytest plugin (loaded from the root configuration): real infrastructure for tests.

Kafka: ``KAFKA_BOOTSTRAP_SERVERS`` when set; else an ``apache/kafka`` testcontainer when a Docker
daemon answers; else an embedded Tansu broker. PostgreSQL: ``DATABASE_URL`` when set; else a
``postgres`` testcontainer when Docker answers; else embedded PostgreSQL. Each test gets its own
database and its own topic prefix, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from lattice_platform.auth import SigningKey
from lattice_platform.infra import EmbeddedBroker, EmbeddedPostgres, docker_available
from lattice_platform.messaging.kafka import ensure_topics
from lattice_platform.settings import ServiceSettings

Settings = TypeVar("Settings", bound=ServiceSettings)


@dataclass
class Infrastructure:
    bootstrap_servers: str
    database_url: str
    broker: EmbeddedBroker | None = None


@pytest.fixture(scope="session")
def infrastructure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infrastructure]:
    cleanups: list[Any] = []
    use_docker = None

    def docker() -> bool:
        nonlocal use_docker
        if use_docker is None:
            use_docker = docker_available()
        return use_docker

    broker = None
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if not bootstrap and docker():
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
        embedded = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "data").start()
        cleanups.append(embedded.stop)
        database_url = embedded.database_url
    try:
        yield Infrastructure(bootstrap, database_url, broker)
    finally:
        for cleanup in reversed(cleanups):
            cleanup()


def database_named(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
async def database_url(infrastructure: Infrastructure) -> AsyncIterator[str]:
    """A fresh, empty database for this test."""
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
        "KAFKA_BOOTSTRAP_SERVERS": infrastructure.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": topic_prefix,
        "KAFKA_PARTITIONS": "3",
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "300",
        "KAFKA_FETCH_MAX_WAIT_MS": str(EmbeddedBroker.FETCH_MAX_WAIT_MS),
        "OUTBOX_POLL_INTERVAL_S": "0.2",
        "HANDLER_ATTEMPTS": "3",
        "JWT_PUBLIC_KEY": signing_key.public_pem,
        "LOG_JSON": "false",
        "LOG_LEVEL": "WARNING",
        "SHUTDOWN_GRACE_S": "5",
    }


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
