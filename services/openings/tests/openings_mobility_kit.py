"""Helpers of the mobility flows: employees, surfacings and interest sent as the profile service
and the notifier would (built from the contract models), and waiting for openings to hear them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from lattice_devstack.infra import wait_until
from lattice_devstack.testing.events import employee_upserted
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import EMPLOYEES, Topic

CHANGED = datetime(2026, 1, 5, tzinfo=UTC)
EXPLANATION = ev.Explanation(
    mobility_type="temporary",
    score=0.9,
    threshold=0.6,
    matched_skills=(),
    missing_skills=(),
    optional_matched=(),
    reasons=("fits_career_goal",),
)


def secondment(starts_in_days: int = 20, lasts_days: int = 20) -> dict[str, Any]:
    starts = date.today() + timedelta(days=starts_in_days)
    return {
        "title": "Platform secondment",
        "kind": "temporary",
        "temporary_kind": "secondment",
        "department": "platform",
        "grade": 6,
        "track": "individual_contributor",
        "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=lasts_days)).isoformat(),
        "required_skills": [{"skill_id": "kubernetes", "level": 3}],
        "locations": ["lisbon"],
    }


def employee(
    employee_id: str,
    *,
    manager_id: str | None = "E-BOSS",
    discoverable: bool = True,
    hidden_from_manager: bool = False,
) -> ev.EmployeeUpserted:
    return employee_upserted(
        employee_id,
        manager_id=manager_id,
        discoverable=discoverable,
        hidden_from_manager=hidden_from_manager,
        changed_at=CHANGED,
    )


def surfaced(employee_id: str, opening_id: str) -> ev.OpportunitySurfaced:
    return ev.OpportunitySurfaced(
        opportunity_id=f"{employee_id}:{opening_id}:1",
        employee_id=employee_id,
        opening_id=opening_id,
        title="Platform secondment",
        kind="temporary",
        temporary_kind="secondment",
        explanation=EXPLANATION,
        surfaced_at=datetime.now(UTC),
    )


def interest(employee_id: str, opening_id: str, note: str | None = None) -> ev.InterestExpressed:
    return ev.InterestExpressed(
        employee_id=employee_id,
        opening_id=opening_id,
        opportunity_id=f"{employee_id}:{opening_id}:1",
        note=note,
        explanation=EXPLANATION,
        expressed_at=datetime.now(UTC),
    )


class Mobility:
    """Talks to a running openings service (``OpeningsService`` of conftest.py)."""

    def __init__(self, service: Any) -> None:
        self.s = service

    async def send(self, topic: Topic, *events: Event) -> None:
        async with RecordWriter(self.s.settings.kafka_bootstrap_servers) as writer:
            for event in events:
                await writer.event(self.s.runtime.names.of(topic), event)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.s.runtime.pool.acquire() as conn:
            return await conn.fetchval(sql, *args)

    async def wait_for(self, sql: str, *args: Any, timeout_s: float = 20) -> None:
        async def found() -> bool:
            return bool(await self.fetchval(sql, *args))

        await wait_until(found, timeout_s)

    async def open_opening(self, body: dict[str, Any], manager: str = "E-MGR") -> str:
        headers = self.s.manager(manager)
        created = await self.s.client.post("/v1/openings", json=body, headers=headers)
        assert created.status_code == 201, created.text
        opening_id: str = created.json()["opening_id"]
        opened = await self.s.client.post(f"/v1/openings/{opening_id}/open", headers=headers)
        assert opened.status_code == 200, opened.text
        return opening_id

    async def step(
        self,
        opening_id: str,
        employee_id: str,
        action: str,
        manager: str = "E-MGR",
        **body: Any,
    ) -> Any:
        return await self.s.client.post(
            f"/v1/openings/{opening_id}/candidates/{employee_id}/{action}",
            headers=self.s.manager(manager),
            json=body or None,
        )

    async def candidates(self, opening_id: str, headers: dict[str, str]) -> Any:
        return await self.s.client.get(f"/v1/openings/{opening_id}/candidates", headers=headers)

    async def hear(self, *employees: ev.EmployeeUpserted) -> None:
        await self.send(EMPLOYEES, *employees)
        for person in employees:
            await self.wait_for(
                "SELECT 1 FROM employees WHERE employee_id = $1", person.employee_id
            )

    async def events(self, topic: Topic, at_least: int) -> list[Event]:
        async with TopicReader(
            self.s.settings.kafka_bootstrap_servers, self.s.runtime.names.of(topic)
        ) as reader:
            await reader.read_at_least(at_least, timeout_s=20)
            records = await reader.settle(quiet_s=1.0)
        return [envelope.event for envelope in decoded(topic, records)]
