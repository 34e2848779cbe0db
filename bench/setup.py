"""What the notifier benchmarks share: the embedded broker and PostgreSQL, a fresh database, the
notifier's settings, and its read model seeded with the organisation by COPY (setup, not
measured; in production it is rebuilt from events)."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.compiled import compiled_notifier
from lattice_devstack.infra import EmbeddedBroker, EmbeddedPostgres, free_port
from lattice_notifier.adapters.repository import (
    _EMPLOYEE_COLUMNS,  # the bench writes rows exactly as the repository does
    _employee_values,
)
from lattice_notifier.bootstrap import build
from lattice_notifier.domain.model import Employee
from lattice_notifier.settings import NotifierSettings
from lattice_platform.auth import SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.db import load_migrations, migrate, platform_migrations
from lattice_platform.heap import LongLivedHeap

from bench.organisation import Organisation, organisation


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def copy_employees(conn: asyncpg.Connection, employees: list[Employee]) -> None:
    """Bulk load of the read model's employees: COPY rather than one statement per row, its
    rows made as they are sent (at 1M employees, a list of the skills' rows took gigabytes)."""
    await conn.copy_records_to_table(
        "employees",
        records=(_employee_values(e) for e in employees),
        columns=[c.strip() for c in _EMPLOYEE_COLUMNS.split(",")],
    )
    await conn.copy_records_to_table(
        "employee_skills",
        records=(
            (e.employee_id, skill_id, s.level, s.last_used_on, s.acquired_on)
            for e in employees
            for skill_id, s in e.skills.items()
        ),
        columns=["employee_id", "skill_id", "level", "last_used_on", "acquired_on"],
    )


async def copy_openings(
    conn: asyncpg.Connection, openings: list[ev.OpeningDetails], at: datetime
) -> None:
    """Bulk load of the read model's open openings, each as of ``at``."""
    await conn.copy_records_to_table(
        "openings",
        records=[(d.opening_id, "open", d.model_dump_json(), at) for d in openings],
        columns=["opening_id", "status", "details", "version_at"],
    )


async def seed(settings: NotifierSettings, org: Organisation) -> None:
    runtime, _ = build(settings)
    await runtime.migrate()
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        await conn.execute("SET search_path TO notifier")
        async with conn.transaction():
            await copy_employees(conn, org.employees)
            await copy_openings(conn, org.openings, datetime(2026, 1, 1, tzinfo=UTC))
        # Vacuumed now, not by autovacuum in the middle of a measurement: a table just loaded
        # by COPY is due for a vacuum (of every page) within the minute.
        await conn.execute("VACUUM (ANALYZE) employees, employee_skills, openings")
    finally:
        await conn.close()


PARTITIONS = 6


def organisation_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--skills", type=int, default=2_000)
    parser.add_argument(
        "--kafka",
        choices=("tansu", "apache"),
        default=os.environ.get("LATTICE_KAFKA") or "tansu",
        help="the broker: embedded Tansu, or one Apache Kafka node (default: LATTICE_KAFKA)",
    )


def imported_index(env: dict[str, str]) -> str:
    """The file a replica started with ``env`` imports the matching index from (the sources, or
    a compiled build's extension module)."""
    return subprocess.run(
        [sys.executable, "-c", "import lattice_notifier.domain.index as m; print(m.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def start_broker(kind: str) -> EmbeddedBroker | ApacheKafka:
    """The broker the run asks for; Apache Kafka keeps its data in a temporary directory."""
    if kind == "apache":
        broker: EmbeddedBroker | ApacheKafka = ApacheKafka().start()
    else:
        log = Path(tempfile.gettempdir()) / "notifier-bench-tansu.log"
        broker = EmbeddedBroker(log_path=log).start()
    print(f"broker: {kind} at {broker.bootstrap_servers}")
    return broker


def generated(args: argparse.Namespace, heap: LongLivedHeap | None = None) -> Organisation:
    """The organisation the arguments ask for, its objects kept out of full collections (timings,
    feed watcher): loaded under ``heap``, when given, as the notifier loads its index."""
    print(
        f"organisation: {args.employees:,} employees, {args.openings:,} openings, "
        f"{args.skills:,} skills (Zipf s=1)"
    )
    t0 = time.perf_counter()
    if heap is None:
        org = organisation(args.employees, args.openings, args.skills, PARTITIONS, seed=42)
        gc.collect()
        gc.freeze()
    else:
        with heap.loading():
            org = organisation(args.employees, args.openings, args.skills, PARTITIONS, seed=42)
    print(f"  generated in {time.perf_counter() - t0:.1f}s")
    return org


@dataclass(frozen=True)
class Bench:
    """A seeded notifier database on the embedded broker, and what a notifier replica needs to
    run on it."""

    settings: NotifierSettings
    env: dict[str, str]  # a replica's environment; HTTP_PORT is ``port``
    broker: EmbeddedBroker | ApacheKafka
    pool: asyncpg.Pool  # on the notifier's schema
    keys: SigningKey
    port: int
    prefix: str


@asynccontextmanager
async def seeded(
    org: Organisation, fetch_wait_ms: int, kafka: str = "tansu", domain: str = "sources"
) -> AsyncIterator[Bench]:
    """A fresh database (on ``DATABASE_URL`` when set, else embedded PostgreSQL) holding the
    notifier's read model of ``org``, and the broker ``kafka`` names; all gone afterwards.
    ``domain``: the replicas run the matching domain's sources, or the ``compiled`` build the
    image installs (:mod:`lattice_devstack.compiled`)."""
    domain_path = [str(compiled_notifier())] if domain == "compiled" else []
    broker = start_broker(kafka)
    database = AsyncExitStack()
    database_url = await database.enter_async_context(fresh_database())
    prefix = f"bench{uuid.uuid4().hex[:6]}."
    keys = SigningKey.generate()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_PARTITIONS": str(PARTITIONS),
        "HTTP_PORT": str(port),
        "HTTP_HOST": "127.0.0.1",
        "JWT_PUBLIC_KEY": keys.public_pem,
        "LOG_LEVEL": "WARNING",
        "LOG_JSON": "false",
        "OUTBOX_POLL_INTERVAL_S": "0.5",
        "DB_POOL_MAX": "10",
        "KAFKA_FETCH_MAX_WAIT_MS": str(fetch_wait_ms),
        "KAFKA_IDEMPOTENCE": str(broker.IDEMPOTENT_PRODUCER).lower(),
    }
    if domain_path:
        env["PYTHONPATH"] = os.pathsep.join([*domain_path, *filter(None, [env.get("PYTHONPATH")])])
    print(f"  the replicas' matching index: {imported_index(env)}")
    settings = NotifierSettings(
        **{
            k.lower(): v
            for k, v in env.items()
            if k.isupper()
            and k
            in {
                "DATABASE_URL",
                "KAFKA_BOOTSTRAP_SERVERS",
                "KAFKA_TOPIC_PREFIX",
                "KAFKA_PARTITIONS",
                "JWT_PUBLIC_KEY",
            }
        }
    )
    pool = None
    try:
        t0 = time.perf_counter()
        await seed(settings, org)
        print(f"  read model seeded (COPY) in {time.perf_counter() - t0:.1f}s")
        pool = await asyncpg.create_pool(
            database_url, min_size=1, max_size=2, server_settings={"search_path": "notifier"}
        )
        yield Bench(settings, env, broker, pool, keys, port, prefix)
    finally:
        if pool is not None:
            await pool.close()
        await database.aclose()
        broker.stop()


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    """A new database on ``DATABASE_URL`` when set, else on an embedded PostgreSQL server;
    dropped afterwards."""
    embedded = None
    admin_url = os.environ.get("DATABASE_URL")
    if not admin_url:
        embedded = EmbeddedPostgres().start()
        admin_url = embedded.database_url
    name = f"lattice_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield with_database(admin_url, name)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
        if embedded is not None:
            embedded.stop()


@asynccontextmanager
async def seeded_connections(
    org: Organisation, at: datetime, count: int = 1
) -> AsyncIterator[list[asyncpg.Connection]]:
    """``count`` connections to a fresh database holding the notifier's schema and its read
    model of ``org`` (the openings as of ``at``), vacuumed, each on the notifier's search path:
    what the benchmarks of the handlers alone run on."""
    async with fresh_database() as url, AsyncExitStack() as opened:
        conns = []
        for _ in range(count):
            conn = await asyncpg.connect(url, server_settings={"search_path": "notifier, public"})
            opened.push_async_callback(conn.close)
            conns.append(conn)
        conn = conns[0]
        migrations = load_migrations(resources.files("lattice_notifier") / "migrations")
        await migrate(conn, "notifier", [*platform_migrations(), *migrations])
        async with conn.transaction():
            await copy_employees(conn, org.employees)
            await copy_openings(conn, org.openings, at)
        await conn.execute("VACUUM (ANALYZE) employees, employee_skills, openings")
        yield conns
