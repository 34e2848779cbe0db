"""Use it, don't lose it, across services on the real broker and PostgreSQL: a candidate placed
in a temporary assignment (openings) has its required skills recorded as used on the day the
assignment ends (profile), through the profile's own events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_devstack.testing.plugin import bearer, serving, settings_for
from lattice_openings.bootstrap import build as build_openings
from lattice_openings.settings import OpeningsSettings
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.topics import FEED_ACTIONS, HRIS_INBOUND, Topic
from lattice_platform.runtime import Runtime
from lattice_profile.bootstrap import build as build_profile
from lattice_profile.settings import ProfileSettings

LONG_AGO = date(2025, 1, 15)


def _hire(employee_id: str, manager_id: str) -> ev.HrisEmployeeRecord:
    return ev.HrisEmployeeRecord(
        hris_id=employee_id,
        change="hired",
        name="Ben Ito",
        work_email=f"{employee_id.lower()}@example.com",
        role_id="swe-2",
        grade=5,
        track="individual_contributor",
        department="engineering",
        location="lisbon",
        manager_hris_id=manager_id,
        hire_date=date(2022, 3, 1),
        role_start_date=date(2024, 5, 1),
        status="active",
        effective_at=datetime(2026, 1, 1, 9, tzinfo=UTC),
    )


async def _send(settings: OpeningsSettings, topic: Topic, event: ev.Event) -> None:
    async with RecordWriter(settings.kafka_bootstrap_servers) as writer:
        await writer.event(settings.kafka_topic_prefix + topic.name, event)


async def _row_exists(runtime: Runtime, sql: str, *args: Any) -> None:
    async def found() -> bool:
        async with runtime.pool.acquire() as conn:
            return bool(await conn.fetchval(sql, *args))

    await wait_until(found, 20)


async def _ok(answer: httpx.Response) -> Any:
    assert answer.is_success, answer.text
    return answer.json()


async def test_an_assignment_that_ends_records_its_skills_as_used_in_the_profile(
    service_environment: dict[str, str], signing_key: SigningKey
) -> None:
    def as_(employee_id: str, *roles: Role) -> dict[str, str]:
        return bearer(signing_key.mint(employee_id, roles, employee_id=employee_id))

    openings_settings = settings_for(
        OpeningsSettings, service_environment, dev_clock=True, deadline_check_interval_s=0.5
    )
    profile_settings = settings_for(ProfileSettings, service_environment)
    openings_runtime, openings_app = build_openings(openings_settings)
    _, profile_app = build_profile(profile_settings)
    ben, boss, marta = (
        as_("E-BEN", Role.EMPLOYEE),
        as_("E-BOSS", Role.EMPLOYEE, Role.MANAGER),
        as_("E-MARTA", Role.EMPLOYEE, Role.MANAGER),
    )
    async with serving(profile_app) as profile, serving(openings_app) as openings:
        await _send(openings_settings, HRIS_INBOUND, _hire("E-BEN", "E-BOSS"))
        await wait_until(lambda: _is_hired(profile, ben), 20)
        await _ok(
            await profile.put(
                "/v1/me/skills",
                json={"skill": "kubernetes", "level": 3, "last_used_on": LONG_AGO.isoformat()},
                headers=ben,
            )
        )
        await _row_exists(openings_runtime, "SELECT 1 FROM employees WHERE employee_id = 'E-BEN'")

        starts = datetime.now(UTC).date() + timedelta(days=3)
        ends = starts + timedelta(days=10)
        body = {
            "title": "Platform secondment",
            "kind": "temporary",
            "temporary_kind": "secondment",
            "department": "platform",
            "grade": 6,
            "track": "individual_contributor",
            "starts_on": starts.isoformat(),
            "ends_on": ends.isoformat(),
            "required_skills": [{"skill_id": "kubernetes", "level": 3}],
            "remote": True,
        }
        opening = (await _ok(await openings.post("/v1/openings", json=body, headers=marta)))[
            "opening_id"
        ]
        await _ok(await openings.post(f"/v1/openings/{opening}/open", headers=marta))
        interest = ev.InterestExpressed(
            employee_id="E-BEN",
            opening_id=opening,
            opportunity_id=None,
            note=None,
            explanation=ev.Explanation(
                mobility_type="temporary",
                score=0.9,
                threshold=0.6,
                matched_skills=(),
                missing_skills=(),
                optional_matched=(),
                reasons=(),
            ),
            expressed_at=datetime.now(UTC),
        )
        await _send(openings_settings, FEED_ACTIONS, interest)
        await _row_exists(openings_runtime, "SELECT 1 FROM applications")
        candidate = f"/v1/openings/{opening}/candidates/E-BEN"
        await _ok(await openings.post(f"{candidate}/offer", headers=marta))
        (request,) = (await _ok(await openings.get("/v1/release-requests", headers=boss)))["items"]
        await _ok(
            await openings.post(
                f"/v1/release-requests/{request['request_id']}/approve", headers=boss
            )
        )
        await _ok(await openings.post(f"/v1/openings/{opening}/accept", headers=ben))

        openings_app.state.context.clock.advance(timedelta(days=20))

        async def used_on_the_last_day() -> bool:
            me = await _ok(await profile.get("/v1/me", headers=ben))
            used = {s["skill_id"]: s["last_used_on"] for s in me["skills"]}
            return used.get("kubernetes") == ends.isoformat()

        await wait_until(used_on_the_last_day, 20)


async def _is_hired(profile: httpx.AsyncClient, headers: dict[str, str]) -> bool:
    return (await profile.get("/v1/me", headers=headers)).status_code == 200
