"""Personal data on the real broker and database: erasure holds against later HRIS records (topic,
webhook) and a replay of the whole HRIS topic; the HRIS topics keep records for a bounded time."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from lattice_devstack.infra import free_port, wait_until
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_devstack.testing.plugin import bearer
from lattice_platform import db
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import EmployeeStatus, SkillSource
from lattice_platform.contracts.envelope import encode
from lattice_platform.contracts.topics import EMPLOYEES, HRIS_INBOUND, LEARNING_TOPIC
from lattice_platform.messaging import kafka
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.skills import load_taxonomy
from lattice_profile.bootstrap import build_runtime
from lattice_profile.entrypoints.consumers import subscriptions
from lattice_profile.settings import ProfileSettings
from profile_testkit import WEBHOOK_SECRET, RunningProfile, hris_record, signed_push
from prometheus_client import REGISTRY

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
LEFT_ON = date(2026, 2, 28)
NAME = "Ana Silva"


@dataclass
class Profile:
    """A running profile service, in this process or not: its HTTP client, settings, database."""

    client: httpx.AsyncClient
    settings: ProfileSettings
    pool: asyncpg.Pool

    async def row(self, employee_id: str) -> dict[str, object] | None:
        async with self.pool.acquire() as conn:
            row = await conn.fetchrow("SELECT * FROM employees WHERE employee_id = $1", employee_id)
        return None if row is None else dict(row)

    async def handled(self, event_id: str, consumer: str = "profile.inbound") -> bool:
        async with self.pool.acquire() as conn:
            return bool(
                await conn.fetchval(
                    "SELECT true FROM inbox WHERE consumer = $1 AND event_id = $2",
                    consumer,
                    event_id,
                )
            )


@pytest.fixture
def profile(profile: RunningProfile) -> Profile:
    """The conftest's service in this process, seen like one in a process of its own."""
    return Profile(profile.client, profile.settings, profile.runtime.pool)


async def hired_left_and_erased(profile: Profile, signing_key: SigningKey) -> str:
    """E1 hired and terminated through the HRIS topic, then erased by HR; the topic's name."""
    hris = profile.settings.kafka_topic_prefix + HRIS_INBOUND.name
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, hris_record("E1", change="hired", effective_at=T0, name=NAME))
        await writer.event(
            hris,
            wire.HrisEmployeeTerminated(
                hris_id="E1", left_on=LEFT_ON, effective_at=T0 + timedelta(days=58)
            ),
            event_id="terminated",
        )
    await wait_until(lambda: profile.handled("terminated"), 20)
    hr = bearer(signing_key.mint("user-H1", (Role.EMPLOYEE, Role.HR), employee_id="H1"))
    erased = await profile.client.post("/v1/employees/E1/erasure", headers=hr)
    assert erased.status_code == 200, erased.text
    return hris


async def assert_still_erased(profile: Profile) -> None:
    row = await profile.row("E1")
    assert row is not None
    assert (row["name"], row["work_email"], row["status"]) == (None, None, "left")
    assert row["erased_at"] is not None


def ignored_records() -> float:
    return REGISTRY.get_sample_value("lattice_profile_hris_records_for_erased_total") or 0.0


def nightly_sync(days_after_erasure: int) -> wire.HrisEmployeeRecord:
    """What a nightly HRIS sync sends about a leaver: the whole record, name and email included."""
    return hris_record(
        "E1",
        effective_at=T0 + timedelta(days=60 + days_after_erasure),
        status=EmployeeStatus.LEFT,
        name=NAME,
    )


async def test_an_hris_record_on_the_topic_after_erasure_is_acknowledged_and_restores_nothing(
    profile: Profile, signing_key: SigningKey
) -> None:
    hris = await hired_left_and_erased(profile, signing_key)
    ignored_before = ignored_records()
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, nightly_sync(1), event_id="nightly")
        await writer.event(
            hris,
            hris_record("E1", effective_at=T0 + timedelta(days=62), name=NAME),
            event_id="back-as-before",
        )
    await wait_until(lambda: profile.handled("back-as-before"), 20)
    await wait_until(lambda: profile.handled("nightly"), 5)
    await assert_still_erased(profile)
    assert ignored_records() - ignored_before == 2


async def test_an_hris_push_after_erasure_is_answered_not_applied_and_restores_nothing(
    profile: Profile, signing_key: SigningKey
) -> None:
    await hired_left_and_erased(profile, signing_key)
    body, headers = signed_push(nightly_sync(1))
    response = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"employee_id": "E1", "applied": False}
    await assert_still_erased(profile)


async def test_a_rehire_after_the_departure_starts_a_new_profile_for_an_erased_person(
    profile: Profile, signing_key: SigningKey
) -> None:
    await hired_left_and_erased(profile, signing_key)
    rehire = hris_record("E1", change="hired", effective_at=T0 + timedelta(days=200), name=NAME)
    rehire = rehire.model_copy(
        update={"hire_date": date(2026, 7, 1), "role_start_date": date(2026, 7, 1)}
    )
    body, headers = signed_push(rehire)
    response = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert response.json() == {"employee_id": "E1", "applied": True}
    row = await profile.row("E1")
    assert row is not None
    assert (row["name"], row["status"], row["erased_at"], row["skills"]) == (
        NAME,
        "active",
        None,
        "[]",
    )


async def test_a_new_consumer_group_replaying_the_hris_topic_restores_nothing_after_erasure(
    profile: Profile, signing_key: SigningKey
) -> None:
    hris = await hired_left_and_erased(profile, signing_key)
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, nightly_sync(1), event_id="nightly")
    await wait_until(lambda: profile.handled("nightly"), 20)

    # The same handlers under another group and inbox name: every record is handled again,
    # from the hire that carried the name onwards.
    replaying = Runtime(
        settings=profile.settings,
        migrations=build_runtime(profile.settings).migrations,
        consumer_specs=[ConsumerSpec("replay", subscriptions(profile.settings, load_taxonomy()))],
    )
    async with replaying.running():
        await wait_until(lambda: profile.handled("nightly", consumer="profile.replay"), 30)
        await wait_until(lambda: profile.handled("terminated", consumer="profile.replay"), 5)
    await assert_still_erased(profile)


async def test_erasure_reaches_the_employees_topic_as_an_erased_snapshot_without_skills_or_manager(
    profile: Profile, signing_key: SigningKey
) -> None:
    hris = profile.settings.kafka_topic_prefix + HRIS_INBOUND.name
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(
            hris, hris_record("E1", change="hired", effective_at=T0, name=NAME), event_id="hired"
        )
        await wait_until(lambda: profile.handled("hired"), 20)
        await writer.event(
            profile.settings.kafka_topic_prefix + LEARNING_TOPIC.name,
            wire.SkillAcquired(
                employee_id="E1",
                skill_id="kubernetes",
                level=3,
                previous_level=None,
                source=SkillSource.LEARNING,
                evidence="course-k8s-101",
                acquired_at=T0 + timedelta(days=5),
            ),
            event_id="learned",
        )
    await wait_until(lambda: profile.handled("learned"), 20)
    await hired_left_and_erased(profile, signing_key)
    async with TopicReader(
        profile.settings.kafka_bootstrap_servers,
        profile.settings.kafka_topic_prefix + EMPLOYEES.name,
    ) as reader:
        records = await reader.read_until(
            lambda rs: any(
                isinstance(e.event, wire.EmployeeUpserted)
                and e.event.changed_at > T0 + timedelta(days=58)
                for e in decoded(EMPLOYEES, rs)
            )
        )
    snapshots = [
        e.event for e in decoded(EMPLOYEES, records) if isinstance(e.event, wire.EmployeeUpserted)
    ]
    assert any(s.skills for s in snapshots), "the learned skill was published before the erasure"
    *before, last = snapshots
    assert (last.skills, last.manager_id, last.discoverable, last.status, last.erased) == (
        (),
        None,
        False,
        EmployeeStatus.LEFT,
        True,
    )
    assert not any(s.erased for s in before), "only the erasure's snapshot says so"


async def test_the_service_creates_the_hris_topic_and_its_dead_letters_to_keep_seven_days(
    profile: Profile,
) -> None:
    # Tansu stores and reports topic configs but enforces no retention: this checks what the
    # service asks of the broker, which Kafka enforces.
    prefix = profile.settings.kafka_topic_prefix
    admin = AIOKafkaAdminClient(**kafka.connection(profile.settings))
    await admin.start()
    try:
        [response] = await admin.describe_configs(
            [
                ConfigResource(ConfigResourceType.TOPIC, prefix + name)
                for name in (HRIS_INBOUND.name, HRIS_INBOUND.dead_letter)
            ]
        )
    finally:
        await admin.close()
    configs = {
        resource[3]: {entry[0]: entry[1] for entry in resource[4]}
        for resource in response.resources
    }
    seven_days = str(7 * 24 * 3600 * 1000)
    for name in (HRIS_INBOUND.name, HRIS_INBOUND.dead_letter):
        assert configs[prefix + name]["retention.ms"] == seven_days, name
        assert configs[prefix + name]["cleanup.policy"] == "delete", name


async def test_the_service_logs_no_name_or_email_of_an_erased_person_on_any_path_in(
    profile_settings: ProfileSettings,
    service_environment: dict[str, str],
    signing_key: SigningKey,
    tmp_path: Path,
) -> None:
    """The real process at debug level: hire, leave, erasure; then a nightly sync on the topic, a
    push, a malformed record and a CSV import, all about the erased person."""
    port = free_port()
    environment = {
        **os.environ,
        **service_environment,
        "LATTICE_PROFILE_HRIS_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HTTP_PORT": str(port),
        "LOG_LEVEL": "DEBUG",
        "LOG_JSON": "true",
    }
    log_file = tmp_path / "profile.log"
    with log_file.open("wb") as log:
        service = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "lattice_profile", "serve", env=environment, stderr=log
        )
        try:
            async with (
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client,
                db.open_pool(
                    profile_settings.database_url.get_secret_value(),
                    profile_settings.db_schema,
                    1,
                    2,
                ) as pool,
            ):
                await wait_until(lambda: _ready(client), 60)
                profile = Profile(client, profile_settings, pool)
                await _every_path_in_after_erasure(profile, signing_key, tmp_path, environment)
        finally:
            service.send_signal(signal.SIGTERM)
            await asyncio.wait_for(service.wait(), 60)
    logged = log_file.read_text() + (tmp_path / "import.log").read_text()
    assert '"service.started"' in logged, "the service's logs were captured"
    assert '"consumer.dead_lettered"' in logged
    assert "1 ignored (the employee was erased)" in logged
    for personal in (NAME, "Silva", "e1@example.com"):
        assert personal not in logged


async def _ready(client: httpx.AsyncClient) -> bool:
    try:
        return (await client.get("/health/ready")).status_code == 200
    except httpx.TransportError:
        return False


async def _every_path_in_after_erasure(
    profile: Profile, signing_key: SigningKey, tmp_path: Path, environment: dict[str, str]
) -> None:
    hris = await hired_left_and_erased(profile, signing_key)
    malformed = encode(nightly_sync(2), source="/hris")
    broken = json.loads(malformed.value)
    broken["grade"] = "senior"
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, nightly_sync(1), event_id="nightly")
        await writer.raw(hris, json.dumps(broken).encode(), key=b"E1", headers=malformed.headers)
    body, headers = signed_push(nightly_sync(3))
    pushed = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert pushed.json() == {"employee_id": "E1", "applied": False}
    export = tmp_path / "employees.csv"
    export.write_text(
        "employee_id,name,work_email,role_id,grade,track,department,location,manager_id,"
        "hire_date,role_start_date,status,effective_at\n"
        f"E1,{NAME},e1@example.com,swe-2,5,individual_contributor,engineering,lisbon,M1,"
        "2022-03-01,2024-05-01,left,2026-03-20T09:00:00Z\n"
    )
    with (tmp_path / "import.log").open("wb") as log:
        imported = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "lattice_profile", "import-employees", str(export)],
            env=environment,
            stderr=log,
            check=False,
            timeout=120,
        )
    assert imported.returncode == 0
    await wait_until(lambda: profile.handled("nightly"), 20)
    async with TopicReader(
        profile.settings.kafka_bootstrap_servers,
        profile.settings.kafka_topic_prefix + HRIS_INBOUND.dead_letter,
    ) as reader:
        await reader.read_at_least(1, timeout_s=20)
    await assert_still_erased(profile)
