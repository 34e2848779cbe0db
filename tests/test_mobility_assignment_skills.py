"""Use it, don't lose it, across services on the real broker and PostgreSQL: a candidate placed
in a temporary assignment (openings) has its required skills recorded as used on the day the
assignment ends (profile), through the profile's own events. The HTTP calls go through the
generated client (lattice_client), as an integrator's would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from lattice_client import answer
from lattice_client import openings as openings_api
from lattice_client import profile as profile_api
from lattice_client.openings.api.applications import (
    accept_offer,
    approve_release,
    offer_opening,
    release_requests,
)
from lattice_client.openings.api.openings import create_opening, open_opening
from lattice_client.openings.models import OpeningIn
from lattice_client.profile.api.profile import my_profile, put_my_skill
from lattice_client.profile.models import SkillIn
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_devstack.testing.plugin import serving, settings_for
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


def _transport(app: FastAPI) -> dict[str, Any]:
    """The served app in this process, reached as over the network."""
    return {"transport": httpx.ASGITransport(app=app)}


async def test_an_assignment_that_ends_records_its_skills_as_used_in_the_profile(
    service_environment: dict[str, str], signing_key: SigningKey
) -> None:
    def token(employee_id: str, *roles: Role) -> str:
        return signing_key.mint(employee_id, roles, employee_id=employee_id)

    openings_settings = settings_for(
        OpeningsSettings, service_environment, dev_clock=True, deadline_check_interval_s=0.5
    )
    profile_settings = settings_for(ProfileSettings, service_environment)
    openings_runtime, openings_app = build_openings(openings_settings)
    _, profile_app = build_profile(profile_settings)

    def profile_as(employee_id: str) -> profile_api.AuthenticatedClient:
        return profile_api.AuthenticatedClient(
            "http://profile", token(employee_id, Role.EMPLOYEE), httpx_args=_transport(profile_app)
        )

    def openings_as(employee_id: str, *roles: Role) -> openings_api.AuthenticatedClient:
        return openings_api.AuthenticatedClient(
            "http://openings", token(employee_id, *roles), httpx_args=_transport(openings_app)
        )

    ben_in_profile = profile_as("E-BEN")
    ben = openings_as("E-BEN", Role.EMPLOYEE)
    boss = openings_as("E-BOSS", Role.EMPLOYEE, Role.MANAGER)
    marta = openings_as("E-MARTA", Role.EMPLOYEE, Role.MANAGER)
    async with serving(profile_app), serving(openings_app), ben_in_profile, ben, boss, marta:
        await _send(openings_settings, HRIS_INBOUND, _hire("E-BEN", "E-BOSS"))
        await wait_until(lambda: _is_hired(ben_in_profile), 20)
        skill = SkillIn(skill="kubernetes", level=3, last_used_on=LONG_AGO)
        answer(await put_my_skill.asyncio(client=ben_in_profile, body=skill))
        await _row_exists(openings_runtime, "SELECT 1 FROM employees WHERE employee_id = 'E-BEN'")

        starts = datetime.now(UTC).date() + timedelta(days=3)
        ends = starts + timedelta(days=10)
        body = OpeningIn.from_dict(
            {
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
        )
        opening = answer(await create_opening.asyncio(client=marta, body=body)).opening_id
        answer(await open_opening.asyncio(opening, client=marta))
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
        answer(await offer_opening.asyncio(opening, "E-BEN", client=marta))
        (request,) = answer(await release_requests.asyncio(client=boss)).items
        answer(await approve_release.asyncio(request.request_id, client=boss))
        answer(await accept_offer.asyncio(opening, client=ben))

        openings_app.state.context.clock.advance(timedelta(days=20))

        async def used_on_the_last_day() -> bool:
            me = answer(await my_profile.asyncio(client=ben_in_profile))
            used = {s.skill_id: s.last_used_on for s in me.skills}
            return used.get("kubernetes") == ends

        await wait_until(used_on_the_last_day, 20)


async def _is_hired(profile: profile_api.AuthenticatedClient) -> bool:
    return (await my_profile.asyncio_detailed(client=profile)).status_code == 200
