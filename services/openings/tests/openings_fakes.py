"""In-memory repositories for handler tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from lattice_devstack.testing.fakes import RecordingUnitOfWork
from lattice_openings.domain.applications import Application
from lattice_openings.domain.openings import Opening
from lattice_openings.domain.roles import Role


class FakeOpenings:
    def __init__(self) -> None:
        self.stored: dict[str, Opening] = {}
        self._number = 0

    async def next_id(self) -> str:
        self._number += 1
        return f"OP-{self._number}"

    async def get(self, opening_id: str) -> Opening | None:
        found = self.stored.get(opening_id)
        return replace(found, events=[]) if found else None

    async def add(self, opening: Opening) -> None:
        self.stored[opening.opening_id] = replace(opening, events=[])

    async def save(self, opening: Opening) -> None:
        self.stored[opening.opening_id] = replace(opening, events=[])


class FakeRoles:
    def __init__(self) -> None:
        self.stored: dict[str, Role] = {}

    async def get_many(self, role_ids: Iterable[str]) -> dict[str, Role]:
        return {i: self.stored[i] for i in role_ids if i in self.stored}

    async def leading_to(self, role_ids: Iterable[str]) -> dict[str, Role]:
        wanted = set(role_ids)
        return {
            role.role_id: role for role in self.stored.values() if wanted & set(role.next_role_ids)
        }

    async def upsert(self, role: Role) -> None:
        self.stored[role.role_id] = role


class FakeApplications:
    def __init__(self) -> None:
        self.stored: dict[str, Application] = {}

    async def get(self, opening_id: str, employee_id: str) -> Application | None:
        found = self.stored.get(f"{opening_id}:{employee_id}")
        return replace(found, events=[]) if found else None

    async def active_for(self, opening_id: str) -> list[Application]:
        return [
            replace(a, events=[])
            for a in self.stored.values()
            if a.opening_id == opening_id and a.active
        ]

    async def opening_ids_of(self, employee_id: str) -> list[str]:
        return sorted(
            a.opening_id for a in self.stored.values() if a.employee_id == employee_id and a.active
        )

    async def save(self, application: Application, at: datetime) -> None:
        self.stored[application.application_id] = replace(application, events=[])


class FakeUnitOfWork(RecordingUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.openings = FakeOpenings()
        self.roles = FakeRoles()
        self.applications = FakeApplications()
