"""Test helpers of the profile service (imported by its tests and its conftest)."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

import httpx
from lattice_devstack.testing.fakes import RecordingUnitOfWork
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import EmployeeStatus, Event, Track
from lattice_platform.runtime import Runtime
from lattice_profile.bootstrap import build
from lattice_profile.domain.model import Employee
from lattice_profile.settings import ProfileSettings

WEBHOOK_SECRET = "test-webhook-secret"


def hris_record(
    hris_id: str = "E1",
    *,
    effective_at: datetime = datetime(2026, 1, 1, 9, tzinfo=UTC),
    grade: int = 5,
    manager: str | None = "M1",
    status: EmployeeStatus = EmployeeStatus.ACTIVE,
    change: str = "changed",
    name: str = "Ana Silva",
) -> wire.HrisEmployeeRecord:
    return wire.HrisEmployeeRecord(
        hris_id=hris_id,
        change=change,
        name=name,
        work_email=f"{hris_id.lower()}@example.com",
        role_id="swe-2",
        grade=grade,
        track=Track.INDIVIDUAL_CONTRIBUTOR,
        department="engineering",
        location="lisbon",
        manager_hris_id=manager,
        hire_date=date(2022, 3, 1),
        role_start_date=date(2024, 5, 1),
        status=status,
        effective_at=effective_at,
    )


@dataclass
class RunningProfile:
    client: httpx.AsyncClient
    runtime: Runtime
    settings: ProfileSettings

    async def row(self, employee_id: str) -> dict[str, object] | None:
        async with self.runtime.pool.acquire() as conn:
            row = await conn.fetchrow("SELECT * FROM employees WHERE employee_id = $1", employee_id)
        return None if row is None else dict(row)


@asynccontextmanager
async def running(environment: dict[str, str], **overrides: str) -> AsyncIterator[RunningProfile]:
    """The profile service in this process with the webhook on; ``overrides``: environment."""
    settings: ProfileSettings = settings_for(
        ProfileSettings,
        {**environment, "LATTICE_PROFILE_HRIS_WEBHOOK_SECRET": WEBHOOK_SECRET, **overrides},
    )
    runtime, app = build(settings)
    async with serving(app) as client:
        yield RunningProfile(client, runtime, settings)


def signed_push(
    event: Event | None = None,
    *,
    body: bytes | None = None,
    secret: str = WEBHOOK_SECRET,
    timestamp: int | None = None,
) -> tuple[bytes, dict[str, str]]:
    """A webhook body and headers signed the way an HRIS integration is told to sign them."""
    if body is None:
        assert event is not None
        body = json.dumps(
            {"type": event.event_type, "data": event.model_dump(mode="json")}
        ).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {
        "X-Lattice-Timestamp": stamp,
        "X-Lattice-Signature": f"sha256={digest}",
        "Content-Type": "application/json",
    }


class FakeEmployees:
    """An in-memory repository: what was saved, copied so unsaved changes do not leak."""

    def __init__(self) -> None:
        self.saved: dict[str, Employee] = {}

    async def get(self, employee_id: str) -> Employee | None:
        found = self.saved.get(employee_id)
        return None if found is None else copy.deepcopy(found)

    async def get_many(self, employee_ids: Sequence[str]) -> dict[str, Employee]:
        return {i: copy.deepcopy(self.saved[i]) for i in employee_ids if i in self.saved}

    async def save(self, employee: Employee) -> None:
        stored = copy.deepcopy(employee)
        stored.events = []  # a database keeps the state, not the pending events
        self.saved[employee.employee_id] = stored

    async def save_many(self, employees: Sequence[Employee]) -> None:
        for employee in employees:
            await self.save(employee)

    async def page(self, after: str | None, limit: int) -> list[Employee]:
        ids = sorted(i for i in self.saved if i > (after or ""))[:limit]
        return [self.saved[i] for i in ids]

    async def reports_of(self, manager_id: str, after: str | None, limit: int) -> list[Employee]:
        return [e for e in await self.page(after, 10**6) if e.manager_id == manager_id][:limit]


class FakeUnitOfWork(RecordingUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.employees = FakeEmployees()
