"""Erasure holds on the real broker and database: later HRIS records, by topic or webhook, and a
replay of the whole HRIS topic by a new consumer group restore nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import EmployeeStatus
from lattice_platform.contracts.topics import HRIS_INBOUND
from lattice_platform.infra import wait_until
from lattice_platform.runtime import ConsumerSpec, Runtime
from lattice_platform.skills import load_taxonomy
from lattice_platform.testing.kafka import RecordWriter
from lattice_platform.testing.plugin import bearer
from lattice_profile.bootstrap import build_runtime
from lattice_profile.entrypoints.consumers import subscriptions
from profile_testkit import RunningProfile, hris_record, signed_push
from prometheus_client import REGISTRY

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
LEFT_ON = date(2026, 2, 28)
NAME = "Ana Silva"


async def handled(
    profile: RunningProfile, event_id: str, consumer: str = "profile.inbound"
) -> bool:
    async with profile.runtime.pool.acquire() as conn:
        return bool(
            await conn.fetchval(
                "SELECT true FROM inbox WHERE consumer = $1 AND event_id = $2", consumer, event_id
            )
        )


async def hired_left_and_erased(profile: RunningProfile, signing_key: SigningKey) -> str:
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
    await wait_until(lambda: handled(profile, "terminated"), 20)
    hr = bearer(signing_key.mint("user-H1", (Role.EMPLOYEE, Role.HR), employee_id="H1"))
    erased = await profile.client.post("/v1/employees/E1/erasure", headers=hr)
    assert erased.status_code == 200, erased.text
    return hris


async def assert_still_erased(profile: RunningProfile) -> None:
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
    profile: RunningProfile, signing_key: SigningKey
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
    await wait_until(lambda: handled(profile, "back-as-before"), 20)
    await wait_until(lambda: handled(profile, "nightly"), 5)
    await assert_still_erased(profile)
    assert ignored_records() - ignored_before == 2


async def test_an_hris_push_after_erasure_is_answered_not_applied_and_restores_nothing(
    profile: RunningProfile, signing_key: SigningKey
) -> None:
    await hired_left_and_erased(profile, signing_key)
    body, headers = signed_push(nightly_sync(1))
    response = await profile.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"employee_id": "E1", "applied": False}
    await assert_still_erased(profile)


async def test_a_rehire_after_the_departure_starts_a_new_profile_for_an_erased_person(
    profile: RunningProfile, signing_key: SigningKey
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
    profile: RunningProfile, signing_key: SigningKey
) -> None:
    hris = await hired_left_and_erased(profile, signing_key)
    async with RecordWriter(profile.settings.kafka_bootstrap_servers) as writer:
        await writer.event(hris, nightly_sync(1), event_id="nightly")
    await wait_until(lambda: handled(profile, "nightly"), 20)

    # The same handlers under another group and inbox name: every record is handled again,
    # from the hire that carried the name onwards.
    replaying = Runtime(
        settings=profile.settings,
        migrations=build_runtime(profile.settings).migrations,
        consumer_specs=[ConsumerSpec("replay", subscriptions(profile.settings, load_taxonomy()))],
    )
    async with replaying.running():
        await wait_until(lambda: handled(profile, "nightly", consumer="profile.replay"), 30)
        await wait_until(lambda: handled(profile, "terminated", consumer="profile.replay"), 5)
    await assert_still_erased(profile)
